import { VisibilityQueryError } from './errors';
import type { AttributeRef, Literal } from './parser';
import { boolValue, keywordValue, numberValue, statusValue, timeValue, untypedValue } from './values';

/** The search attribute types Temporal knows (`--search-attribute Name=Type`). */
export type SearchAttributeType = 'Keyword' | 'Text' | 'Int' | 'Double' | 'Bool' | 'Datetime' | 'KeywordList';

/**
 * 9999-12-31T23:59:59.999Z: a running workflow's CloseTime in comparisons and ordering. Temporal's
 * SQL visibility does the same (COALESCE(close_time, max datetime)), so `CloseTime > X` includes
 * running workflows there too; use `CloseTime IS NOT NULL` to mean "closed".
 */
export const OPEN_CLOSE_TIME_MS = 253402300799999;

/** How one attribute in a query becomes SQL. */
export interface AttributeTarget {
  name: string;
  /** SQL expression for comparisons and ORDER BY. Only ever built from fixed text and validated names. */
  sql: string;
  /** SQL expression for IS [NOT] NULL. */
  nullSql: string;
  toParam(literal: Literal): string | number;
  /** Whether <, <=, >, >=, BETWEEN make sense. */
  ordered: boolean;
  /** Whether STARTS_WITH makes sense. */
  prefix: boolean;
  /** KeywordList: =, != and IN test membership in the stored array. */
  list?: { jsonPath: string };
  /** Text: = and != match a case-insensitive substring (Temporal tokenises; this is the approximation). */
  text?: boolean;
}

const keyword = (name: string, column: string): AttributeTarget => ({
  name, sql: column, nullSql: column, ordered: true, prefix: true, toParam: (l) => keywordValue(l, name),
});
const time = (name: string, column: string, sql = column): AttributeTarget => ({
  name, sql, nullSql: column, ordered: true, prefix: false, toParam: (l) => timeValue(l, name),
});

const SYSTEM: Record<string, AttributeTarget> = {
  WorkflowId: keyword('WorkflowId', 'workflow_id'),
  RunId: keyword('RunId', 'run_id'),
  WorkflowType: keyword('WorkflowType', 'workflow_type'),
  TaskQueue: keyword('TaskQueue', 'task_queue'),
  ExecutionStatus: { name: 'ExecutionStatus', sql: 'status', nullSql: 'status', ordered: true, prefix: false, toParam: statusValue },
  StartTime: time('StartTime', 'start_time'),
  ExecutionTime: time('ExecutionTime', 'execution_time'),
  CloseTime: time('CloseTime', 'close_time', `COALESCE(close_time, ${OPEN_CLOSE_TIME_MS})`),
  HistoryLength: {
    name: 'HistoryLength', sql: 'history_length', nullSql: 'history_length', ordered: true, prefix: false,
    toParam: (l) => numberValue(l, 'HistoryLength', true),
  },
};

/** Temporal system attributes this service keeps no column for: better an error than silently no rows. */
const UNSUPPORTED_SYSTEM = new Set([
  'ExecutionDuration', 'HistorySizeBytes', 'StateTransitionCount', 'ParentWorkflowId',
  'ParentRunId', 'RootWorkflowId', 'RootRunId', 'NamespaceId', 'TemporalNamespaceDivision',
]);

// Custom names go into a JSON path literal, so they may not contain quotes, backslashes or dots.
const CUSTOM_NAME = /^[\p{L}_][\p{L}\p{N}_-]*$/u;

export function resolveAttribute(ref: AttributeRef, declared?: Readonly<Record<string, SearchAttributeType>>): AttributeTarget {
  const system = SYSTEM[ref.name];
  if (system) return system;
  const fail = (reason: string): never => { throw new VisibilityQueryError(reason, ref.token.text, ref.token.position); };
  if (UNSUPPORTED_SYSTEM.has(ref.name)) fail(`${ref.name} is not supported by the embedded service`);
  const caseMatch = Object.keys(SYSTEM).find((s) => s.toLowerCase() === ref.name.toLowerCase());
  if (caseMatch) fail(`attribute names are case-sensitive: did you mean ${caseMatch}?`);
  if (!CUSTOM_NAME.test(ref.name)) fail('not a valid search attribute name (letters, digits, _ and - only)');
  const type = declared ? declared[ref.name] : undefined;
  if (declared && !type) fail(`${ref.name} is not a search attribute registered in this namespace`);
  return customTarget(ref.name, type);
}

function customTarget(name: string, type: SearchAttributeType | undefined): AttributeTarget {
  const jsonPath = `'$."${name}"'`;
  const extract = `json_extract(search_attributes, ${jsonPath})`;
  const base = { name, sql: extract, nullSql: extract, ordered: true, prefix: false };
  switch (type) {
    case undefined: return { ...base, prefix: true, toParam: (l) => untypedValue(l, name) };
    case 'Keyword': return { ...base, prefix: true, toParam: (l) => keywordValue(l, name) };
    case 'Text': return { ...base, ordered: false, text: true, toParam: (l) => keywordValue(l, name) };
    case 'Int': return { ...base, toParam: (l) => numberValue(l, name, true) };
    case 'Double': return { ...base, toParam: (l) => numberValue(l, name, false) };
    case 'Bool': return { ...base, ordered: false, toParam: (l) => boolValue(l, name) };
    case 'Datetime':
      // Stored as the SDK's JSON encoding of a Date: an ISO string, compared here as epoch ms.
      return { ...base, sql: `(unixepoch(${extract}, 'subsec') * 1000)`, toParam: (l) => timeValue(l, name) };
    case 'KeywordList': return { ...base, ordered: false, list: { jsonPath }, toParam: (l) => keywordValue(l, name) };
  }
}
