// The shipped diagrams walked through the interpreter's token engine: the paths a person would
// see (tasks opened and cancelled, reminders and escalations sent, the outcome variables).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileBpmn, formatProblem, NOTIFY_ACTIVITY, type ProcessGraph } from '../../bpmn';
import { createDomainActivities, domainActivityNames } from '../../activities/domain';
import { DEFAULT_VETTING_DEPARTMENTS } from '../../activities/domain/departments';
import { createTestDatabase, type TestDatabase } from '../../prisma/test-db';
import { seedDemoData } from '../../prisma/seed';
import { beijingToday } from '../../activities/domain/wrappers/context';
import { createEngineActivities } from '../../activities';
import type { EngineActivities } from '../../activities/contract';
import { Walker, type WalkerWorld, type ActivityFn } from './walker';

let db: TestDatabase;
const graphs: Record<string, ProcessGraph> = {};
let activities: Record<string, ActivityFn>;
let engineActivities: EngineActivities;
const versionIds: Record<string, string> = {};
const START = Date.parse('2026-11-23T01:00:00Z');
let current: WalkerWorld;
/** a fresh world per test; the domain activities read "today" from its clock */
const world = (): WalkerWorld => (current = { graphs, activities, notifications: [], now: START, engine: { activities: engineActivities, versionIds } });

beforeAll(async () => {
  for (const key of ['pairing', 'secretary-project', 'committee-formation', 'vetting']) {
    const r = await compileBpmn(readFileSync(join(__dirname, '..', '..', 'diagrams', `${key}.bpmn`), 'utf8'), { knownActivities: [...domainActivityNames, NOTIFY_ACTIVITY] });
    if (!r.ok) throw new Error(r.problems.map(formatProblem).join('; '));
    graphs[key] = r.graph;
  }
  db = createTestDatabase();
  await seedDemoData(db.prisma);
  for (const [key, graph] of Object.entries(graphs)) {
    versionIds[key] = `${key}-v1`;
    await db.prisma.deployment.create({ data: { id: versionIds[key], processKey: key, version: 1, hash: key, name: graph.name, xml: '', graphJson: JSON.stringify(graph) } });
  }
  engineActivities = createEngineActivities({ prisma: db.prisma });
  activities = createDomainActivities({ prisma: db.prisma, today: () => beijingToday(new Date(current.now)) }) as unknown as Record<string, ActivityFn>;
});
/** Every task the diagrams opened was offered to somebody in the demo org data: no "无人可办理". */
afterAll(async () => {
  const orphans = await db.prisma.task.findMany({ where: { candidates: { none: {} } }, select: { elementId: true, candidateGroupsJson: true, assignee: true } });
  expect(orphans).toEqual([]);
  const unresolved = await db.prisma.notification.findMany({ where: { key: { endsWith: '#unresolved' } }, select: { body: true } });
  expect(unresolved).toEqual([]);
  await db.cleanup();
});

const vettingStart = { candidateId: 'c-1', candidateName: '王芳', compoundCode: 'compound-1-1-1', departments: null };

describe('D vetting', () => {
  it('opens one review per default department and passes when all pass', async () => {
    const w = await Walker.start(world(), 'vetting', vettingStart);
    const reviews = w.openTasks('Task_review');
    expect(reviews.map((t) => t.candidateGroups[0])).toEqual(DEFAULT_VETTING_DEPARTMENTS.map((d) => `unit:${d}:reviewer`));
    expect(reviews[0].dueAt).toBe('2026-11-28T01:00:00.000Z');
    for (const t of reviews) await w.complete(t, { decision: 'pass', reason: '无异常' });
    expect(w.incidents).toEqual([]);
    expect(w.result).toMatchObject({ status: 'completed', variables: { vettingResult: 'passed', vetoReason: null } });
    expect(w.world.notifications).toEqual([]);
  });

  it('one veto cancels the open reviews, records the reason and notifies', async () => {
    const w = await Walker.start(world(), 'vetting', { ...vettingStart, departments: ['dept-public-security', 'dept-tax', 'dept-court'] });
    await w.complete(w.openTasks('Task_review')[0], { decision: 'pass', reason: '无异常' });
    await w.complete(w.openTasks('Task_review')[0], { decision: 'veto', reason: '有欠税记录' });
    expect(w.openTasks()).toEqual([]);
    expect(w.cancelled).toHaveLength(1);
    expect(w.result).toMatchObject({ status: 'completed', variables: { vettingResult: 'vetoed', vetoDepartment: 'dept-tax', vetoReason: '有欠税记录' } });
    expect(w.world.notifications.map((n) => n.input)).toEqual([
      { kind: 'veto', recipients: ['level:street:coordinator'], message: '候选人王芳未通过资格联审(dept-tax否决):有欠税记录' },
    ]);
  });

  it('reminds the silent department, then escalates to its head and the street coordinator', async () => {
    const w = await Walker.start(world(), 'vetting', { ...vettingStart, departments: ['dept-tax'] });
    await w.advanceDays(4);
    expect(w.world.notifications.map((n) => n.input.kind)).toEqual(['reminder']);
    await w.advanceDays(1);
    await w.advanceDays(2);
    expect(w.world.notifications.map((n) => [n.input.kind, n.input.level ?? null, n.input.recipients])).toEqual([
      ['reminder', null, ['unit:dept-tax:reviewer']],
      ['escalation', 'department-head', ['unit:dept-tax:head']],
      ['escalation', 'street', ['level:street:coordinator']],
    ]);
    expect(w.openTasks('Task_review')).toHaveLength(1);
  });
});

