// What values may enter a process, and who may start it, through the API as people use it: the
// attacks of the security review (forged task fields, narrowed vettings, starts by the wrong
// official, undeclared message and retry variables) refused by name, the ordinary paths still
// working, and admin actions shown in the timeline as the admin who did them.
/* eslint-disable @typescript-eslint/no-explicit-any -- tests read JSON answers loosely and assert on them */
import fs from 'node:fs';
import path from 'node:path';
import { DIAGRAMS, startTestServer, type TestServer } from './harness';
import { eventually } from './listeners';

let server: TestServer;
const tokens: Record<string, string> = {};
const token = async (username: string) => (tokens[username] ??= (await server.api.login(username)).token);

beforeAll(async () => {
  server = await startTestServer({ diagramsDir: DIAGRAMS });
}, 180_000);
afterAll(() => server?.close());

const start = async (username: string, processKey: string, variables: Record<string, unknown>) =>
  server.api.post('/api/instances', await token(username), { processKey, variables });

const vetting = (more: Record<string, unknown> = {}) => ({ candidateId: 'cand-9', candidateName: '张三', compoundCode: 'compound-1-1-1', ...more });
const pairing = (more: Record<string, unknown> = {}) => ({ compoundCode: 'compound-1-1-1', agencyCode: 'agency-01', year: 2026, cutoffDate: '2026-12-31', ...more });
const project = (more: Record<string, unknown> = {}) => ({
  title: '加装电梯', description: '3幢加装电梯', proposer: 'official:grid1-1-1-officer', unitCode: 'grid-1-1-1', departments: ['dept-housing'], responseDue: 'P3D', ...more,
});
const variablesNamed = (res: { body: any }) => (res.body.details as { variable: string }[]).map((d) => d.variable).sort();

/** the open task of `elementId` in the official's inbox, once it is there */
async function inboxTask(username: string, instanceId: string, elementId: string) {
  return eventually(async () => {
    const r = await server.api.get('/api/tasks', await token(username));
    return r.body.tasks.find((t: any) => t.instanceId === instanceId && t.elementId === elementId);
  }, 60_000, `${username}'s ${elementId} task`);
}

describe('completing a task', () => {
  test('a reviewer cannot write fields the review form does not declare; the candidate, the department and the result stay as they were', async () => {
    const started = await start('admin', 'vetting', vetting({ departments: ['dept-public-security', 'dept-tax'] }));
    expect(started.status).toBe(201);
    const id = started.body.instance.id;
    const review = await inboxTask('police-reviewer', id, 'Task_review');
    const forged = await server.api.post(`/api/tasks/${review.id}/complete`, await token('police-reviewer'), {
      variables: { decision: 'veto', reason: 'x', department: 'dept-tax', candidateName: 'HACKED', departments: [], vettingResult: 'passed' },
    });
    expect(forged.status).toBe(422);
    for (const name of ['department', 'candidateName', 'departments', 'vettingResult']) {
      expect(forged.body.details).toContainEqual(expect.stringContaining(`"${name}" is not on the form`));
    }
    expect(forged.body.details.join(' ')).not.toMatch(/"decision"|"reason"/);

    const honest = await server.api.post(`/api/tasks/${review.id}/complete`, await token('police-reviewer'), { variables: { decision: 'veto', reason: '有前科' } });
    expect(honest.status).toBe(200);
    const done = await eventually(async () => {
      const r = await server.api.get(`/api/instances/${encodeURIComponent(id)}`, await token('admin'));
      return r.body.instance.status === 'completed' && r.body;
    }, 60_000, 'the vetting to end');
    expect(done.state.variables).toMatchObject({ candidateName: '张三', vettingResult: 'vetoed', vetoDepartment: 'dept-public-security', vetoReason: '有前科' });
  });

  test("a community secretary cannot set the pairing's agency through the demand list", async () => {
    const started = await start('city-coordinator', 'pairing', pairing());
    expect(started.status).toBe(201);
    const task = await inboxTask('community1-1-secretary', started.body.instance.id, 'Task_demand_list');
    const forged = await server.api.post(`/api/tasks/${task.id}/complete`, await token('community1-1-secretary'), {
      variables: { demandList: [{ item: '助餐服务', category: '养老', days: 30 }], agencyCode: 'agency-02' },
    });
    expect(forged.status).toBe(422);
    expect(forged.body.details).toEqual([expect.stringContaining('"agencyCode" is not on the form')]);
  });
});

