// The domain activities against a real migrated SQLite database with the demo org data, run in the
// SDK's activity context (the workflow id is what ties their rows to an instance).
import { MockActivityEnvironment } from '@temporalio/testing';
import { ApplicationFailure } from '@temporalio/common';
import { createTestDatabase, type TestDatabase } from '../../../prisma/test-db';
import { seedDemoData } from '../../../prisma/seed';
import { createDomainActivities, domainActivityNames, type DomainActivities } from '../../../activities/domain';
import { DEFAULT_VETTING_DEPARTMENTS } from '../../../activities/domain/departments';

let db: TestDatabase;
let acts: DomainActivities;
const env = (workflowId: string) => {
  const mock = new MockActivityEnvironment({ workflowExecution: { workflowId, runId: 'run-1' } });
  // typed wrapper: MockActivityEnvironment.run does not infer an activity's result type
  return { run: <I, R>(fn: (input: I) => Promise<R>, input: I): Promise<R> => mock.run(fn as (input: unknown) => Promise<R>, input) };
};

beforeAll(async () => {
  db = createTestDatabase();
  await seedDemoData(db.prisma);
  acts = createDomainActivities({ prisma: db.prisma, today: () => '2026-11-23' });
});
afterAll(async () => db.cleanup());

async function failure(p: Promise<unknown>): Promise<ApplicationFailure> {
  try {
    await p;
  } catch (e) {
    return e as ApplicationFailure;
  }
  throw new Error('expected the activity to fail');
}

it('registers exactly the activities it names for the compiler', () => {
  expect([...domainActivityNames].sort()).toEqual(Object.keys(acts).sort());
});

describe('vetting departments', () => {
  it('defaults to the 14 departments of the org data', async () => {
    expect(await acts.vettingDepartments({ requested: null })).toEqual([...DEFAULT_VETTING_DEPARTMENTS]);
    expect(await acts.vettingDepartments({ requested: [] })).toEqual([...DEFAULT_VETTING_DEPARTMENTS]);
  });
  it('takes the requested ones, refusing a unit that is not a department', async () => {
    expect(await acts.vettingDepartments({ requested: ['dept-tax', 'dept-court'] })).toEqual(['dept-tax', 'dept-court']);
    const f = await failure(acts.vettingDepartments({ requested: ['dept-tax', 'street-1'] }));
    expect(f).toBeInstanceOf(ApplicationFailure);
    expect(f.nonRetryable).toBe(true);
    expect(f.message).toBe('departments: not department units: street-1');
  });
});

describe('eligibility from the compound record', () => {
  it('reads area and first delivery and applies the rules on the given day', async () => {
    await db.prisma.unit.update({ where: { code: 'compound-1-1-2' }, data: { totalAreaDm2: 1_000_000, deliveredAreaDm2: 400_000, firstDeliveryDate: new Date('2024-11-23T00:00:00Z') } });
    expect(await acts.checkEligibility({ compoundCode: 'compound-1-1-2' })).toMatchObject({ eligible: false, twoYearsReachedOn: '2026-11-24' });
    await db.prisma.unit.update({ where: { code: 'compound-1-1-2' }, data: { deliveredAreaDm2: 500_000 } });
    expect(await acts.checkEligibility({ compoundCode: 'compound-1-1-2' })).toMatchObject({ eligible: true, grounds: ['delivered-area'] });
  });
  it('names a unit that is not a compound', async () => {
    expect((await failure(acts.checkEligibility({ compoundCode: 'street-1' }))).message).toBe('compoundCode: "street-1" is a street, not a compound');
  });
});

