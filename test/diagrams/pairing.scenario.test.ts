// Process A end to end on the embedded Temporal service: lists, engine-proposed matches confirmed
// by the city, two signatures (one late: reminded, escalated to the street secretary), two projects
// verified (one sent back), mutual rating, and the yearly claim check at the cut-off date.
import type { WorkflowBundle } from '@temporalio/worker';
import type { TestDatabase } from '../../prisma/test-db';
import type { RunningWorker, TestTemporal } from '../helpers/temporal';
import { completeTask, startScenarioRig, waitForOpenTasks } from './scenario-rig';

let db: TestDatabase;
let t: TestTemporal;
let bundle: WorkflowBundle;
let worker: RunningWorker;
const WF = 'pairing-agency-03';
let versionId = '';

beforeAll(async () => {
  const rig = await startScenarioRig(['pairing']);
  ({ db, t, bundle, worker } = rig);
  versionId = rig.versions.pairing;
  const year = new Date(await t.now()).getUTCFullYear() + 1;
  await t.client.workflow.start('bpmnProcess', {
    taskQueue: worker.taskQueue,
    workflowId: WF,
    args: [{ versionId, processKey: 'pairing', startedBy: 'city-coordinator', anchorUnit: 'compound-1-1-1', variables: { compoundCode: 'compound-1-1-1', agencyCode: 'agency-03', year, cutoffDate: `${year}-11-30` } }],
  });
});

afterAll(async () => {
  await t?.close();
  await db?.cleanup();
});

const open = (elementId: string, count = 1) => waitForOpenTasks(db, { workflowId: WF, elementId }, count);
const update = (taskKey: string, completedBy: string, variables: Record<string, unknown>) => completeTask(t, WF, taskKey, completedBy, variables);
async function complete(elementId: string, completedBy: string, variables: Record<string, unknown>) {
  const [task] = await open(elementId);
  await update(task.taskKey, completedBy, variables);
}

it('pairs, signs, verifies each project and closes the year', async () => {
  await complete('Task_demand_list', 'community1-1-secretary', {
    demandList: [
      { item: '增设停车位', category: 'parking', keywords: '车位', days: 60 },
      { item: '老年助餐', category: 'elderly-care', keywords: '助餐', days: 120 },
    ],
  });
  await complete('Task_resource_list', 'agency03-secretary', {
    resourceList: [
      { item: '夜间开放停车场', category: 'parking', keywords: '车位' },
      { item: '机关食堂送餐', category: 'elderly-care', keywords: '助餐' },
    ],
  });
  const [confirm] = await open('Task_confirm_pairing');
  await update(confirm.taskKey, 'city-coordinator', { pairingDecision: 'confirm', confirmedProjects: JSON.parse(confirm.variablesJson).proposedProjects });
  await complete('Task_sign_agency', 'agency03-secretary', { agencySignature: 'sign' });
  await t.sleep(7 * 86_400_000);
  for (let i = 0; i < 100 && (await db.prisma.notification.count({ where: { workflowId: WF, kind: 'escalation' } })) === 0; i++) await new Promise((r) => setTimeout(r, 50));
  const late = await db.prisma.notification.findMany({ where: { workflowId: WF, kind: { in: ['reminder', 'escalation'] } }, include: { recipient: true }, orderBy: { createdAt: 'asc' } });
  expect(late.map((n) => [n.kind, n.recipient.username])).toEqual([
    ['reminder', 'community1-1-secretary'],
    ['escalation', 'street1-secretary'],
  ]);
  await complete('Task_sign_community', 'community1-1-secretary', { communitySignature: 'sign' });

  const [first, second] = await open('Task_implement', 2);
  await update(first.taskKey, 'agency03-secretary', { projectReport: '已开放夜间车位' });
  await complete('Task_verify', 'community1-1-secretary', { verification: 'reject', verificationOpinion: '标识未设置' });
  const redo = (await open('Task_implement', 2)).find((x) => x.taskKey !== second.taskKey)!;
  await update(redo.taskKey, 'agency03-secretary', { projectReport: '已设置标识' });
  await complete('Task_verify', 'community1-1-secretary', { verification: 'accept', verificationOpinion: '合格' });
  await update(second.taskKey, 'agency03-secretary', { projectReport: '每日送餐' });
  await complete('Task_verify', 'community1-1-secretary', { verification: 'accept', verificationOpinion: '合格' });
  await complete('Task_rate_agency', 'community1-1-secretary', { agencyScore: 5 });
  await complete('Task_rate_community', 'agency03-secretary', { communityScore: 4 });

  const result = (await t.client.workflow.getHandle(WF).result()) as { status: string; variables: Record<string, unknown> };
  expect(result.status).toBe('completed');
  expect((result.variables.yearlyCheck as { claimsByAgency: Record<string, number> }).claimsByAgency['agency-03']).toBe(2);
  const projects = await db.prisma.project.findMany({ where: { workflowId: WF }, orderBy: { id: 'asc' } });
  expect(projects.map((p) => [p.title, p.status])).toEqual([
    ['增设停车位(夜间开放停车场)', 'closed'],
    ['老年助餐(机关食堂送餐)', 'closed'],
  ]);
});

