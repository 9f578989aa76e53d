// Comma-separated text as exported by spreadsheets and property-register systems: RFC 4180 quoting
// ("a, b" and "" for a quote), CRLF or LF line ends, an optional UTF-8 byte-order mark (Excel
// writes one), and Chinese full-width commas accepted as separators because hand-edited files
// often carry them. Blank lines are skipped; every row keeps its 1-based line number so an error
// can say where it is.
export interface CsvRow {
  line: number;
  cells: string[];
}

export class CsvFormatError extends Error {
  constructor(readonly line: number, message: string) {
    super(`line ${line}: ${message}`);
    this.name = 'CsvFormatError';
  }
}

export function parseCsv(text: string): CsvRow[] {
  const src = text.replace(/^\uFEFF/, '');
  const rows: CsvRow[] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  const endRow = () => {
    cells.push(cell.trim());
    if (cells.some((c) => c !== '')) rows.push({ line: rowLine, cells });
    cells = [];
    cell = '';
  };
  for (let i = 0; i < src.length; i++) {
    const ch = src[i];
    if (quoted) {
      if (ch === '"' && src[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else {
        if (ch === '\n') line++;
        cell += ch;
      }
      continue;
    }
    if (ch === '"' && cell.trim() === '') {
      cell = '';
      quoted = true;
    } else if (ch === ',' || ch === '，') {
      cells.push(cell.trim());
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && src[i + 1] === '\n') i++;
      endRow();
      line++;
      rowLine = line;
    } else cell += ch;
  }
  if (quoted) throw new CsvFormatError(rowLine, 'a quoted cell is never closed');
  endRow();
  return rows;
}
