// Process C on the embedded Temporal service, driven at the workflow: the path of a compound that
// cannot form a committee yet. The path to a committee (vetting with a veto, the general meeting
// with paper and online ballots, quorum missed then met, filing) is driven through the public API
// by committee-meeting.api.scenario.test.ts, where people's input goes the way they enter it.
import type { WorkflowBundle } from '@temporalio/worker';
import { beijingToday } from '../../activities/domain/wrappers/context';
import type { TestDatabase } from '../../prisma/test-db';
import type { RunningWorker, TestTemporal } from '../helpers/temporal';
import { completeTask, startScenarioRig, waitForOpenTasks } from './scenario-rig';

let db: TestDatabase;
let t: TestTemporal;
let bundle: WorkflowBundle;
let worker: RunningWorker;
/** the service's virtual clock as last read: the domain activities' "today" */
let lastNow = 0;
/** the deployed committee-formation version, for instances a test starts itself */
let committeeVersion = '';

beforeAll(async () => {
  // "today" (the eligibility rules' as-of date) is the service's virtual clock
  const rig = await startScenarioRig(['vetting', 'committee-formation'], { today: () => beijingToday(new Date(lastNow)) });
  ({ db, t, bundle, worker } = rig);
  committeeVersion = rig.versions['committee-formation'];
  lastNow = await t.now();
});

afterAll(async () => {
  await t?.close();
  await db?.cleanup();
});

const open = (where: { elementId: string; workflowId: string }, count = 1) => waitForOpenTasks(db, where, count, 400);

const update = (workflowId: string, taskKey: string, completedBy: string, variables: Record<string, unknown>) =>
  completeTask(t, workflowId, taskKey, completedBy, variables);

// A compound that cannot form a committee (seeded with under half delivered, first flat in 2026)
// never reaches the preparatory group: its community secretary is asked for 3–5 owner
// representatives, they are filed, and the instance ends there.
it('takes an ineligible compound down the owner-representatives path to completion', async () => {
  const wf = 'committee-1-2-3';
  const handle = await t.client.workflow.start('bpmnProcess', {
    taskQueue: worker.taskQueue,
    workflowId: wf,
    args: [{ versionId: committeeVersion, processKey: 'committee-formation', startedBy: 'street1-officer', anchorUnit: 'compound-1-2-3', variables: { compoundCode: 'compound-1-2-3' } }],
  });
  const [choose] = await open({ elementId: 'Task_choose_representatives', workflowId: wf });
  expect(JSON.parse(choose.candidateGroupsJson)).toEqual(['level:community:secretary']);
  let assigned: string[] = [];
  for (let i = 0; i < 100 && assigned.length === 0; i++) {
    assigned = (await db.prisma.notification.findMany({ where: { workflowId: wf, kind: 'task-assigned' }, include: { recipient: true } })).map((n) => n.recipient.username);
    if (assigned.length === 0) await new Promise((r) => setTimeout(r, 50));
  }
  expect(assigned).toEqual(['community1-2-secretary']);
  await update(wf, choose.taskKey, 'community1-2-secretary', { representatives: '甲\n乙\n丙\n丁' });
  const result = (await handle.result()) as { status: string; variables: Record<string, unknown> };
  expect(result.status).toBe('completed');
  expect(result.variables).toMatchObject({ eligibility: { eligible: false }, representativesFiling: { valid: true, count: 4 } });
  const rows = await db.prisma.task.findMany({ where: { workflowId: wf } });
  expect(rows.map((r) => [r.elementId, r.state])).toEqual([['Task_choose_representatives', 'completed']]);
  expect(await db.prisma.generalMeeting.count({ where: { workflowId: wf } })).toBe(0);
});

it('leaves histories that replay', async () => {
  expect(await t.replayAll(bundle)).toBeGreaterThanOrEqual(1);
});
