// Webhook URLs cannot make the server reach its own machine or the internal network (SSRF): a
// loopback, private, link-local, unique-local, multicast or unspecified address — literal, in
// another spelling, or behind a host name — is refused at registration (422), and again at
// delivery on the address actually connected to (a name that resolved elsewhere when registered
// and to 127.0.0.1 now). GRIDFLOW_WEBHOOK_ALLOW_HOSTS lets a named host through.
// Real runtime, real delivery loop, a real receiver on loopback that must get nothing refused.
import { createEngineActivities } from '../../activities';
import { eventually, startWebhookReceiver } from './listeners';
import { DIAGRAMS, startTestServer, type TestServer } from './harness';

const SECRET = 'webhook-target-secret-0123456789';
let server: TestServer;
let admin: string;
let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
const savedAllow = process.env.GRIDFLOW_WEBHOOK_ALLOW_HOSTS;

beforeAll(async () => {
  delete process.env.GRIDFLOW_WEBHOOK_ALLOW_HOSTS;
  receiver = await startWebhookReceiver(SECRET);
  // no allow-list option: the environment variable decides, as under npm start
  server = await startTestServer({ worker: false, diagramsDir: DIAGRAMS, pollMs: 100 });
  admin = (await server.api.login('admin')).token;
});
afterAll(async () => {
  if (savedAllow === undefined) delete process.env.GRIDFLOW_WEBHOOK_ALLOW_HOSTS;
  else process.env.GRIDFLOW_WEBHOOK_ALLOW_HOSTS = savedAllow;
  await server?.close();
  await receiver?.close();
});

const internal = [
  'http://127.0.0.1:9/hook',
  'http://127.1:9/hook',
  'http://2130706433/hook',
  'http://0x7f.0.0.1/hook',
  'http://localhost:9/hook',
  'http://10.1.2.3/hook',
  'http://172.16.0.1/hook',
  'http://192.168.1.1/hook',
  'http://100.64.0.1/hook',
  'http://169.254.169.254/latest/meta-data/',
  'http://0.0.0.0:9/hook',
  'http://224.0.0.1/hook',
  'http://255.255.255.255/hook',
  'http://[::1]:9/hook',
  'http://[::]:9/hook',
  'http://[fe80::1]/hook',
  'http://[fd00::1]/hook',
  'http://[ff02::1]/hook',
  'http://[::ffff:127.0.0.1]/hook',
  'http://[::ffff:a9fe:a9fe]/hook',
  'https://[64:ff9b::a00:1]/hook',
];

test.each(internal)('registering %s is 422 naming the address, and nothing is stored', async (url) => {
  const before = await server.runtime.prisma.webhookEndpoint.count();
  const res = await server.api.post('/api/webhooks', admin, { url });
  expect(res.status).toBe(422);
  expect(res.body.error).toMatch(/loopback|private|link-local|reserved/);
  expect(res.body.details).toEqual([expect.objectContaining({ path: 'url' })]);
  expect(await server.runtime.prisma.webhookEndpoint.count()).toBe(before);
});

test('a public address is accepted (the refusals above are about the address, not every URL)', async () => {
  const res = await server.api.post('/api/webhooks', admin, { url: 'https://93.184.215.14/hook' });
  expect(res.status).toBe(201);
  await server.api.request('DELETE', `/api/webhooks/${res.body.webhook.id}`, { token: admin });
});

test('GRIDFLOW_WEBHOOK_ALLOW_HOSTS lets a named host through; a name resolving to loopback later is refused at delivery', async () => {
  process.env.GRIDFLOW_WEBHOOK_ALLOW_HOSTS = 'example.invalid, 127.0.0.1';
  const allowed = await server.api.post('/api/webhooks', admin, { url: receiver.url, secret: SECRET });
  expect(allowed.status).toBe(201);
  // registered while "localhost" was someone else's public address: now it resolves to loopback
  const port = new URL(receiver.url).port;
  const rebound = await server.runtime.prisma.webhookEndpoint.create({ data: { url: `http://localhost:${port}/hook`, secret: SECRET } });
  const dep = await server.runtime.prisma.deployment.findFirstOrThrow({ where: { processKey: 'vetting' } });
  await createEngineActivities({ prisma: server.runtime.prisma, notifier: server.runtime.notifier }).openUserTask({
    workflowId: 'webhook-target-wf', processKey: 'vetting', versionId: dep.id, anchorUnit: 'compound-1-1-1', taskKey: 'review#1',
    elementId: 'Task_review', name: 'review', assignee: 'official:police-reviewer', candidateGroups: [], formFields: [], variables: {},
  });
  const refused = await eventually(async () => {
    const d = await server.runtime.prisma.delivery.findFirst({ where: { channel: 'webhook', target: rebound.id } });
    return d && d.attempts > 0 ? d : null;
  }, 20_000, 'the refused delivery attempt');
  expect(refused.state).not.toBe('sent');
  expect(refused.lastError).toMatch(/localhost: .*(127\.0\.0\.1|::1) is a loopback/);
  await eventually(() => receiver.hooks.length > 0, 20_000, 'the allowed delivery');
  const sentTo = await server.runtime.prisma.delivery.findFirstOrThrow({ where: { channel: 'webhook', target: allowed.body.webhook.id } });
  expect(sentTo.state).toBe('sent');
  // exactly one POST arrived: the allowed endpoint's; the rebound one never connected
  expect(receiver.hooks).toHaveLength(1);
});
