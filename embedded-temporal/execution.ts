/**
 * One workflow run in memory: its mutable state, its history, and the transient bookkeeping that
 * is rebuilt after a restart (queue membership, in-flight completion).
 */
import type { IHistoryEvent } from './proto';
import { ExecutionStatus } from './proto';
import type { ExecutionState } from './state';

export class Execution {
  /** Number of events already written to SQLite. */
  persisted: number;
  /** True while the commands of a workflow task completion are applied (events stay contiguous). */
  completing = false;
  /** Set when an event needing the workflow's attention arrived during `completing`. */
  needsWft = false;
  /** Cross-execution effects of commands, run after the command events are written. */
  deferred: Array<() => void> = [];
  wftQueued = false;
  queuedActivities = new Set<number>();

  constructor(
    public state: ExecutionState,
    public events: IHistoryEvent[],
    /** Creation order, used to find the latest run of a workflow id. */
    readonly seq: number,
  ) {
    this.persisted = events.length;
  }

  get open(): boolean {
    return this.state.status === ExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING;
  }

  get key(): string {
    return executionKey(this.state.namespace, this.state.workflowId);
  }
}

export function executionKey(namespace: string, workflowId: string): string {
  return `${namespace}\u0000${workflowId}`;
}
