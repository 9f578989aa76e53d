/**
 * Sticky execution, as Temporal offers it: a worker that completes a workflow task asks for the
 * run's next task on its own "sticky" queue, because it keeps the run in its cache. Tasks sent there
 * carry only the events since the worker's last completed task, so a long-lived run is not replayed
 * from its first event on every task (a 10,000-event vetting history cost seconds per task).
 *
 * Stickiness is transport, not state: it lives in memory only (a restarted service sends full
 * histories until workers stick again). When the worker does not pick the task up within the
 * schedule-to-start timeout it asked for, stops (ShutdownWorker), evicts the run
 * (ResetStickyTaskQueue), or a task fails or times out, the run falls back to the normal queue
 * with its full history — the worker fetches a full history itself on a cache miss, so a
 * partial history never reaches a worker that cannot use it.
 */
import type { Engine } from './engine';
import { queueKey } from './engine';
import type { Execution } from './execution';
import { durationMs, type Plain, type temporal } from './proto';

/** What the SDK sends when the worker asks for stickiness (its default timeout is 10 s). */
type StickyAttributes = Plain<temporal.api.taskqueue.v1.IStickyExecutionAttributes> | null | undefined;
const DEFAULT_SCHEDULE_TO_START_MS = 10_000;

/** Records the worker's sticky queue for the run's next task (none: the normal queue). */
export function stickAfterCompletion(exec: Execution, attributes: StickyAttributes): void {
  const queue = attributes?.workerTaskQueue?.name;
  clearStickyTimer(exec);
  exec.sticky = queue ? { queue, scheduleToStartMs: durationMs(attributes?.scheduleToStartTimeout) ?? DEFAULT_SCHEDULE_TO_START_MS } : undefined;
}

/** Queues the run's pending workflow task on the sticky queue if it has one, else the normal queue. */
export function queueWorkflowTask(engine: Engine, exec: Execution): void {
  const st = exec.state;
  const sticky = exec.sticky;
  if (!sticky || !st.wft) {
    engine.workflowQueues.add(queueKey(st.namespace, st.taskQueue), { kind: 'wft', runId: st.runId });
    return;
  }
  engine.workflowQueues.add(queueKey(st.namespace, sticky.queue), { kind: 'wft', runId: st.runId, stickyQueue: sticky.queue });
  const scheduledEventId = st.wft.scheduledEventId;
  clearStickyTimer(exec);
  // Wall-clock, not the (possibly skipping) workflow clock: this bounds how long a real worker may
  // take to answer its sticky poll.
  exec.stickyTimer = setTimeout(() => {
    exec.stickyTimer = undefined;
    const wft = exec.state.wft;
    if (exec.open && exec.wftQueued && wft && !wft.started && wft.scheduledEventId === scheduledEventId) unstick(engine, exec);
  }, sticky.scheduleToStartMs);
  exec.stickyTimer.unref();
}

/** True when a task taken from a sticky queue is still meant to be served from it. */
export function servesSticky(exec: Execution, stickyQueue: string): boolean {
  return exec.sticky?.queue === stickyQueue;
}

/** Forgets the run's stickiness; a task waiting on the sticky queue moves to the normal queue. */
export function unstick(engine: Engine, exec: Execution): void {
  if (!exec.sticky) return;
  clearStickyTimer(exec);
  exec.sticky = undefined;
  const wft = exec.state.wft;
  if (exec.open && exec.wftQueued && wft && !wft.started) {
    engine.workflowQueues.add(queueKey(exec.state.namespace, exec.state.taskQueue), { kind: 'wft', runId: exec.state.runId });
  }
}

/** A worker stopped: every run stuck to its sticky queue goes back to the normal queue. */
export function unstickQueue(engine: Engine, namespace: string, stickyQueue: string): void {
  for (const exec of engine.executions.values()) {
    if (exec.state.namespace === namespace && exec.sticky?.queue === stickyQueue) unstick(engine, exec);
  }
}

function clearStickyTimer(exec: Execution): void {
  if (exec.stickyTimer) clearTimeout(exec.stickyTimer);
  exec.stickyTimer = undefined;
}
