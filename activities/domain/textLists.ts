// The lists officials type into a task form: one item per line, columns separated by "|" (or the
// full-width "|"). Forms have only scalar fields, and a pasted list is what the street offices
// already keep in their spreadsheets. Each parser names the line it cannot read.
import type { Demand, Resource } from './matching';
import type { GroupMember } from './preparatoryGroup';
import type { Nominee } from './candidatePool';
import { DomainInputError } from './errors';

interface Line {
  no: number;
  cols: string[];
}

function lines(text: unknown, field: string): Line[] {
  if (typeof text !== 'string') throw new DomainInputError(field, `must be text, got ${text === null ? 'null' : typeof text}`);
  return text
    .split(/\r?\n/)
    .map((raw, i) => ({ no: i + 1, raw: raw.trim() }))
    .filter((l) => l.raw !== '' && !l.raw.startsWith('#'))
    .map((l) => ({ no: l.no, cols: l.raw.split(/[|｜]/).map((c) => c.trim()) }));
}

const YES = new Set(['是', '有', 'y', 'yes', 'true', '1', '√', '✓']);
const NO = new Set(['否', '无', 'n', 'no', 'false', '0', '×', '✗', '']);

function yesNo(value: string | undefined, field: string, line: number, column: string): boolean {
  const v = (value ?? '').toLowerCase();
  if (YES.has(v)) return true;
  if (NO.has(v)) return false;
  throw new DomainInputError(`${field} line ${line}`, `${column} must be 是 or 否, got "${value}"`);
}

function required(value: string | undefined, field: string, line: number, column: string): string {
  if (!value) throw new DomainInputError(`${field} line ${line}`, `${column} is missing`);
  return value;
}

function positiveInt(value: string | undefined, fallback: number, field: string, line: number, column: string): number {
  if (value === undefined || value === '') return fallback;
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new DomainInputError(`${field} line ${line}`, `${column} must be a whole number ≥ 1, got "${value}"`);
  return Number(value);
}

const tags = (value: string | undefined) => (value ?? '').split(/[,,、]/).map((t) => t.trim()).filter((t) => t !== '');

export interface DemandLine extends Demand {
  title: string;
  /** days the project of this demand has, default 90 */
  dueDays: number;
}

/** 类别|需求|关键词,逗号分隔|期限天数 */
export function parseDemandList(text: unknown, field = 'demandList'): DemandLine[] {
  return lines(text, field).map(({ no, cols }, i) => ({
    id: `d${i + 1}`,
    category: required(cols[0], field, no, 'category (类别)'),
    title: required(cols[1], field, no, 'demand (需求)'),
    tags: tags(cols[2]),
    dueDays: positiveInt(cols[3], 90, field, no, 'days (期限天数)'),
  }));
}

export interface ResourceLine extends Resource {
  title: string;
}

/** 类别|资源|关键词,逗号分隔|可服务项数 */
export function parseResourceList(text: unknown, field = 'resourceList'): ResourceLine[] {
  return lines(text, field).map(({ no, cols }, i) => ({
    id: `r${i + 1}`,
    category: required(cols[0], field, no, 'category (类别)'),
    title: required(cols[1], field, no, 'resource (资源)'),
    tags: tags(cols[2]),
    capacity: positiveInt(cols[3], 1, field, no, 'capacity (可服务项数)'),
  }));
}

/** 姓名|是否业主 */
export function parseGroupMembers(text: unknown, field = 'groupMembers'): GroupMember[] {
  return lines(text, field).map(({ no, cols }) => ({
    name: required(cols[0], field, no, 'name (姓名)'),
    isOwner: yesNo(cols[1], field, no, 'owner (是否业主)'),
  }));
}

export type NominationLine = Omit<Nominee, 'candidateId'> & { name: string };

/** 姓名|网格员业主|退二线干部|优秀党员 */
export function parseNominations(text: unknown, field = 'nominations'): NominationLine[] {
  return lines(text, field).map(({ no, cols }) => ({
    name: required(cols[0], field, no, 'name (姓名)'),
    gridWorkerOwner: yesNo(cols[1], field, no, 'grid worker owner (网格员业主)'),
    retiredCadre: yesNo(cols[2], field, no, 'retired cadre (退二线干部)'),
    outstandingMember: yesNo(cols[3], field, no, 'outstanding member (优秀党员)'),
  }));
}

/** 姓名|房号 */
export function parseRepresentatives(text: unknown, field = 'representatives'): { name: string; flat: string | null }[] {
  return lines(text, field).map(({ no, cols }) => ({ name: required(cols[0], field, no, 'name (姓名)'), flat: cols[1] || null }));
}
