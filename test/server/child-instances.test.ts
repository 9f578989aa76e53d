// A call activity's child instance as the API shows it: listed with its parent's id, and reachable
// under /api/instances/<child id> with the '/' of its id as typed (only the '#' encoded, as any URL needs).
import fs from 'node:fs';
import path from 'node:path';
import { startTestServer, type TestServer } from './harness';
import { eventually } from './listeners';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
}, 180_000);
afterAll(() => server?.close());

async function deploy(token: string, file: string): Promise<void> {
  const xml = fs.readFileSync(path.join(__dirname, 'fixtures', file), 'utf8');
  expect((await server.api.request('POST', '/api/deployments', { token, raw: xml, headers: { 'content-type': 'application/xml' } })).status).toBe(201);
}

test('a child instance lists its parent and answers under its own id, slash and all', async () => {
  const { token } = await server.api.login('admin');
  await deploy(token, 'department-review.bpmn');
  await deploy(token, 'case-with-review.bpmn');
  const started = await server.api.post('/api/instances', token, { processKey: 'caseWithReview', variables: {} });
  expect(started.status).toBe(201);
  const parentId: string = started.body.instance.id;

  const child = await eventually(async () => {
    const list = await server.api.get('/api/instances?processKey=departmentReview', token);
    return list.body.instances.find((i: { id: string }) => i.id.startsWith(`${parentId}/`));
  }, 60_000, 'the child instance row');
  expect(child).toMatchObject({ id: expect.stringMatching(new RegExp(`^${parentId}/review#\\d+$`)), parentId });

  const asTyped = `/api/instances/${parentId}/${child.id.slice(parentId.length + 1).replace('#', '%23')}`;
  const detail = await server.api.get(asTyped, token);
  expect(detail.status).toBe(200);
  expect(detail.body.instance).toMatchObject({ id: child.id, parentId });
  const timeline = await server.api.get(`${asTyped}/timeline`, token);
  expect(timeline.status).toBe(200);
  // the parent's own routes are untouched
  expect((await server.api.get(`/api/instances/${parentId}/timeline`, token)).status).toBe(200);
  // the encoded form keeps working
  expect((await server.api.get(`/api/instances/${encodeURIComponent(child.id)}`, token)).status).toBe(200);
}, 120_000);
