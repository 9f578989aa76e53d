// Process D end to end: the shipped vetting diagram deployed to SQLite, run by the bpmnProcess
// interpreter on the embedded Temporal service with the real worker, engine and domain activities.
// What officials see: one review task per department in their inbox, the veto closing the others,
// the veto notification, and an audit history that replays.
import type { WorkflowBundle } from '@temporalio/worker';
import type { TestDatabase } from '../../prisma/test-db';
import type { RunningWorker, TestTemporal } from '../helpers/temporal';
import { completeTask, startScenarioRig, waitForOpenTasks } from './scenario-rig';

let db: TestDatabase;
let t: TestTemporal;
let bundle: WorkflowBundle;
let worker: RunningWorker;
let versionId: string;

beforeAll(async () => {
  const rig = await startScenarioRig(['vetting']);
  ({ db, t, bundle, worker } = rig);
  versionId = rig.versions.vetting;
});

afterAll(async () => {
  await t?.close();
  await db?.cleanup();
});

async function start(workflowId: string, departments: string[] | null) {
  return t.client.workflow.start('bpmnProcess', {
    taskQueue: worker.taskQueue,
    workflowId,
    args: [{ versionId, processKey: 'vetting', startedBy: 'street1-coordinator', anchorUnit: 'compound-1-1-1', variables: { candidateId: 'c-42', candidateName: '王芳', compoundCode: 'compound-1-1-1', departments } }],
  });
}

/** the open review tasks of an instance, as the inbox has them, once `count` are there */
const openReviews = (workflowId: string, count: number) => waitForOpenTasks(db, { workflowId, elementId: 'Task_review' }, count);

const complete = (workflowId: string, taskKey: string, completedBy: string, variables: Record<string, unknown>) =>
  completeTask(t, workflowId, taskKey, completedBy, variables);

it('opens a review for each of the 14 departments and passes the candidate when all pass', async () => {
  const handle = await start('vetting-all-pass', null);
  const reviews = await openReviews('vetting-all-pass', 14);
  expect(reviews).toHaveLength(14);
  const groups = reviews.map((r) => JSON.parse(r.candidateGroupsJson)[0]).sort();
  expect(groups).toContain('unit:dept-public-security:reviewer');
  for (const r of reviews) await complete('vetting-all-pass', r.taskKey, 'reviewer', { decision: 'pass', reason: '无异常' });
  await handle.result();
  const state = (await handle.query('state')) as { variables: Record<string, unknown> };
  expect(state.variables).toMatchObject({ vettingResult: 'passed' });
});

it('one veto cancels the open reviews, records the reason and notifies the street coordinator', async () => {
  const wf = 'vetting-veto';
  const handle = await start(wf, ['dept-public-security', 'dept-tax', 'dept-court']);
  const reviews = await openReviews(wf, 3);
  const tax = reviews.find((r) => r.candidateGroupsJson.includes('dept-tax'))!;
  await complete(wf, tax.taskKey, 'tax-reviewer', { decision: 'veto', reason: '有欠税记录' });
  await handle.result();
  const state = (await handle.query('state')) as { variables: Record<string, unknown> };
  expect(state.variables).toMatchObject({ vettingResult: 'vetoed', vetoDepartment: 'dept-tax', vetoReason: '有欠税记录' });
  const rows = await db.prisma.task.findMany({ where: { workflowId: wf }, orderBy: { createdAt: 'asc' } });
  expect(rows.map((r) => r.state).sort()).toEqual(['cancelled', 'cancelled', 'completed']);
  expect(rows.filter((r) => r.state === 'cancelled').map((r) => r.cancelReason)).toEqual([
    expect.stringContaining('completion condition'),
    expect.stringContaining('completion condition'),
  ]);
  const told = await db.prisma.notification.findMany({ where: { workflowId: wf, kind: { not: 'task-assigned' } }, include: { recipient: true } });
  expect(told.map((n) => n.recipient.username)).toEqual(['street1-coordinator']);
});

