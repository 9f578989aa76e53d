// An incident as an admin meets it: a condition reads a variable nobody set, the instance page
// shows the incident on its element, the admin sets the variable and retries, the instance ends.
import fs from 'node:fs';
import path from 'node:path';
import { startTestServer, type TestServer } from './harness';
import { eventually } from './listeners';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
}, 180_000);
afterAll(() => server?.close());

test('an admin retries an incident with the missing variable and the instance completes', async () => {
  const { token } = await server.api.login('admin');
  const xml = fs.readFileSync(path.join(__dirname, 'fixtures', 'needs-approval.bpmn'), 'utf8');
  expect((await server.api.request('POST', '/api/deployments', { token, raw: xml, headers: { 'content-type': 'application/xml' } })).status).toBe(201);
  const started = await server.api.post('/api/instances', token, { processKey: 'needsApproval', variables: {} });
  expect(started.status).toBe(201);
  const id = encodeURIComponent(started.body.instance.id);

  const incident = await eventually(async () => {
    const r = await server.api.get(`/api/instances/${id}`, token);
    return r.body.incidents.find((i: { elementId: string }) => i.elementId === 'approvedGate');
  }, 30_000, 'the incident');
  expect(incident.message).toMatch(/approved/);
  expect(incident.state).toBe('open');

  expect((await server.api.post(`/api/instances/${id}/incidents/retry`, token, { elementId: 'start' })).status).toBe(409);
  const retried = await server.api.post(`/api/instances/${id}/incidents/retry`, token, { elementId: 'approvedGate', variables: { approved: true } });
  expect(retried.status).toBe(200);

  const done = await eventually(async () => {
    const r = await server.api.get(`/api/instances/${id}`, token);
    return r.body.instance.status === 'completed' && r.body;
  }, 30_000, 'completion');
  expect(done.incidents[0]).toMatchObject({ state: 'resolved' });
  const timeline = await server.api.get(`/api/instances/${id}/timeline`, token);
  expect(timeline.body.timeline.map((e: { what: string }) => e.what)).toEqual(expect.arrayContaining(['incident raised', 'incident retried', 'process completed']));
});
