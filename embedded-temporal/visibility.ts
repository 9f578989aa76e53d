/**
 * The visibility table: one row per run, kept in the same transaction as the run's state, and
 * the List/Count RPCs over it. Query strings are compiled by `visibility/query.ts` (H2's module)
 * when present; until then only the empty query (everything) is accepted.
 */
import type { Store, VisibilityRow } from './store';
import type { ExecutionState } from './state';
import { msToTimestamp, root, type temporal, type Plain } from './proto';
import { InvalidArgumentError } from './errors';

type Info = Plain<temporal.api.workflow.v1.IWorkflowExecutionInfo>;

export function payloadValue(p: Plain<temporal.api.common.v1.IPayload> | null | undefined): unknown {
  if (!p?.data) return null;
  const enc = p.metadata?.encoding ? Buffer.from(p.metadata.encoding).toString('utf8') : '';
  const text = Buffer.from(p.data).toString('utf8');
  if (enc === 'json/plain') {
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  }
  return text;
}

export function visibilityRow(st: ExecutionState): VisibilityRow {
  const sa: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(st.searchAttributes?.indexedFields ?? {})) sa[k] = payloadValue(v);
  const memoType = root.lookupType('temporal.api.common.v1.Memo');
  return {
    namespace: st.namespace,
    workflow_id: st.workflowId,
    run_id: st.runId,
    workflow_type: st.workflowType,
    task_queue: st.taskQueue,
    status: st.status,
    start_time: st.startTime,
    close_time: st.closeTime ?? null,
    execution_time: st.executionTime,
    history_length: st.nextEventId - 1,
    memo: st.memo ? Buffer.from(memoType.encode(st.memo).finish()) : null,
    search_attributes: JSON.stringify(sa),
  };
}

interface Compiled { where: string; params: unknown[] }
type Compiler = (query: string) => Compiled;

let compiler: Compiler | null | undefined;
function loadCompiler(): Compiler | null {
  if (compiler !== undefined) return compiler;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    compiler = (require('./visibility/query') as { compileVisibilityQuery: Compiler }).compileVisibilityQuery;
  } catch {
    compiler = null;
  }
  return compiler;
}

function compile(query: string | null | undefined): Compiled {
  const q = (query ?? '').trim();
  const c = loadCompiler();
  if (c) {
    try {
      return c(q);
    } catch (err) {
      if (err instanceof Error && err.name === 'VisibilityQueryError') throw new InvalidArgumentError(err.message);
      throw err;
    }
  }
  if (q === '') return { where: '1 = 1', params: [] };
  throw new InvalidArgumentError(`visibility queries are not supported yet: ${q}`);
}

interface StoredRow extends VisibilityRow { rowid: number }

function toInfo(r: VisibilityRow): Info {
  const memoType = root.lookupType('temporal.api.common.v1.Memo');
  const sa = JSON.parse(r.search_attributes) as Record<string, unknown>;
  const indexedFields: Record<string, Plain<temporal.api.common.v1.IPayload>> = {};
  for (const [k, v] of Object.entries(sa)) {
    indexedFields[k] = { metadata: { encoding: Buffer.from('json/plain') }, data: Buffer.from(JSON.stringify(v)) };
  }
  return {
    execution: { workflowId: r.workflow_id, runId: r.run_id },
    type: { name: r.workflow_type },
    startTime: msToTimestamp(r.start_time),
    closeTime: r.close_time != null ? msToTimestamp(r.close_time) : undefined,
    executionTime: msToTimestamp(r.execution_time),
    status: r.status,
    historyLength: r.history_length,
    taskQueue: r.task_queue,
    memo: r.memo ? (memoType.toObject(memoType.decode(r.memo)) as Plain<temporal.api.common.v1.IMemo>) : undefined,
    searchAttributes: { indexedFields },
  };
}

export class Visibility {
  constructor(private store: Store) {}

  list(namespace: string, query: string | null | undefined, pageSize: number, pageToken: Uint8Array | null | undefined): { executions: Info[]; nextPageToken?: Buffer } {
    const { where, params } = compile(query);
    const size = pageSize > 0 ? Math.min(pageSize, 1000) : 1000;
    const after = pageToken && pageToken.length > 0 ? (JSON.parse(Buffer.from(pageToken).toString()) as { s: number; r: number }) : undefined;
    const cursor = after ? 'AND (start_time < ? OR (start_time = ? AND rowid < ?))' : '';
    const rows = this.store.db
      .prepare(`SELECT rowid, * FROM visibility WHERE namespace = ? AND (${where}) ${cursor} ORDER BY start_time DESC, rowid DESC LIMIT ?`)
      .all(namespace, ...params, ...(after ? [after.s, after.s, after.r] : []), size + 1) as StoredRow[];
    const more = rows.length > size;
    const page = rows.slice(0, size);
    const last = page[page.length - 1];
    return {
      executions: page.map(toInfo),
      nextPageToken: more && last ? Buffer.from(JSON.stringify({ s: last.start_time, r: last.rowid })) : undefined,
    };
  }

  count(namespace: string, query: string | null | undefined): number {
    const { where, params } = compile(query);
    const row = this.store.db.prepare(`SELECT COUNT(*) AS n FROM visibility WHERE namespace = ? AND (${where})`).get(namespace, ...params) as { n: number };
    return row.n;
  }
}
