// Process C from the owners' application to the filing, entirely through the public HTTP API as the
// people involved use it: one nominee vetoed by a department and another nominated, the preparatory group imports the owners' roster from the property
// register (a duplicate unit is refused, an incomplete register is flagged), the first general
// meeting takes paper ballots (one by one with a correction, and a tally sheet) and online ballots
// cast by owners with the one-time codes of their notices, misses the two-thirds quorum and is
// called again; the second meeting elects the committee, whose chair is elected and which is filed.
// The statutory periods (7 days' publicity, at least 15 days' notice) pass in virtual time.
/* eslint-disable @typescript-eslint/no-explicit-any -- tests read JSON answers loosely and assert on them */
import { bundleWorkflows } from '../helpers/temporal';
import { complete, DAY, openTasks, publishMeeting, sleepUntilTask, startCommitteeRig, walkToFirstMeeting, type CommitteeRig } from './committee-api';

let rig: CommitteeRig;
const ROSTER = '/api/compounds/compound-1-1-1/roster';

beforeAll(async () => {
  rig = await startCommitteeRig();
}, 120_000);
afterAll(() => rig?.close());

const recorder = () => rig.as('community1-1-officer');
const secretary = () => rig.as('community1-1-secretary');
const meetingState = async (id: number) => (await rig.api.get(`/api/meetings/${id}`, await secretary())).body;

/** owners vote online: each reads their ballot paper with the code, then casts it */
async function voteOnline(codes: { code: string }[], choicesFor: (candidates: any[], i: number) => Record<string, string>) {
  for (const [i, { code }] of codes.entries()) {
    const paper = await rig.api.post('/api/vote/ballot-paper', undefined, { code });
    expect(paper.status).toBe(200);
    expect(paper.body).toMatchObject({ takesBallots: true, voted: false, seats: 5 });
    const cast = await rig.api.post('/api/vote', undefined, { code, choices: choicesFor(paper.body.candidates, i) });
    expect([cast.status, cast.text]).toEqual([201, JSON.stringify({ recorded: true })]);
  }
}

const allFor = (candidates: { id: string }[]) => Object.fromEntries(candidates.map((c) => [c.id, 'for']));

