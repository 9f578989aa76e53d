/**
 * Sticky execution, as Temporal offers it: a worker that completes a workflow task asks for the
 * run's next task on its own "sticky" queue, because it keeps the run in its cache. Tasks sent there
 * carry only the events since the worker's last completed task, so a long-lived run is not replayed
 * from its first event on every task (a 10,000-event vetting history cost seconds per task).
 *
 * Stickiness is transport, not state: it lives in memory only (a restarted service sends full
 * histories until workers stick again). When the worker does not pick the task up within the
 * schedule-to-start timeout it asked for, stops (ShutdownWorker), has not polled for
 * STICKY_WORKER_GONE_MS (killed), evicts the run (ResetStickyTaskQueue), or a task fails or times
 * out, the run falls back to the normal queue with its full history — the worker fetches a full
 * history itself on a cache miss, so a partial history never reaches a worker that cannot use it.
 */
import type { Engine } from './engine';
import { queueKey } from './engine';
import type { Execution } from './execution';
import { durationMs, type Plain, type temporal } from './proto';

/** What the SDK sends when the worker asks for stickiness (its default timeout is 10 s). */
type StickyAttributes = Plain<temporal.api.taskqueue.v1.IStickyExecutionAttributes> | null | undefined;
const DEFAULT_SCHEDULE_TO_START_MS = 10_000;
/**
 * A sticky queue nobody polls now and nobody polled for this long belongs to a worker that is gone
 * (killed without ShutdownWorker): its runs go straight to the normal queue instead of waiting out
 * the schedule-to-start timeout, as Temporal's matching service does.
 */
export const STICKY_WORKER_GONE_MS = 10_000;

/** Per service: when each sticky queue was last polled, and which ones their worker shut down. */
interface StickyQueues { lastPolled: Map<string, number>; shutDown: Set<string> }
const registry = new WeakMap<Engine, StickyQueues>();
function queuesOf(engine: Engine): StickyQueues {
  let q = registry.get(engine);
  if (!q) registry.set(engine, (q = { lastPolled: new Map(), shutDown: new Set() }));
  return q;
}

/** Called when a poll on a sticky queue starts and when it ends. */
export function stickyQueuePolled(engine: Engine, namespace: string, stickyQueue: string): void {
  queuesOf(engine).lastPolled.set(queueKey(namespace, stickyQueue), Date.now());
}

function alive(engine: Engine, namespace: string, stickyQueue: string): boolean {
  const key = queueKey(namespace, stickyQueue);
  const q = queuesOf(engine);
  if (q.shutDown.has(key)) return false;
  if (engine.workflowQueues.hasPoller(key)) return true;
  return Date.now() - (q.lastPolled.get(key) ?? 0) < STICKY_WORKER_GONE_MS;
}

/** Records the worker's sticky queue for the run's next task (none: the normal queue). */
export function stickAfterCompletion(engine: Engine, exec: Execution, attributes: StickyAttributes): void {
  const queue = attributes?.workerTaskQueue?.name;
  clearStickyTimer(exec);
  // a worker finishing its last task while it shuts down still asks for stickiness: not granted
  const granted = queue && !queuesOf(engine).shutDown.has(queueKey(exec.state.namespace, queue));
  exec.sticky = granted ? { queue, scheduleToStartMs: durationMs(attributes?.scheduleToStartTimeout) ?? DEFAULT_SCHEDULE_TO_START_MS } : undefined;
}

/** Queues the run's pending workflow task on the sticky queue if it has one, else the normal queue. */
export function queueWorkflowTask(engine: Engine, exec: Execution): void {
  const st = exec.state;
  if (exec.sticky && !alive(engine, st.namespace, exec.sticky.queue)) forget(exec);
  const sticky = exec.sticky;
  if (!sticky || !st.wft) {
    queueOnNormalQueue(engine, exec);
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
  forget(exec);
  const wft = exec.state.wft;
  if (exec.open && exec.wftQueued && wft && !wft.started) queueOnNormalQueue(engine, exec);
}

/** A worker stopped: every run stuck to its sticky queue goes back to the normal queue. */
export function unstickQueue(engine: Engine, namespace: string, stickyQueue: string): void {
  const shutDown = queuesOf(engine).shutDown;
  shutDown.add(queueKey(namespace, stickyQueue));
  // sticky queue names are unique per worker start; keep the memory of stopped ones bounded
  if (shutDown.size > 1000) shutDown.delete(shutDown.values().next().value!);
  for (const exec of engine.executions.values()) {
    if (exec.state.namespace === namespace && exec.sticky?.queue === stickyQueue) unstick(engine, exec);
  }
}

function queueOnNormalQueue(engine: Engine, exec: Execution): void {
  engine.workflowQueues.add(queueKey(exec.state.namespace, exec.state.taskQueue), { kind: 'wft', runId: exec.state.runId });
}

/** Drops the run's stickiness without moving a queued task (the caller queues it). */
function forget(exec: Execution): void {
  clearStickyTimer(exec);
  exec.sticky = undefined;
}

function clearStickyTimer(exec: Execution): void {
  if (exec.stickyTimer) clearTimeout(exec.stickyTimer);
  exec.stickyTimer = undefined;
}
