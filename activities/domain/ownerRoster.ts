// The owners' roster (业主名册) of one compound as the preparatory group imports it from the property
// register: one row per unit (flat) with its owner, exclusive floor area and head count. The voting
// weights of the general meeting come from it, so it is checked before anything is stored: every
// row must be readable, no unit may appear twice, and the areas should add up to the compound's
// recorded total — a difference is reported (not refused) because the register, not the old
// compound record, may be the right one; the group sees it on the roster and decides.
import { formatAreaM2, parseAreaM2 } from '../../prisma/area';
import { parseCsv, type CsvRow } from './csv';

export interface RosterLine {
  flat: string;
  ownerName: string;
  areaDm2: number;
  headcount: number;
}

export interface RosterProblem {
  /** 1-based line of the file (0: the file as a whole) */
  line: number;
  field: 'flat' | 'ownerName' | 'area' | 'headcount' | 'header' | 'file';
  message: string;
}

export interface AreaCheck {
  rosterArea: string;
  compoundArea: string | null;
  /** null when the compound has no total on record */
  matches: boolean | null;
  owners: number;
}

const HEADERS: Record<Exclude<RosterProblem['field'], 'header' | 'file'>, string[]> = {
  flat: ['房号', '房屋编号', '单元', 'flat', 'unit', 'room'],
  ownerName: ['业主', '业主姓名', '姓名', 'owner', 'ownername', 'name'],
  area: ['专有面积', '专有部分面积', '建筑面积', '面积', 'area', 'exclusivearea', 'area(m2)', 'area_m2'],
  headcount: ['人数', '表决人数', 'headcount', 'heads'],
};

const norm = (s: string) => s.replace(/\s+/g, '').replace(/[（(]?(㎡|m²|m2|平方米)[)）]?$/i, '').toLowerCase();

/** Reads a roster CSV with a header row naming the columns (Chinese or English). */
export function parseRosterCsv(text: string): { lines: (RosterLine & { line: number })[]; problems: RosterProblem[] } {
  let rows: CsvRow[];
  try {
    rows = parseCsv(text);
  } catch (e) {
    const line = (e as { line?: number }).line ?? 0;
    return { lines: [], problems: [{ line, field: 'file', message: (e as Error).message }] };
  }
  if (rows.length === 0) return { lines: [], problems: [{ line: 0, field: 'file', message: 'the file is empty: expected a header row (房号,业主,专有面积[,人数]) and one row per unit' }] };
  const [header, ...body] = rows;
  const column = (field: keyof typeof HEADERS) => header.cells.findIndex((c) => HEADERS[field].includes(norm(c)));
  const cols = { flat: column('flat'), ownerName: column('ownerName'), area: column('area'), headcount: column('headcount') };
  const problems: RosterProblem[] = [];
  for (const f of ['flat', 'ownerName', 'area'] as const) {
    if (cols[f] < 0) problems.push({ line: header.line, field: 'header', message: `no ${f} column: the header must name it (${HEADERS[f].join(' / ')})` });
  }
  if (problems.length > 0) return { lines: [], problems };
  return readRows(body, cols, problems);
}

function readRows(body: CsvRow[], cols: Record<'flat' | 'ownerName' | 'area' | 'headcount', number>, problems: RosterProblem[]) {
  const lines: (RosterLine & { line: number })[] = [];
  const firstLineOfFlat = new Map<string, number>();
  for (const row of body) {
    const cell = (i: number) => (i >= 0 ? (row.cells[i] ?? '').trim() : '');
    const flat = cell(cols.flat);
    const ownerName = cell(cols.ownerName);
    const areaText = cell(cols.area).replace(/(㎡|m²|m2|平方米)$/i, '').trim();
    const headsText = cell(cols.headcount);
    const entry = checkRosterEntry({ flat, ownerName, area: areaText, headcount: headsText === '' ? undefined : headsText }, row.line);
    if ('problems' in entry) {
      problems.push(...entry.problems);
      continue;
    }
    const earlier = firstLineOfFlat.get(flat);
    if (earlier !== undefined) {
      problems.push({ line: row.line, field: 'flat', message: `unit "${flat}" is listed twice (first on line ${earlier})` });
      continue;
    }
    firstLineOfFlat.set(flat, row.line);
    lines.push({ ...entry, line: row.line });
  }
  if (lines.length === 0 && problems.length === 0) problems.push({ line: 0, field: 'file', message: 'the file lists no unit' });
  return { lines, problems };
}

/** One roster row as typed (an import line, or an edit): unit, owner, area in m², optional head count. */
export function checkRosterEntry(input: { flat: string; ownerName: string; area: string; headcount?: string | number }, line = 0): RosterLine | { problems: RosterProblem[] } {
  const problems: RosterProblem[] = [];
  const flat = input.flat.trim();
  const ownerName = input.ownerName.trim();
  if (flat === '' || flat.length > 50) problems.push({ line, field: 'flat', message: 'the unit (房号) must be 1–50 characters' });
  if (ownerName === '' || ownerName.length > 100) problems.push({ line, field: 'ownerName', message: "the owner's name must be 1–100 characters" });
  let areaDm2 = 0;
  try {
    areaDm2 = parseAreaM2(input.area);
    if (areaDm2 === 0) problems.push({ line, field: 'area', message: 'the exclusive area must be more than 0 m²' });
  } catch {
    problems.push({ line, field: 'area', message: `"${input.area}" is not an area in m² with at most two decimals` });
  }
  const heads = input.headcount === undefined ? 1 : Number(input.headcount);
  if (!Number.isSafeInteger(heads) || heads < 1 || heads > 100) problems.push({ line, field: 'headcount', message: `the head count must be a whole number from 1, got "${String(input.headcount)}"` });
  return problems.length > 0 ? { problems } : { flat, ownerName, areaDm2, headcount: heads };
}

/** Do the roster's areas add up to the compound's recorded total? */
export function checkRosterArea(lines: readonly { areaDm2: number }[], compoundTotalDm2: number | null): AreaCheck {
  const sum = lines.reduce((s, l) => s + l.areaDm2, 0);
  return {
    rosterArea: formatAreaM2(sum),
    compoundArea: compoundTotalDm2 === null ? null : formatAreaM2(compoundTotalDm2),
    matches: compoundTotalDm2 === null ? null : sum === compoundTotalDm2,
    owners: lines.length,
  };
}
