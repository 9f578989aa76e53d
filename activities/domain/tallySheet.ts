// The paper ballots of a general meeting typed into a tally sheet (计票表): one row per owner's
// ballot, the unit in the first column and one column per candidate (headed by the candidate's name
// as printed on the ballot paper). A cell says 同意 / 反对 / 弃权 (or ✓ / × / blank, 1 / 0, for /
// against / abstain). Rows are checked as a whole so one mistyped cell names its line and nothing
// of the sheet is recorded.
import { parseCsv, type CsvRow } from './csv';

export type Choice = 'for' | 'against' | 'abstain';

export interface SheetBallot {
  line: number;
  flat: string;
  /** by candidate id */
  choices: Record<string, Choice>;
}

export interface SheetProblem {
  line: number;
  column?: string;
  message: string;
}

const WORDS: Record<string, Choice> = {
  同意: 'for', 赞成: 'for', '✓': 'for', '√': 'for', '1': 'for', for: 'for', yes: 'for', y: 'for',
  反对: 'against', '×': 'against', x: 'against', '0': 'against', against: 'against', no: 'against', n: 'against',
  弃权: 'abstain', '': 'abstain', '-': 'abstain', abstain: 'abstain',
};

export function readChoice(text: string): Choice | null {
  return WORDS[text.trim().toLowerCase()] ?? null;
}

export function parseTallySheet(text: string, candidates: readonly { id: string; name: string }[]): { ballots: SheetBallot[]; problems: SheetProblem[] } {
  let rows: CsvRow[];
  try {
    rows = parseCsv(text);
  } catch (e) {
    return { ballots: [], problems: [{ line: (e as { line?: number }).line ?? 0, message: (e as Error).message }] };
  }
  if (rows.length < 2) return { ballots: [], problems: [{ line: 0, message: 'expected a header row (房号, then one column per candidate) and one row per ballot' }] };
  const [header, ...body] = rows;
  const problems: SheetProblem[] = [];
  const columns = header.cells.slice(1).map((name) => ({ name, candidate: candidates.find((c) => c.name === name || c.id === name) }));
  for (const c of columns) if (!c.candidate) problems.push({ line: header.line, column: c.name, message: `"${c.name}" is not a candidate of this meeting (${candidates.map((x) => x.name).join('、')})` });
  if (problems.length > 0) return { ballots: [], problems };
  const seen = new Map<string, number>();
  const ballots: SheetBallot[] = [];
  for (const row of body) {
    const flat = (row.cells[0] ?? '').trim();
    if (flat === '') {
      problems.push({ line: row.line, column: header.cells[0], message: 'the unit (房号) is missing' });
      continue;
    }
    if (seen.has(flat)) {
      problems.push({ line: row.line, column: header.cells[0], message: `unit "${flat}" has two rows (first on line ${seen.get(flat)}): correct the ballot in one row` });
      continue;
    }
    seen.set(flat, row.line);
    const choices: Record<string, Choice> = {};
    columns.forEach((c, i) => {
      const cell = row.cells[i + 1] ?? '';
      const choice = readChoice(cell);
      if (choice === null) problems.push({ line: row.line, column: c.name, message: `"${cell}" is not 同意, 反对 or 弃权` });
      else choices[c.candidate!.id] = choice;
    });
    ballots.push({ line: row.line, flat, choices });
  }
  return { ballots, problems };
}
