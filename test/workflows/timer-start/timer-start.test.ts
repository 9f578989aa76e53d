// Timer start events run as drawn: deploying a version with one creates a Temporal Schedule that
// starts instances of that version (each with its Instance row, started by the schedule),
// redeploying moves the schedule to the new version, and a version without the timer removes it.
// End to end through the HTTP API, the real worker and the embedded service with virtual time,
// moved on through its test service so a year passes in a moment.
/* eslint-disable @typescript-eslint/no-explicit-any -- JSON answers are read loosely and asserted on */
import fs from 'node:fs';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { InternalConnectionOptionsSymbol } from '@temporalio/client/lib/connection';
import { msToTs } from '@temporalio/common/lib/time';
import { readServiceKey } from '../../../server/service-key';
import { startTestServer, type TestServer } from '../../server/harness';

const diagram = (file: string) => fs.readFileSync(path.join(__dirname, file), 'utf8');
const DAY = 86_400_000;

let server: TestServer;
let admin: string;
let testService: Connection;

beforeAll(async () => {
  server = await startTestServer({ temporalTimeSkipping: true });
  admin = (await server.api.login('admin')).token;
  // the internal option makes `connection.testService` available (as @temporalio/testing does)
  // the embedded service answers only holders of the data folder's key, as the server and worker are
  // (plaintext on loopback: the SDK would turn TLS on for an API key by itself)
  const apiKey = readServiceKey(server.dataDir);
  const options = { address: server.runtime.temporalAddress, apiKey, tls: false as const, [InternalConnectionOptionsSymbol]: { supportsTestService: true } };
  testService = await Connection.connect(options);
}, 60_000);
afterAll(async () => {
  await testService?.close();
  await server?.close();
});

/** moves the service's virtual clock on by ms (firing every schedule and timer due on the way) */
async function advance(ms: number): Promise<void> {
  await testService.testService!.unlockTimeSkippingWithSleep({ duration: msToTs(ms) });
}

function deploy(xml: string) {
  return server.api.request('POST', '/api/deployments', { token: admin, raw: xml, headers: { 'content-type': 'application/xml' } });
}

async function schedulesOf(processKey: string): Promise<any[]> {
  const r = await server.api.get(`/api/schedules?processKey=${processKey}`, admin);
  expect(r.status).toBe(200);
  return r.body.schedules;
}

