import { ApplicationFailure } from '@temporalio/common';
import { createEngineActivities } from '../../activities';
import type { OpenUserTaskInput } from '../../activities/contract';
import { createPrisma } from '../../prisma/client';
import { canActOnTask, refreshTaskCandidates, tasksVisibleTo } from '../../activities/tasks';
import { seededDatabase, type SeededDb } from './helpers';

let db: SeededDb;
let pushed: string[];
let acts: ReturnType<typeof createEngineActivities>;
beforeAll(async () => {
  db = await seededDatabase();
  pushed = [];
  acts = createEngineActivities({ prisma: db.prisma, notifier: (id) => pushed.push(id) });
});
afterAll(() => db.cleanup());

let seq = 0;
function taskInput(over: Partial<OpenUserTaskInput> = {}): OpenUserTaskInput {
  seq++;
  return {
    workflowId: `wf-${seq}`,
    processKey: 'review',
    versionId: db.versionId,
    anchorUnit: 'compound-1-1-1',
    taskKey: 'task#1',
    elementId: 'task',
    name: '部门审查',
    candidateGroups: ['unit:dept-tax:reviewer'],
    dueAt: '2026-12-01T09:00:00.000Z',
    formFields: [{ id: 'decision', label: '审查结论', type: 'enum', required: true, options: [{ value: 'pass', label: '通过' }] }],
    variables: { candidate: 'c-1' },
    ...over,
  };
}
const user = (username: string) => db.prisma.user.findUniqueOrThrow({ where: { username } });

test('loadGraph returns the deployed graph and resolveLatestVersion its id', async () => {
  const graph = await acts.loadGraph(db.versionId);
  expect(graph.processKey).toBe('review');
  expect(graph.elements.task.kind).toBe('userTask');
  expect(await acts.resolveLatestVersion('review')).toBe(db.versionId);
});

test('an unknown version or process fails without retries', async () => {
  const err = await acts.loadGraph('nope:v1').catch((e) => e);
  expect(err).toBeInstanceOf(ApplicationFailure);
  expect(err.nonRetryable).toBe(true);
  expect(err.message).toMatch(/nope:v1/);
  await expect(acts.resolveLatestVersion('nope')).rejects.toThrow(/process "nope"/);
});

test('openUserTask twice makes one task, one candidate set and one notification per person', async () => {
  const input = taskInput({ assignee: 'official:street1-secretary' });
  const a = await acts.openUserTask(input);
  const b = await acts.openUserTask(input);
  expect(b.taskId).toBe(a.taskId);
  expect(await db.prisma.task.count({ where: { workflowId: input.workflowId } })).toBe(1);
  const candidates = await db.prisma.taskCandidate.findMany({ where: { taskId: a.taskId }, include: { user: true } });
  expect(candidates.map((c) => c.user.username).sort()).toEqual(['street1-secretary', 'tax-reviewer']);
  const notes = await db.prisma.notification.findMany({ where: { taskId: a.taskId }, include: { recipient: true, deliveries: true } });
  expect(notes.map((n) => n.recipient.username).sort()).toEqual(['street1-secretary', 'tax-reviewer']);
  expect(notes.every((n) => n.kind === 'task-assigned' && n.title.includes('部门审查'))).toBe(true);
  // in-app is delivered by existing; email waits for the sender
  expect(notes[0].deliveries.map((d) => `${d.channel}:${d.state}`).sort()).toEqual(['email:pending', 'inapp:sent']);
  expect(pushed).toEqual(expect.arrayContaining(notes.map((n) => n.id)));
  const task = await db.prisma.task.findUniqueOrThrow({ where: { id: a.taskId } });
  expect(JSON.parse(task.formFieldsJson)[0].id).toBe('decision');
  expect(task.dueAt?.toISOString()).toBe('2026-12-01T09:00:00.000Z');
});

test('a webhook endpoint gets a delivery for every new notification', async () => {
  const hook = await db.prisma.webhookEndpoint.create({ data: { url: 'http://127.0.0.1:1/hook', secret: 's' } });
  const { taskId } = await acts.openUserTask(taskInput());
  const deliveries = await db.prisma.delivery.findMany({ where: { notification: { taskId }, channel: 'webhook' } });
  expect(deliveries.map((d) => d.target)).toEqual([hook.id]);
  await db.prisma.webhookEndpoint.delete({ where: { id: hook.id } });
});

