/**
 * The mutable state of one workflow run — what must survive a crash besides the history itself.
 * Stored as one v8-serialised blob per run, rewritten in the same SQLite transaction that appends
 * the run's new events. Everything here is plain data (numbers for int64, Buffers for bytes).
 */
import type { temporal, IHistoryEvent, IPayloads, IFailure, Plain } from './proto';

type common = typeof temporal.api.common.v1;
type RetryPolicy = Plain<temporal.api.common.v1.IRetryPolicy>;
type Header = Plain<temporal.api.common.v1.IHeader>;
type Memo = Plain<temporal.api.common.v1.IMemo>;
type SearchAttributes = Plain<temporal.api.common.v1.ISearchAttributes>;
export type { common, RetryPolicy, Header, Memo, SearchAttributes };

export interface WorkflowTaskState {
  scheduledEventId: number;
  attempt: number;
  scheduledTime: number;
  /** Set while a worker holds the task; never persisted as "started" across a restart. */
  started?: {
    startedEventId: number; startedTime: number; nonce: number; identity: string; requestId: string;
    /** What the worker was told in the (not yet written) WorkflowTaskStarted event; written identically. */
    historySizeBytes?: number; suggestContinueAsNew?: boolean; suggestContinueAsNewReasons?: number[];
  };
}

export interface ActivityState {
  scheduledEventId: number;
  activityId: string;
  activityType: string;
  taskQueue: string;
  header?: Header;
  input?: IPayloads;
  scheduledTime: number;
  scheduleToCloseMs?: number;
  scheduleToStartMs?: number;
  startToCloseMs?: number;
  heartbeatMs?: number;
  retryPolicy?: RetryPolicy;
  attempt: number;
  /** When the current attempt became (or becomes, after backoff) available to workers. */
  currentAttemptScheduledTime: number;
  state: 'backoff' | 'scheduled' | 'started';
  startedTime?: number;
  identity?: string;
  requestId?: string;
  lastHeartbeatTime?: number;
  heartbeatDetails?: IPayloads;
  lastFailure?: IFailure;
  cancelRequested?: boolean;
  cancelRequestedEventId?: number;
  /** Distinguishes deliveries of the same attempt (e.g. a re-dispatch after restart). */
  nonce?: number;
}

export interface TimerState { timerId: string; startedEventId: number; fireAt: number }

export interface ChildState {
  initiatedEventId: number;
  namespace: string;
  workflowId: string;
  workflowType: string;
  runId?: string;
  startedEventId?: number;
  parentClosePolicy: number;
}

export interface UpdateState {
  updateId: string;
  request: Plain<temporal.api.update.v1.IRequest>;
  stage: 'admitted' | 'sent' | 'accepted' | 'completed';
  acceptedEventId?: number;
  outcome?: Plain<temporal.api.update.v1.IOutcome>;
}

export interface ParentInfo { namespace: string; workflowId: string; runId: string; initiatedEventId: number }

export interface ExecutionState {
  namespace: string;
  workflowId: string;
  runId: string;
  firstRunId: string;
  workflowType: string;
  taskQueue: string;
  status: number;
  startTime: number;
  executionTime: number;
  closeTime?: number;
  workflowTaskTimeoutMs: number;
  runTimeoutMs?: number;
  executionTimeoutMs?: number;
  runExpiration?: number;
  executionExpiration?: number;
  memo?: Memo;
  searchAttributes?: SearchAttributes;
  /** Workflow retry: this run's attempt (1-based) and the policy carried to later attempts. */
  attempt: number;
  retryPolicy?: RetryPolicy;
  /** A start delay or retry backoff: the first workflow task is scheduled at this time. */
  firstTaskAt?: number;
  parent?: ParentInfo;
  root?: { workflowId: string; runId: string };
  requestId?: string;
  nextEventId: number;
  /** Started event id of the last completed workflow task (Core's previousStartedEventId). */
  lastCompletedStartedEventId: number;
  wft?: WorkflowTaskState;
  /** Events that arrived while a workflow task was running; numbered when it ends. */
  buffered: IHistoryEvent[];
  activities: Record<number, ActivityState>;
  timers: Record<string, TimerState>;
  children: Record<number, ChildState>;
  updates: Record<string, UpdateState>;
  cancelRequested: boolean;
  /** Per-run counter for task-token nonces. */
  nonceSeq: number;
}