describe('committee formation records', () => {
  const wf = 'committee-wf-1';
  it('nominates, vets, elects by double majority and files the committee', async () => {
    const e = env(wf);
    const group = await e.run(acts.validatePreparatoryGroup, { compoundCode: 'compound-1-1-1', groupMembers: '甲|是\n乙|是\n丙|是\n丁|否\n戊|否', committeeSeats: 5 });
    expect(group.valid).toBe(true);
    expect(await db.prisma.preparatoryGroup.count({ where: { workflowId: wf } })).toBe(1);

    const names = ['王一', '王二', '王三', '王四', '王五', '王六'];
    const { nominees } = await e.run(acts.registerNominees, { compoundCode: 'compound-1-1-1', nominations: names.map((n, i) => `${n}|${i === 5 ? '是' : '否'}|否|否`).join('\n') });
    // a retried call finds the same candidates
    const again = await e.run(acts.registerNominees, { compoundCode: 'compound-1-1-1', nominations: names.join('\n') });
    expect(again.nominees.map((n) => n.candidateId)).toEqual(nominees.map((n) => n.candidateId));

    // the sixth is vetoed by the tax bureau, its other reviews cancelled
    const vetoed = nominees[5];
    const outcome = await e.run(acts.recordVettingResult, {
      candidateId: vetoed.candidateId,
      departments: ['dept-public-security', 'dept-tax'],
      reviews: [null, { department: 'dept-tax', decision: 'veto', reason: '欠税' }],
    });
    expect(outcome).toMatchObject({ vettingResult: 'vetoed', vetoReason: '欠税', cancelled: ['dept-public-security'] });
    const reviews = await db.prisma.vettingReview.findMany({ where: { candidateId: Number(vetoed.candidateId) }, include: { department: true }, orderBy: { id: 'asc' } });
    expect(reviews.map((r) => [r.department.code, r.decision])).toEqual([['dept-public-security', 'cancelled'], ['dept-tax', 'veto']]);
    expect((await db.prisma.candidate.findUnique({ where: { id: Number(vetoed.candidateId) } }))?.status).toBe('vetoed');

    const vettings = nominees.map((n, i) => ({ candidateId: n.candidateId, vettingResult: i === 5 ? 'vetoed' : 'passed', vetoReason: i === 5 ? '欠税' : null }));
    const pool = await acts.buildCandidatePool({ approvedCandidates: [], nominees, vettings, minimumCandidates: 5 });
    expect(pool).toMatchObject({ enoughCandidates: true, candidateIds: nominees.slice(0, 5).map((n) => n.candidateId), vetoedCandidates: [{ candidateId: vetoed.candidateId, reason: '欠税' }] });

    const { meetingId } = await e.run(acts.scheduleGeneralMeeting, { compoundCode: 'compound-1-1-1', meetingDate: '2026-12-20', candidateIds: pool.candidateIds });
    // every owner of the 40 takes part and approves all five: all elected
    const compound = await db.prisma.unit.findUniqueOrThrow({ where: { code: 'compound-1-1-1' } });
    const owners = await db.prisma.ownerRosterEntry.findMany({ where: { compoundId: compound.id } });
    expect(owners).toHaveLength(40);
    await db.prisma.ballot.createMany({
      data: owners.flatMap((o) => pool.candidateIds.map((c) => ({ meetingId, ownerEntryId: o.id, candidateId: Number(c), choice: 'for' }))),
    });
    const tally = await acts.tallyBallots({ meetingId, candidateIds: pool.candidateIds, seats: 5 });
    expect(tally).toMatchObject({ outcome: 'elected', quorumMet: true, areaShare: '1/1', headShare: '1/1', elected: pool.candidateIds });
    const meeting = await db.prisma.generalMeeting.findUniqueOrThrow({ where: { id: meetingId } });
    expect(meeting.status).toBe('closed');
    expect(JSON.parse(meeting.tallyJson!).outcome).toBe('elected');

    const filing = await e.run(acts.recordCommitteeFiling, { compoundCode: 'compound-1-1-1', meetingId, elected: tally.elected, chair: '王一', filingReference: 'KC-2026-001' });
    const committee = await db.prisma.committee.findUniqueOrThrow({ where: { id: filing.committeeId }, include: { members: { include: { candidate: true } }, filings: true } });
    expect(committee.members.find((m) => m.role === 'chair')?.candidate.name).toBe('王一');
    expect(committee.filings.map((f) => f.filedWith).sort()).toEqual(['housing', 'street']);
    // retried: the same committee, nothing new
    expect(await e.run(acts.recordCommitteeFiling, { compoundCode: 'compound-1-1-1', meetingId, elected: tally.elected, chair: '王一', filingReference: 'KC-2026-001' })).toEqual(filing);
  });

  it('reports a missed quorum when only a third of the owners vote', async () => {
    const e = env('committee-wf-2');
    const { nominees } = await e.run(acts.registerNominees, { compoundCode: 'compound-1-1-1', nominations: '李一\n李二' });
    const ids = nominees.map((n) => n.candidateId);
    const { meetingId } = await e.run(acts.scheduleGeneralMeeting, { compoundCode: 'compound-1-1-1', meetingDate: '2027-01-10', candidateIds: ids });
    const compound = await db.prisma.unit.findUniqueOrThrow({ where: { code: 'compound-1-1-1' } });
    const owners = (await db.prisma.ownerRosterEntry.findMany({ where: { compoundId: compound.id }, orderBy: { id: 'asc' } })).slice(0, 13);
    await db.prisma.ballot.createMany({ data: owners.map((o) => ({ meetingId, ownerEntryId: o.id, candidateId: Number(ids[0]), choice: 'for' })) });
    const tally = await acts.tallyBallots({ meetingId, candidateIds: ids, seats: 1 });
    expect(tally).toMatchObject({ outcome: 'quorum-missed', participatingHeads: 13, totalHeads: 40, elected: [] });
    expect((await db.prisma.generalMeeting.findUniqueOrThrow({ where: { id: meetingId } })).status).toBe('quorum-missed');
  });

  it('files 3–5 owner representatives once, and refuses two', async () => {
    const e = env('reps-wf');
    expect(await e.run(acts.fileOwnerRepresentatives, { compoundCode: 'compound-1-2-3', representatives: '甲\n乙' })).toMatchObject({ valid: false, count: 2 });
    expect(await e.run(acts.fileOwnerRepresentatives, { compoundCode: 'compound-1-2-3', representatives: '甲\n乙\n丙' })).toMatchObject({ valid: true, count: 3 });
    await e.run(acts.fileOwnerRepresentatives, { compoundCode: 'compound-1-2-3', representatives: '甲\n乙\n丙' });
    const compound = await db.prisma.unit.findUniqueOrThrow({ where: { code: 'compound-1-2-3' } });
    expect(await db.prisma.ownerRepresentative.count({ where: { compoundId: compound.id } })).toBe(3);
  });
});

