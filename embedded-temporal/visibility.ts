/**
 * The visibility table: one row per run, kept in the same transaction as the run's state, and
 * the List/Count RPCs over it. Query strings are compiled by `visibility/query.ts` (H2's module)
 * when present; until then only the empty query (everything) is accepted.
 */
import type { Store, VisibilityRow } from './store';
import type { ExecutionState } from './state';
import { messageType, msToTimestamp, type temporal, type Plain } from './proto';
import { InvalidArgumentError } from './errors';
import { compileVisibilityQuery, VisibilityQueryError, DEFAULT_VISIBILITY_ORDER_BY, EXECUTION_STATUS, type CompiledVisibilityQuery, type SearchAttributeType } from './visibility/query';

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
  for (const [k, v] of Object.entries(st.searchAttributes?.indexedFields ?? {})) {
    // The SDK sends every untyped attribute as a list; a one-element list of a non-KeywordList
    // attribute is stored as its value so `Stage = 'review'` matches as it does in Temporal.
    const value = payloadValue(v);
    const type = v?.metadata?.type ? Buffer.from(v.metadata.type).toString('utf8') : '';
    sa[k] = Array.isArray(value) && value.length === 1 && type !== 'KeywordList' ? value[0] : value;
  }
  const memoType = messageType('temporal.api.common.v1.Memo');
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

/** Custom search attributes registered for the namespace (name → type); unregistered names are accepted too. */
export type SearchAttributeTypes = Readonly<Record<string, SearchAttributeType>>;

function compile(query: string | null | undefined, searchAttributes?: SearchAttributeTypes): CompiledVisibilityQuery {
  try {
    return compileVisibilityQuery((query ?? '').trim(), searchAttributes && Object.keys(searchAttributes).length > 0 ? { searchAttributes } : {});
  } catch (err) {
    if (err instanceof VisibilityQueryError) throw new InvalidArgumentError(err.message);
    throw err;
  }
}

function toInfo(r: VisibilityRow): Info {
  const memoType = messageType('temporal.api.common.v1.Memo');
  const sa = JSON.parse(r.search_attributes) as Record<string, unknown>;
  const indexedFields: Record<string, Plain<temporal.api.common.v1.IPayload>> = {};
  for (const [k, v] of Object.entries(sa)) {
    // Back to the SDK's list form (see visibilityRow).
    indexedFields[k] = { metadata: { encoding: Buffer.from('json/plain') }, data: Buffer.from(JSON.stringify(Array.isArray(v) ? v : [v])) };
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

const statusName = new Map(Object.entries(EXECUTION_STATUS).map(([name, code]) => [code, name]));

export class Visibility {
  constructor(private store: Store, private searchAttributes?: SearchAttributeTypes) {}

  /** One page, in the query's ORDER BY (default: open first, then most recently closed/started). Offset paging. */
  list(namespace: string, query: string | null | undefined, pageSize: number, pageToken: Uint8Array | null | undefined): { executions: Info[]; nextPageToken?: Buffer } {
    const { where, params, orderBy } = compile(query, this.searchAttributes);
    const size = pageSize > 0 ? Math.min(pageSize, 1000) : 1000;
    const offset = pageToken && pageToken.length > 0 ? Number(Buffer.from(pageToken).toString()) || 0 : 0;
    const rows = this.store.db
      .prepare(`SELECT * FROM visibility WHERE namespace = ? AND (${where}) ORDER BY ${orderBy ?? DEFAULT_VISIBILITY_ORDER_BY} LIMIT ? OFFSET ?`)
      .all(namespace, ...params, size + 1, offset) as VisibilityRow[];
    const more = rows.length > size;
    return {
      executions: rows.slice(0, size).map(toInfo),
      nextPageToken: more ? Buffer.from(String(offset + size)) : undefined,
    };
  }

  count(namespace: string, query: string | null | undefined): Plain<temporal.api.workflowservice.v1.ICountWorkflowExecutionsResponse> {
    const { where, params, groupBy } = compile(query, this.searchAttributes);
    if (groupBy) {
      const rows = this.store.db.prepare(`SELECT ${groupBy} AS g, COUNT(*) AS n FROM visibility WHERE namespace = ? AND (${where}) GROUP BY ${groupBy}`)
        .all(namespace, ...params) as Array<{ g: number; n: number }>;
      return {
        count: rows.reduce((sum, r) => sum + r.n, 0),
        groups: rows.map((r) => ({
          groupValues: [{ metadata: { encoding: Buffer.from('json/plain') }, data: Buffer.from(JSON.stringify(statusName.get(r.g) ?? String(r.g))) }],
          count: r.n,
        })),
      };
    }
    const row = this.store.db.prepare(`SELECT COUNT(*) AS n FROM visibility WHERE namespace = ? AND (${where})`).get(namespace, ...params) as { n: number };
    return { count: row.n };
  }
}