/** the instances a process has, oldest first, once their rows settle (bounded wait) */
async function instancesOf(processKey: string, count: number): Promise<any[]> {
  let rows: any[] = [];
  for (let i = 0; i < 100; i++) {
    const r = await server.api.get(`/api/instances?processKey=${processKey}`, admin);
    rows = r.body.instances;
    if (rows.length >= count && rows.every((x: any) => x.status === 'completed')) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return [...rows].sort((a, b) => a.startedAt.localeCompare(b.startedAt));
}

// first: the yearly test below moves virtual time years on
test('a duration start runs once, that long after deployment; a date start runs once at that date, each at its own start event', async () => {
  // the drawn date moved to ten days from the service's clock, so the spec does not age
  const clock = (await testService.testService!.getCurrentTime({})).time!;
  const date = new Date((Number(clock.seconds) + 10 * 86_400) * 1000).toISOString().replace('.000Z', 'Z');
  const r = await deploy(diagram('one-off-starts.bpmn').replace('2027-01-01T00:00:00+08:00', date));
  expect(r.status).toBe(201);
  expect([...r.body.startSchedules].sort()).toEqual(['gridflow-start:one_off_starts:Start_after_deploy', 'gridflow-start:one_off_starts:Start_new_year']);
  const byStart = Object.fromEntries((await schedulesOf('one_off_starts')).map((s) => [s.startEventId, s]));
  const deployedAt = Date.parse(r.body.deployment.createdAt);
  expect(Date.parse(byStart.Start_after_deploy.nextStartTimes[0]) - Math.floor(deployedAt / 1000) * 1000).toBe(30 * 60_000);
  expect(byStart.Start_after_deploy.nextStartTimes).toHaveLength(1);
  expect(byStart.Start_new_year.nextStartTimes).toEqual([new Date(date).toISOString()]);

  await advance(DAY);
  const afterADay = await instancesOf('one_off_starts', 1);
  expect(afterADay).toHaveLength(1);
  expect(afterADay[0].startedBy).toBe('schedule:gridflow-start:one_off_starts:Start_after_deploy');
  const first = await server.api.get(`/api/instances/${encodeURIComponent(afterADay[0].id)}`, admin);
  expect(first.body.state.visited.map((v: any) => v.elementId)).toEqual(expect.arrayContaining(['Start_after_deploy', 'End_after_deploy']));
  expect(first.body.state.visited.map((v: any) => v.elementId)).not.toContain('Start_new_year');

  await advance(10 * DAY);
  const afterTheDate = await instancesOf('one_off_starts', 2);
  expect(afterTheDate.map((i) => i.startedBy)).toEqual(['schedule:gridflow-start:one_off_starts:Start_after_deploy', 'schedule:gridflow-start:one_off_starts:Start_new_year']);
  // each ran once: nothing more to come
  for (const s of await schedulesOf('one_off_starts')) expect(s).toMatchObject({ nextStartTimes: [], startsSoFar: 1 });
  await advance(40 * DAY);
  expect(await instancesOf('one_off_starts', 2)).toHaveLength(2);
}, 120_000);

test('a yearly cycle starts an instance each year; a new version moves the schedule; a version without the timer removes it', async () => {
  const v1 = await deploy(diagram('yearly-round.bpmn'));
  expect(v1.status).toBe(201);
  expect(v1.body.startSchedules).toEqual(['gridflow-start:yearly_round:Start_yearly']);
  const [schedule] = await schedulesOf('yearly_round');
  expect(schedule).toMatchObject({ id: 'gridflow-start:yearly_round:Start_yearly', startEventId: 'Start_yearly', versionId: 'yearly_round:v1', paused: false, startsSoFar: 0 });
  // R/P1Y: the first round one year after deployment, then every year on that day
  const first = Date.parse(schedule.nextStartTimes[0]);
  const deployedAt = Date.parse(v1.body.deployment.createdAt);
  expect(new Date(first).getUTCFullYear()).toBe(new Date(deployedAt).getUTCFullYear() + 1);
  expect(first - deployedAt).toBeGreaterThan(364 * DAY);
  expect(first - deployedAt).toBeLessThan(367 * DAY);
  expect(new Date(Date.parse(schedule.nextStartTimes[1])).getUTCFullYear()).toBe(new Date(first).getUTCFullYear() + 1);
  expect(await instancesOf('yearly_round', 0)).toEqual([]);

  await advance(first - deployedAt + DAY);
  const afterOne = await instancesOf('yearly_round', 1);
  expect(afterOne).toHaveLength(1);
  expect(afterOne[0]).toMatchObject({ versionId: 'yearly_round:v1', startedBy: 'schedule:gridflow-start:yearly_round:Start_yearly', status: 'completed' });

  await advance(366 * DAY);
  const afterTwo = await instancesOf('yearly_round', 2);
  expect(afterTwo.map((i) => i.versionId)).toEqual(['yearly_round:v1', 'yearly_round:v1']);
  expect((await schedulesOf('yearly_round'))[0]).toMatchObject({ startsSoFar: 2, recentStarts: [expect.anything(), expect.anything()] });

  // a renamed task is a new version: the same schedule now starts it
  const v2 = await deploy(diagram('yearly-round.bpmn').replace('开启结对轮次', '开启年度结对轮次'));
  expect(v2.status).toBe(201);
  expect(v2.body.deployment.id).toBe('yearly_round:v2');
  expect(await schedulesOf('yearly_round')).toEqual([expect.objectContaining({ id: 'gridflow-start:yearly_round:Start_yearly', versionId: 'yearly_round:v2' })]);
  await advance(366 * DAY);
  const afterThree = await instancesOf('yearly_round', 3);
  expect(afterThree.map((i) => i.versionId)).toEqual(['yearly_round:v1', 'yearly_round:v1', 'yearly_round:v2']);

  // a version started by hand only: no schedule, and no more rounds
  const noTimer = diagram('yearly-round.bpmn').replace(/<bpmn:timerEventDefinition>.*<\/bpmn:timerEventDefinition>/, '');
  const v3 = await deploy(noTimer);
  expect(v3.status).toBe(201);
  expect(v3.body.startSchedules).toEqual([]);
  expect(await schedulesOf('yearly_round')).toEqual([]);
  await advance(366 * DAY);
  expect(await instancesOf('yearly_round', 3)).toHaveLength(3);
}, 120_000);

test('start events no schedule could run as drawn are refused, each naming its element, and nothing is stored', async () => {
  const r = await deploy(diagram('refused-starts.bpmn'));
  expect(r.status).toBe(422);
  const byElement = Object.fromEntries(r.body.details.map((d: any) => [d.elementId, d.message]));
  expect(byElement.Start_by_message).toMatch(/message start event is not supported/);
  expect(byElement.Start_feel_date).toMatch(/FEEL timer on a start event/);
  expect(byElement.Start_mixed_cycle).toMatch(/P1M2D/);
  expect(byElement.Start_daily).toMatch(/required start variables streetCode/);
  expect((await server.api.get('/api/deployments?processKey=refused_starts', admin)).body.deployments).toEqual([]);
  expect(await schedulesOf('refused_starts')).toEqual([]);
});

test('an admin pauses a schedule (no starts until resumed); others may only look', async () => {
  const r = await deploy(diagram('yearly-round.bpmn').replace('id="yearly_round"', 'id="paused_round"'));
  expect(r.status).toBe(201);
  const id = 'gridflow-start:paused_round:Start_yearly';
  const auditor = (await server.api.login('auditor')).token;
  expect((await server.api.post(`/api/schedules/${id}/pause`, auditor)).status).toBe(403);
  expect((await server.api.get('/api/schedules?processKey=paused_round', auditor)).body.schedules).toHaveLength(1);
  expect((await server.api.post('/api/schedules/gridflow-start:no_such:Start/pause', admin)).status).toBe(404);

  const paused = await server.api.post(`/api/schedules/${id}/pause`, admin);
  expect(paused.status).toBe(200);
  expect(paused.body.schedule).toMatchObject({ id, paused: true, nextStartTimes: [] });
  await advance(2 * 366 * DAY);
  expect(await instancesOf('paused_round', 0)).toEqual([]);

  const resumed = await server.api.post(`/api/schedules/${id}/resume`, admin);
  expect(resumed.body.schedule).toMatchObject({ id, paused: false });
  expect(resumed.body.schedule.nextStartTimes.length).toBeGreaterThan(0);
  await advance(366 * DAY);
  expect(await instancesOf('paused_round', 1)).toHaveLength(1);
}, 120_000);

test('cycles with a start date: quarterly and two-yearly on the calendar, R3 of a fixed length three times', async () => {
  const cycle = (key: string, value: string) => diagram('yearly-round.bpmn').replace('id="yearly_round"', `id="${key}"`).replace('>R/P1Y<', `>${value}<`);
  const nextOf = async (key: string, value: string) => {
    expect((await deploy(cycle(key, value))).status).toBe(201);
    return (await schedulesOf(key))[0];
  };
  const quarterly = await nextOf('quarterly_round', 'R/2040-01-15T09:00:00+08:00/P3M');
  expect(quarterly.nextStartTimes.slice(0, 5)).toEqual(['2040-01-15T01:00:00.000Z', '2040-04-15T01:00:00.000Z', '2040-07-15T01:00:00.000Z', '2040-10-15T01:00:00.000Z', '2041-01-15T01:00:00.000Z']);
  const biennial = await nextOf('biennial_round', 'R/2040-03-01T00:00:00Z/P2Y');
  expect(biennial.nextStartTimes.slice(0, 3)).toEqual(['2040-03-01T00:00:00.000Z', '2042-03-01T00:00:00.000Z', '2044-03-01T00:00:00.000Z']);
  const thrice = await nextOf('thrice_round', 'R3/2040-05-01T08:00:00Z/PT12H');
  expect(thrice).toMatchObject({ remainingStarts: 3, nextStartTimes: ['2040-05-01T08:00:00.000Z', '2040-05-01T20:00:00.000Z', '2040-05-02T08:00:00.000Z'] });
});
