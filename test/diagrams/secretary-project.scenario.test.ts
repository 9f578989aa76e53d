// Process B end to end on the embedded Temporal service: the street returns and approves the
// proposal, the lead calls two departments (each answer and contact kept per department), an overdue
// project climbs street → district, the street coordinator accepts and rates (four eyes: the lead
// secretary may not), and the project record is closed with the level it was settled at.
import type { WorkflowBundle } from '@temporalio/worker';
import type { TestDatabase } from '../../prisma/test-db';
import type { RunningWorker, TestTemporal } from '../helpers/temporal';
import { completeTask, startScenarioRig, waitForOpenTasks } from './scenario-rig';

let db: TestDatabase;
let t: TestTemporal;
let bundle: WorkflowBundle;
let worker: RunningWorker;
const WF = 'project-elevator';
let result: { status: string; variables: Record<string, unknown> };
let versionId = '';

beforeAll(async () => {
  const rig = await startScenarioRig(['secretary-project']);
  ({ db, t, bundle, worker } = rig);
  versionId = rig.versions['secretary-project'];
  await t.client.workflow.start('bpmnProcess', {
    taskQueue: worker.taskQueue,
    workflowId: WF,
    args: [
      {
        versionId,
        processKey: 'secretary-project',
        startedBy: 'community1-1-secretary',
        anchorUnit: 'community-1-1',
        variables: {
          title: '老旧小区加装电梯',
          description: '3幢加装电梯',
          proposer: 'level:community:secretary',
          unitCode: 'community-1-1',
          departments: ['dept-housing', 'dept-market-regulation'],
          responseDue: 'P3D',
        },
      },
    ],
  });
});

afterAll(async () => {
  await t?.close();
  await db?.cleanup();
});

const openTasks = (elementId: string, count = 1) => waitForOpenTasks(db, { workflowId: WF, elementId }, count);

async function complete(elementId: string, completedBy: string, variables: Record<string, unknown>) {
  const [task] = await openTasks(elementId);
  await completeTask(t, WF, task.taskKey, completedBy, variables);
}

async function notificationsTo(usernames: string[]) {
  for (let i = 0; i < 100; i++) {
    const rows = await db.prisma.notification.findMany({ where: { workflowId: WF, kind: 'escalation' }, include: { recipient: true }, orderBy: { createdAt: 'asc' } });
    const names = rows.map((r) => r.recipient.username);
    if (usernames.every((u) => names.includes(u))) return names;
    await new Promise((r) => setTimeout(r, 50));
  }
  return [];
}

it('runs from proposal to closing, escalating the overdue lead to the district', async () => {
  await complete('Task_committee_review', 'street1-secretary', { reviewDecision: 'return', reviewOpinion: '请补充资金来源' });
  await complete('Task_revise', 'community1-1-secretary', { title: '老旧小区加装电梯', description: '3幢加装电梯;资金:维修基金' });
  await complete('Task_committee_review', 'street1-secretary', { reviewDecision: 'approve', reviewOpinion: '同意' });
  await complete('Task_assign_lead', 'street1-secretary', { lead: 'street1-secretary', deadlineDays: 10 });

  const calls = await openTasks('Task_department_response', 2);
  expect(calls.map((c) => JSON.parse(c.candidateGroupsJson)[0]).sort()).toEqual(['unit:dept-housing:officer', 'unit:dept-market-regulation:officer']);
  for (const c of calls) {
    const department = JSON.parse(c.variablesJson).department as string;
    await t.client.workflow.getHandle(WF).executeUpdate('completeTask', { args: [{ taskKey: c.taskKey, completedBy: 'housing-head', variables: { response: `${department} 派员对接`, contact: `${department} 联系人` } }] });
  }
  const [lead] = await openTasks('Task_lead_work');
  expect(lead.assignee).toBe('official:street1-secretary');

  await t.sleep(14 * 86_400_000);
  expect(await notificationsTo(['street1-secretary', 'district-secretary'])).toEqual(['street1-secretary', 'district-secretary']);

  await complete('Task_lead_work', 'street1-secretary', { completionReport: '电梯已安装' });
  // four eyes: the lead secretary does not accept his own project, even by a direct update
  await expect(complete('Task_acceptance', 'street1-secretary', { acceptance: 'accept', acceptanceOpinion: '验收合格' })).rejects.toMatchObject({
    cause: { type: 'SeparationOfDuties', message: expect.stringContaining('Task_lead_work') },
  });
  await complete('Task_acceptance', 'street1-coordinator', { acceptance: 'reject', acceptanceOpinion: '缺少验收报告' });
  await complete('Task_lead_work', 'street1-secretary', { completionReport: '电梯已安装,附特种设备验收报告' });
  await complete('Task_acceptance', 'street1-coordinator', { acceptance: 'accept', acceptanceOpinion: '验收合格' });
  for (const r of await openTasks('Task_rate_departments', 2)) {
    const rate = (by: string) => t.client.workflow.getHandle(WF).executeUpdate('completeTask', { args: [{ taskKey: r.taskKey, completedBy: by, variables: { score: 5 } }] });
    await expect(rate('street1-secretary')).rejects.toMatchObject({ cause: { type: 'SeparationOfDuties' } });
    await rate('street1-coordinator');
  }
  result = await t.client.workflow.getHandle(WF).result();
  expect(result.status).toBe('completed');
  expect(result.variables).toMatchObject({ ratings: [{ department: 'dept-housing', score: 5 }, { department: 'dept-market-regulation', score: 5 }] });
  // each department's answer and contact stay with it; none leaks to the process as the last one's
  expect(result.variables.responses).toEqual([
    { department: 'dept-housing', response: 'dept-housing 派员对接', contact: 'dept-housing 联系人' },
    { department: 'dept-market-regulation', response: 'dept-market-regulation 派员对接', contact: 'dept-market-regulation 联系人' },
  ]);
  expect(result.variables).not.toHaveProperty('contact');
  const project = await db.prisma.project.findUniqueOrThrow({ where: { id: result.variables.projectId as number } });
  expect(project).toMatchObject({ kind: 'secretary-led', title: '老旧小区加装电梯', leadBy: 'street1-secretary', status: 'closed' });
});

