import { WorkflowFailedError } from '@temporalio/client';
import { useSuite } from './suite';

const s = useSuite();
let n = 0;
const id = (p: string) => `${p}-${++n}-${Date.now()}`;
const run = async <T>(type: string, args: unknown[] = [], workflowId = id(type)): Promise<T> =>
  (await s.t.client.workflow.execute(type, { taskQueue: s.taskQueue, workflowId, args })) as T;
const status = async (workflowId: string) => (await s.t.client.workflow.getHandle(workflowId).describe()).status.name;
const eventually = async (fn: () => Promise<boolean>, ms = 5000) => {
  const until = Date.now() + ms;
  while (!(await fn())) {
    if (Date.now() > until) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 50));
  }
};

test('a child workflow returns its result to the parent', async () => {
  expect(await run('childResult')).toBe('Hello, child!');
});

test('a failing child surfaces as ChildWorkflowFailure with its cause', async () => {
  expect(await run('childFailure')).toBe('child broke');
});

test('parent close policies: TERMINATE, REQUEST_CANCEL, ABANDON', async () => {
  const kids = { TERMINATE: id('kid-t'), REQUEST_CANCEL: id('kid-c'), ABANDON: id('kid-a') };
  for (const [policy, kid] of Object.entries(kids)) await run('leavesChild', [policy, kid]);
  await eventually(async () => (await status(kids.TERMINATE)) === 'TERMINATED');
  await eventually(async () => (await status(kids.REQUEST_CANCEL)) === 'CANCELLED');
  expect(await status(kids.ABANDON)).toBe('RUNNING');
  await s.t.client.workflow.getHandle(kids.ABANDON).terminate('test cleanup');
});

test('signals reach another workflow through an external handle', async () => {
  expect(await run('signalsChild')).toBe(7);
});

test('signalling a workflow that does not exist fails in the workflow', async () => {
  expect(await run('signalsMissing')).toMatch(/not found/i);
});

test('cancelling another workflow through an external handle', async () => {
  expect(await run('cancelsChild')).toBe('child cancelled');
});

test('starting a child whose id is taken fails with WorkflowExecutionAlreadyStartedError', async () => {
  const taken = id('taken');
  const blocker = await s.t.client.workflow.start('waitForever', { taskQueue: s.taskQueue, workflowId: taken });
  expect(await run('duplicateChild', [taken])).toBe('already started');
  await blocker.terminate('test cleanup');
});

test('continue-as-new chains runs under one workflow id and result() follows the chain', async () => {
  const wfId = id('countdown');
  const handle = await s.t.client.workflow.start('countdown', { taskQueue: s.taskQueue, workflowId: wfId, args: [3] });
  expect(await handle.result()).toEqual([3, 2, 1]);
  const runs = [];
  for await (const info of s.t.client.workflow.list()) if (info.workflowId === wfId) runs.push(info.status.name);
  expect(runs.sort()).toEqual(['COMPLETED', 'CONTINUED_AS_NEW', 'CONTINUED_AS_NEW', 'CONTINUED_AS_NEW']);
  const first = await s.t.client.workflow.getHandle(wfId, handle.firstExecutionRunId).describe();
  expect(first.status.name).toBe('CONTINUED_AS_NEW');
});

test('a parent waits through its child\'s continue-as-new chain', async () => {
  expect(await run('parentOfCountdown')).toEqual([2, 1]);
});

test('a workflow that fails reports WorkflowFailedError to the client', async () => {
  await expect(run('failing', ['top-level broke'])).rejects.toBeInstanceOf(WorkflowFailedError);
});
