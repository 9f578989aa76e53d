// Process C end to end on the embedded Temporal service: every nominee is vetted by the 14
// departments in a child workflow (call activity to the deployed vetting process), one veto sends
// the group back to nominate, the meeting is tallied by Civil Code art. 278 from the ballots cast
// against it, and the committee is filed.
import type { WorkflowBundle } from '@temporalio/worker';
import { beijingToday } from '../../activities/domain/wrappers/context';
import type { TestDatabase } from '../../prisma/test-db';
import type { RunningWorker, TestTemporal } from '../helpers/temporal';
import { completeTask, startScenarioRig, waitForOpenTasks } from './scenario-rig';

let db: TestDatabase;
let t: TestTemporal;
let bundle: WorkflowBundle;
let worker: RunningWorker;
const WF = 'committee-1-1-1';
/** the service's virtual clock as last read: the domain activities' "today" */
let lastNow = 0;
/** the deployed committee-formation version, for instances a test starts itself */
let committeeVersion = '';

beforeAll(async () => {
  // "today" is the service's (virtual) clock, so the 15 days' notice is counted in workflow time
  const rig = await startScenarioRig(['vetting', 'committee-formation'], { today: () => beijingToday(new Date(lastNow)) });
  ({ db, t, bundle, worker } = rig);
  committeeVersion = rig.versions['committee-formation'];
  lastNow = await t.now();
  await t.client.workflow.start('bpmnProcess', {
    taskQueue: worker.taskQueue,
    workflowId: WF,
    args: [{ versionId: committeeVersion, processKey: 'committee-formation', startedBy: 'street1-officer', anchorUnit: 'compound-1-1-1', variables: { compoundCode: 'compound-1-1-1' } }],
  });
});

afterAll(async () => {
  await t?.close();
  await db?.cleanup();
});

const open = (where: { elementId: string; workflowId?: { startsWith: string } | string }, count = 1) =>
  waitForOpenTasks(db, { workflowId: WF, ...where }, count, 400);

const update = (workflowId: string, taskKey: string, completedBy: string, variables: Record<string, unknown>) =>
  completeTask(t, workflowId, taskKey, completedBy, variables);

async function complete(elementId: string, completedBy: string, variables: Record<string, unknown>) {
  const [task] = await open({ elementId });
  await update(task.workflowId, task.taskKey, completedBy, variables);
}

async function sleepDays(days: number) {
  await t.sleep(days * 86_400_000);
  lastNow = await t.now();
}

/** The department reviews of every running vetting child: pass, or veto the named candidates. */
async function vet(candidates: number, vetoes: Record<string, string> = {}, parent = WF) {
  const reviews = await db.prisma.task.findMany({ where: { elementId: 'Task_review', state: 'open', workflowId: { startsWith: parent } } });
  const expected = candidates * 14;
  let all = reviews;
  for (let i = 0; i < 400 && all.length < expected; i++) {
    await new Promise((r) => setTimeout(r, 50));
    all = await db.prisma.task.findMany({ where: { elementId: 'Task_review', state: 'open', workflowId: { startsWith: parent } } });
  }
  expect(all).toHaveLength(expected);
  const byChild = new Map<string, typeof all>();
  for (const r of all) byChild.set(r.workflowId, [...(byChild.get(r.workflowId) ?? []), r]);
  for (const [child, tasks] of byChild) {
    const name = JSON.parse(tasks[0].variablesJson).candidateName as string;
    if (vetoes[name]) {
      await update(child, tasks[0].taskKey, 'reviewer', { decision: 'veto', reason: vetoes[name] });
      continue;
    }
    for (const task of tasks) await update(child, task.taskKey, 'reviewer', { decision: 'pass', reason: '无异常' });
  }
}

