import * as grpc from '@grpc/grpc-js';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { WorkflowFailedError, WorkflowNotFoundError } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { WorkflowIdConflictPolicy, WorkflowIdReusePolicy } from '@temporalio/common';
import { useSuite } from './suite';

const s = useSuite();
let n = 0;
const wid = (p: string) => `${p}-${++n}-${Date.now()}`;
const opts = (workflowId: string) => ({ taskQueue: s.taskQueue, workflowId });

test('GetSystemInfo advertises the capabilities the SDK relies on', async () => {
  const info = await s.t.client.workflowService.getSystemInfo({});
  expect(info.capabilities).toMatchObject({ sdkMetadata: true, signalAndQueryHeader: true, internalErrorDifferentiation: true, activityFailureIncludeHeartbeat: true, encodedFailureAttributes: true, upsertMemo: true });
  expect(info.capabilities?.supportsSchedules).toBe(true);
  expect(info.capabilities?.eagerWorkflowStart).toBeFalsy();
});

test('an unimplemented RPC answers UNIMPLEMENTED naming the RPC', async () => {
  const err = await s.t.client.workflowService.resetWorkflowExecution({ namespace: 'default' }).catch((e: unknown) => e);
  expect((err as grpc.ServiceError).code).toBe(grpc.status.UNIMPLEMENTED);
  expect((err as grpc.ServiceError).details).toMatch(/ResetWorkflowExecution/);
});

test('a second start with a running workflow id is refused; USE_EXISTING returns the running run', async () => {
  const id = wid('dup');
  const first = await s.t.client.workflow.start('waitsForRelease', opts(id));
  await expect(s.t.client.workflow.start('waitsForRelease', opts(id))).rejects.toBeInstanceOf(WorkflowExecutionAlreadyStartedError);
  const again = await s.t.client.workflow.start('waitsForRelease', { ...opts(id), workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING });
  expect(again.firstExecutionRunId).toBe(first.firstExecutionRunId);
  const replaced = await s.t.client.workflow.start('waitsForRelease', { ...opts(id), workflowIdConflictPolicy: WorkflowIdConflictPolicy.TERMINATE_EXISTING });
  expect(replaced.firstExecutionRunId).not.toBe(first.firstExecutionRunId);
  expect((await s.t.client.workflow.getHandle(id, first.firstExecutionRunId).describe()).status.name).toBe('TERMINATED');
  await replaced.signal('release', 'x');
  expect(await replaced.result()).toBe('x');
});

test('workflow id reuse policies decide whether a closed id may run again', async () => {
  const id = wid('reuse');
  const h = await s.t.client.workflow.start('waitsForRelease', opts(id));
  await h.signal('release', 'one');
  await h.result();
  await expect(s.t.client.workflow.start('waitsForRelease', { ...opts(id), workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE }))
    .rejects.toBeInstanceOf(WorkflowExecutionAlreadyStartedError);
  await expect(s.t.client.workflow.start('waitsForRelease', { ...opts(id), workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE_FAILED_ONLY }))
    .rejects.toBeInstanceOf(WorkflowExecutionAlreadyStartedError);
  const second = await s.t.client.workflow.start('waitsForRelease', { ...opts(id), workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE });
  await second.signal('release', 'two');
  expect(await second.result()).toBe('two');
});

test('signal-with-start starts a workflow with the signal, or signals the running one', async () => {
  const id = wid('sws');
  const h = await s.t.client.workflow.signalWithStart('waitsForRelease', { ...opts(id), signal: 'release', signalArgs: ['at start'] });
  expect(await h.result()).toBe('at start');
  const id2 = wid('sws2');
  const running = await s.t.client.workflow.start('accumulator', opts(id2));
  const h2 = await s.t.client.workflow.signalWithStart('accumulator', { ...opts(id2), signal: 'add', signalArgs: [4] });
  expect(h2.signaledRunId).toBe(running.firstExecutionRunId);
  await running.signal('done');
  expect(await running.result()).toBe(4);
});