describe('pairing', () => {
  const demandRows = [
    { item: '增设停车位', category: 'parking', keywords: '车位', days: 60 },
    { item: '少儿阅读', category: 'culture', days: 30, claim: '机关图书室' },
  ];
  const resourceRows = [
    { item: '夜间开放停车场', category: 'parking', keywords: '车位' },
    { item: '机关图书室', category: 'library', quantity: 2 },
  ];
  it('turns the two lists of rows into proposed project rows with their own deadlines, a claim pairing across categories', async () => {
    const r = await acts.proposeMatches({ demandList: demandRows, resourceList: resourceRows });
    expect(r.proposedProjects).toEqual([
      { title: '增设停车位(夜间开放停车场)', category: 'parking', demand: '增设停车位', resource: '夜间开放停车场', days: 60 },
      { title: '少儿阅读(机关图书室)', category: 'culture', demand: '少儿阅读', resource: '机关图书室', days: 30 },
    ]);
    expect(r.unmatchedDemands).toEqual([]);
  });
  it('still reads the text lists of instances started before the lists became rows', async () => {
    const r = await acts.proposeMatches({ demandList: 'parking|增设停车位|车位|60\nculture|少儿阅读', resourceList: 'parking|夜间开放停车场|车位' });
    expect(r.proposedProjects).toEqual([{ title: '增设停车位(夜间开放停车场)', category: 'parking', demand: '增设停车位', resource: '夜间开放停车场', days: 60 }]);
    expect(r.unmatchedDemands).toEqual(['少儿阅读']);
  });
  it('stores the lists, records the confirmed pairing and its projects once, and closes a verified project', async () => {
    const e = env('pairing-wf-1');
    await e.run(acts.recordPairingLists, { year: 2026, compoundCode: 'compound-1-1-1', agencyCode: 'agency-02', demandList: demandRows, resourceList: resourceRows });
    const lists = await db.prisma.demandList.findMany({ where: { compound: { code: 'compound-1-1-1' } }, include: { items: true } });
    expect(lists.flatMap((l) => l.items.map((i) => i.title)).sort()).toEqual(['增设停车位', '少儿阅读']);
    const { proposedProjects } = await acts.proposeMatches({ demandList: demandRows, resourceList: resourceRows });
    const input = { year: 2026, compoundCode: 'compound-1-1-1', agencyCode: 'agency-02', confirmedProjects: proposedProjects.slice(0, 1) };
    const first = await e.run(acts.recordPairing, input);
    expect(await e.run(acts.recordPairing, input)).toEqual(first);
    expect(first.projects).toEqual([expect.objectContaining({ projectId: 'p1', dueIn: 'P60D', recordId: expect.any(Number) })]);
    const pairing = await db.prisma.pairing.findUniqueOrThrow({ where: { id: first.pairingId }, include: { agency: true, projects: { include: { demandItem: true } } } });
    expect(pairing).toMatchObject({ status: 'confirmed', agency: { code: 'agency-02' } });
    expect(pairing.projects.map((p) => p.demandItem?.title)).toEqual(['增设停车位']);
    await expect(e.run(acts.recordPairing, { ...input, confirmedProjects: [] })).rejects.toThrow(/empty/);
    await acts.closeProject({ recordId: first.projects[0].recordId });
    expect((await db.prisma.project.findUniqueOrThrow({ where: { id: first.projects[0].recordId } })).status).toBe('closed');
    // the recorded project counts for the agency's yearly claim even from another pairing instance
    const check = await env('pairing-wf-other').run(acts.checkYearlyClaim, { agencyCode: 'agency-03', year: 2026, cutoffDate: '2026-12-31', projects: [] });
    expect(check.claimsByAgency['agency-02']).toBe(1);
  });

  it('finds every agency without a claimed project by the cut-off, paired this year or not', async () => {
    const none = await env('pairing-wf-3').run(acts.checkYearlyClaim, { agencyCode: 'agency-01', year: 2026, cutoffDate: '2026-12-15', projects: [] });
    expect(none).toMatchObject({ compliant: false });
    expect(none.agenciesWithoutProject).toEqual(expect.arrayContaining(['agency-01', 'agency-40']));
    expect(none.escalationRecipients).toEqual(expect.arrayContaining(['level:city:coordinator', 'level:street:secretary', 'unit:agency-01:secretary', 'unit:agency-40:secretary']));
    const claimed = await env('pairing-wf-3').run(acts.checkYearlyClaim, { agencyCode: 'agency-01', year: 2026, cutoffDate: '2026-12-15', projects: [{ projectId: 'p1' }] });
    expect(claimed.agenciesWithoutProject).not.toContain('agency-01');
    expect(claimed.agenciesWithoutProject).toContain('agency-40');
  });
});