it('elects and files a committee after one veto and a supplementary nomination', async () => {
  await complete('Task_form_group', 'street1-officer', { groupMembers: '甲|是\n乙|是\n丙|是\n丁|否\n戊|否', committeeSeats: 5 });
  await sleepDays(7);
  await complete('Task_roster', 'community1-1-officer', { rosterConfirmed: true });
  await complete('Task_rules', 'community1-1-officer', { managementRulesDraft: '管理规约', meetingRulesDraft: '议事规则' });
  await complete('Task_nominate', 'community1-1-secretary', { nominations: '赵一|是|否|否\n赵二\n赵三\n赵四\n赵五' });
  await vet(5, { 赵三: '有失信记录' });
  await complete('Task_nominate', 'community1-1-secretary', { nominations: '赵六||是|' });
  await vet(1);

  const noticeDay = beijingToday(new Date(lastNow));
  const meetingDate = beijingToday(new Date(lastNow + 20 * 86_400_000));
  expect(noticeDay < meetingDate).toBe(true);
  await complete('Task_publish_candidates', 'community1-1-secretary', { meetingDate, votingChannels: 'online' });
  const meeting = await (async () => {
    for (let i = 0; i < 200; i++) {
      const m = await db.prisma.generalMeeting.findFirst({ where: { workflowId: WF } });
      if (m) return m;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('no meeting scheduled');
  })();
  const candidates = await db.prisma.candidate.findMany({ where: { workflowId: WF, status: 'passed' }, orderBy: { id: 'asc' } });
  expect(candidates.map((c) => c.name)).toEqual(['赵一', '赵二', '赵四', '赵五', '赵六']);
  const owners = await db.prisma.ownerRosterEntry.findMany({ where: { compound: { code: 'compound-1-1-1' } }, orderBy: { areaDm2: 'desc' } });
  await db.prisma.ballot.createMany({ data: owners.slice(0, 30).flatMap((o) => candidates.map((c) => ({ meetingId: meeting.id, ownerEntryId: o.id, candidateId: c.id, choice: 'for' }))) });

  await sleepDays(19);
  expect(await db.prisma.task.count({ where: { workflowId: WF, elementId: 'Task_ballot_box' } })).toBe(0);
  await sleepDays(1);
  await complete('Task_ballot_box', 'community1-1-secretary', { ballotBoxClosed: true });
  await sleepDays(7);
  await complete('Task_elect_chair', 'community1-1-secretary', { chair: '赵一' });
  await complete('Task_filing', 'street1-officer', { filingReference: 'KC-2027-001' });
  const result = (await t.client.workflow.getHandle(WF).result()) as { status: string; variables: Record<string, unknown> };
  expect(result.status).toBe('completed');
  expect(result.variables.tally).toMatchObject({ outcome: 'elected', quorumMet: true, headShare: '3/4' });
  const committee = await db.prisma.committee.findFirstOrThrow({ where: { meetingId: meeting.id }, include: { members: { include: { candidate: true } }, filings: true } });
  expect(committee.members.map((m) => [m.candidate.name, m.role]).sort()).toEqual([
    ['赵一', 'chair'], ['赵二', 'member'], ['赵五', 'member'], ['赵六', 'member'], ['赵四', 'member'],
  ]);
  expect(committee.filings).toHaveLength(2);
  const vetoed = await db.prisma.candidate.findFirstOrThrow({ where: { workflowId: WF, name: '赵三' }, include: { reviews: true } });
  expect(vetoed.status).toBe('vetoed');
  expect(vetoed.reviews.filter((r) => r.decision === 'cancelled')).toHaveLength(13);
});

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

async function meetingsOf(workflowId: string, count: number) {
  for (let i = 0; i < 200; i++) {
    const m = await db.prisma.generalMeeting.findMany({ where: { workflowId }, orderBy: { id: 'asc' } });
    if (m.length >= count) return m;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${workflowId}: fewer than ${count} meetings scheduled`);
}

// Art. 278: a meeting where fewer than 2/3 of the owners (by head count) cast ballots elects nobody;
// the community secretary is asked to publish a new meeting, which gets its own notice period.
it('calls a new meeting when the ballots miss the two-thirds quorum, electing nobody', async () => {
  const wf = 'committee-1-1-2';
  const handle = await t.client.workflow.start('bpmnProcess', {
    taskQueue: worker.taskQueue,
    workflowId: wf,
    args: [{ versionId: committeeVersion, processKey: 'committee-formation', startedBy: 'street1-officer', anchorUnit: 'compound-1-1-2', variables: { compoundCode: 'compound-1-1-2' } }],
  });
  const done = async (elementId: string, completedBy: string, variables: Record<string, unknown>) => {
    const [task] = await open({ elementId, workflowId: wf });
    await update(wf, task.taskKey, completedBy, variables);
  };
  await done('Task_form_group', 'street1-officer', { groupMembers: '甲|是\n乙|是\n丙|是\n丁|否\n戊|否', committeeSeats: 5 });
  await sleepDays(7);
  await done('Task_roster', 'community1-1-officer', { rosterConfirmed: true });
  await done('Task_rules', 'community1-1-officer', { managementRulesDraft: '管理规约', meetingRulesDraft: '议事规则' });
  await done('Task_nominate', 'community1-1-secretary', { nominations: '钱一\n钱二\n钱三\n钱四\n钱五' });
  await vet(5, {}, `${wf}`);
  await done('Task_publish_candidates', 'community1-1-secretary', { meetingDate: beijingToday(new Date(lastNow + 20 * 86_400_000)), votingChannels: 'online' });
  const [first] = await meetingsOf(wf, 1);
  const candidates = await db.prisma.candidate.findMany({ where: { workflowId: wf, status: 'passed' } });
  expect(candidates).toHaveLength(5);
  // 12 of the 24 owners vote (half the heads, under two thirds), all for every candidate
  const owners = await db.prisma.ownerRosterEntry.findMany({ where: { compound: { code: 'compound-1-1-2' } }, orderBy: { areaDm2: 'desc' } });
  expect(owners).toHaveLength(24);
  await db.prisma.ballot.createMany({ data: owners.slice(0, 12).flatMap((o) => candidates.map((c) => ({ meetingId: first.id, ownerEntryId: o.id, candidateId: c.id, choice: 'for' }))) });
  await sleepDays(20);
  await done('Task_ballot_box', 'community1-1-secretary', { ballotBoxClosed: true });

  const [again] = await open({ elementId: 'Task_publish_candidates', workflowId: wf });
  const state = (await handle.query('state')) as { variables: Record<string, unknown> };
  expect(state.variables.tally).toMatchObject({ outcome: 'quorum-missed', quorumMet: false, elected: [] });
  expect(await db.prisma.task.count({ where: { workflowId: wf, elementId: 'Task_publish_candidates' } })).toBe(2);
  expect(again.state).toBe('open');
  expect(await db.prisma.committee.count({ where: { meetingId: first.id } })).toBe(0);
  expect(await db.prisma.task.count({ where: { workflowId: wf, elementId: 'Task_elect_chair' } })).toBe(0);
  // the new meeting is scheduled with its own notice; the instance is still running
  await update(wf, again.taskKey, 'community1-1-secretary', { meetingDate: beijingToday(new Date(lastNow + 20 * 86_400_000)), votingChannels: 'both' });
  const meetings = await meetingsOf(wf, 2);
  expect(meetings[1].id).not.toBe(first.id);
  expect((await handle.describe()).status.name).toBe('RUNNING');
});

it('leaves histories that replay, the vetting children included', async () => {
  expect(await t.replayAll(bundle)).toBeGreaterThanOrEqual(1 + 6);
});
