// A drawn gridflow.notify task names its recipients with a literal (`official:police-head`, or a
// comma-separated list): the notice reaches those people, and a recipient that cannot be resolved,
// or a task naming nobody, is reported to the admins instead of vanishing.
import fs from 'node:fs';
import path from 'node:path';
import { startTestServer, type TestServer } from './harness';
import { eventually } from './listeners';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
}, 180_000);
afterAll(() => server?.close());

interface Notice {
  title: string;
  body: string;
  workflowId: string;
}

async function notices(username: string, workflowId: string): Promise<Notice[]> {
  const { token } = await server.api.login(username);
  const r = await server.api.get('/api/notifications', token);
  expect(r.status).toBe(200);
  return (r.body.notifications as Notice[]).filter((n) => n.workflowId === workflowId);
}

test('literal recipients reach their officials; unknown or missing recipients are reported to the admins', async () => {
  const { token } = await server.api.login('admin');
  const xml = fs.readFileSync(path.join(__dirname, 'fixtures', 'literal-recipients.bpmn'), 'utf8');
  const deployed = await server.api.request('POST', '/api/deployments', { token, raw: xml, headers: { 'content-type': 'application/xml' } });
  expect(deployed.status).toBe(201);
  const started = await server.api.post('/api/instances', token, { processKey: 'literalRecipients', variables: { caseNo: 'A-17' } });
  expect(started.status).toBe(201);
  const workflowId: string = started.body.instance.id;
  await eventually(async () => {
    const r = await server.api.get(`/api/instances/${encodeURIComponent(workflowId)}`, token);
    return r.body.instance.status === 'completed';
  }, 60_000, 'the instance to complete');

  expect((await notices('police-head', workflowId)).map((n) => n.body)).toEqual(['警情通报 A-17']);
  expect((await notices('tax-head', workflowId)).map((n) => n.body)).toEqual(['税务通报 A-17']);
  const toAdmin = (await notices('admin', workflowId)).map((n) => n.body);
  expect(toAdmin).toEqual(
    expect.arrayContaining([expect.stringMatching(/税务通报 A-17[\s\S]*no-such-person/), expect.stringMatching(/无人通报 A-17[\s\S]*no recipients/)]),
  );
  expect(toAdmin).toHaveLength(2);
}, 120_000);
