// The instance list follows Temporal on its own: an instance that finished shows as completed in
// GET /api/instances without anyone opening it, and a row whose workflow was never started (the
// server killed between writing the row and starting the workflow) ends up failed, with the reason.
import { DIAGRAMS, startTestServer, type TestServer } from './harness';

let server: TestServer;
let admin: string;

beforeAll(async () => {
  server = await startTestServer({ diagramsDir: DIAGRAMS, statusSyncMs: 200 });
  admin = (await server.api.login('admin')).token;
});
afterAll(() => server?.close());

/** the instance's status as the list shows it, once it is no longer `running` (or after 15 s) */
async function listedStatusWhenClosed(id: string): Promise<string | undefined> {
  let status: string | undefined;
  for (const until = Date.now() + 15_000; Date.now() < until; await new Promise((r) => setTimeout(r, 200))) {
    const list = await server.api.get('/api/instances?processKey=vetting&limit=100', admin);
    status = list.body.instances.find((i: { id: string }) => i.id === id)?.status;
    if (status !== 'running') break;
  }
  return status;
}

test('a vetting whose only review passed is listed as completed without being opened', async () => {
  const started = await server.api.post('/api/instances', admin, {
    processKey: 'vetting',
    variables: { candidateId: 'c-sync', candidateName: '候选人', compoundCode: 'compound-1-1-1', departments: ['dept-tax'] },
  });
  expect(started.status).toBe(201);
  const id: string = started.body.instance.id;

  const reviewer = (await server.api.login('tax-reviewer')).token;
  let review: { id: string } | undefined;
  for (const until = Date.now() + 15_000; !review && Date.now() < until; await new Promise((r) => setTimeout(r, 200))) {
    const inbox = await server.api.get('/api/tasks?state=open', reviewer);
    review = inbox.body.tasks.find((t: { instanceId: string; elementId: string }) => t.instanceId === id && t.elementId === 'Task_review');
  }
  expect(review).toBeDefined();
  const done = await server.api.post(`/api/tasks/${review!.id}/complete`, reviewer, { variables: { decision: 'pass', reason: '无异常' } });
  expect(done.status).toBe(200);

  expect(await listedStatusWhenClosed(id)).toBe('completed');
  const row = await server.runtime.prisma.instance.findUniqueOrThrow({ where: { workflowId: id } });
  expect(row.closedAt).not.toBeNull();
}, 40_000);

test('a row left running by a start that never reached Temporal is listed as failed, with the reason', async () => {
  const id = 'vetting-never-started';
  await server.runtime.prisma.instance.create({
    data: { workflowId: id, processKey: 'vetting', versionId: 'vetting:v1', startedBy: 'admin', startedAt: new Date(Date.now() - 5 * 60_000) },
  });
  expect(await listedStatusWhenClosed(id)).toBe('failed');
  const detail = await server.api.get(`/api/instances/${id}`, admin);
  expect(detail.status).toBe(200);
  expect(JSON.stringify(detail.body.incidents)).toMatch(/never started/);
}, 40_000);
