/**
 * Activity lifecycle: scheduling from a command, hand-out to pollers, results, heartbeats,
 * cancellation, the four timeouts and server-side retries.
 *
 * As in the Temporal server, attempts are invisible in history: ActivityTaskStarted is written
 * only with the final outcome (together with it), carrying the attempt number and last failure.
 */
import { EventType, RetryState, TimeoutType, durationMs, msToDuration, msToTimestamp, type IFailure, type IPayloads, type temporal, type Plain } from './proto';
import type { ActivityState } from './state';
import type { Execution } from './execution';
import { PREV_EVENT, encodeToken, type Engine, type NewEvent } from './engine';
import { NotFoundError } from './errors';
import { retryVerdict, type RetryVerdict } from './retry';

type ScheduleAttrs = Plain<temporal.api.command.v1.IScheduleActivityTaskCommandAttributes>;
type PollActivityResponse = Plain<temporal.api.workflowservice.v1.IPollActivityTaskQueueResponse>;

/** Builds the state of a newly scheduled activity (timeouts normalised as the server does). */
export function newActivity(attrs: ScheduleAttrs, scheduledEventId: number, defaultQueue: string, now: number, runTimeoutMs?: number): ActivityState {
  let s2c = durationMs(attrs.scheduleToCloseTimeout) ?? runTimeoutMs;
  const s2s = durationMs(attrs.scheduleToStartTimeout);
  let stc = durationMs(attrs.startToCloseTimeout);
  if (!stc && s2c) stc = s2c;
  if (!s2c && !stc) s2c = runTimeoutMs;
  return {
    scheduledEventId,
    activityId: attrs.activityId ?? String(scheduledEventId),
    activityType: attrs.activityType?.name ?? '',
    taskQueue: attrs.taskQueue?.name || defaultQueue,
    header: attrs.header ?? undefined,
    input: attrs.input ?? undefined,
    scheduledTime: now,
    scheduleToCloseMs: s2c,
    scheduleToStartMs: s2s,
    startToCloseMs: stc,
    heartbeatMs: durationMs(attrs.heartbeatTimeout),
    retryPolicy: attrs.retryPolicy ?? undefined,
    attempt: 1,
    currentAttemptScheduledTime: now,
    state: 'scheduled',
  };
}

/** The earliest moment something must happen to this activity. */
export function activityDeadline(a: ActivityState): number {
  let due = Infinity;
  if (a.scheduleToCloseMs) due = Math.min(due, a.scheduledTime + a.scheduleToCloseMs);
  if (a.state === 'backoff') due = Math.min(due, a.currentAttemptScheduledTime);
  if (a.state === 'scheduled' && a.scheduleToStartMs) due = Math.min(due, a.currentAttemptScheduledTime + a.scheduleToStartMs);
  if (a.state === 'started' && a.startedTime !== undefined) {
    if (a.startToCloseMs) due = Math.min(due, a.startedTime + a.startToCloseMs);
    if (a.heartbeatMs) due = Math.min(due, (a.lastHeartbeatTime ?? a.startedTime) + a.heartbeatMs);
  }
  return due;
}

function timeoutFailure(type: temporal.api.enums.v1.TimeoutType, a: ActivityState): IFailure {
  const name = TimeoutType[type].replace('TIMEOUT_TYPE_', '');
  return {
    message: `activity ${name} timeout`,
    source: 'Server',
    timeoutFailureInfo: { timeoutType: type, lastHeartbeatDetails: a.heartbeatDetails },
    cause: a.lastFailure,
  };
}

export function onActivityDeadline(engine: Engine, exec: Execution, a: ActivityState, now: number): void {
  if (a.scheduleToCloseMs && a.scheduledTime + a.scheduleToCloseMs <= now) {
    finishTimedOut(engine, exec, a, TimeoutType.TIMEOUT_TYPE_SCHEDULE_TO_CLOSE, RetryState.RETRY_STATE_TIMEOUT);
    return;
  }
  if (a.state === 'backoff' && a.currentAttemptScheduledTime <= now) {
    a.state = 'scheduled';
    engine.touch(exec);
    return;
  }
  if (a.state === 'scheduled' && a.scheduleToStartMs && a.currentAttemptScheduledTime + a.scheduleToStartMs <= now) {
    finishTimedOut(engine, exec, a, TimeoutType.TIMEOUT_TYPE_SCHEDULE_TO_START, RetryState.RETRY_STATE_NON_RETRYABLE_FAILURE);
    return;
  }
  if (a.state === 'started' && a.startedTime !== undefined) {
    if (a.startToCloseMs && a.startedTime + a.startToCloseMs <= now) {
      attemptFailed(engine, exec, a, timeoutFailure(TimeoutType.TIMEOUT_TYPE_START_TO_CLOSE, a), undefined, true);
    } else if (a.heartbeatMs && (a.lastHeartbeatTime ?? a.startedTime) + a.heartbeatMs <= now) {
      attemptFailed(engine, exec, a, timeoutFailure(TimeoutType.TIMEOUT_TYPE_HEARTBEAT, a), undefined, true);
    }
  }
}