// A verification the community rejects sends the project back: the agency finds the implementation
// task in its inbox again, reports anew, and the project closes once the community verifies it.
it('sends a rejected project back to the agency, which reports again and gets it verified', async () => {
  const wf = 'pairing-agency-01';
  const handle = t.client.workflow.getHandle(wf);
  const year = new Date(await t.now()).getUTCFullYear() + 1;
  await t.client.workflow.start('bpmnProcess', {
    taskQueue: worker.taskQueue,
    workflowId: wf,
    args: [{ versionId, processKey: 'pairing', startedBy: 'city-coordinator', anchorUnit: 'compound-1-1-2', variables: { compoundCode: 'compound-1-1-2', agencyCode: 'agency-01', year, cutoffDate: `${year}-11-30` } }],
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
    return task;
  };
  await done('Task_demand_list', 'community1-1-secretary', { demandList: [{ item: '增设停车位', category: 'parking', days: 60 }] });
  await done('Task_resource_list', 'agency01-secretary', { resourceList: [{ item: '夜间开放停车场', category: 'parking' }] });
  await done('Task_confirm_pairing', 'city-coordinator', { pairingDecision: 'confirm', confirmedProjects: [{ title: '增设停车位', demand: '增设停车位', resource: '夜间开放停车场', days: 60 }] });
  await done('Task_sign_agency', 'agency01-secretary', { agencySignature: 'sign' });
  await done('Task_sign_community', 'community1-1-secretary', { communitySignature: 'sign' });

  const firstTry = await done('Task_implement', 'agency01-secretary', { projectReport: '已开放夜间车位' });
  await done('Task_verify', 'community1-1-secretary', { verification: 'reject', verificationOpinion: '标识未设置' });
  const redo = await openIn('Task_implement');
  expect(redo.id).not.toBe(firstTry.id);
  expect(JSON.parse(redo.candidateGroupsJson)).toEqual(['unit:agency-01:officer', 'unit:agency-01:secretary']);
  expect((await db.prisma.task.findUniqueOrThrow({ where: { id: firstTry.id } })).state).toBe('completed');
  const [project] = await db.prisma.project.findMany({ where: { workflowId: wf } });
  expect(project.status).not.toBe('closed');

  await handle.executeUpdate('completeTask', { args: [{ taskKey: redo.taskKey, completedBy: 'agency01-secretary', variables: { projectReport: '已设置标识' } }] });
  await done('Task_verify', 'community1-1-secretary', { verification: 'accept', verificationOpinion: '合格' });
  await openIn('Task_rate_agency');
  const verifies = await db.prisma.task.findMany({ where: { workflowId: wf, elementId: 'Task_verify' }, orderBy: { createdAt: 'asc' } });
  expect(verifies.map((v) => v.state)).toEqual(['completed', 'completed']);
  const state = (await handle.query('state')) as { variables: Record<string, unknown> };
  expect(state.variables.closedProjects).toEqual([expect.objectContaining({ report: '已设置标识', verificationOpinion: '合格' })]);
  expect((await db.prisma.project.findUniqueOrThrow({ where: { id: project.id } })).status).toBe('closed');
});

it('leaves histories that replay', async () => {
  expect(await t.replayAll(bundle)).toBeGreaterThan(0);
});
