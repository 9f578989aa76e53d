import { WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { completeTaskUpdate } from '../../../workflows/api';
import { workflowSuite, type Suite } from '../support/harness';

let s: Suite;
beforeAll(async () => {
  s = await workflowSuite(__dirname);
});
afterAll(async () => s?.close());

async function rejection(p: Promise<unknown>): Promise<ApplicationFailure> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  if (!(e instanceof WorkflowUpdateFailedError)) throw new Error(`expected a refusal, got ${String(e)} ${JSON.stringify(e)}`);
  const cause = (e as WorkflowUpdateFailedError).cause;
  expect(cause).toBeInstanceOf(ApplicationFailure);
  return cause as ApplicationFailure;
}

test('a reviewer gets a task in the inbox, a bad form is refused naming the field, the decision routes the process', async () => {
  const version = await s.deploy('user-task.bpmn');
  const h = await s.start(version, { reviewer: 'li-na', department: 'police' });
  const task = await s.openTask(h, 'review');
  expect(task).toMatchObject({ name: '部门审查', assignee: 'official:li-na', candidateGroups: ['unit:police:reviewer'], formFields: [expect.objectContaining({ id: 'decision' }), expect.objectContaining({ id: 'score' })] });
  const startedAt = await s.t.now();
  expect(Date.parse(task.dueAt!) - startedAt).toBeGreaterThan(5 * 86400_000 - 60_000);

  // the inbox row exists (openUserTask ran)
  await s.waitUntil(h, 'the inbox row', () => s.rec.tasksOf(h.workflowId).length === 1);
  expect(s.rec.tasksOf(h.workflowId)[0]!.open).toMatchObject({ taskKey: task.taskKey, assignee: 'official:li-na', variables: { reviewer: 'li-na', department: 'police' } });

  const missing = await rejection(h.executeUpdate(completeTaskUpdate, { args: [{ taskKey: task.taskKey, completedBy: 'li-na', variables: {} }] }));
  expect(missing.type).toBe('InvalidTaskInput');
  expect(missing.message).toMatch(/"decision".*required/);
  const tooHigh = await rejection(h.executeUpdate(completeTaskUpdate, { args: [{ taskKey: task.taskKey, completedBy: 'li-na', variables: { decision: 'pass', score: 101 } }] }));
  expect(tooHigh.message).toMatch(/"score".*at most 100/);
  const unknown = await rejection(h.executeUpdate(completeTaskUpdate, { args: [{ taskKey: 'nope#1', completedBy: 'li-na', variables: { decision: 'pass' } }] }));
  expect(unknown.type).toBe('TaskNotOpen');

  const result = await h.executeUpdate(completeTaskUpdate, { args: [{ taskKey: task.taskKey, completedBy: 'li-na', variables: { decision: 'pass', score: 90 } }] });
  expect(result).toEqual({ taskKey: task.taskKey, elementId: 'review', outcome: 'completed' });
  // a second official completing the same task is refused: the task is closed
  const again = await rejection(h.executeUpdate(completeTaskUpdate, { args: [{ taskKey: task.taskKey, completedBy: 'wang-fang', variables: { decision: 'veto' } }] }));
  expect(again.type).toBe('TaskNotOpen');
  await s.complete(h, 'archive', {}, 'wang-fang');

  expect(await h.result()).toEqual({ status: 'completed', variables: { reviewer: 'li-na', department: 'police', decision: 'pass', score: 90 } });
  const state = await s.state(h);
  expect(state.visited.map((v) => v.elementId)).toEqual(['start', 'review', 'decided', 'archive', 'passed']);
  expect(state.visited[1]).toMatchObject({ outcome: 'completed', by: 'li-na' });
  expect(s.rec.tasksOf(h.workflowId)[0]!.closed).toMatchObject({ outcome: 'completed', completedBy: 'li-na' });
  await s.finish('user-task', h);
});

test('cancelling the instance closes its open tasks as cancelled', async () => {
  const version = await s.deploy('user-task.bpmn');
  const h = await s.start(version, { reviewer: 'li-na', department: 'court' });
  const task = await s.openTask(h, 'review');
  await s.waitUntil(h, 'the inbox row', () => s.rec.tasks.has(`${h.workflowId}/${task.taskKey}`));
  await h.cancel();
  await expect(h.result()).rejects.toThrow();
  expect((await h.describe()).status.name).toBe('CANCELLED');
  expect(s.rec.tasks.get(`${h.workflowId}/${task.taskKey}`)!.closed).toMatchObject({ outcome: 'cancelled', reason: 'instance cancelled' });
});
