import { temporal } from '@temporalio/proto';
import { useSuite } from './suite';
import { asyncTokens } from './activities';

const ET = temporal.api.enums.v1.EventType;
const s = useSuite();
let n = 0;
const wid = (p: string) => `${p}-${++n}-${Date.now()}`;
const idle = async (workflowId: string) => {
  for (let i = 0; i < 100; i++) {
    const d = await s.t.client.workflowService.describeWorkflowExecution({ namespace: 'default', execution: { workflowId } });
    if (!d.pendingWorkflowTask) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('workflow never became idle');
};

test('queries answer on an idle open workflow, after signals, and on a closed one; a throwing handler fails the query', async () => {
  const id = wid('queryable');
  const h = await s.t.client.workflow.start('queryable', { taskQueue: s.taskQueue, workflowId: id });
  await idle(id);
  expect(await h.query('status')).toBe('step 0'); // a legacy query task: no workflow task pending
  await h.signal('advance');
  expect(await h.query('status')).toBe('step 1'); // may ride the workflow task the signal scheduled
  await expect(h.query('explode')).rejects.toThrow(/query handler broke/);
  await expect(h.query('no-such-query')).rejects.toThrow();
  await h.signal('advance');
  expect(await h.result()).toBe('finished at step 2');
  expect(await h.query('status')).toBe('step 2');
});

test('local activities and patches run and their markers replay', async () => {
  const h = await s.t.client.workflow.start('localAndPatched', { taskQueue: s.taskQueue, workflowId: wid('local'), args: ['neighbour'] });
  expect(await h.result()).toBe('Hello, neighbour! (v2)');
  const events = (await h.fetchHistory()).events!;
  expect(events.filter((e) => e.eventType === ET.EVENT_TYPE_MARKER_RECORDED).length).toBeGreaterThanOrEqual(1);
  // Core's SDK flags travel in sdkMetadata and must come back in WorkflowTaskCompleted.
  expect(events.some((e) => (e.workflowTaskCompletedEventAttributes?.sdkMetadata?.langUsedFlags?.length ?? 0) > 0 || (e.workflowTaskCompletedEventAttributes?.sdkMetadata?.coreUsedFlags?.length ?? 0) > 0)).toBe(true);
});

test('an activity completed asynchronously through the client by task token', async () => {
  const h = await s.t.client.workflow.start('awaitsExternalCompletion', { taskQueue: s.taskQueue, workflowId: wid('async'), args: ['a1'] });
  for (let i = 0; i < 100 && !asyncTokens.has('a1'); i++) await new Promise((r) => setTimeout(r, 20));
  await s.t.client.activity.heartbeat(asyncTokens.get('a1')!, 'still working');
  await s.t.client.activity.complete(asyncTokens.get('a1')!, 'completed from outside');
  expect(await h.result()).toBe('completed from outside');
});

test('an activity completed asynchronously by workflow and activity id', async () => {
  const id = wid('async-id');
  const h = await s.t.client.workflow.start('awaitsExternalCompletion', { taskQueue: s.taskQueue, workflowId: id, args: ['a2'] });
  for (let i = 0; i < 100 && !asyncTokens.has('a2'); i++) await new Promise((r) => setTimeout(r, 20));
  await s.t.client.activity.complete({ workflowId: id, activityId: '1' }, 'by id');
  expect(await h.result()).toBe('by id');
});

test('a workflow upserts its memo and describe shows it', async () => {
  const h = await s.t.client.workflow.start('upsertsMemo', { taskQueue: s.taskQueue, workflowId: wid('memo'), memo: { owner: 'community' } });
  await h.result();
  expect((await h.describe()).memo).toEqual({ owner: 'community', reviewedBy: 'street secretary' });
});

test('a timer cancelled by a condition and a timer that fires', async () => {
  const h = await s.t.client.workflow.start('conditionOrTimeout', { taskQueue: s.taskQueue, workflowId: wid('cond') });
  await h.signal('advance');
  expect(await h.result()).toEqual(['true', 'false']);
  const types = (await h.fetchHistory()).events!.map((e) => e.eventType);
  expect(types).toContain(ET.EVENT_TYPE_TIMER_CANCELED);
  expect(types).toContain(ET.EVENT_TYPE_TIMER_FIRED);
});

test('a poll whose caller went away gets no task: the next poller receives it at once', async () => {
  const taskQueue = s.t.taskQueue('abandoned');
  const controller = new AbortController();
  const abandoned = s.t.client.connection.withAbortSignal(controller.signal, () =>
    s.t.client.workflowService.pollWorkflowTaskQueue({ namespace: 'default', taskQueue: { name: taskQueue, kind: 1 }, identity: 'gone' }));
  await new Promise((r) => setTimeout(r, 200));
  controller.abort();
  await expect(abandoned).rejects.toThrow();
  const h = await s.t.client.workflow.start('greeting', { taskQueue, workflowId: wid('abandoned'), args: ['poller'] });
  const worker = await s.t.startWorker({ workflowBundle: s.bundle, activities: { greet: async (name: string) => `Hello, ${name}!` }, taskQueue });
  try {
    const started = Date.now();
    expect(await h.result()).toBe('Hello, poller!');
    // A task handed to the dead poller would only come back after the 10 s workflow task timeout.
    expect(Date.now() - started).toBeLessThan(8000);
    const types = (await h.fetchHistory()).events!.map((e) => e.eventType);
    expect(types).not.toContain(ET.EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT);
  } finally {
    await worker.stop();
  }
});

test('a workflow retry policy starts new runs after failures; result() follows them', async () => {
  const id = wid('wf-retry');
  const h = await s.t.client.workflow.start('succeedsOnThirdAttempt', { taskQueue: s.taskQueue, workflowId: id, retry: { initialInterval: '100ms', maximumAttempts: 5 } });
  expect(await h.result()).toBe(3);
  const statuses: string[] = [];
  for await (const info of s.t.client.workflow.list({ query: `WorkflowId = '${id}'` })) statuses.push(info.status.name);
  expect(statuses.sort()).toEqual(['COMPLETED', 'FAILED', 'FAILED']);
});

test('a workflow retry policy that runs out reports the last failure', async () => {
  const h = await s.t.client.workflow.start('succeedsOnThirdAttempt', { taskQueue: s.taskQueue, workflowId: wid('wf-retry-out'), retry: { initialInterval: '50ms', maximumAttempts: 2 } });
  await expect(h.result()).rejects.toThrow();
  const last = (await s.t.client.workflow.getHandle(h.workflowId).fetchHistory()).events!.at(-1)!;
  expect(last.workflowExecutionFailedEventAttributes?.failure?.message).toBe('attempt 2 failed');
});

test('a start delay holds the first workflow task; a signal sent meanwhile is seen', async () => {
  const started = Date.now();
  const h = await s.t.client.workflow.signalWithStart('waitsForRelease', {
    taskQueue: s.taskQueue, workflowId: wid('delayed'), startDelay: '700ms', signal: 'release', signalArgs: ['after the delay'],
  });
  expect(await h.result()).toBe('after the delay');
  expect(Date.now() - started).toBeGreaterThanOrEqual(650);
});