describe('settled level', () => {
  it('registers the project with its lead and deadline, and closes it at the settled level', async () => {
    const e = env('project-wf-2');
    const { projectId } = await e.run(acts.registerProject, { title: '加装电梯', description: '', unitCode: 'community-1-1', proposer: 'level:community:secretary', lead: 'street1-secretary', deadlineDays: 30 });
    expect(await e.run(acts.registerProject, { title: '加装电梯', description: '', unitCode: 'community-1-1', proposer: 'x', lead: 'street1-secretary', deadlineDays: 30 })).toEqual({ projectId });
    expect(await e.run(acts.recordSettledLevel, { baseLevel: 'street', elementIds: ['Task_lead_work'] })).toBe('street');
    expect(await db.prisma.project.findUniqueOrThrow({ where: { id: projectId } })).toMatchObject({ kind: 'secretary-led', leadBy: 'street1-secretary', status: 'closed', levelSettled: 'street' });
  });

  it('is the highest escalation level the supervision task reached', async () => {
    const workflowId = 'project-wf-1';
    await db.prisma.deployment.create({ data: { id: 'v1', processKey: 'secretary-project', version: 1, hash: 'h', name: 'B', xml: '', graphJson: '{}' } });
    await db.prisma.instance.create({ data: { workflowId, processKey: 'secretary-project', versionId: 'v1' } });
    await db.prisma.task.createMany({
      data: [
        { workflowId, taskKey: 'Task_lead_work#1', elementId: 'Task_lead_work', name: 'x', escalationLevel: 'street' },
        { workflowId, taskKey: 'Task_lead_work#2', elementId: 'Task_lead_work', name: 'x', escalationLevel: 'district' },
        { workflowId, taskKey: 'Task_acceptance#3', elementId: 'Task_acceptance', name: 'x', escalationLevel: 'city' },
      ],
    });
    expect(await env(workflowId).run(acts.recordSettledLevel, { baseLevel: 'street', elementIds: ['Task_lead_work'] })).toBe('district');
    expect(await env('project-wf-none').run(acts.recordSettledLevel, { baseLevel: 'street', elementIds: ['Task_lead_work'] })).toBe('street');
  });
});