function startedEvent(a: ActivityState): NewEvent {
  return {
    eventType: EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED,
    activityTaskStartedEventAttributes: { scheduledEventId: a.scheduledEventId, identity: a.identity ?? '', requestId: a.requestId ?? '', attempt: a.attempt, lastFailure: a.lastFailure },
  };
}

function finishTimedOut(engine: Engine, exec: Execution, a: ActivityState, type: temporal.api.enums.v1.TimeoutType, retryState: temporal.api.enums.v1.RetryState): void {
  delete exec.state.activities[a.scheduledEventId];
  const wasStarted = a.state === 'started';
  const timedOut: NewEvent = {
    eventType: EventType.EVENT_TYPE_ACTIVITY_TASK_TIMED_OUT,
    activityTaskTimedOutEventAttributes: { failure: timeoutFailure(type, a), scheduledEventId: a.scheduledEventId, startedEventId: wasStarted ? PREV_EVENT : 0, retryState },
  };
  if (wasStarted) engine.deliver(exec, startedEvent(a), timedOut);
  else engine.deliver(exec, timedOut);
}

/** A failed attempt: retry after backoff or record the final failure. */
function attemptFailed(engine: Engine, exec: Execution, a: ActivityState, failure: IFailure, lastHeartbeat: IPayloads | null | undefined, isTimeout: boolean): void {
  const now = engine.clock.now();
  if (lastHeartbeat) a.heartbeatDetails = lastHeartbeat;
  engine.touch(exec);
  const verdict: RetryVerdict = a.cancelRequested
    ? { stop: RetryState.RETRY_STATE_CANCEL_REQUESTED }
    : retryVerdict(a.retryPolicy, a.attempt, failure, now, a.scheduleToCloseMs ? a.scheduledTime + a.scheduleToCloseMs : undefined, { isTimeout });
  if ('delay' in verdict) {
    a.attempt++;
    a.lastFailure = failure;
    a.state = verdict.delay > 0 ? 'backoff' : 'scheduled';
    a.currentAttemptScheduledTime = now + verdict.delay;
    a.startedTime = undefined;
    a.lastHeartbeatTime = undefined;
    return;
  }
  delete exec.state.activities[a.scheduledEventId];
  const retryState = verdict.stop;
  const final: NewEvent = isTimeout
    ? { eventType: EventType.EVENT_TYPE_ACTIVITY_TASK_TIMED_OUT, activityTaskTimedOutEventAttributes: { failure, scheduledEventId: a.scheduledEventId, startedEventId: PREV_EVENT, retryState } }
    : { eventType: EventType.EVENT_TYPE_ACTIVITY_TASK_FAILED, activityTaskFailedEventAttributes: { failure, scheduledEventId: a.scheduledEventId, startedEventId: PREV_EVENT, identity: a.identity ?? '', retryState } };
  engine.deliver(exec, startedEvent(a), final);
}

// ------------------------------------------------------------------ worker-facing operations

export function dispatchActivity(engine: Engine, exec: Execution, a: ActivityState, identity: string, requestId: string): PollActivityResponse {
  const now = engine.clock.now();
  a.state = 'started';
  a.startedTime = now;
  a.identity = identity;
  a.requestId = requestId;
  a.nonce = ++exec.state.nonceSeq;
  const st = exec.state;
  return {
    taskToken: encodeToken({ k: 'a', r: st.runId, s: a.scheduledEventId, a: a.attempt }),
    workflowNamespace: st.namespace,
    workflowType: { name: st.workflowType },
    workflowExecution: { workflowId: st.workflowId, runId: st.runId },
    activityType: { name: a.activityType },
    activityId: a.activityId,
    header: a.header,
    input: a.input,
    heartbeatDetails: a.heartbeatDetails,
    scheduledTime: msToTimestamp(a.scheduledTime),
    currentAttemptScheduledTime: msToTimestamp(a.currentAttemptScheduledTime),
    startedTime: msToTimestamp(now),
    attempt: a.attempt,
    scheduleToCloseTimeout: msToDuration(a.scheduleToCloseMs ?? 0),
    startToCloseTimeout: msToDuration(a.startToCloseMs ?? 0),
    heartbeatTimeout: msToDuration(a.heartbeatMs ?? 0),
    retryPolicy: a.retryPolicy,
  };
}

