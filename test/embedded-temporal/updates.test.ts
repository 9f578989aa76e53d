import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { WorkflowUpdateStage } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { useSuite } from './suite';

const ACCEPTED = temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED;
const COMPLETED = temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED;

const s = useSuite();
let n = 0;
const start = (type: string) => s.t.client.workflow.start(type, { taskQueue: s.taskQueue, workflowId: `${type}-${++n}-${Date.now()}` });

test('executeUpdate returns the handler result and the workflow sees the new value', async () => {
  const handle = await start('register');
  expect(await handle.executeUpdate('setValue', { args: [5] })).toBe(0);
  expect(await handle.executeUpdate('setValue', { args: [8] })).toBe(5);
  await handle.signal('finish');
  expect(await handle.result()).toBe(8);
  const history = await handle.fetchHistory();
  const types = history.events!.map((e) => e.eventType);
  expect(types.filter((t) => t === ACCEPTED)).toHaveLength(2);
  expect(types.filter((t) => t === COMPLETED)).toHaveLength(2);
});

test('a validator rejection fails the update and leaves no trace in history', async () => {
  const handle = await start('register');
  await expect(handle.executeUpdate('setValue', { args: [-1] })).rejects.toBeInstanceOf(WorkflowUpdateFailedError);
  await expect(handle.executeUpdate('setValue', { args: [-1] })).rejects.toThrow(/update failed/i);
  expect(await handle.executeUpdate('setValue', { args: [2] })).toBe(0);
  await handle.signal('finish');
  expect(await handle.result()).toBe(2);
  const history = await handle.fetchHistory();
  expect(history.events!.filter((e) => e.eventType === ACCEPTED)).toHaveLength(1);
});

test('startUpdate returns once accepted; its handle gives the result later', async () => {
  const handle = await start('register');
  const update = await handle.startUpdate('setValue', { args: [3], waitForStage: WorkflowUpdateStage.ACCEPTED, updateId: 'u-1' });
  expect(update.updateId).toBe('u-1');
  expect(await update.result()).toBe(0);
  // A second handle to the same update id reads the stored outcome.
  expect(await handle.getUpdateHandle<number>('u-1').result()).toBe(0);
  await handle.signal('finish');
  expect(await handle.result()).toBe(3);
});

test('an update on a completed workflow is refused', async () => {
  const handle = await start('register');
  await handle.signal('finish');
  await handle.result();
  await expect(handle.executeUpdate('setValue', { args: [1] })).rejects.toThrow();
});

test('concurrent updates to one workflow are all delivered and applied one after another', async () => {
  const handle = await start('register');
  const values = [11, 22, 33, 44, 55];
  const olds = await Promise.all(values.map((v) => handle.executeUpdate('setValue', { args: [v] })));
  // Each update saw the value left by the one before it: together they form one chain from 0.
  const chain = new Map(values.map((v, i) => [olds[i], v]));
  let cursor = 0;
  const order: number[] = [];
  while (chain.has(cursor)) {
    cursor = chain.get(cursor)!;
    order.push(cursor);
  }
  expect(order.sort()).toEqual([...values].sort());
  await handle.signal('finish');
  expect(values).toContain(await handle.result());
});

test('the outcome of an old update is still found after many later ones (kept in history, not state)', async () => {
  const handle = await start('register');
  for (let i = 1; i <= 60; i++) await handle.executeUpdate('setValue', { args: [i], updateId: `u-${i}` });
  expect(await handle.getUpdateHandle<number>('u-1').result()).toBe(0);
  expect(await handle.getUpdateHandle<number>('u-60').result()).toBe(59);
  // Re-sending an old update id returns its recorded outcome instead of running it again.
  expect(await handle.executeUpdate('setValue', { args: [999], updateId: 'u-2' })).toBe(1);
  await handle.signal('finish');
  expect(await handle.result()).toBe(60);
});

test('an update whose handler closes the run keeps its outcome after the close: re-sent, polled, or asked by id', async () => {
  const handle = await start('closedByUpdate');
  expect(await handle.executeUpdate('close', { args: ['closed by update'], updateId: 'closing' })).toBe('closed by update');
  expect(await handle.result()).toBe('closed by update');
  // The SDK re-sends UpdateWorkflowExecution whenever a long poll ends before acceptance; after the
  // run closed, the same id is answered with its recorded outcome, never run again.
  expect(await handle.executeUpdate('close', { args: ['again'], updateId: 'closing' })).toBe('closed by update');
  expect(await handle.getUpdateHandle<string>('closing').result()).toBe('closed by update');
  // A new update on the closed run is refused.
  await expect(handle.executeUpdate('close', { args: ['late'], updateId: 'late' })).rejects.toBeInstanceOf(WorkflowNotFoundError);
});

test('an update accepted but unfinished when the run closes fails with AcceptedUpdateCompletedWorkflow', async () => {
  const handle = await start('closedByUpdate');
  const pending = await handle.startUpdate('neverFinishes', { waitForStage: WorkflowUpdateStage.ACCEPTED, updateId: 'never-done' });
  await handle.signal('finish');
  expect(await handle.result()).toBe('signalled');
  const failure = await pending.result().then(() => null, (e: unknown) => e);
  expect(failure).toBeInstanceOf(WorkflowUpdateFailedError);
  const cause = (failure as WorkflowUpdateFailedError).cause;
  expect(cause).toBeInstanceOf(ApplicationFailure);
  expect((cause as ApplicationFailure).type).toBe('AcceptedUpdateCompletedWorkflow');
});

test('an update rejected in the workflow task that closes the run is answered with its rejection', async () => {
  // No worker on this queue yet: the signal and the update wait, and reach the workflow in one task.
  const taskQueue = s.t.taskQueue('closing-task');
  const handle = await s.t.client.workflow.start('closedByUpdate', { taskQueue, workflowId: `closing-task-${Date.now()}` });
  await handle.signal('finish');
  const refused = handle.executeUpdate('close', { args: [''], updateId: 'refused-while-closing' }).then(() => null, (e: unknown) => e);
  await new Promise((r) => setTimeout(r, 500));
  const worker = await s.t.startWorker({ workflowBundle: s.bundle, taskQueue });
  try {
    expect(await handle.result()).toBe('signalled');
    const failure = await refused;
    expect(failure).toBeInstanceOf(WorkflowUpdateFailedError);
    expect((failure as WorkflowUpdateFailedError).cause?.message).toMatch(/an empty result is refused/);
  } finally {
    await worker.stop();
  }
});