describe('B secretary project', () => {
  const start = {
    title: '老旧小区加装电梯',
    description: '3幢加装电梯,需住建、市场监管协同',
    proposer: 'level:community:secretary',
    unitCode: 'community-1-1',
    departments: ['dept-housing', 'dept-market-regulation'],
    responseDue: 'P3D',
  };

  it('returns, approves, calls the departments, escalates an overdue lead up to the district and records it', async () => {
    const w = await Walker.start(world(), 'secretary-project', start);
    await w.complete('Task_committee_review', { reviewDecision: 'return', reviewOpinion: '请补充资金来源' });
    await w.complete('Task_revise', { title: start.title, description: `${start.description};资金:维修基金` });
    await w.complete('Task_committee_review', { reviewDecision: 'approve', reviewOpinion: '同意' });
    await w.complete('Task_assign_lead', { lead: 'street1-secretary', deadlineDays: 10 });
    const calls = w.openTasks('Task_department_response');
    expect(calls.map((t) => t.candidateGroups)).toEqual([
      ['unit:dept-housing:officer', 'unit:dept-housing:head'],
      ['unit:dept-market-regulation:officer', 'unit:dept-market-regulation:head'],
    ]);
    await w.complete(calls[0], { response: '派员现场勘查' });
    await w.advanceDays(3); // market regulation stays silent past responseDue
    expect(w.world.notifications.map((n) => [n.input.kind, n.input.level, n.input.recipients])).toEqual([
      ['escalation', 'department-head', ['unit:dept-market-regulation:head']],
    ]);
    await w.complete('Task_department_response', { response: '配合特种设备检验' });
    const lead = w.only('Task_lead_work');
    expect(lead.assignee).toBe('official:street1-secretary');
    await w.advanceDays(14); // deadline 10 days: reminder at 7, street at 10, district at 13
    expect(w.world.notifications.slice(1).map((n) => [n.input.kind, n.input.level ?? null])).toEqual([
      ['reminder', null],
      ['escalation', 'street'],
      ['escalation', 'district'],
    ]);
    await w.complete('Task_lead_work', { completionReport: '电梯已安装' });
    await w.complete('Task_acceptance', { acceptance: 'accept', acceptanceOpinion: '验收合格' });
    for (const t of w.openTasks('Task_rate_departments')) await w.complete(t, { score: 4 });
    expect(w.incidents).toEqual([]);
    expect(w.result?.status).toBe('completed');
    expect(w.result).toMatchObject({ variables: { ratings: [{ department: 'dept-housing', score: 4 }, { department: 'dept-market-regulation', score: 4 }] } });
    // "big matters stay in the street": this one had to go up to the district
    expect(w.variables.settledAtLevel).toBe('district');
    const project = await db.prisma.project.findUniqueOrThrow({ where: { id: w.variables.projectId as number } });
    expect(project).toMatchObject({ kind: 'secretary-led', leadBy: 'street1-secretary', status: 'closed', levelSettled: 'district' });
  });
});

