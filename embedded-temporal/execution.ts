/**
 * One workflow run in memory: its mutable state, its history, and the transient bookkeeping that
 * is rebuilt after a restart (queue membership, in-flight completion).
 */
import type { IHistoryEvent } from './proto';
import { ExecutionStatus, decodeEvent, encodeEvent } from './proto';
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
  /**
   * The history, one slot per event. Once an event is written, its decoded copy is dropped (the
   * slot is undefined) and `event(i)` decodes it again on the rare occasions it is read: an open
   * run then costs its encodings instead of decoded protobuf objects (several times larger), which is
   * what lets one service hold thousands of open runs. The first event (the start: input, header)
   * stays decoded.
   */
  events: Array<IHistoryEvent | undefined>;

  /** Slots below this index (except the first) hold no decoded copy any more. */
  private releasedUpTo = 1;

  constructor(
    public state: ExecutionState,
    /** Creation order, used to find the latest run of a workflow id. */
    readonly seq: number,
    /** The run's stored history (none for a new run); decoded lazily. */
    encoded: Uint8Array[] = [],
  ) {
    this.events = new Array<IHistoryEvent | undefined>(encoded.length);
    this.persisted = encoded.length;
    this.encoded = encoded;
    this.releasedUpTo = encoded.length;
  }

  /** Event i (0-based), decoded. */
  event(i: number): IHistoryEvent {
    const ev = this.events[i] ?? (i < this.encoded.length ? decodeEvent(this.encoded[i]) : undefined);
    if (!ev) throw new RangeError(`run ${this.state.runId} has no event at index ${i}`);
    if (i === 0) this.events[0] = ev;
    return ev;
  }

  /** Drops the decoded copies of events written since the last call (see `events`). */
  releasePersisted(): void {
    const upTo = Math.min(this.persisted, this.encoded.length);
    for (let i = Math.max(1, this.releasedUpTo); i < upTo; i++) this.events[i] = undefined;
    this.releasedUpTo = Math.max(this.releasedUpTo, upTo);
  }

  /** Encoded events [from, to): the stored encodings, plus fresh ones for events not yet written. */
  encodedRange(from = 0, to = this.events.length): Uint8Array[] {
    const out = this.encoded.slice(from, Math.min(to, this.encoded.length));
    for (let i = Math.max(from, this.encoded.length); i < to; i++) out.push(encodeEvent(this.event(i)));
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