describe('starting a process', () => {
  test('only declared start variables are accepted, each other one named', async () => {
    const res = await start('admin', 'vetting', vetting({ vettingResult: 'passed', reviews: [] }));
    expect(res.status).toBe(422);
    expect(variablesNamed(res)).toEqual(['reviews', 'vettingResult']);
    expect(res.body.details[0].message).toMatch(/not a start variable of vetting/);
  });

  test('a reviewing department cannot start a vetting, narrowed or not', async () => {
    const narrowed = await start('police-reviewer', 'vetting', vetting({ departments: ['dept-public-security'] }));
    expect(narrowed.status).toBe(403);
    expect(narrowed.body.error).toMatch(/started by coordinator@street, secretary@street, admin/);
    // a reviewer who also holds a district role is no street official either
    expect((await start('housing-reviewer', 'vetting', vetting())).status).toBe(403);
  });

  test('a street secretary vets a compound of the street with all departments, never a hand-picked few', async () => {
    const single = await start('street1-secretary', 'vetting', vetting({ departments: ['dept-tax'] }));
    expect(single.status).toBe(403);
    expect(variablesNamed(single)).toEqual(['departments']);
    expect(single.body.details[0].message).toMatch(/only admin may set departments/);
    const otherStreet = await start('street1-secretary', 'vetting', vetting({ compoundCode: 'compound-2-1-1' }));
    expect(otherStreet.status).toBe(403);
    const allDepartments = await start('street1-secretary', 'vetting', vetting({ departments: [] }));
    expect(allDepartments.status).toBe(201);
    // admins may narrow, but only to departments
    const notDepartments = await start('admin', 'vetting', vetting({ departments: ['dept-tax', 'agency-01', 'nowhere'] }));
    expect(notDepartments.status).toBe(422);
    expect(notDepartments.body.details).toEqual([
      { variable: 'departments', message: 'agency-01 is a agency, not a department' },
      { variable: 'departments', message: 'no org unit nowhere' },
    ]);
  });

  test('pairing is opened by the city coordinator, with a real compound and agency', async () => {
    const byGrid = await start('grid1-1-1-officer', 'pairing', pairing());
    expect(byGrid.status).toBe(403);
    expect(byGrid.body.error).toMatch(/started by coordinator@city/);
    const wrongKind = await start('city-coordinator', 'pairing', pairing({ agencyCode: 'dept-tax' }));
    expect(wrongKind.status).toBe(422);
    expect(wrongKind.body.details).toEqual([{ variable: 'agencyCode', message: 'dept-tax is a department, not a agency' }]);
    const unknown = await start('city-coordinator', 'pairing', pairing({ compoundCode: 'compound-9-9-9' }));
    expect(unknown.status).toBe(422);
    expect(variablesNamed(unknown)).toEqual(['compoundCode']);
  });

  test('a grid officer proposes a project for their own grid only; a street officer forms a committee for a compound of the street', async () => {
    expect((await start('grid1-1-1-officer', 'secretary-project', project())).status).toBe(201);
    const elsewhere = await start('grid1-1-1-officer', 'secretary-project', project({ unitCode: 'community-1-2' }));
    expect(elsewhere.status).toBe(403);
    const notDepartments = await start('community1-1-secretary', 'secretary-project', project({ unitCode: 'community-1-1', departments: ['compound-1-1-1'] }));
    expect(notDepartments.status).toBe(422);
    expect(variablesNamed(notDepartments)).toEqual(['departments']);
    expect((await start('street1-officer', 'committee-formation', { compoundCode: 'compound-1-1-2' })).status).toBe(201);
    expect((await start('street1-officer', 'committee-formation', { compoundCode: 'compound-2-1-1' })).status).toBe(403);
    expect((await start('community1-1-secretary', 'committee-formation', { compoundCode: 'compound-1-1-2' })).status).toBe(403);
  });
});

describe('admin actions on a running instance', () => {
  test('a message sets only the variables its message declares, and the timeline names the admin who sent it and who cancelled', async () => {
    const started = await start('admin', 'vetting', vetting({ candidateId: 'cand-10', departments: ['dept-court'] }));
    const id = encodeURIComponent(started.body.instance.id);
    await inboxTask('court-reviewer', started.body.instance.id, 'Task_review');
    const forged = await server.api.post(`/api/instances/${id}/messages`, await token('admin'), { name: 'anything', variables: { vettingResult: 'passed' } });
    expect(forged.status).toBe(422);
    expect(variablesNamed(forged)).toEqual(['vettingResult']);
    expect((await server.api.post(`/api/instances/${id}/messages`, await token('admin'), { name: 'ping' })).status).toBe(202);
    expect((await server.api.post(`/api/instances/${id}/cancel`, await token('admin'))).status).toBe(202);
    const timeline = await eventually(async () => {
      const r = await server.api.get(`/api/instances/${id}/timeline`, await token('auditor'));
      return r.body.timeline.some((e: any) => e.what === 'cancellation requested') && r.body.timeline;
    }, 30_000, 'the cancellation in the timeline');
    expect(timeline.find((e: any) => e.what.startsWith('signal message'))).toMatchObject({ who: 'admin:admin' });
    expect(timeline.find((e: any) => e.what === 'cancellation requested')).toMatchObject({ who: 'admin:admin' });
  });

  test('an incident retry sets only variables the process declares, and the timeline names the admin', async () => {
    const admin = await token('admin');
    const xml = fs.readFileSync(path.join(__dirname, 'fixtures', 'needs-approval.bpmn'), 'utf8');
    expect((await server.api.request('POST', '/api/deployments', { token: admin, raw: xml, headers: { 'content-type': 'application/xml' } })).status).toBe(201);
    const started = await server.api.post('/api/instances', admin, { processKey: 'needsApproval', variables: {} });
    const id = encodeURIComponent(started.body.instance.id);
    await eventually(async () => (await server.api.get(`/api/instances/${id}`, admin)).body.incidents.length > 0, 30_000, 'the incident');
    const forged = await server.api.post(`/api/instances/${id}/incidents/retry`, admin, { elementId: 'approvedGate', variables: { approved: true, auditFlag: 'clean' } });
    expect(forged.status).toBe(422);
    expect(variablesNamed(forged)).toEqual(['auditFlag']);
    expect((await server.api.post(`/api/instances/${id}/incidents/retry`, admin, { elementId: 'approvedGate', variables: { approved: true } })).status).toBe(200);
    const timeline = (await server.api.get(`/api/instances/${id}/timeline`, admin)).body.timeline;
    expect(timeline.find((e: any) => e.what === 'incident retried')).toMatchObject({ who: 'admin:admin', decision: { approved: true } });
  });
});
