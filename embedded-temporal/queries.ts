/**
 * Queries. A query on a run with a workflow task pending rides that task (`queries` map, answered
 * in RespondWorkflowTaskCompleted); otherwise — idle or closed run — it becomes a legacy query
 * task on the run's task queue (answered with RespondQueryTaskCompleted). Queries live in memory
 * only: a query is a synchronous question, not durable state.
 */
import { temporal, type Plain } from './proto';
import type { Execution } from './execution';
import { queueKey, type Engine } from './engine';
import { InvalidArgumentError, ServiceError } from './errors';
import type { CallContext } from './grpc-plumbing';
import { status } from '@grpc/grpc-js';

type WorkflowQuery = Plain<temporal.api.query.v1.IWorkflowQuery>;
type Payloads = Plain<temporal.api.common.v1.IPayloads>;
const QUERY_TIMEOUT_MS = 60_000;

interface PendingQuery {
  id: number;
  runId: string;
  query: WorkflowQuery;
  state: 'pending' | 'attached' | 'legacy' | 'done';
  resolve: (r: Payloads | undefined) => void;
  reject: (e: Error) => void;
}

export class Queries {
  private seq = 0;
  private byRun = new Map<string, Set<PendingQuery>>();
  private byId = new Map<number, PendingQuery>();

  constructor(private engine: Engine) {
    engine.observers.push((exec) => this.route(exec));
    engine.taskEndHooks.push((exec) => {
      // Queries a task carried and did not answer go back to waiting.
      for (const q of this.byRun.get(exec.state.runId) ?? []) if (q.state === 'attached') q.state = 'pending';
    });
  }

  query(exec: Execution, query: WorkflowQuery, ctx: CallContext): Promise<Payloads | undefined> {
    return new Promise((resolve, reject) => {
      const q: PendingQuery = { id: ++this.seq, runId: exec.state.runId, query, state: 'pending', resolve, reject };
      const timer = setTimeout(() => finish(() => reject(new ServiceError(status.DEADLINE_EXCEEDED, 'query timed out: no worker answered'))), QUERY_TIMEOUT_MS);
      timer.unref();
      const finish = (f: () => void) => {
        clearTimeout(timer);
        if (q.state === 'done') return;
        q.state = 'done';
        const set = this.byRun.get(q.runId);
        set?.delete(q);
        if (set?.size === 0) this.byRun.delete(q.runId);
        this.byId.delete(q.id);
        f();
      };
      q.resolve = (r) => finish(() => resolve(r));
      q.reject = (e) => finish(() => reject(e));
      let set = this.byRun.get(q.runId);
      if (!set) this.byRun.set(q.runId, (set = new Set()));
      set.add(q);
      this.byId.set(q.id, q);
      ctx.onCancel(() => finish(() => reject(new ServiceError(status.CANCELLED, 'query cancelled'))));
      this.route(exec);
    });
  }

  /** Pending queries of a run without a workflow task become legacy query tasks. */
  private route(exec: Execution): void {
    const set = this.byRun.get(exec.state.runId);
    if (!set) return;
    if (exec.open && exec.state.wft) return;
    for (const q of set) {
      if (q.state !== 'pending') continue;
      q.state = 'legacy';
      this.engine.workflowQueues.add(queueKey(exec.state.namespace, exec.state.taskQueue), { kind: 'query', runId: q.runId, queryId: q.id });
    }
  }

  /** Attaches waiting queries to a workflow task being handed out. */
  attachToTask(exec: Execution): Record<string, WorkflowQuery> | undefined {
    const set = this.byRun.get(exec.state.runId);
    if (!set) return undefined;
    let out: Record<string, WorkflowQuery> | undefined;
    for (const q of set) {
      if (q.state !== 'pending') continue;
      q.state = 'attached';
      (out ??= {})[String(q.id)] = q.query;
    }
    return out;
  }

  legacyQuery(id: number): PendingQuery | undefined {
    const q = this.byId.get(id);
    return q && q.state === 'legacy' ? q : undefined;
  }

  /** A legacy query task was taken but could not be delivered: try again later. */
  requeue(q: PendingQuery, exec: Execution): void {
    q.state = 'pending';
    this.route(exec);
  }

  answer(id: number, result: Plain<temporal.api.query.v1.IWorkflowQueryResult>): void {
    const q = this.byId.get(id);
    if (!q) return;
    if (result.resultType === temporal.api.enums.v1.QueryResultType.QUERY_RESULT_TYPE_ANSWERED) q.resolve(result.answer ?? undefined);
    else q.reject(new InvalidArgumentError(result.errorMessage || result.failure?.message || 'query failed'));
  }
}
