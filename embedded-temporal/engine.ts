/**
 * The heart of the service: executions, their histories, workflow tasks and every state change.
 *
 * Every change runs inside `mutate`, which is one SQLite transaction: the new events and the new
 * mutable state of each touched run (and its visibility row) are written together, and only after
 * the commit do we hand tasks to pollers, arm deadlines and wake long polls (`reconcile`). The
 * same `reconcile` rebuilds queues and deadlines from the persisted state after a restart.
 *
 * History numbering follows the server: the WorkflowTaskStarted event of a running workflow task
 * is only written when the task ends (completed, failed or timed out); events arriving meanwhile
 * are buffered and numbered after that. A task that was running when the process died was never
 * recorded as started, so after a restart it is simply handed out again at once (its old token is
 * rejected because the nonce it carries is gone).
 */
import { randomUUID } from 'node:crypto';
import {
  EventType, ExecutionStatus, TimeoutType, WorkflowTaskFailedCause, durationMs, msToDuration, msToTimestamp,
  type IHistoryEvent, type IPayloads, type temporal, type Plain,
} from './proto';
import type { Store } from './store';
import type { Clock } from './clock';
import { Execution, executionKey } from './execution';
import type { ExecutionState, ParentInfo } from './state';
import { TaskQueues } from './task-queues';
import { AlreadyStartedError, InvalidArgumentError, NotFoundError } from './errors';
import { visibilityRow } from './visibility';
import { nextDeadline, processDeadlines } from './deadlines';
import { applyParentClosePolicy, notifyParent } from './children';
import { queueWorkflowTask, unstick } from './sticky';

type ws = typeof temporal.api.workflowservice.v1;
type StartRequest = Plain<temporal.api.workflowservice.v1.IStartWorkflowExecutionRequest>;
export type { ws };

export const DEFAULT_WFT_TIMEOUT_MS = 10_000;
const RUNNING = ExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING;

export interface WorkflowTaskRef { kind: 'wft' | 'query'; runId: string; queryId?: number; /** set when queued on a worker's sticky queue */ stickyQueue?: string }
export interface ActivityTaskRef { runId: string; scheduledEventId: number; attempt: number }

/** Task tokens are opaque to the SDK; ours is JSON naming the run and the delivery. */
export interface TaskToken { k: 'w' | 'a' | 'q'; r: string; s?: number; a?: number; n?: number; q?: number }
export function encodeToken(t: TaskToken): Buffer {
  return Buffer.from(JSON.stringify(t));
}
export function decodeToken(b: Uint8Array | null | undefined): TaskToken {
  try {
    return JSON.parse(Buffer.from(b ?? []).toString('utf8')) as TaskToken;
  } catch {
    throw new InvalidArgumentError('malformed task token');
  }
}

/** Event fields the caller supplies; id and time are assigned by the engine. */
export type NewEvent = Omit<IHistoryEvent, 'eventId' | 'eventTime'> & { eventType: temporal.api.enums.v1.EventType };

export interface StartParams {
  namespace: string;
  workflowId: string;
  workflowType: string;
  taskQueue: string;
  input?: IPayloads | null;
  header?: Plain<temporal.api.common.v1.IHeader> | null;
  memo?: Plain<temporal.api.common.v1.IMemo> | null;
  searchAttributes?: Plain<temporal.api.common.v1.ISearchAttributes> | null;
  runTimeoutMs?: number;
  executionTimeoutMs?: number;
  executionExpiration?: number;
  taskTimeoutMs?: number;
  identity?: string;
  requestId?: string;
  retryPolicy?: Plain<temporal.api.common.v1.IRetryPolicy> | null;
  parent?: ParentInfo;
  root?: { workflowId: string; runId: string };
  firstRunId?: string;
  continuedFrom?: { runId: string; initiator?: number | null; failure?: Plain<temporal.api.failure.v1.IFailure> | null; lastCompletionResult?: IPayloads | null };
  /** Workflow retry attempt (default 1). */
  attempt?: number;
  /** Start delay / retry backoff before the first workflow task. */
  firstTaskDelayMs?: number;
  /** Events appended right after WorkflowExecutionStarted (signal-with-start). */
  initialEvents?: NewEvent[];
}

