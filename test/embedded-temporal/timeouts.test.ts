import { WorkflowFailedError } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { msToTs } from '@temporalio/common/lib/time';
import { useSuite } from './suite';

const ET = temporal.api.enums.v1.EventType;
const s = useSuite();
let n = 0;
const wid = (p: string) => `${p}-${++n}-${Date.now()}`;

test('a workflow run timeout closes the run as timed out', async () => {
  const handle = await s.t.client.workflow.start('sleepsLong', { taskQueue: s.taskQueue, workflowId: wid('run-timeout'), workflowRunTimeout: '1s' });
  const err = await handle.result().catch((e: unknown) => e);
  expect(err).toBeInstanceOf(WorkflowFailedError);
  expect((await handle.describe()).status.name).toBe('TIMED_OUT');
});

test('a workflow execution timeout closes the run as timed out', async () => {
  const handle = await s.t.client.workflow.start('sleepsLong', { taskQueue: s.taskQueue, workflowId: wid('exec-timeout'), workflowExecutionTimeout: '1s' });
  await expect(handle.result()).rejects.toBeInstanceOf(WorkflowFailedError);
  expect((await handle.describe()).status.name).toBe('TIMED_OUT');
});

test('a failing workflow task is retried (failed, then timed out) until the code can proceed', async () => {
  const handle = await s.t.client.workflow.start('brokenUntilFixed', { taskQueue: s.taskQueue, workflowId: wid('broken'), workflowTaskTimeout: '1s' });
  const hasEvent = async (type: number) => (await handle.fetchHistory()).events!.some((e) => e.eventType === type);
  const until = Date.now() + 10_000;
  while (!(await hasEvent(ET.EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT)) && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
  await handle.signal('fix');
  expect(await handle.result()).toBe('fixed');
  const events = (await handle.fetchHistory()).events!;
  expect(events.some((e) => e.eventType === ET.EVENT_TYPE_WORKFLOW_TASK_FAILED)).toBe(true);
  expect(events.some((e) => e.eventType === ET.EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT)).toBe(true);
});

test('events that arrive while the completing task runs are not lost: the completion is refused and retried', async () => {
  // The test holds the first workflow task itself (a raw poll), so the signal deterministically
  // arrives while the task runs; then it tries to complete the workflow with that stale view.
  const taskQueue = s.t.taskQueue('buffered');
  const svc = s.t.client.workflowService;
  const handle = await s.t.client.workflow.start('slowFinisher', { taskQueue, workflowId: wid('buffered'), args: [0] });
  const task = await svc.pollWorkflowTaskQueue({ namespace: 'default', taskQueue: { name: taskQueue, kind: 1 }, identity: 'test-holder' });
  expect(task.taskToken?.length).toBeGreaterThan(0);
  await handle.signal('note', 'late');
  await svc.respondWorkflowTaskCompleted({
    namespace: 'default', taskToken: task.taskToken, identity: 'test-holder',
    commands: [{ commandType: temporal.api.enums.v1.CommandType.COMMAND_TYPE_COMPLETE_WORKFLOW_EXECUTION, completeWorkflowExecutionCommandAttributes: {} }],
  });
  expect((await handle.describe()).status.name).toBe('RUNNING');
  const worker = await s.t.startWorker({ workflowBundle: s.bundle, taskQueue });
  try {
    expect(await handle.result()).toEqual(['late']);
  } finally {
    await worker.stop();
  }
  const events = (await handle.fetchHistory()).events!;
  const failed = events.find((e) => e.eventType === ET.EVENT_TYPE_WORKFLOW_TASK_FAILED);
  expect(failed?.workflowTaskFailedEventAttributes?.cause).toBe(temporal.api.enums.v1.WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_UNHANDLED_COMMAND);
  // The signal is numbered after the refused task, not lost and not before it.
  const signalled = events.findIndex((e) => e.eventType === ET.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED);
  expect(signalled).toBeGreaterThan(events.indexOf(failed!));
});

test('a completion whose commands cannot be applied leaves none of them in history and fails the task', async () => {
  const taskQueue = s.t.taskQueue('malformed');
  const svc = s.t.client.workflowService;
  const CT = temporal.api.enums.v1.CommandType;
  const handle = await s.t.client.workflow.start('slowFinisher', { taskQueue, workflowId: wid('malformed'), args: [0] });
  const task = await svc.pollWorkflowTaskQueue({ namespace: 'default', taskQueue: { name: taskQueue, kind: 1 }, identity: 'broken-worker' });
  const refused = await svc.respondWorkflowTaskCompleted({
    namespace: 'default', taskToken: task.taskToken, identity: 'broken-worker',
    commands: [
      { commandType: CT.COMMAND_TYPE_START_TIMER, startTimerCommandAttributes: { timerId: 't1', startToFireTimeout: msToTs(60_000) } },
      { commandType: CT.COMMAND_TYPE_SCHEDULE_ACTIVITY_TASK }, // no attributes
    ],
  }).catch((e: unknown) => e);
  expect(String(refused)).toMatch(/INVALID_ARGUMENT|refused/);
  const events = (await handle.fetchHistory()).events!;
  expect(events.map((e) => e.eventType)).not.toContain(ET.EVENT_TYPE_TIMER_STARTED);
  expect(events.map((e) => e.eventType)).toContain(ET.EVENT_TYPE_WORKFLOW_TASK_FAILED);
  const worker = await s.t.startWorker({ workflowBundle: s.bundle, taskQueue });
  try {
    expect(await handle.result()).toEqual([]);
  } finally {
    await worker.stop();
  }
});