test('memo and custom keyword search attributes are stored, visible to the workflow, upserted, described and listed', async () => {
  const id = wid('tagged');
  const h = await s.t.client.workflow.start('tagged', { ...opts(id), args: ['review'], memo: { owner: 'street-office' }, searchAttributes: { Stage: ['intake'] } });
  expect(await h.result()).toEqual({ memo: { owner: 'street-office' }, stage: ['intake'] });
  const d = await h.describe();
  expect(d.memo).toEqual({ owner: 'street-office' });
  expect(d.searchAttributes.Stage).toEqual(['review']);
  const listed = [];
  for await (const info of s.t.client.workflow.list({ query: `WorkflowId = '${id}'` })) listed.push(info);
  expect(listed).toHaveLength(1);
  expect(listed[0].memo).toEqual({ owner: 'street-office' });
  expect(listed[0].searchAttributes.Stage).toEqual(['review']);
  const byStage = [];
  for await (const info of s.t.client.workflow.list({ query: `Stage = 'review' AND WorkflowType = 'tagged'` })) byStage.push(info.workflowId);
  expect(byStage).toEqual([id]);
});

test('cancel: the workflow sees the request and ends cancelled', async () => {
  const h = await s.t.client.workflow.start('cancellableSleeper', opts(wid('cancel')));
  await h.cancel();
  const err = await h.result().catch((e: unknown) => e);
  expect(err).toBeInstanceOf(WorkflowFailedError);
  expect((await h.describe()).status.name).toBe('CANCELLED');
});

test('terminate closes the run at once with the reason in history', async () => {
  const h = await s.t.client.workflow.start('waitsForRelease', opts(wid('term')));
  await h.terminate('no longer needed');
  expect((await h.describe()).status.name).toBe('TERMINATED');
  const last = (await h.fetchHistory()).events!.at(-1)!;
  expect(last.workflowExecutionTerminatedEventAttributes?.reason).toBe('no longer needed');
  await expect(h.signal('release', 'late')).rejects.toBeInstanceOf(WorkflowNotFoundError);
});

test('describe reports type, status, task queue and history length', async () => {
  const h = await s.t.client.workflow.start('waitsForRelease', opts(wid('desc')));
  const d = await h.describe();
  expect(d).toMatchObject({ type: 'waitsForRelease', taskQueue: s.taskQueue, status: { name: 'RUNNING' } });
  expect(d.historyLength).toBeGreaterThanOrEqual(2);
  await h.terminate('done');
});

test('history pages with nextPageToken and the pages add up to the whole history', async () => {
  const h = await s.t.client.workflow.start('manyTimers', { ...opts(wid('pages')), args: [30] });
  expect(await h.result()).toBe(30);
  const all = (await h.fetchHistory()).events!;
  const paged: temporal.api.history.v1.IHistoryEvent[] = [];
  let token: Uint8Array | undefined;
  let pages = 0;
  do {
    const res = await s.t.client.workflowService.getWorkflowExecutionHistory({ namespace: 'default', execution: { workflowId: h.workflowId }, maximumPageSize: 25, nextPageToken: token });
    paged.push(...res.history!.events!);
    token = res.nextPageToken?.length ? res.nextPageToken : undefined;
    pages++;
  } while (token);
  expect(pages).toBe(Math.ceil(all.length / 25));
  expect(paged.map((e) => Number(e.eventId))).toEqual(all.map((e) => Number(e.eventId)));
});

test('count and list filter by status', async () => {
  const id = wid('count');
  const h = await s.t.client.workflow.start('waitsForRelease', opts(id));
  const running = await s.t.client.workflow.count(`WorkflowId = '${id}' AND ExecutionStatus = 'Running'`);
  expect(running.count).toBe(1);
  await h.signal('release', 'go');
  await h.result();
  expect((await s.t.client.workflow.count(`WorkflowId = '${id}' AND ExecutionStatus = 'Running'`)).count).toBe(0);
  expect((await s.t.client.workflow.count(`WorkflowId = '${id}' AND ExecutionStatus = 'Completed'`)).count).toBe(1);
  await expect(s.t.client.workflow.count('WorkflowId = ')).rejects.toThrow();
});

test('a namespace the service does not serve is refused by name', async () => {
  const other = new (await import('@temporalio/client')).Client({ connection: s.t.client.connection, namespace: 'no-such-namespace' });
  await expect(other.workflow.start('waitsForRelease', { taskQueue: s.taskQueue, workflowId: wid('ns') })).rejects.toThrow(/no-such-namespace/);
});