export class Engine {
  readonly executions = new Map<string, Execution>();
  /** namespace+workflowId → run id of its open run. */
  private openRuns = new Map<string, string>();
  private closedCache = new Map<string, Execution>();
  private dirty = new Set<Execution>();
  private txDepth = 0;
  /** Set when the store is closed: later changes are dropped (the service is shutting down). */
  closed = false;
  private seq: number;
  readonly namespaces: Set<string>;
  readonly workflowQueues = new TaskQueues<WorkflowTaskRef>();
  readonly activityQueues = new TaskQueues<ActivityTaskRef>();
  private historyWaiters = new Map<string, Set<() => void>>();
  /** Observers run after each committed change of an execution (updates, queries). */
  readonly observers: Array<(exec: Execution) => void> = [];

  constructor(
    readonly store: Store,
    readonly clock: Clock,
    readonly defaultNamespace: string,
    readonly log: (line: string) => void,
    /** Namespaces served besides the default one. */
    extraNamespaces: string[] = [],
  ) {
    this.namespaces = new Set([defaultNamespace, ...extraNamespaces]);
    this.seq = store.maxSeq();
    clock.onDue = (key) => this.onDue(key);
    clock.isBusy = () => this.isBusy();
  }

  // ---------------------------------------------------------------- transactions

  /**
   * Runs `fn` as one atomic state change. Re-entrant: nested calls join the outer one.
   *
   * Group commit: the change is applied in memory at once and written, together with every other
   * change made in the same event-loop turn, by one SQLite transaction right after the turn
   * (`setImmediate`). Nothing is observable before that commit: tasks are handed out and waiters
   * woken only by `reconcile` after it, and every RPC answer waits for `committed()` (see
   * grpc-plumbing), so an acknowledged request is always on disk.
   */
  mutate<T>(fn: () => T): T {
    if (this.txDepth > 0) return fn();
    this.txDepth++;
    try {
      return fn();
    } finally {
      this.txDepth--;
      if (this.dirty.size > 0) this.scheduleFlush();
    }
  }

