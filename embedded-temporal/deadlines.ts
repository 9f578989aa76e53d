/**
 * Everything a run waits for in time — timers, activity timeouts and retry backoffs, the workflow
 * task timeout, a delayed first task, run and execution timeouts — folded into one deadline per
 * run (armed on the Clock by the engine) and processed together when it falls due.
 */
import { EventType, ExecutionStatus, RetryState } from './proto';
import type { Execution } from './execution';
import type { Engine } from './engine';
import { activityDeadline, onActivityDeadline } from './activities';

export function nextDeadline(exec: Execution): number | undefined {
  const st = exec.state;
  let due = Infinity;
  if (st.wft?.started) due = Math.min(due, st.wft.started.startedTime + st.workflowTaskTimeoutMs);
  for (const t of Object.values(st.timers)) due = Math.min(due, t.fireAt);
  for (const a of Object.values(st.activities)) due = Math.min(due, activityDeadline(a));
  if (st.firstTaskAt) due = Math.min(due, st.firstTaskAt);
  if (st.runExpiration) due = Math.min(due, st.runExpiration);
  if (st.executionExpiration) due = Math.min(due, st.executionExpiration);
  return due === Infinity ? undefined : due;
}

export function processDeadlines(engine: Engine, exec: Execution): void {
  const now = engine.clock.now();
  const st = exec.state;
  engine.touch(exec);
  const expiry = Math.min(st.runExpiration ?? Infinity, st.executionExpiration ?? Infinity);
  if (expiry <= now) {
    if (st.wft?.started) st.wft = undefined;
    engine.flushBuffered(exec);
    engine.close(exec, ExecutionStatus.WORKFLOW_EXECUTION_STATUS_TIMED_OUT, {
      eventType: EventType.EVENT_TYPE_WORKFLOW_EXECUTION_TIMED_OUT,
      workflowExecutionTimedOutEventAttributes: { retryState: RetryState.RETRY_STATE_TIMEOUT },
    });
    return;
  }
  if (st.firstTaskAt && st.firstTaskAt <= now) {
    st.firstTaskAt = undefined;
    engine.scheduleWorkflowTask(exec);
  }
  const timers = Object.values(st.timers).filter((t) => t.fireAt <= now).sort((a, b) => a.fireAt - b.fireAt || a.startedEventId - b.startedEventId);
  for (const t of timers) {
    delete st.timers[t.timerId];
    engine.deliver(exec, { eventType: EventType.EVENT_TYPE_TIMER_FIRED, timerFiredEventAttributes: { timerId: t.timerId, startedEventId: t.startedEventId } });
  }
  for (const a of Object.values(st.activities)) {
    if (activityDeadline(a) <= now) onActivityDeadline(engine, exec, a, now);
  }
  if (st.wft?.started && st.wft.started.startedTime + st.workflowTaskTimeoutMs <= now) engine.workflowTaskTimedOut(exec);
}
