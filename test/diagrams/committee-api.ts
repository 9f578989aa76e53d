// Process C driven the way people drive it: every step through gridflow's public HTTP API with the
// demo officials' logins (runtime.ts on a time-skipping embedded Temporal service, so the statutory
// periods pass in virtual time). Used by the meeting scenario and the owner's browser vote.
/* eslint-disable @typescript-eslint/no-explicit-any -- tests read JSON answers loosely and assert on them */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEPARTMENTS } from '../../prisma/seed/data';
import { startRuntime, type Runtime } from '../../server/runtime';
import { startTestTemporal, type TestTemporal } from '../helpers/temporal';
import { ApiClient } from '../server/harness';

export const DAY = 86_400_000;

export interface CommitteeRig {
  t: TestTemporal;
  runtime: Runtime;
  api: ApiClient;
  /** bearer token of a demo login (logged in once) */
  as(username: string): Promise<string>;
  close(): Promise<void>;
}

export async function startCommitteeRig(opts: { webDist?: string } = {}): Promise<CommitteeRig> {
  const t = await startTestTemporal({ timeSkipping: true });
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gridflow-meeting-'));
  const runtime = await startRuntime({
    dataDir,
    port: 0,
    host: '127.0.0.1',
    temporalAddress: t.address,
    diagramsDir: path.join(__dirname, '..', '..', 'diagrams'),
    webDist: opts.webDist,
    pollMs: 200,
    log: () => undefined,
  });
  const api = new ApiClient(`http://127.0.0.1:${runtime.port}`);
  const tokens = new Map<string, string>();
  return {
    t,
    runtime,
    api,
    async as(username) {
      if (!tokens.has(username)) tokens.set(username, (await api.login(username)).token);
      return tokens.get(username)!;
    },
    async close() {
      await runtime.close();
      await t.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * A GET, repeated once when a pooled keep-alive connection was reset under it (the server closed an
 * idle socket just as the client reused it; harmless for a read, and seen on a loaded machine).
 */
async function read(rig: CommitteeRig, url: string, token: string) {
  try {
    return await rig.api.get(url, token);
  } catch (e) {
    if ((e as { cause?: { code?: string } }).cause?.code !== 'ECONNRESET') throw e;
    return rig.api.get(url, token);
  }
}

/** the caller's open tasks of `elementId` in instance `instanceId` (or its children), polled until `count` exist */
export async function openTasks(rig: CommitteeRig, username: string, elementId: string, instanceId: string, count = 1): Promise<any[]> {
  const token = await rig.as(username);
  for (let i = 0; i < 300; i++) {
    const r = await read(rig, '/api/tasks?state=open&limit=500', token);
    expect(r.status).toBe(200);
    const tasks = r.body.tasks.filter((x: any) => x.elementId === elementId && String(x.instanceId).startsWith(instanceId));
    if (tasks.length >= count) return tasks;
    await new Promise((res) => setTimeout(res, 100));
  }
  throw new Error(`${username}: fewer than ${count} open ${elementId} tasks in ${instanceId}`);
}

export async function completeTask(rig: CommitteeRig, username: string, taskId: string, variables: Record<string, unknown>): Promise<void> {
  const r = await rig.api.post(`/api/tasks/${taskId}/complete`, await rig.as(username), { variables });
  if (r.status !== 200) throw new Error(`${username} completing ${taskId}: ${r.status} ${r.text}`);
}

export async function complete(rig: CommitteeRig, username: string, elementId: string, instanceId: string, variables: Record<string, unknown>) {
  const [task] = await openTasks(rig, username, elementId, instanceId);
  await completeTask(rig, username, task.id, variables);
}

/**
 * The departments' reviewers vet the candidates in the instance's vetting children: the police
 * reviewer first vetoes the candidates named in `vetoes` (which cancels their other reviews), then
 * every reviewer passes everyone else.
 */
export async function vetCandidates(rig: CommitteeRig, instanceId: string, candidates: number, vetoes: Record<string, string> = {}) {
  const vetoed = (task: any) => task.variables.candidateName in vetoes;
  const police = DEPARTMENTS.find(([, , , slug]) => slug === 'police')!;
  for (const [, , , slug] of [police, ...DEPARTMENTS.filter((d) => d !== police)]) {
    const reviewer = `${slug}-reviewer`;
    // after a veto the vetoed candidate's other reviews close: wait for the others' only
    const expected = slug === 'police' ? candidates : candidates - Object.keys(vetoes).length;
    let tasks = await openTasks(rig, reviewer, 'Task_review', instanceId, expected);
    for (let i = 0; i < 100 && tasks.filter((x) => slug === 'police' || !vetoed(x)).length < expected; i++) {
      await new Promise((res) => setTimeout(res, 100));
      tasks = await openTasks(rig, reviewer, 'Task_review', instanceId, expected);
    }
    for (const task of tasks) {
      if (slug === 'police' && vetoed(task)) await completeTask(rig, reviewer, task.id, { decision: 'veto', reason: vetoes[task.variables.candidateName] });
      else if (!vetoed(task)) await completeTask(rig, reviewer, task.id, { decision: 'pass', reason: '无异常' });
    }
  }
}

/** advances the virtual clock a day at a time until `username` has the task (bounded) */
export async function sleepUntilTask(rig: CommitteeRig, username: string, elementId: string, instanceId: string, maxDays = 40) {
  const token = await rig.as(username);
  for (let day = 0; day <= maxDays; day++) {
    const r = await read(rig, '/api/tasks?state=open&limit=500', token);
    const found = r.body.tasks.filter((x: any) => x.elementId === elementId && x.instanceId === instanceId);
    if (found.length > 0) return { task: found[0], days: day };
    await rig.t.sleep(DAY);
    await new Promise((res) => setTimeout(res, 200));
  }
  throw new Error(`${elementId} did not open for ${username} within ${maxDays} days`);
}

/** the roster as the property register exports it: CSV with a Chinese header */
export function rosterCsv(entries: { flat: string; ownerName: string; area: string; headcount?: number }[]): string {
  return ['房号,业主,专有面积(㎡),人数', ...entries.map((e) => `${e.flat},${e.ownerName},${e.area},${e.headcount ?? 1}`)].join('\r\n');
}

/**
 * Starts C for compound-1-1-1 as its street officer and walks it, through the API, to the first
 * general meeting: group formed and published 7 days, roster imported from the register, rules,
 * five nominees vetted by the 14 departments, candidates and notice published.
 */
export async function walkToFirstMeeting(rig: CommitteeRig, register: (csv: typeof rosterCsv) => Promise<void>) {
  const started = await rig.api.post('/api/instances', await rig.as('street1-officer'), { processKey: 'committee-formation', variables: { compoundCode: 'compound-1-1-1' } });
  if (started.status !== 201) throw new Error(`start: ${started.status} ${started.text}`);
  const instanceId: string = started.body.instance.id;
  await complete(rig, 'street1-officer', 'Task_form_group', instanceId, { groupMembers: '甲|是\n乙|是\n丙|是\n丁|否\n戊|否', committeeSeats: 5 });
  await rig.t.sleep(7 * DAY);
  await register(rosterCsv);
  await complete(rig, 'community1-1-officer', 'Task_roster', instanceId, { rosterConfirmed: true });
  await complete(rig, 'community1-1-officer', 'Task_rules', instanceId, { managementRulesDraft: '管理规约', meetingRulesDraft: '议事规则' });
  await complete(rig, 'community1-1-secretary', 'Task_nominate', instanceId, { nominations: '赵一|是|否|否\n赵二\n赵三\n赵四\n赵五' });
  await vetCandidates(rig, instanceId, 5, { 赵三: '有失信记录' });
  await complete(rig, 'community1-1-secretary', 'Task_nominate', instanceId, { nominations: '赵六||是|' });
  await vetCandidates(rig, instanceId, 1);
  return instanceId;
}

/** the secretary publishes the candidates and the notice; returns the new meeting's id */
export async function publishMeeting(rig: CommitteeRig, instanceId: string, channels: 'online' | 'paper' | 'both' = 'both'): Promise<number> {
  // the server's calendar (the notice day the domain rules count from) is the real one, while the
  // workflow's timers run on the virtual clock: a date 16 real days ahead is a 16-day notice
  const now = Date.now();
  const roster = async () => (await rig.api.get('/api/compounds/compound-1-1-1/roster', await rig.as('community1-1-secretary'))).body;
  const before = (await roster()).meetings.length;
  await complete(rig, 'community1-1-secretary', 'Task_publish_candidates', instanceId, { meetingDate: new Date(now + 16 * DAY).toISOString().slice(0, 10), votingChannels: channels });
  for (let i = 0; i < 200; i++) {
    const { meetings } = await roster();
    if (meetings.length > before) return meetings[meetings.length - 1].id;
    await new Promise((res) => setTimeout(res, 100));
  }
  throw new Error('no meeting was scheduled');
}