  private flushScheduled = false;
  private commitWaiters: Array<{ resolve: () => void; reject: (e: unknown) => void }> = [];

  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => this.flushNow());
  }

  /** Writes every pending change in one transaction, then makes it observable. */
  flushNow(): void {
    this.flushScheduled = false;
    if (this.closed) return;
    const waiters = this.commitWaiters;
    this.commitWaiters = [];
    const touched = [...this.dirty];
    this.dirty.clear();
    const writes = [...this.otherWrites.values()];
    this.otherWrites.clear();
    try {
      if (touched.length > 0 || writes.length > 0) {
        this.store.transaction(() => {
          this.flush(touched);
          for (const write of writes) write();
        });
      }
    } catch (err) {
      this.log(`commit failed: ${err instanceof Error ? err.stack : String(err)}`);
      for (const w of waiters) w.reject(err);
      return;
    }
    for (const exec of touched) this.reconcile(exec);
    for (const w of waiters) w.resolve();
  }

  /** Resolves once every change made so far is committed. */
  committed(): Promise<void> {
    if (!this.flushScheduled && this.dirty.size === 0 && this.otherWrites.size === 0) return Promise.resolve();
    return new Promise((resolve, reject) => this.commitWaiters.push({ resolve, reject }));
  }

  touch(exec: Execution): void {
    this.dirty.add(exec);
  }

  /** Writes of state kept outside executions (schedules), by key: the last write of a key wins. */
  private otherWrites = new Map<string, () => void>();

  /**
   * Queues `write` for the next group commit, so it lands in the same transaction as the runs
   * changed in this turn (a schedule's bookkeeping and the workflow it started commit together).
   */
  touchOther(key: string, write: () => void): void {
    this.otherWrites.set(key, write);
    this.scheduleFlush();
  }

  private flush(touched: Execution[]): void {
    for (const exec of touched) {
      if (exec.persisted < exec.events.length) {
        const fresh = exec.events.slice(exec.persisted) as IHistoryEvent[]; // not yet written: all decoded
        const encoded = this.store.appendEvents(exec.state.runId, fresh);
        exec.encoded.push(...encoded);
        exec.persisted = exec.events.length;
        exec.releasePersisted();
      }
      this.store.saveExecution(exec.state, exec.open, exec.seq);
      this.store.saveVisibility(visibilityRow(exec.state));
    }
  }

  /** After a commit (or on recovery): queue what is runnable, arm deadlines, wake waiters. */
  reconcile(exec: Execution): void {
    const st = exec.state;
    if (exec.open) {
      if (st.wft && !st.wft.started && !exec.wftQueued) {
        exec.wftQueued = true;
        queueWorkflowTask(this, exec);
      }
      for (const act of Object.values(st.activities)) {
        if (act.state === 'scheduled' && !exec.queuedActivities.has(act.scheduledEventId)) {
          exec.queuedActivities.add(act.scheduledEventId);
          this.activityQueues.add(queueKey(st.namespace, act.taskQueue), { runId: st.runId, scheduledEventId: act.scheduledEventId, attempt: act.attempt });
        }
      }
      const due = nextDeadline(exec);
      if (due === undefined) this.clock.clear(`x:${st.runId}`);
      else this.clock.set(`x:${st.runId}`, due);
    } else {
      this.clock.clear(`x:${st.runId}`);
      if (this.executions.get(st.runId) === exec) {
        this.executions.delete(st.runId);
        this.closedCache.set(st.runId, exec);
        if (this.closedCache.size > 500) this.closedCache.delete(this.closedCache.keys().next().value!);
      }
      if (this.openRuns.get(exec.key) === st.runId) this.openRuns.delete(exec.key);
    }
    const waiters = this.historyWaiters.get(st.runId);
    if (waiters) {
      this.historyWaiters.delete(st.runId);
      for (const w of waiters) w();
    }
    for (const o of this.observers) o(exec);
    this.clock.poke();
  }

  // ---------------------------------------------------------------- lookups

  /** The request's namespace (default when empty); NotFound for one this service does not serve. */
  namespace(name: string | null | undefined): string {
    const ns = name || this.defaultNamespace;
    if (!this.namespaces.has(ns)) throw new NotFoundError(`Namespace ${ns} is not found.`);
    return ns;
  }

  /** The open run of a workflow id, or the latest closed one; throws NotFound. */
  find(namespace: string, workflowId: string, runId?: string | null): Execution {
    const exec = this.tryFind(namespace, workflowId, runId);
    if (!exec) throw new NotFoundError(`workflow not found for ID: ${workflowId}${runId ? ` run ID: ${runId}` : ''}`);
    return exec;
  }

  tryFind(namespace: string, workflowId: string, runId?: string | null): Execution | undefined {
    if (!runId) {
      runId = this.openRuns.get(executionKey(namespace, workflowId)) ?? this.store.latestRunId(namespace, workflowId);
      if (!runId) return undefined;
    }
    const exec = this.byRunId(runId);
    if (!exec || exec.state.workflowId !== workflowId || exec.state.namespace !== namespace) return undefined;
    return exec;
  }

  byRunId(runId: string): Execution | undefined {
    const cached = this.executions.get(runId) ?? this.closedCache.get(runId);
    if (cached) return cached;
    const state = this.store.loadExecution(runId);
    if (!state) return undefined;
    const { encoded } = this.store.loadEvents(runId);
    const exec = new Execution(state, 0, encoded);
    if (!exec.open) {
      this.closedCache.set(runId, exec);
      if (this.closedCache.size > 500) this.closedCache.delete(this.closedCache.keys().next().value!);
    }
    return exec;
  }

  findOpen(namespace: string, workflowId: string, runId?: string | null): Execution {
    const exec = this.find(namespace, workflowId, runId);
    if (!exec.open) throw new NotFoundError('workflow execution already completed');
    return exec;
  }

  // ---------------------------------------------------------------- history

  /** Appends a numbered event now (the run's own task is not running). */
  append(exec: Execution, ev: NewEvent, at = this.clock.now()): IHistoryEvent {
    const full = { ...ev, eventId: exec.state.nextEventId++, eventTime: msToTimestamp(at), taskId: this.seq } as IHistoryEvent;
    this.resolvePrevReference(exec, full);
    exec.events.push(full);
    this.touch(exec);
    return full;
  }

  /**
   * An event from outside the run's own workflow task (signal, activity result, timer...).
   * Buffered while a workflow task runs; otherwise appended and a workflow task scheduled.
   */
  deliver(exec: Execution, ...events: NewEvent[]): void {
    if (!exec.open) return;
    if (exec.state.wft?.started) {
      for (const ev of events) exec.state.buffered.push({ ...ev, eventTime: msToTimestamp(this.clock.now()) } as IHistoryEvent);
      this.touch(exec);
      return;
    }
    for (const ev of events) this.append(exec, ev);
    this.scheduleWorkflowTask(exec);
  }

  /** Numbers buffered events (in arrival order) after the workflow task that was running. */
  flushBuffered(exec: Execution): void {
    const buffered = exec.state.buffered;
    if (buffered.length === 0) return;
    exec.state.buffered = [];
    for (const ev of buffered) {
      const full = { ...ev, eventId: exec.state.nextEventId++ } as IHistoryEvent;
      this.resolvePrevReference(exec, full);
      exec.events.push(full);
    }
    this.touch(exec);
    this.scheduleWorkflowTask(exec);
  }

  /**
   * An activity's Started and its result are delivered together; the result names the started
   * event as PREV_EVENT because, when buffered, neither has an id yet.
   */
  private resolvePrevReference(exec: Execution, ev: IHistoryEvent): void {
    const attrs = (ev.activityTaskCompletedEventAttributes ?? ev.activityTaskFailedEventAttributes ??
      ev.activityTaskTimedOutEventAttributes ?? ev.activityTaskCanceledEventAttributes) as { startedEventId?: number | Long | null } | undefined;
    if (attrs && attrs.startedEventId === PREV_EVENT) attrs.startedEventId = Number(ev.eventId) - 1;
  }

  waitHistory(runId: string, timeoutMs: number, onCancel: (cb: () => void) => void): Promise<void> {
    return new Promise((resolve) => {
      let set = this.historyWaiters.get(runId);
      if (!set) this.historyWaiters.set(runId, (set = new Set()));
      const done = () => {
        clearTimeout(timer);
        const waiting = this.historyWaiters.get(runId);
        waiting?.delete(done);
        if (waiting?.size === 0) this.historyWaiters.delete(runId);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      timer.unref();
      set.add(done);
      onCancel(done);
    });
  }

  // ---------------------------------------------------------------- starting

  /** Start per the request's id reuse and id conflict policies. */
  startFromRequest(req: StartRequest, initialEvents?: NewEvent[], onExisting?: (exec: Execution) => void): { runId: string; started: boolean } {
    const namespace = this.namespace(req.namespace);
    const workflowId = req.workflowId ?? '';
    if (!workflowId) throw new InvalidArgumentError('WorkflowId is not set on request.');
    if (!req.workflowType?.name) throw new InvalidArgumentError('WorkflowType is not set on request.');
    if (!req.taskQueue?.name) throw new InvalidArgumentError('TaskQueue is not set on request.');
    return this.mutate(() => {
      const current = this.tryFind(namespace, workflowId);
      if (current?.open) {
        if (req.requestId && current.state.requestId === req.requestId) return { runId: current.state.runId, started: true };
        const conflict = req.workflowIdConflictPolicy ?? 0;
        if (conflict === 2 /* USE_EXISTING */ || (onExisting && conflict !== 3 && conflict !== 1 && req.workflowIdReusePolicy !== 4)) {
          onExisting?.(current);
          return { runId: current.state.runId, started: false };
        }
        if (conflict === 3 /* TERMINATE_EXISTING */ || req.workflowIdReusePolicy === 4 /* TERMINATE_IF_RUNNING */) {
          this.terminate(current, 'terminated by a new start (id conflict policy)', undefined, req.identity ?? '');
        } else {
          throw new AlreadyStartedError(`Workflow execution is already running. WorkflowId: ${workflowId}, RunId: ${current.state.runId}.`, workflowId, current.state.runId);
        }
      } else if (current) {
        const reuse = req.workflowIdReusePolicy ?? 0;
        const st = current.state.status;
        const failedLike = st !== ExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED;
        if (reuse === 3 /* REJECT_DUPLICATE */ || (reuse === 2 /* ALLOW_DUPLICATE_FAILED_ONLY */ && !failedLike)) {
          throw new AlreadyStartedError(`Workflow execution already finished and the id reuse policy rejects a new run. WorkflowId: ${workflowId}.`, workflowId, current.state.runId);
        }
      }
      const execTimeout = durationMs(req.workflowExecutionTimeout);
      const exec = this.createExecution({
        namespace, workflowId, workflowType: req.workflowType!.name!, taskQueue: req.taskQueue!.name!,
        input: req.input, header: req.header, memo: req.memo, searchAttributes: req.searchAttributes,
        runTimeoutMs: durationMs(req.workflowRunTimeout), executionTimeoutMs: execTimeout,
        executionExpiration: execTimeout ? this.clock.now() + execTimeout : undefined,
        taskTimeoutMs: durationMs(req.workflowTaskTimeout), identity: req.identity ?? '', requestId: req.requestId ?? '',
        retryPolicy: req.retryPolicy, initialEvents, firstTaskDelayMs: durationMs(req.workflowStartDelay),
      });
      return { runId: exec.state.runId, started: true };
    });
  }

  /** Creates a run with its WorkflowExecutionStarted event and first workflow task. Call inside `mutate`. */
  createExecution(p: StartParams): Execution {
    const now = this.clock.now();
    const runId = randomUUID();
    const taskTimeoutMs = Math.min(p.taskTimeoutMs ?? DEFAULT_WFT_TIMEOUT_MS, 120_000);
    const state: ExecutionState = {
      namespace: p.namespace, workflowId: p.workflowId, runId, firstRunId: p.firstRunId ?? runId,
      workflowType: p.workflowType, taskQueue: p.taskQueue, status: RUNNING, startTime: now, executionTime: now,
      workflowTaskTimeoutMs: taskTimeoutMs, runTimeoutMs: p.runTimeoutMs, executionTimeoutMs: p.executionTimeoutMs,
      runExpiration: p.runTimeoutMs ? now + p.runTimeoutMs : undefined, executionExpiration: p.executionExpiration,
      memo: p.memo ?? undefined, searchAttributes: p.searchAttributes ?? undefined, parent: p.parent,
      root: p.root ?? (p.parent ? undefined : { workflowId: p.workflowId, runId }), requestId: p.requestId,
      nextEventId: 1, lastCompletedStartedEventId: 0, buffered: [], activities: {}, timers: {}, children: {}, updates: {},
      cancelRequested: false, nonceSeq: 0, attempt: p.attempt ?? 1, retryPolicy: p.retryPolicy ?? undefined,
      firstTaskAt: p.firstTaskDelayMs ? now + p.firstTaskDelayMs : undefined,
    };
    if (state.firstTaskAt) state.executionTime = state.firstTaskAt;
    const exec = new Execution(state, ++this.seq);
    this.executions.set(runId, exec);
    this.openRuns.set(exec.key, runId);
    this.append(exec, {
      eventType: EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED,
      workflowExecutionStartedEventAttributes: {
        workflowId: p.workflowId,
        workflowType: { name: p.workflowType },
        taskQueue: { name: p.taskQueue, kind: 1 },
        input: p.input ?? undefined,
        header: p.header ?? undefined,
        workflowRunTimeout: p.runTimeoutMs ? msToDuration(p.runTimeoutMs) : undefined,
        workflowExecutionTimeout: p.executionTimeoutMs ? msToDuration(p.executionTimeoutMs) : undefined,
        workflowExecutionExpirationTime: p.executionExpiration ? msToTimestamp(p.executionExpiration) : undefined,
        workflowTaskTimeout: msToDuration(taskTimeoutMs),
        identity: p.identity ?? '',
        firstExecutionRunId: state.firstRunId,
        originalExecutionRunId: runId,
        attempt: state.attempt,
        firstWorkflowTaskBackoff: p.firstTaskDelayMs ? msToDuration(p.firstTaskDelayMs) : undefined,
        retryPolicy: p.retryPolicy ?? undefined,
        memo: p.memo ?? undefined,
        searchAttributes: p.searchAttributes ?? undefined,
        parentWorkflowNamespace: p.parent?.namespace,
        parentWorkflowExecution: p.parent ? { workflowId: p.parent.workflowId, runId: p.parent.runId } : undefined,
        parentInitiatedEventId: p.parent?.initiatedEventId,
        rootWorkflowExecution: state.root ?? undefined,
        continuedExecutionRunId: p.continuedFrom?.runId,
        initiator: p.continuedFrom?.initiator ?? undefined,
        continuedFailure: p.continuedFrom?.failure ?? undefined,
        lastCompletionResult: p.continuedFrom?.lastCompletionResult ?? undefined,
      },
    });
    for (const ev of p.initialEvents ?? []) this.append(exec, ev);
    this.scheduleWorkflowTask(exec);
    return exec;
  }

  // ---------------------------------------------------------------- workflow tasks

  scheduleWorkflowTask(exec: Execution, attempt = 1): void {
    const st = exec.state;
    if (!exec.open || st.wft || st.firstTaskAt) return; // a delayed first task also sees what arrived meanwhile
    if (exec.completing) {
      exec.needsWft = true;
      return;
    }
    const ev = this.append(exec, {
      eventType: EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED,
      workflowTaskScheduledEventAttributes: {
        taskQueue: { name: st.taskQueue, kind: 1 },
        startToCloseTimeout: msToDuration(st.workflowTaskTimeoutMs),
        attempt,
      },
    });
    st.wft = { scheduledEventId: Number(ev.eventId), attempt, scheduledTime: this.clock.now() };
  }

  /** Records the workflow task as ended (Started + its closing event), then numbers buffered events. */
  endWorkflowTask(exec: Execution, closing: NewEvent | ((startedEventId: number) => NewEvent), identity: string): number {
    const wft = exec.state.wft!;
    const started = wft.started!;
    exec.state.wft = undefined;
    const startedEv = this.append(exec, {
      eventType: EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED,
      workflowTaskStartedEventAttributes: {
        scheduledEventId: wft.scheduledEventId, identity: started.identity || identity, requestId: started.requestId,
        historySizeBytes: started.historySizeBytes ?? 0, suggestContinueAsNew: started.suggestContinueAsNew ?? false,
        suggestContinueAsNewReasons: started.suggestContinueAsNewReasons ?? [],
      },
    }, started.startedTime); // the time the worker was given: workflow code reads it as Date.now(), also on replay
    const startedEventId = Number(startedEv.eventId);
    const ev = typeof closing === 'function' ? closing(startedEventId) : closing;
    return Number(this.append(exec, ev).eventId);
  }

  /** Workflow task failed or timed out: record it and schedule the next attempt. */
  retryWorkflowTask(exec: Execution, closing: (scheduledEventId: number, startedEventId: number) => NewEvent, identity: string, nextAttempt: number): void {
    const wft = exec.state.wft!;
    unstick(this, exec); // the worker dropped the run from its cache: the retry carries the full history
    this.endWorkflowTask(exec, (startedEventId) => closing(wft.scheduledEventId, startedEventId), identity);
    for (const o of this.taskEndHooks) o(exec, false);
    this.flushBuffered(exec);
    this.scheduleWorkflowTask(exec, nextAttempt);
  }

  /** Hooks told when a workflow task ends (updates/queries put back what it carried when it failed). */
  readonly taskEndHooks: Array<(exec: Execution, completed: boolean) => void> = [];

  workflowTaskTimedOut(exec: Execution): void {
    const wft = exec.state.wft!;
    this.retryWorkflowTask(exec, (scheduledEventId, startedEventId) => ({
      eventType: EventType.EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT,
      workflowTaskTimedOutEventAttributes: { scheduledEventId, startedEventId, timeoutType: TimeoutType.TIMEOUT_TYPE_START_TO_CLOSE },
    }), '', wft.attempt + 1);
  }

  failWorkflowTask(exec: Execution, cause: number, failure: Plain<temporal.api.failure.v1.IFailure> | null | undefined, identity: string, nextAttempt: number): void {
    this.retryWorkflowTask(exec, (scheduledEventId, startedEventId) => ({
      eventType: EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED,
      workflowTaskFailedEventAttributes: { scheduledEventId, startedEventId, cause, failure: failure ?? undefined, identity },
    }), identity, nextAttempt);
  }

  // ---------------------------------------------------------------- external requests

  signal(exec: Execution, signalName: string, input: IPayloads | null | undefined, header: Plain<temporal.api.common.v1.IHeader> | null | undefined, identity: string, external?: { workflowId: string; runId: string }): void {
    this.mutate(() => {
      this.deliver(exec, {
        eventType: EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED,
        workflowExecutionSignaledEventAttributes: { signalName, input: input ?? undefined, header: header ?? undefined, identity, externalWorkflowExecution: external },
      });
    });
  }

  requestCancel(exec: Execution, reason: string, identity: string, external?: { workflowId: string; runId: string; initiatedEventId: number }): void {
    this.mutate(() => {
      if (exec.state.cancelRequested) return;
      exec.state.cancelRequested = true;
      this.deliver(exec, {
        eventType: EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CANCEL_REQUESTED,
        workflowExecutionCancelRequestedEventAttributes: {
          cause: reason, identity,
          externalInitiatedEventId: external?.initiatedEventId,
          externalWorkflowExecution: external ? { workflowId: external.workflowId, runId: external.runId } : undefined,
        },
      });
    });
  }

  terminate(exec: Execution, reason: string, details: IPayloads | null | undefined, identity: string): void {
    this.mutate(() => {
      if (!exec.open) return;
      if (exec.state.wft?.started) exec.state.wft = undefined; // the running task's result will be refused
      this.flushBuffered(exec);
      this.close(exec, ExecutionStatus.WORKFLOW_EXECUTION_STATUS_TERMINATED, {
        eventType: EventType.EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED,
        workflowExecutionTerminatedEventAttributes: { reason, details: details ?? undefined, identity },
      });
    });
  }

  // ---------------------------------------------------------------- closing

  /** Writes the close event and settles everything that depended on the run. Call inside `mutate`. */
  close(exec: Execution, status: number, closeEvent: NewEvent, opts: { continued?: boolean } = {}): void {
    const st = exec.state;
    st.wft = undefined;
    this.append(exec, closeEvent);
    st.status = status;
    st.closeTime = this.clock.now();
    st.activities = {};
    st.timers = {};
    st.buffered = [];
    // A run continued by a new one (continue-as-new, retry) leaves its parent waiting for the chain.
    if (st.parent && !opts.continued && status !== ExecutionStatus.WORKFLOW_EXECUTION_STATUS_CONTINUED_AS_NEW) notifyParent(this, exec, status, closeEvent);
    for (const child of Object.values(st.children)) applyParentClosePolicy(this, child);
    for (const h of this.closeHooks) h(exec);
  }

  readonly closeHooks: Array<(exec: Execution) => void> = [];

  // ---------------------------------------------------------------- deadlines

  private onDue(key: string): void {
    if (!key.startsWith('x:')) return;
    const exec = this.executions.get(key.slice(2));
    if (!exec?.open) return;
    try {
      this.mutate(() => processDeadlines(this, exec));
    } catch (err) {
      this.log(`deadline processing failed for ${exec.state.runId}: ${err instanceof Error ? err.stack : String(err)}`);
    }
  }

  /** Time skipping may not jump while a workflow or activity task is queued or running. */
  private isBusy(): boolean {
    for (const exec of this.executions.values()) {
      if (!exec.open) continue;
      if (exec.state.wft) return true;
      for (const a of Object.values(exec.state.activities)) if (a.state !== 'backoff') return true;
    }
    return false;
  }

  // ---------------------------------------------------------------- recovery

  /** Loads open runs after a restart and re-queues their work. */
  recover(): number {
    const states = this.store.loadOpenExecutions();
    const execs: Execution[] = [];
    for (const state of states) {
      const { encoded } = this.store.loadEvents(state.runId);
      const exec = new Execution(state, ++this.seq, encoded);
      this.executions.set(state.runId, exec);
      this.openRuns.set(exec.key, state.runId);
      execs.push(exec);
    }
    this.mutate(() => {
      for (const exec of execs) {
        const st = exec.state;
        // Work handed out before the crash is handed out again now; old tokens stay valid for
        // activities (same attempt) so a worker that finishes late is still heard.
        if (st.wft?.started) st.wft.started = undefined;
        for (const a of Object.values(st.activities)) if (a.state === 'started') a.state = 'scheduled';
        for (const u of Object.values(st.updates)) if (u.stage === 'sent') u.stage = 'admitted';
        if (st.buffered.length > 0) this.flushBuffered(exec);
        this.touch(exec);
      }
    });
    return execs.length;
  }
}

/** Marker for "the event appended just before this one" (see resolvePrevReference). */
export const PREV_EVENT = -1;

export function queueKey(namespace: string, taskQueue: string): string {
  return `${namespace}\u0000${taskQueue}`;
}

export { WorkflowTaskFailedCause };