/** The activity a token names; tokens of an older attempt are refused. */
export function activityForToken(engine: Engine, token: { r: string; s?: number; a?: number }): { exec: Execution; a: ActivityState } {
  const exec = engine.executions.get(token.r);
  const a = exec?.open ? exec.state.activities[token.s ?? -1] : undefined;
  if (!exec || !a || a.attempt !== token.a) throw new NotFoundError('activity task not found');
  return { exec, a };
}

export function activityById(engine: Engine, namespace: string, workflowId: string, runId: string | null | undefined, activityId: string): { exec: Execution; a: ActivityState } {
  const exec = engine.findOpen(namespace, workflowId, runId);
  const a = Object.values(exec.state.activities).find((x) => x.activityId === activityId);
  if (!a) throw new NotFoundError(`activity ${activityId} not found`);
  return { exec, a };
}

export function completeActivity(engine: Engine, exec: Execution, a: ActivityState, result: IPayloads | null | undefined, identity: string): void {
  engine.mutate(() => {
    delete exec.state.activities[a.scheduledEventId];
    if (identity) a.identity = identity;
    engine.deliver(exec, startedEvent(a), {
      eventType: EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED,
      activityTaskCompletedEventAttributes: { result: result ?? undefined, scheduledEventId: a.scheduledEventId, startedEventId: PREV_EVENT, identity: a.identity ?? '' },
    });
  });
}

export function failActivity(engine: Engine, exec: Execution, a: ActivityState, failure: IFailure, lastHeartbeat: IPayloads | null | undefined, identity: string): void {
  engine.mutate(() => {
    if (identity) a.identity = identity;
    attemptFailed(engine, exec, a, failure, lastHeartbeat, false);
  });
}

export function cancelActivity(engine: Engine, exec: Execution, a: ActivityState, details: IPayloads | null | undefined, identity: string): void {
  engine.mutate(() => {
    delete exec.state.activities[a.scheduledEventId];
    if (identity) a.identity = identity;
    engine.deliver(exec, startedEvent(a), {
      eventType: EventType.EVENT_TYPE_ACTIVITY_TASK_CANCELED,
      activityTaskCanceledEventAttributes: {
        details: details ?? undefined, scheduledEventId: a.scheduledEventId, startedEventId: PREV_EVENT,
        latestCancelRequestedEventId: a.cancelRequestedEventId ?? 0, identity: a.identity ?? '',
      },
    });
  });
}

export function heartbeatActivity(engine: Engine, exec: Execution, a: ActivityState, details: IPayloads | null | undefined): { cancelRequested: boolean } {
  engine.mutate(() => {
    a.lastHeartbeatTime = engine.clock.now();
    if (details) a.heartbeatDetails = details;
    engine.touch(exec);
  });
  return { cancelRequested: !!a.cancelRequested };
}

/** RequestCancelActivityTask command: cancel at once if no worker holds it, else tell the worker. */
export function requestCancelActivity(engine: Engine, exec: Execution, scheduledEventId: number, completedEventId: number): boolean {
  const a = exec.state.activities[scheduledEventId];
  if (!a) return false;
  const req = engine.append(exec, {
    eventType: EventType.EVENT_TYPE_ACTIVITY_TASK_CANCEL_REQUESTED,
    activityTaskCancelRequestedEventAttributes: { scheduledEventId, workflowTaskCompletedEventId: completedEventId },
  });
  a.cancelRequested = true;
  a.cancelRequestedEventId = Number(req.eventId);
  if (a.state !== 'started') {
    delete exec.state.activities[scheduledEventId];
    engine.append(exec, {
      eventType: EventType.EVENT_TYPE_ACTIVITY_TASK_CANCELED,
      activityTaskCanceledEventAttributes: { scheduledEventId, startedEventId: 0, latestCancelRequestedEventId: Number(req.eventId), identity: '' },
    });
    exec.needsWft = true;
  }
  return true;
}
