/**
 * One workflow run in memory: its mutable state, its history, and the transient bookkeeping that
 * is rebuilt after a restart (queue membership, in-flight completion).
 */
import type { IHistoryEvent } from './proto';
import { ExecutionStatus, encodeEvent } from './proto';
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
  /** The worker queue the next workflow task goes to, with only new events (sticky.ts); memory only. */
  sticky?: { queue: string; scheduleToStartMs: number };
  stickyTimer?: NodeJS.Timeout;
  queuedActivities = new Set<number>();

  /** Encodings of the persisted events (same order as `events`). */
  encoded: Uint8Array[];

  constructor(
    public state: ExecutionState,
    public events: IHistoryEvent[],
    /** Creation order, used to find the latest run of a workflow id. */
    readonly seq: number,
    encoded: Uint8Array[] = [],
  ) {
    this.persisted = events.length;
    this.encoded = encoded;
  }

  /** Encoded events [from, to): the stored encodings, plus fresh ones for events not yet written. */
  encodedRange(from = 0, to = this.events.length): Uint8Array[] {
    const out = this.encoded.slice(from, Math.min(to, this.encoded.length));
    for (let i = Math.max(from, this.encoded.length); i < to; i++) out.push(encodeEvent(this.events[i]));
    return out;
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
