/**
 * Sticky execution as a worker sees it. The raw cases play the worker themselves over the real gRPC
 * API (polls and responses by hand), so each asserts exactly what lands on which queue and which
 * history a task carries; the last case runs the real SDK worker across a worker restart.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time';
import { temporal } from '@temporalio/proto';
import { startEmbeddedTemporal, type EmbeddedTemporal } from '../../embedded-temporal';
import { bundleWorkflows, startTestTemporal } from '../helpers/temporal';

const ET = temporal.api.enums.v1.EventType;
const CT = temporal.api.enums.v1.CommandType;
const NORMAL = temporal.api.enums.v1.TaskQueueKind.TASK_QUEUE_KIND_NORMAL;
const STICKY = temporal.api.enums.v1.TaskQueueKind.TASK_QUEUE_KIND_STICKY;
type PollResponse = temporal.api.workflowservice.v1.IPollWorkflowTaskQueueResponse;

/** An empty poll answers after this long: long enough for a task to move, short enough to assert "none came". */
const POLL_MS = 1500;

describe('sticky execution over raw WorkflowService calls', () => {
  let service: EmbeddedTemporal;
  let connection: Connection;
  let client: Client;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gridflow-sticky-'));
  let seq = 0;

  beforeAll(async () => {
    service = await startEmbeddedTemporal({ port: 0, dbPath: path.join(dir, 't.db'), pollTimeoutMs: POLL_MS });
    connection = await Connection.connect({ address: service.address });
    client = new Client({ connection, namespace: 'default' });
  });
  afterAll(async () => {
    await connection?.close();
    await service?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** A run of a workflow type no SDK worker serves: the test is its worker. */
  async function startRun(prefix: string) {
    const n = ++seq;
    const taskQueue = `${prefix}-q-${n}`;
    const stickyQueue = `sticky-${prefix}-${n}`;
    const handle = await client.workflow.start('handDriven', { taskQueue, workflowId: `${prefix}-${n}` });
    return { taskQueue, stickyQueue, handle };
  }

  const svc = () => connection.workflowService;
  const pollNormal = (taskQueue: string, identity = 'normal-poller') =>
    svc().pollWorkflowTaskQueue({ namespace: 'default', taskQueue: { name: taskQueue, kind: NORMAL }, identity });
  const pollSticky = (taskQueue: string, stickyQueue: string, identity = 'sticky-worker') =>
    svc().pollWorkflowTaskQueue({ namespace: 'default', taskQueue: { name: stickyQueue, kind: STICKY, normalName: taskQueue }, identity });

  /** Completes a task with no commands, asking for the run's next task on `stickyQueue`. */
  const completeSticky = (task: PollResponse, taskQueue: string, stickyQueue: string, scheduleToStartMs: number) =>
    svc().respondWorkflowTaskCompleted({
      namespace: 'default', taskToken: task.taskToken, identity: 'sticky-worker', commands: [],
      stickyAttributes: { workerTaskQueue: { name: stickyQueue, kind: STICKY, normalName: taskQueue }, scheduleToStartTimeout: msToTs(scheduleToStartMs) },
    });

  /** Takes the first task from the normal queue and completes it sticky; the run then waits for a signal. */
  async function stuckRun(prefix: string, scheduleToStartMs: number) {
    const run = await startRun(prefix);
    const first = await pollNormal(run.taskQueue, 'sticky-worker');
    expect(first.taskToken?.length).toBeGreaterThan(0);
    // a live worker polls its sticky queue (an empty poll here); one that never polls counts as gone
    expect(hasTask(await pollSticky(run.taskQueue, run.stickyQueue))).toBe(false);
    await completeSticky(first, run.taskQueue, run.stickyQueue, scheduleToStartMs);
    return { ...run, firstStartedEventId: Number(first.startedEventId) };
  }

  const eventIds = (task: PollResponse) => (task.history?.events ?? []).map((e) => Number(e.eventId));
  const eventTypes = (task: PollResponse) => (task.history?.events ?? []).map((e) => e.eventType);
  const hasTask = (task: PollResponse) => (task.taskToken?.length ?? 0) > 0;

  /** What a worker needs of a full-history task: every event from the run's start to the new WorkflowTaskStarted. */
  function expectFullHistory(task: PollResponse) {
    expect(hasTask(task)).toBe(true);
    const ids = eventIds(task);
    expect(ids[0]).toBe(1);
    expect(eventTypes(task)[0]).toBe(ET.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED);
    expect(ids).toEqual(ids.map((_, i) => i + 1));
    expect(eventTypes(task).at(-1)).toBe(ET.EVENT_TYPE_WORKFLOW_TASK_STARTED);
    expect(ids.at(-1)).toBe(Number(task.startedEventId));
  }

  test('after a sticky completion, a signal\'s task comes on the sticky queue with only the events since the last completed task', async () => {
    const run = await stuckRun('partial', 60_000);
    expect(run.firstStartedEventId).toBe(3); // Started, TaskScheduled, TaskStarted
    await run.handle.signal('proceed');
    const [onNormal, onSticky] = await Promise.all([pollNormal(run.taskQueue), pollSticky(run.taskQueue, run.stickyQueue)]);
    expect(hasTask(onNormal)).toBe(false); // the task is not handed out twice

    expect(hasTask(onSticky)).toBe(true);
    expect(Number(onSticky.previousStartedEventId)).toBe(run.firstStartedEventId);
    const ids = eventIds(onSticky);
    expect(ids[0]).toBe(run.firstStartedEventId + 1);
    expect(ids).toEqual(ids.map((_, i) => run.firstStartedEventId + 1 + i)); // contiguous, nothing skipped
    expect(eventTypes(onSticky)).toEqual([
      ET.EVENT_TYPE_WORKFLOW_TASK_COMPLETED, ET.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED,
      ET.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED, ET.EVENT_TYPE_WORKFLOW_TASK_STARTED,
    ]);
    expect(ids.at(-1)).toBe(Number(onSticky.startedEventId));
    const signalled = onSticky.history!.events![1].workflowExecutionSignaledEventAttributes;
    expect(signalled?.signalName).toBe('proceed');

    await svc().respondWorkflowTaskCompleted({
      namespace: 'default', taskToken: onSticky.taskToken, identity: 'sticky-worker',
      commands: [{ commandType: CT.COMMAND_TYPE_COMPLETE_WORKFLOW_EXECUTION, completeWorkflowExecutionCommandAttributes: {} }],
    });
    const described = await run.handle.describe();
    expect(described.status.name).toBe('COMPLETED');
    // The stored history is whole: the partial task changed only what was sent.
    const stored = (await run.handle.fetchHistory()).events!;
    expect(stored.map((e) => Number(e.eventId))).toEqual(stored.map((_, i) => i + 1));
    expect(stored.at(-1)?.eventType).toBe(ET.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED);
  });

  test('a sticky task nobody polls within its schedule-to-start timeout goes to the normal queue with the full history', async () => {
    const run = await stuckRun('timeout', 300);
    const signalled = Date.now();
    await run.handle.signal('proceed');
    const task = await pollNormal(run.taskQueue);
    expectFullHistory(task);
    expect(Date.now() - signalled).toBeGreaterThanOrEqual(250); // the sticky worker had its 300 ms first
    expect(eventTypes(task)).toContain(ET.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED);
    // The sticky queue no longer offers it.
    expect(hasTask(await pollSticky(run.taskQueue, run.stickyQueue))).toBe(false);
  });

  test('ShutdownWorker moves a task waiting on the worker\'s sticky queue to the normal queue at once', async () => {
    const run = await stuckRun('shutdown', 60_000);
    await run.handle.signal('proceed');
    // Nothing on the normal queue while the worker is considered alive.
    expect(hasTask(await pollNormal(run.taskQueue))).toBe(false);
    await svc().shutdownWorker({ namespace: 'default', stickyTaskQueue: run.stickyQueue, identity: 'sticky-worker' });
    const task = await pollNormal(run.taskQueue); // answers empty after POLL_MS, far under the 60 s timeout
    expectFullHistory(task);
    expect(hasTask(await pollSticky(run.taskQueue, run.stickyQueue))).toBe(false);
  });

  test('ShutdownWorker un-sticks idle runs too: their next task goes to the normal queue', async () => {
    const run = await stuckRun('shutdown-idle', 60_000);
    await svc().shutdownWorker({ namespace: 'default', stickyTaskQueue: run.stickyQueue, identity: 'sticky-worker' });
    await run.handle.signal('proceed');
    expectFullHistory(await pollNormal(run.taskQueue));
  });

  test('a run stuck to a sticky queue no worker polls (a killed worker) goes to the normal queue at once, not after its timeout', async () => {
    const run = await startRun('gone');
    const first = await pollNormal(run.taskQueue, 'killed-worker');
    await completeSticky(first, run.taskQueue, run.stickyQueue, 60_000); // its sticky queue was never polled
    await run.handle.signal('proceed');
    const before = Date.now();
    expectFullHistory(await pollNormal(run.taskQueue));
    expect(Date.now() - before).toBeLessThan(POLL_MS); // handed out by this poll, not after 60 s
  });

  test('a task completed after its worker called ShutdownWorker does not stick the run to the stopped worker', async () => {
    const run = await startRun('late');
    const first = await pollNormal(run.taskQueue, 'stopping-worker');
    expect(hasTask(await pollSticky(run.taskQueue, run.stickyQueue, 'stopping-worker'))).toBe(false);
    await svc().shutdownWorker({ namespace: 'default', stickyTaskQueue: run.stickyQueue, identity: 'stopping-worker' });
    await completeSticky(first, run.taskQueue, run.stickyQueue, 60_000); // finishing its last task while stopping
    await run.handle.signal('proceed');
    expectFullHistory(await pollNormal(run.taskQueue));
  });

  test('ResetStickyTaskQueue moves one run\'s waiting task to the normal queue at once and leaves other runs sticky', async () => {
    const reset = await stuckRun('reset', 60_000);
    const other = await stuckRun('reset-other', 60_000);
    await reset.handle.signal('proceed');
    await other.handle.signal('proceed');
    await svc().resetStickyTaskQueue({ namespace: 'default', execution: { workflowId: reset.handle.workflowId } });
    expectFullHistory(await pollNormal(reset.taskQueue));
    const stillSticky = await pollSticky(other.taskQueue, other.stickyQueue);
    expect(hasTask(stillSticky)).toBe(true);
    expect(eventIds(stillSticky)[0]).toBe(other.firstStartedEventId + 1);
  });

  test('a sticky task the worker fails is retried on the normal queue with the full history', async () => {
    const run = await stuckRun('failed', 60_000);
    await run.handle.signal('proceed');
    const sticky = await pollSticky(run.taskQueue, run.stickyQueue);
    expect(hasTask(sticky)).toBe(true);
    await svc().respondWorkflowTaskFailed({
      namespace: 'default', taskToken: sticky.taskToken, identity: 'sticky-worker',
      cause: temporal.api.enums.v1.WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_WORKFLOW_WORKER_UNHANDLED_FAILURE,
      failure: { message: 'nondeterminism in the cached run' },
    });
    const [onNormal, onSticky] = await Promise.all([pollNormal(run.taskQueue), pollSticky(run.taskQueue, run.stickyQueue)]);
    expect(hasTask(onSticky)).toBe(false);
    expectFullHistory(onNormal);
    expect(onNormal.attempt).toBe(2);
    expect(eventTypes(onNormal)).toContain(ET.EVENT_TYPE_WORKFLOW_TASK_FAILED);
    expect(Number(onNormal.previousStartedEventId)).toBe(run.firstStartedEventId); // the failed task does not count as completed
  });
});

describe('sticky execution with the real SDK worker', () => {
  test('with a workflow cache smaller than the runs in flight, evicted runs still see every signal and finish right', async () => {
    const t = await startTestTemporal();
    try {
      const bundle = await bundleWorkflows(require.resolve('./workflows/basics'));
      const taskQueue = t.taskQueue('sticky-evict');
      // 2 cached runs, 6 interleaved: most tasks arrive on a sticky queue for a run the worker evicted,
      // and the worker must fetch the full history from the service to go on
      const worker = await t.startWorker({ workflowBundle: bundle, taskQueue, maxCachedWorkflows: 2, maxConcurrentWorkflowTaskExecutions: 2 });
      const handles = await Promise.all([0, 1, 2, 3, 4, 5].map((i) => t.client.workflow.start('accumulator', { taskQueue, workflowId: `evict-${i}-${Date.now()}` })));
      for (const round of [1, 2, 3]) {
        for (const [i, h] of handles.entries()) await h.signal('add', round * 10 + i);
      }
      for (const h of handles) await h.signal('done');
      const totals = await Promise.all(handles.map((h) => h.result()));
      expect(totals).toEqual(handles.map((_, i) => [1, 2, 3].reduce((sum, round) => sum + round * 10 + i, 0)));
      await worker.stop();
      expect(await t.replayAll(bundle)).toBe(6);
    } finally {
      await t.close();
    }
  });

  test('signals are handled across a worker restart without waiting for the sticky timeout', async () => {
    const t = await startTestTemporal();
    try {
      const bundle = await bundleWorkflows(require.resolve('./workflows/basics'));
      const taskQueue = t.taskQueue('sticky-sdk');
      const first = await t.startWorker({ workflowBundle: bundle, taskQueue });
      const handle = await t.client.workflow.start('accumulator', { taskQueue, workflowId: `accumulator-${Date.now()}` });
      for (const n of [1, 2, 3]) {
        await handle.signal('add', n);
        expect(await handle.query('total')).toBe([1, 2, 3].slice(0, n).reduce((a, b) => a + b, 0));
      }
      await first.stop();

      // The first worker kept the run cached and asked for a 10 s sticky timeout; its ShutdownWorker
      // call must hand the run to the next worker at once.
      const second = await t.startWorker({ workflowBundle: bundle, taskQueue });
      await handle.signal('add', 10);
      await handle.signal('done');
      let deadline: NodeJS.Timeout | undefined;
      const tooLate = new Promise<never>((_, reject) => {
        deadline = setTimeout(() => reject(new Error('the workflow did not finish within 8 s of the second worker starting')), 8000);
      });
      try {
        expect(await Promise.race([handle.result(), tooLate])).toBe(16);
      } finally {
        clearTimeout(deadline);
      }
      await second.stop();
      expect(await t.replayAll(bundle)).toBe(1);
    } finally {
      await t.close();
    }
  });
});