test('the inbox shows a task to its candidates only, and not after it is closed', async () => {
  const input = taskInput({ candidateGroups: ['level:street:secretary'], anchorUnit: 'compound-3-2-1' });
  const { taskId } = await acts.openUserTask(input);
  const secretary = await user('street3-secretary');
  const other = await user('street1-secretary');
  expect((await tasksVisibleTo(db.prisma, secretary)).map((t) => t.id)).toContain(taskId);
  expect((await tasksVisibleTo(db.prisma, other)).map((t) => t.id)).not.toContain(taskId);
  expect((await tasksVisibleTo(db.prisma, await user('auditor'))).map((t) => t.id)).toContain(taskId);
  expect(await canActOnTask(db.prisma, secretary.id, taskId)).toBe(true);
  expect(await canActOnTask(db.prisma, other.id, taskId)).toBe(false);

  const close = { workflowId: input.workflowId, taskKey: input.taskKey, outcome: 'completed' as const, completedBy: 'street3-secretary', variables: { decision: 'pass' } };
  await acts.closeUserTask(close);
  await acts.closeUserTask({ ...close, completedBy: 'someone-else' });
  const task = await db.prisma.task.findUniqueOrThrow({ where: { id: taskId } });
  expect([task.state, task.completedBy, JSON.parse(task.resultJson!)]).toEqual(['completed', 'street3-secretary', { decision: 'pass' }]);
  expect((await tasksVisibleTo(db.prisma, secretary)).map((t) => t.id)).not.toContain(taskId);
  expect((await tasksVisibleTo(db.prisma, secretary, { state: 'completed' })).map((t) => t.id)).toContain(taskId);
  expect(await canActOnTask(db.prisma, secretary.id, taskId)).toBe(false);
});

test('a cancelled task records why, and a late completion does not overwrite it', async () => {
  const input = taskInput();
  const { taskId } = await acts.openUserTask(input);
  await acts.closeUserTask({ workflowId: input.workflowId, taskKey: input.taskKey, outcome: 'cancelled', reason: 'completion condition of vetting met' });
  await acts.closeUserTask({ workflowId: input.workflowId, taskKey: input.taskKey, outcome: 'completed', completedBy: 'tax-reviewer' });
  const task = await db.prisma.task.findUniqueOrThrow({ where: { id: taskId } });
  expect([task.state, task.cancelReason, task.completedBy]).toEqual(['cancelled', 'completion condition of vetting met', null]);
});

test('a task whose groups name nobody still opens, and the admins are told', async () => {
  const { taskId } = await acts.openUserTask(taskInput({ candidateGroups: ['unit:street-1:head'] }));
  expect(await db.prisma.taskCandidate.count({ where: { taskId } })).toBe(0);
  const notes = await db.prisma.notification.findMany({ where: { taskId }, include: { recipient: true } });
  expect(notes.map((n) => n.recipient.username)).toEqual(['admin']);
  expect(notes[0].body).toMatch(/unit:street-1:head/);
  // once someone holds the role, refreshing offers them the task
  const head = await user('street1-officer');
  const street = await db.prisma.unit.findUniqueOrThrow({ where: { code: 'street-1' } });
  await db.prisma.membership.create({ data: { userId: head.id, unitId: street.id, role: 'head' } });
  expect(await refreshTaskCandidates(db.prisma, taskId)).toEqual([head.id]);
  expect(await canActOnTask(db.prisma, head.id, taskId)).toBe(true);
});

test('a malformed identity fails the task opening without retries and stores nothing', async () => {
  const input = taskInput({ candidateGroups: ['dept:tax:vetting'] });
  const err = await acts.openUserTask(input).catch((e) => e);
  expect(err).toBeInstanceOf(ApplicationFailure);
  expect(err.type).toBe('IdentityError');
  expect(err.nonRetryable).toBe(true);
  expect(await db.prisma.task.count({ where: { workflowId: input.workflowId } })).toBe(0);
});