describe('C committee formation', () => {
  /** every department of every running vetting passes, except the vetoes named by candidate name */
  async function vetAll(w: Walker, vetoes: Record<string, string> = {}) {
    for (const child of [...w.children.values()]) {
      const name = child.variables.candidateName as string;
      const veto = vetoes[name];
      if (veto) await child.complete(child.openTasks('Task_review')[0], { decision: 'veto', reason: veto });
      else for (const t of child.openTasks('Task_review')) await child.complete(t, { decision: 'pass', reason: '无异常' });
    }
  }

  it('forms the group, vets, re-nominates when too few pass, elects by double majority and files', async () => {
    const w = await Walker.start(world(), 'committee-formation', { compoundCode: 'compound-1-1-1' }, 'committee-walk-1');
    expect(w.variables.eligibility).toMatchObject({ eligible: true });
    await w.complete('Task_form_group', { groupMembers: '甲|是\n乙|是\n丙|否\n丁|否', committeeSeats: 5 });
    expect(w.variables.groupCheck).toMatchObject({ valid: false });
    await w.complete('Task_form_group', { groupMembers: '甲|是\n乙|是\n丙|是\n丁|否\n戊|否', committeeSeats: 5 });
    expect(w.openTasks()).toEqual([]); // 7 days of publicity
    await w.advanceDays(7);
    expect(w.openTasks().map((t) => t.elementId).sort()).toEqual(['Task_nominate', 'Task_roster', 'Task_rules']);
    await w.complete('Task_roster', { rosterConfirmed: true });
    await w.complete('Task_rules', { managementRulesDraft: '管理规约……', meetingRulesDraft: '议事规则……' });
    await w.complete('Task_nominate', { nominations: '赵一|是|否|否\n赵二\n赵三\n赵四\n赵五' });
    expect(w.children.size).toBe(5);
    await vetAll(w, { 赵三: '有失信记录' });
    // four passed, five seats: back to nomination
    expect(w.variables).toMatchObject({ enoughCandidates: false, shortfall: 1 });
    await w.complete('Task_nominate', { nominations: '赵六||是|' });
    expect(w.children.size).toBe(1);
    await vetAll(w);
    expect(w.variables.enoughCandidates).toBe(true);
    const candidateIds = w.variables.candidateIds as string[];
    expect(candidateIds).toHaveLength(5);

    // published on 2026-11-30: a meeting on 12-10 would be short of the 15 days' notice
    await w.complete('Task_publish_candidates', { meetingDate: '2026-12-10', votingChannels: 'both' });
    expect(w.variables).toMatchObject({ meetingDate: '2026-12-15', meetingDateAdjusted: true, meetingOpensIn: 'P15D' });
    await w.advanceDays(14);
    expect(w.openTasks()).toEqual([]);
    await w.advanceDays(1);
    // 30 of 40 owners vote: ≥ 2/3 of heads; everyone approves all five
    const meetingId = w.variables.meetingId as number;
    const compound = await db.prisma.unit.findUniqueOrThrow({ where: { code: 'compound-1-1-1' } });
    const owners = await db.prisma.ownerRosterEntry.findMany({ where: { compoundId: compound.id }, orderBy: { areaDm2: 'desc' } });
    await db.prisma.ballot.createMany({ data: owners.slice(0, 30).flatMap((o) => candidateIds.map((c) => ({ meetingId, ownerEntryId: o.id, candidateId: Number(c), choice: 'for' }))) });
    await w.complete('Task_ballot_box', { ballotBoxClosed: true });
    expect(w.variables.tally).toMatchObject({ outcome: 'elected', quorumMet: true, headShare: '3/4' });
    await w.advanceDays(7);
    const chair = w.only('Task_elect_chair');
    expect(chair.dueAt).toBe(new Date(w.world.now + 7 * 86_400_000).toISOString());
    await w.complete(chair, { chair: '赵一' });
    await w.complete('Task_filing', { filingReference: 'KC-2027-007' });
    expect(w.incidents).toEqual([]);
    expect(w.result?.status).toBe('completed');
    expect(w.variables.filing).toMatchObject({ filingIds: [expect.any(Number), expect.any(Number)] });
  });

  it('takes a compound that cannot form a committee down the representatives path', async () => {
    // seeded with less than half delivered and the first flat delivered in 2026
    const w = await Walker.start(world(), 'committee-formation', { compoundCode: 'compound-1-2-3' }, 'committee-walk-2');
    expect(w.variables.eligibility).toMatchObject({ eligible: false });
    await w.complete('Task_choose_representatives', { representatives: '甲\n乙\n丙\n丁' });
    expect(w.result?.status).toBe('completed');
    expect(w.variables.representativesFiling).toMatchObject({ valid: true, count: 4 });
  });

  it('escalates a preparation that runs past 90 days without stopping it', async () => {
    const w = await Walker.start(world(), 'committee-formation', { compoundCode: 'compound-1-1-1' }, 'committee-walk-3');
    await w.complete('Task_form_group', { groupMembers: '甲|是\n乙|是\n丙|是\n丁|否\n戊|否', committeeSeats: 5 });
    await w.advanceDays(7 + 106);
    const escalations = w.world.notifications.filter((n) => n.input.taskElementId === 'SubProcess_preparation');
    expect(escalations.map((n) => [n.input.level, n.input.recipients])).toEqual([
      ['street', ['level:street:secretary']],
      ['district', ['level:district:secretary']],
    ]);
    expect(w.openTasks().map((t) => t.elementId).sort()).toEqual(['Task_nominate', 'Task_roster', 'Task_rules']);
  });
});

