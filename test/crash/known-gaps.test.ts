// Gaps kill-restart.test.ts once ran into, each pinned down on its own and now closed: exactly-once
// notifications need an identity per instance (the notify activity's idempotency key is (key,
// recipient), and a key that does not name its instance made two instances one); an explicit
// gridflow.notify service task (D's veto) reaches people as what the diagram says; a lead given
// fewer days than B's 3-day reminder lead time still gets the task.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startRuntime, type Runtime } from '../../server/runtime';
import { loginToken, rawRequest } from '../hostile/support/http';

const DIAGRAMS = path.join(__dirname, '..', '..', 'diagrams');
let runtime: Runtime;
let dataDir: string;
let admin: string;

/** vetting with its review due in 2 s, escalated to the department head at once */
const fastVetting = () =>
  fs
    .readFileSync(path.join(DIAGRAMS, 'vetting.bpmn'), 'utf8')
    .replace(/"vetting"/g, '"vetting_fast"')
    .replace('gov:dueIn="P5D" gov:remindBefore="P1D"', 'gov:dueIn="PT2S"');

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gridflow-notify-id-'));
  runtime = await startRuntime({ dataDir, port: 0, host: '127.0.0.1', temporalPort: 0, diagramsDir: DIAGRAMS, pollMs: 200, log: () => {} });
  admin = await loginToken(runtime.url, 'admin');
  const deployed = await rawRequest(runtime.url, { method: 'POST', path: '/api/deployments', headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/xml' }, body: fastVetting() });
  if (deployed.status !== 201) throw new Error(`deploy: ${deployed.status} ${deployed.text}`);
}, 180_000);

afterAll(async () => {
  await runtime?.close();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

async function start(variables: Record<string, unknown>): Promise<string> {
  const res = await rawRequest(runtime.url, { method: 'POST', path: '/api/instances', headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' }, body: JSON.stringify({ processKey: 'vetting_fast', variables }) });
  if (res.status !== 201) throw new Error(`start: ${res.status} ${res.text}`);
  return (res.json as { instance: { id: string } }).instance.id;
}

async function until<T>(probe: () => Promise<T | undefined>, ms: number): Promise<T | undefined> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined || Date.now() > end) return v;
    await new Promise((r) => setTimeout(r, 250));
  }
}

test('two instances on the same path each escalate to the department head (keys name their instance)', async () => {
  const variables = { candidateId: 'same', candidateName: '同名', compoundCode: 'compound-1-1-1', departments: ['dept-tax'] };
  const ids = [await start(variables), await start(variables)];
  const escalated = await until(async () => {
    const rows = await runtime.prisma.notification.findMany({ where: { workflowId: { in: ids }, kind: 'escalation', recipient: { username: 'tax-head' } }, select: { workflowId: true } });
    const per = new Set(rows.map((r) => r.workflowId));
    return per.size === 2 ? per : undefined;
  }, 20_000);
  // today the second instance's escalation has the first one's key and is taken for a repeat
  expect(escalated?.size).toBe(2);
});

test("D's veto reaches the street coordinator as a veto with the diagram's message", async () => {
  const id = await start({ candidateId: 'veto', candidateName: '王芳', compoundCode: 'compound-1-1-1', departments: ['dept-tax'] });
  const task = await until(async () => (await runtime.prisma.task.findFirst({ where: { workflowId: id, state: 'open' } })) ?? undefined, 20_000);
  const officer = await loginToken(runtime.url, 'tax-reviewer');
  const done = await rawRequest(runtime.url, { method: 'POST', path: `/api/tasks/${task!.id}/complete`, headers: { authorization: `Bearer ${officer}`, 'content-type': 'application/json' }, body: JSON.stringify({ variables: { decision: 'veto', reason: '有欠税记录' } }) });
  expect(done.status).toBe(200);
  const veto = await until(async () => (await runtime.prisma.notification.findFirst({ where: { workflowId: id, key: { contains: 'Task_notify_veto' } } })) ?? undefined, 20_000);
  // today: kind "reminder" and the body "Task_notify_veto: deadline approaching"
  expect(veto).toEqual(expect.objectContaining({ kind: 'veto', body: expect.stringContaining('有欠税记录') }));
});

test("B's lead given 1 day (fewer than the 3-day reminder lead time) still gets the task", async () => {
  const started = await rawRequest(runtime.url, {
    method: 'POST',
    path: '/api/instances',
    headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
    body: JSON.stringify({ processKey: 'secretary-project', variables: { title: '加装电梯', description: '3幢', proposer: 'level:community:secretary', unitCode: 'community-1-1', departments: ['dept-housing'], responseDue: 'P3D' } }),
  });
  expect(started.status).toBe(201);
  const id = (started.json as { instance: { id: string } }).instance.id;
  const secretary = await loginToken(runtime.url, 'street1-secretary');
  const completeOpen = async (elementId: string, variables: Record<string, unknown>, who = secretary) => {
    const task = await until(async () => (await runtime.prisma.task.findFirst({ where: { workflowId: id, elementId, state: 'open' } })) ?? undefined, 20_000);
    const res = await rawRequest(runtime.url, { method: 'POST', path: `/api/tasks/${task!.id}/complete`, headers: { authorization: `Bearer ${who}`, 'content-type': 'application/json' }, body: JSON.stringify({ variables }) });
    expect(res.status).toBe(200);
  };
  await completeOpen('Task_committee_review', { reviewDecision: 'approve', reviewOpinion: '同意' });
  // the form allows 1..365 days; gov:remindBefore="P3D" then asks for a reminder 2 days before the start
  await completeOpen('Task_assign_lead', { lead: 'street1-secretary', deadlineDays: 1 });
  await completeOpen('Task_department_response', { response: '派员现场勘查' }, await loginToken(runtime.url, 'housing-head'));
  const lead = await until(async () => (await runtime.prisma.task.findFirst({ where: { workflowId: id, elementId: 'Task_lead_work' } })) ?? undefined, 20_000);
  // today: no task, and the incident 'Task_lead_work: "-P2D" is not an ISO 8601 duration'
  expect(await runtime.prisma.incident.findMany({ where: { workflowId: id }, select: { message: true } })).toEqual([]);
  expect(lead).toBeDefined();
});