// A drawn gridflow.notify reaches people as the diagram says: its kind and its message (naming the
// department and the reason), not as a generic reminder.
it('tells the street coordinator of the veto as a "veto" notification naming the reason', async () => {
  const veto = await db.prisma.notification.findMany({ where: { workflowId: 'vetting-veto', kind: 'veto' }, include: { recipient: true } });
  expect(veto.map((n) => n.recipient.username)).toEqual(['street1-coordinator']);
  expect(veto[0].body).toBe('候选人王芳未通过资格联审(dept-tax否决):有欠税记录');
});

it('escalates a silent department to its head after the 5-day deadline', async () => {
  const wf = 'vetting-late';
  await start(wf, ['dept-tax']);
  await openReviews(wf, 1);
  await t.sleep(5 * 86_400_000 + 60_000);
  // the notify activities run after the timers fire: wait (bounded) for both to be written
  let sent: { kind: string; recipient: { username: string } }[] = [];
  for (let i = 0; i < 100; i++) {
    sent = (await db.prisma.notification.findMany({ where: { workflowId: wf }, include: { recipient: true }, orderBy: { createdAt: 'asc' } })).filter((n) => n.kind !== 'task-assigned');
    if (sent.length >= 2) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  expect(sent.map((n) => [n.kind, n.recipient.username])).toEqual([
    ['reminder', 'tax-reviewer'],
    ['escalation', 'tax-head'],
  ]);
});

/** the non-assignment notifications of an instance once there are `count`, oldest first */
async function sentNotifications(workflowId: string, count: number) {
  let sent: { kind: string; level: string | null; recipient: { username: string } }[] = [];
  for (let i = 0; i < 100; i++) {
    sent = (await db.prisma.notification.findMany({ where: { workflowId, kind: { not: 'task-assigned' } }, include: { recipient: true }, orderBy: { createdAt: 'asc' } }));
    if (sent.length >= count) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  return sent.map((n) => [n.kind, n.level, n.recipient.username]);
}

// A department that stays silent is chased three times, each by the person the diagram names:
// the reviewer a day before the deadline, its head at the deadline, the street coordinator 2 days on.
// The review stays open throughout (nobody decides for the department) and records the level reached.
it('reminds a silent department, escalates to its head at the deadline and to the street coordinator 2 days later', async () => {
  const wf = 'vetting-silent-twice';
  const handle = await start(wf, ['dept-tax']);
  const [review] = await openReviews(wf, 1);
  await t.sleep(4 * 86_400_000 + 60_000);
  expect(await sentNotifications(wf, 1)).toEqual([['reminder', null, 'tax-reviewer']]);
  await t.sleep(86_400_000);
  expect(await sentNotifications(wf, 2)).toEqual([
    ['reminder', null, 'tax-reviewer'],
    ['escalation', 'department-head', 'tax-head'],
  ]);
  expect((await db.prisma.task.findUniqueOrThrow({ where: { id: review.id } })).escalationLevel).toBe('department-head');
  await t.sleep(2 * 86_400_000);
  expect(await sentNotifications(wf, 3)).toEqual([
    ['reminder', null, 'tax-reviewer'],
    ['escalation', 'department-head', 'tax-head'],
    ['escalation', 'street', 'street1-coordinator'],
  ]);
  const row = await db.prisma.task.findUniqueOrThrow({ where: { id: review.id } });
  expect(row).toMatchObject({ state: 'open', escalationLevel: 'street' });
  expect((await handle.describe()).status.name).toBe('RUNNING');
  // the department finally answers: the escalated review still decides the vetting
  await complete(wf, review.taskKey, 'tax-reviewer', { decision: 'pass', reason: '无异常' });
  await handle.result();
  const state = (await handle.query('state')) as { variables: Record<string, unknown> };
  expect(state.variables).toMatchObject({ vettingResult: 'passed' });
});

it('leaves histories that replay', async () => {
  expect(await t.replayAll(bundle)).toBeGreaterThan(0);
});