test('notify twice with one key notifies each person once; an escalation marks the task', async () => {
  const input = taskInput();
  const { taskId } = await acts.openUserTask(input);
  const note = {
    workflowId: input.workflowId, processKey: 'review', versionId: db.versionId, anchorUnit: 'compound-1-1-1',
    key: `${input.workflowId}:task_escalation_1`, kind: 'escalation' as const, taskKey: input.taskKey, elementId: 'task_escalation_1',
    level: 'street', recipients: ['level:street:secretary', 'unit:dept-tax:head', 'official:street1-secretary'], message: '审查已超期',
  };
  await acts.notify(note);
  await acts.notify(note);
  const notes = await db.prisma.notification.findMany({ where: { key: note.key }, include: { recipient: true } });
  expect(notes.map((n) => n.recipient.username).sort()).toEqual(['street1-secretary', 'tax-head']);
  expect(notes.every((n) => n.taskId === taskId && n.level === 'street' && n.body === '审查已超期')).toBe(true);
  expect((await db.prisma.task.findUniqueOrThrow({ where: { id: taskId } })).escalationLevel).toBe('street');
});

test('recipients that cannot be resolved do not silence the others; the admins learn of them', async () => {
  const key = 'wf-unresolved:reminder';
  await acts.notify({
    workflowId: 'wf-unresolved', processKey: 'review', versionId: db.versionId, anchorUnit: 'compound-1-1-1',
    key, kind: 'reminder', recipients: ['official:ghost', 'level:community:secretary'], message: '请尽快办理',
  });
  const notes = await db.prisma.notification.findMany({ where: { key: { startsWith: key } }, include: { recipient: true } });
  expect(notes.map((n) => n.recipient.username).sort()).toEqual(['admin', 'community1-1-secretary']);
  expect(notes.find((n) => n.recipient.username === 'admin')!.body).toMatch(/ghost/);
});

test('raiseIncident twice records one incident and tells the admins once', async () => {
  const inc = { workflowId: 'wf-incident', processKey: 'review', versionId: db.versionId, key: 'gw1#1', elementId: 'gw1', message: 'FEEL: unknown variable x' };
  await acts.raiseIncident(inc);
  await acts.raiseIncident(inc);
  const incidents = await db.prisma.incident.findMany({ where: { workflowId: 'wf-incident' } });
  expect(incidents.map((i) => [i.elementId, i.state, i.message])).toEqual([['gw1', 'open', 'FEEL: unknown variable x']]);
  const notes = await db.prisma.notification.findMany({ where: { workflowId: 'wf-incident', kind: 'incident' }, include: { recipient: true } });
  expect(notes.map((n) => n.recipient.username)).toEqual(['admin']);
});

test('repeats of openUserTask racing from two workers (two connections) still make one task', async () => {
  const input = taskInput();
  const second = createPrisma(db.dbPath);
  const other = createEngineActivities({ prisma: second });
  const ids = await Promise.all([acts.openUserTask(input), other.openUserTask(input), acts.openUserTask(input), other.openUserTask(input)]).finally(() => second.$disconnect());
  expect(new Set(ids.map((r) => r.taskId)).size).toBe(1);
  expect(await db.prisma.notification.count({ where: { taskId: ids[0].taskId } })).toBe(1);
});

test('an instance of a version that was never deployed is refused by name, not retried', async () => {
  const err = await acts.openUserTask(taskInput({ versionId: 'ghost:v9' })).catch((e) => e);
  expect(err).toBeInstanceOf(ApplicationFailure);
  expect(err.nonRetryable).toBe(true);
  expect(err.message).toMatch(/ghost:v9/);
});

test('a process-completed notification closes the instance row and reaches the named people', async () => {
  const workflowId = 'wf-done';
  await db.prisma.instance.create({ data: { workflowId, processKey: 'review', versionId: db.versionId, startedBy: 'street1-secretary', anchorUnit: 'compound-1-1-1' } });
  const throwing = createEngineActivities({ prisma: db.prisma, notifier: () => { throw new Error('SSE down'); } });
  await throwing.notify({ workflowId, processKey: 'review', versionId: db.versionId, key: `${workflowId}:end`, kind: 'process-completed', recipients: ['official:street1-secretary'], message: '审查完成' });
  const instance = await db.prisma.instance.findUniqueOrThrow({ where: { workflowId } });
  expect(instance.status).toBe('completed');
  expect(instance.closedAt).not.toBeNull();
  expect(await db.prisma.notification.count({ where: { workflowId, kind: 'process-completed' } })).toBe(1);
});