it('forms the committee: roster import, paper and online ballots, quorum missed then met, chair, filing', async () => {
  let register: any[] = [];
  const instanceId = await walkToFirstMeeting(rig, async (csv) => {
    // the property register lists the same 40 units as the compound's record
    register = (await rig.api.get(ROSTER, await recorder())).body.entries;
    expect(register).toHaveLength(40);
    const withDuplicate = csv([...register, { ...register[3], ownerName: '重复' }]);
    const refused = await rig.api.post(`${ROSTER}/import`, await recorder(), { format: 'csv', content: withDuplicate });
    expect(refused.status).toBe(422);
    expect(refused.body.details.problems).toEqual([{ line: 42, field: 'flat', message: `unit "${register[3].flat}" is listed twice (first on line 5)` }]);
    // an incomplete register is stored but flagged: its areas fall short of the compound's total
    const short = await rig.api.post(`${ROSTER}/import`, await recorder(), { format: 'csv', content: csv(register.slice(1)) });
    expect(short.status).toBe(200);
    expect(short.body).toMatchObject({ removed: 1, check: { matches: false, owners: 39 } });
    // the complete register, one flat sold since: the areas add up again
    const sold = register.map((e, i) => (i === 7 ? { ...e, ownerName: '新业主' } : e));
    const full = await rig.api.post(`${ROSTER}/import`, await recorder(), { format: 'csv', content: csv(sold) });
    expect(full.body).toMatchObject({ added: 0, updated: 40, check: { matches: true, owners: 40 } });
    // and the group corrects one name by hand
    const edit = await rig.api.post(ROSTER, await recorder(), { flat: register[7].flat, ownerName: '新业主甲', area: register[7].area });
    expect(edit.status).toBe(200);
    expect(edit.body.entries.find((e: any) => e.flat === register[7].flat).ownerName).toBe('新业主甲');
    // someone outside the compound's community may not touch it; an auditor reads only
    expect((await rig.api.post(ROSTER, await rig.as('community1-2-officer'), { flat: 'x', ownerName: 'y', area: '1' })).status).toBe(403);
    expect((await rig.api.get(ROSTER, await rig.as('auditor'))).status).toBe(200);
  });

  // ── first meeting: 20 of 40 owners take part, under two thirds ──
  const first = await publishMeeting(rig, instanceId);
  const codes1 = (await rig.api.post(`/api/meetings/${first}/owner-codes`, await secretary(), {})).body.codes as { flat: string; code: string }[];
  expect(codes1).toHaveLength(40);
  expect(new Set(codes1.map((c) => c.code)).size).toBe(40);
  // the roster is locked while the meeting takes ballots
  expect((await rig.api.post(ROSTER, await recorder(), { flat: register[0].flat, remove: true })).status).toBe(409);
  await sleepUntilTask(rig, 'community1-1-secretary', 'Task_ballot_box', instanceId);

  const candidates = (await meetingState(first)).candidates as { id: string; name: string }[];
  // the preferred nominees (三优先) head the list, the vetoed 赵三 is not on it
  expect(candidates.map((c) => c.name)).toEqual(['赵一', '赵六', '赵二', '赵四', '赵五']);
  // paper: five ballots one by one, the second entered wrongly and corrected
  for (const e of register.slice(0, 5)) {
    const r = await rig.api.post(`/api/meetings/${first}/ballots`, await recorder(), { flat: e.flat, choices: allFor(candidates) });
    expect(r.status).toBe(201);
  }
  const fixed = await rig.api.post(`/api/meetings/${first}/ballots`, await recorder(), { flat: register[1].flat, choices: { [candidates[0].id]: 'against' } });
  expect(fixed.body).toMatchObject({ corrected: true, participation: { participatingHeads: 5 } });
  // and a tally sheet of five more
  const sheet = ['房号,' + candidates.map((c) => c.name).join(','), ...register.slice(5, 10).map((e) => `${e.flat},同意,同意,反对,弃权,✓`)].join('\n');
  expect((await rig.api.post(`/api/meetings/${first}/ballots/import`, await recorder(), { format: 'csv', content: sheet })).body).toMatchObject({ recorded: 5, corrected: 0 });
  // online: ten owners with their codes
  await voteOnline(codes1.slice(10, 20), allFor);
  let state = await meetingState(first);
  expect(state.participation).toMatchObject({ participatingHeads: 20, totalHeads: 40, headShare: '1/2', quorumMet: false });
  expect(state.ballots).toEqual({ paper: 10, online: 10 });
  expect(state.results).toBeNull();
  // a spent code votes no more; a paper ballot cannot override an online one
  expect((await rig.api.post('/api/vote', undefined, { code: codes1[10].code, choices: {} })).status).toBe(409);
  expect((await rig.api.post(`/api/meetings/${first}/ballots`, await recorder(), { flat: codes1[10].flat, choices: {} })).status).toBe(409);

  await complete(rig, 'community1-1-secretary', 'Task_ballot_box', instanceId, { ballotBoxClosed: true });
  // quorum missed: the secretary is asked to call the meeting again; the old one takes no ballots
  await openTasks(rig, 'community1-1-secretary', 'Task_publish_candidates', instanceId);
  const missed = await rig.api.get(`/api/meetings/${first}/results`);
  expect(missed.body).toMatchObject({ outcome: 'quorum-missed', participatingHeads: 20, elected: [] });
  expect((await rig.api.post('/api/vote', undefined, { code: codes1[30].code, choices: {} })).status).toBe(409);

  // ── second meeting: 30 of 40 owners take part ──
  const second = await publishMeeting(rig, instanceId);
  expect(second).not.toBe(first);
  const codes2 = (await rig.api.post(`/api/meetings/${second}/owner-codes`, await secretary(), {})).body.codes as { flat: string; code: string }[];
  // first meeting's codes do not open the second meeting's ballot
  expect((await rig.api.post('/api/vote', undefined, { code: codes1[35].code, choices: {} })).status).toBe(409);
  await sleepUntilTask(rig, 'community1-1-secretary', 'Task_ballot_box', instanceId);
  const sheet2 = ['房号,' + candidates.map((c) => c.name).join(','), ...codes2.slice(0, 15).map((c) => `${c.flat},同意,同意,同意,同意,同意`)].join('\n');
  expect((await rig.api.post(`/api/meetings/${second}/ballots/import`, await recorder(), { format: 'csv', content: sheet2 })).body).toMatchObject({ recorded: 15 });
  // online owners approve all five, but one of them votes against 赵四
  await voteOnline(codes2.slice(15, 30), (cs, i) => (i === 0 ? { ...allFor(cs), [cs.find((c) => c.name === '赵四').id]: 'against' } : allFor(cs)));
  state = await meetingState(second);
  expect(state.participation).toMatchObject({ participatingHeads: 30, headShare: '3/4', headQuorumMet: true });
  const live = state.participation;

  await complete(rig, 'community1-1-secretary', 'Task_ballot_box', instanceId, { ballotBoxClosed: true });
  const results = await (async () => {
    for (let i = 0; i < 100; i++) {
      const r = await rig.api.get(`/api/meetings/${second}/results`);
      if (r.status === 200) return r;
      await new Promise((res) => setTimeout(res, 100));
    }
    throw new Error('no results published');
  })();
  // the workflow's tally is the live view's reading of the same ballots
  expect(results.body).toMatchObject({ ...live, outcome: 'elected' });
  expect(results.body.elected.map((e: any) => e.name)).toEqual(['赵一', '赵六', '赵二', '赵四', '赵五']);
  expect(results.body.candidates.find((c: any) => c.name === '赵四')).toMatchObject({ approvingHeads: 29, majority: true, elected: true });
  // published without any owner: no unit, no name appears
  for (const e of register) {
    expect(results.text).not.toContain(e.flat);
    expect(results.text).not.toContain(e.ownerName);
  }

  await rig.t.sleep(7 * DAY);
  await complete(rig, 'community1-1-secretary', 'Task_elect_chair', instanceId, { chair: '赵一' });
  await complete(rig, 'street1-officer', 'Task_filing', instanceId, { filingReference: 'KC-2027-001' });
  for (let i = 0; i < 100; i++) {
    const r = await rig.api.get(`/api/instances/${instanceId}`, await rig.as('auditor'));
    if (r.body.instance?.status === 'completed') break;
    await new Promise((res) => setTimeout(res, 100));
  }
  const handle = rig.runtime.client.workflow.getHandle(instanceId);
  const result = (await handle.result()) as { status: string; variables: any };
  expect(result.status).toBe('completed');
  expect(result.variables.filing.filingIds).toHaveLength(2);
  const committee = await rig.runtime.prisma.committee.findFirstOrThrow({ where: { meetingId: second }, include: { members: { include: { candidate: true } } } });
  expect(committee.members.map((m) => [m.candidate.name, m.role]).sort()).toEqual([['赵一', 'chair'], ['赵二', 'member'], ['赵五', 'member'], ['赵六', 'member'], ['赵四', 'member']]);
  const vetoed = await rig.runtime.prisma.candidate.findFirstOrThrow({ where: { workflowId: instanceId, name: '赵三' } });
  expect(vetoed.status).toBe('vetoed');
  expect(await rig.t.replayAll(await bundleWorkflows(require.resolve('../../workflows')))).toBeGreaterThanOrEqual(6);
}, 600_000);