// An escalation names the task it is about, so the task records the level reached and
// recordSettledLevel sees the district.
it('records that the project was settled at the district', async () => {
  expect(result.variables.settledAtLevel).toBe('district');
  const project = await db.prisma.project.findUniqueOrThrow({ where: { id: result.variables.projectId as number } });
  expect(project.levelSettled).toBe('district');
});

// A lead who lets the deadline pass by a week is chased up the whole ladder: the street at the
// deadline, the district 3 days later, the city 4 days after that; the project is recorded as
// settled at the city.
it('escalates a lead overdue by a week to the street, the district and the city, and records the city', async () => {
  const wf = 'project-drainage';
  const handle = await t.client.workflow.start('bpmnProcess', {
    taskQueue: worker.taskQueue,
    workflowId: wf,
    args: [{ versionId, processKey: 'secretary-project', startedBy: 'community1-1-secretary', anchorUnit: 'community-1-1', variables: { title: '雨污分流改造', description: '小区雨污管网改造', proposer: 'level:community:secretary', unitCode: 'community-1-1', departments: ['dept-housing'], responseDue: 'P3D' } }],
  });
  const openIn = async (elementId: string) => {
    for (let i = 0; i < 200; i++) {
      const tasks = await db.prisma.task.findMany({ where: { workflowId: wf, elementId, state: 'open' }, orderBy: { createdAt: 'asc' } });
      if (tasks.length > 0) return tasks[0];
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`${wf}: no open ${elementId}`);
  };
  const done = async (elementId: string, completedBy: string, variables: Record<string, unknown>) => {
    const task = await openIn(elementId);
    await handle.executeUpdate('completeTask', { args: [{ taskKey: task.taskKey, completedBy, variables }] });
  };
  await done('Task_committee_review', 'street1-secretary', { reviewDecision: 'approve', reviewOpinion: '同意' });
  await done('Task_assign_lead', 'street1-secretary', { lead: 'street1-secretary', deadlineDays: 10 });
  await done('Task_department_response', 'housing-head', { response: '派员对接' });
  const lead = await openIn('Task_lead_work');

  await t.sleep(17 * 86_400_000 + 60_000); // deadline day 10; district at 13, city at 17
  let chased: (string | null)[][] = [];
  for (let i = 0; i < 100; i++) {
    const rows = await db.prisma.notification.findMany({ where: { workflowId: wf, taskId: lead.id, kind: { in: ['reminder', 'escalation'] } }, include: { recipient: true }, orderBy: { createdAt: 'asc' } });
    chased = rows.map((n) => [n.kind, n.level, n.recipient.username]);
    if (chased.some((c) => c[1] === 'city')) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  expect(chased).toEqual([
    ['reminder', null, 'street1-secretary'],
    ['escalation', 'street', 'street1-secretary'],
    ['escalation', 'district', 'district-secretary'],
    ['escalation', 'city', 'city-secretary'],
  ]);
  expect(await db.prisma.task.findUniqueOrThrow({ where: { id: lead.id } })).toMatchObject({ state: 'open', escalationLevel: 'city' });

  await done('Task_lead_work', 'street1-secretary', { completionReport: '管网已改造' });
  await done('Task_acceptance', 'street1-coordinator', { acceptance: 'accept', acceptanceOpinion: '验收合格' });
  await done('Task_rate_departments', 'street1-coordinator', { score: 3 });
  const city = (await handle.result()) as { status: string; variables: Record<string, unknown> };
  expect(city.status).toBe('completed');
  expect(city.variables.settledAtLevel).toBe('city');
  const project = await db.prisma.project.findUniqueOrThrow({ where: { id: city.variables.projectId as number } });
  expect(project).toMatchObject({ title: '雨污分流改造', status: 'closed', levelSettled: 'city' });
});

it('leaves histories that replay', async () => {
  expect(await t.replayAll(bundle)).toBeGreaterThan(0);
});