describe('A pairing', () => {
  const start = { compoundCode: 'compound-1-1-1', agencyCode: 'agency-01', year: 2027, cutoffDate: '2027-11-30' };

  it('matches the lists, signs, runs each project to verification, rates and passes the yearly check', async () => {
    const w = await Walker.start(world(), 'pairing', start, 'pairing-walk-1');
    await w.complete('Task_demand_list', {
      demandList: [
        { item: '增设停车位', category: 'parking', keywords: '车位', days: 60 },
        { item: '老年助餐', category: 'elderly-care', keywords: '助餐', days: 120 },
        { item: '少儿阅读', category: 'culture', days: 90 },
      ],
    });
    await w.complete('Task_resource_list', {
      resourceList: [
        { item: '夜间开放停车场', category: 'parking', keywords: '车位' },
        { item: '机关食堂送餐', category: 'elderly-care', keywords: '助餐' },
      ],
    });
    const proposed = w.variables.proposedProjects as { title: string }[];
    expect(proposed.map((p) => p.title)).toEqual(['增设停车位(夜间开放停车场)', '老年助餐(机关食堂送餐)']);
    expect(w.variables.unmatchedDemands).toEqual(['少儿阅读']);
    await w.complete('Task_confirm_pairing', { pairingDecision: 'confirm', confirmedProjects: proposed });
    await w.complete('Task_sign_agency', { agencySignature: 'sign' });
    await w.advanceDays(7); // the community signs late: reminder, then the street secretary
    expect(w.world.notifications.map((n) => [n.input.taskElementId, n.input.kind, n.input.recipients])).toEqual([
      ['Task_sign_community', 'reminder', ['level:community:secretary']],
      ['Task_sign_community', 'escalation', ['level:street:secretary']],
    ]);
    await w.complete('Task_sign_community', { communitySignature: 'sign' });

    expect(w.incidents).toEqual([]);
    const [parking, meals] = w.openTasks('Task_implement');
    await w.complete(parking, { projectReport: '已开放夜间车位30个' });
    await w.complete('Task_verify', { verification: 'reject', verificationOpinion: '标识未设置' });
    await w.complete(w.openTasks('Task_implement').find((t) => t.taskKey !== meals.taskKey)!, { projectReport: '已设置标识' });
    await w.complete('Task_verify', { verification: 'accept', verificationOpinion: '合格' });
    await w.advanceDays(60); // the meals project (120 days) is still in time; no project escalation yet
    expect(w.world.notifications.filter((n) => n.input.taskElementId === 'SubProcess_project_work')).toEqual([]);
    await w.complete(meals, { projectReport: '每日送餐' });
    await w.complete('Task_verify', { verification: 'accept', verificationOpinion: '合格' });
    await w.complete('Task_rate_agency', { agencyScore: 5 });
    await w.complete('Task_rate_community', { communityScore: 4 });
    expect(w.result).toBeUndefined(); // waits for the yearly cut-off
    await w.advanceDays(365);
    // the rule looks at every agency: this one claimed two projects, the ones never paired this year none
    expect(w.variables.yearlyCheck).toMatchObject({ compliant: false, claimsByAgency: expect.objectContaining({ 'agency-01': 2, 'agency-02': 0 }) });
    expect((w.variables.yearlyCheck as { agenciesWithoutProject: string[] }).agenciesWithoutProject).not.toContain('agency-01');
    expect(w.incidents).toEqual([]);
    expect(w.result?.status).toBe('completed');
    const records = await db.prisma.project.findMany({ where: { workflowId: 'pairing-walk-1' }, orderBy: { id: 'asc' } });
    expect(records.map((p) => [p.kind, p.title, p.status])).toEqual([
      ['pairing', '增设停车位(夜间开放停车场)', 'closed'],
      ['pairing', '老年助餐(机关食堂送餐)', 'closed'],
    ]);
    expect(w.variables.closedProjects).toEqual([
      expect.objectContaining({ projectId: 'p1', report: '已设置标识', verificationOpinion: '合格' }),
      expect.objectContaining({ projectId: 'p2', report: '每日送餐' }),
    ]);
  });

  it('ends a pairing the coordinator ends, with nothing matched', async () => {
    const w = await Walker.start(world(), 'pairing', { ...start, compoundCode: 'compound-1-1-2', agencyCode: 'agency-02' }, 'pairing-walk-2');
    await w.complete('Task_demand_list', { demandList: [{ item: '少儿阅读', category: 'culture', days: 30 }] });
    await w.complete('Task_resource_list', { resourceList: [{ item: '夜间开放停车场', category: 'parking' }] });
    expect(w.variables.proposedProjects).toEqual([]);
    expect(w.variables.unmatchedDemands).toEqual(['少儿阅读']);
    await w.complete('Task_confirm_pairing', { pairingDecision: 'end', pairingNote: '资源不对口' });
    expect(w.incidents).toEqual([]);
    expect(w.result?.status).toBe('completed');
    expect(w.openTasks()).toEqual([]);
  });
});
