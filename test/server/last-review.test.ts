// The last review of a vetting ends the instance: the reviewers' completions, sent all at once for
// several vettings, are each answered 200 (the workflow accepted them), never 500 because the run
// closed before the answer was read; every instance completes with each review recorded as
// completed by the reviewer who sent it.
import { startTestServer, DIAGRAMS, type TestServer } from './harness';
import { eventually } from './listeners';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ diagramsDir: DIAGRAMS, statusSyncMs: 300 });
}, 180_000);
afterAll(() => server?.close());

const REVIEWERS = ['tax-reviewer', 'housing-reviewer'];
const ROUNDS = 4;
const completedInstances: string[] = [];

test('the completions that close vettings all answer 200, and each instance completes', async () => {
  const admin = (await server.api.login('admin')).token;
  const ids: string[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const started = await server.api.post('/api/instances', admin, {
      processKey: 'vetting',
      variables: { candidateId: `last-${i}`, candidateName: '候选人', compoundCode: 'compound-1-1-1', departments: ['dept-tax', 'dept-housing'] },
    });
    expect(started.status).toBe(201);
    ids.push(started.body.instance.id);
  }
  const tokens = Object.fromEntries(await Promise.all(REVIEWERS.map(async (u) => [u, (await server.api.login(u)).token] as const)));
  const reviews = await eventually(async () => {
    const all = await Promise.all(REVIEWERS.map(async (u) => {
      const inbox = await server.api.get('/api/tasks?state=open', tokens[u]);
      return (inbox.body.tasks as { id: string; instanceId: string }[]).filter((t) => ids.includes(t.instanceId)).map((t) => ({ user: u, task: t }));
    }));
    const flat = all.flat();
    return flat.length === ROUNDS * REVIEWERS.length && flat;
  }, 60_000, 'every review in its reviewer\'s inbox');

  const answers = await Promise.all(reviews.map((r) => server.api.post(`/api/tasks/${r.task.id}/complete`, tokens[r.user], { variables: { decision: 'pass', reason: '无异常' } })));
  expect(answers.map((a) => `${a.status} ${a.text.slice(0, 120)}`)).toEqual(answers.map(() => expect.stringMatching(/^200 /)));

  for (const id of ids) {
    const detail = await eventually(async () => {
      const r = await server.api.get(`/api/instances/${encodeURIComponent(id)}`, admin);
      return r.body.instance?.status === 'completed' && r.body;
    }, 60_000, `instance ${id} completed`);
    const byWhom = (detail.tasks as { elementId: string; state: string; completedBy: string }[]).filter((t) => t.elementId === 'Task_review').map((t) => `${t.state}:${t.completedBy}`).sort();
    expect(byWhom).toEqual(['completed:housing-reviewer', 'completed:tax-reviewer']);
    completedInstances.push(id);
  }
}, 180_000);

/** an open task row for `workflowId`, offered to the tax reviewer, that the workflow never opened */
async function strayTask(workflowId: string): Promise<string> {
  const prisma = server.runtime.prisma;
  const reviewer = await prisma.user.findUniqueOrThrow({ where: { username: 'tax-reviewer' } });
  const task = await prisma.task.create({ data: { taskKey: `stray-${Date.now()}`, workflowId, elementId: 'Task_review', name: '部门资格审查' } });
  await prisma.taskCandidate.create({ data: { taskId: task.id, userId: reviewer.id } });
  return task.id;
}

test('a task row left open after its instance ended is answered 409, not 500', async () => {
  expect(completedInstances.length).toBeGreaterThan(0);
  const taskId = await strayTask(completedInstances[0]!);
  const reviewer = (await server.api.login('tax-reviewer')).token;
  const answer = await server.api.post(`/api/tasks/${taskId}/complete`, reviewer, { variables: {} });
  expect(answer.status).toBe(409);
  expect(answer.body.details.reason).toMatch(/process instance has already ended/);
});

test('a task row whose instance Temporal does not know is answered 409, not 500', async () => {
  const workflowId = `vetting-never-started-${Date.now()}`;
  await server.runtime.prisma.instance.create({ data: { workflowId, processKey: 'vetting', versionId: 'vetting:v1', startedBy: 'admin', startedAt: new Date() } });
  const taskId = await strayTask(workflowId);
  const reviewer = (await server.api.login('tax-reviewer')).token;
  const answer = await server.api.post(`/api/tasks/${taskId}/complete`, reviewer, { variables: {} });
  expect(answer.status).toBe(409);
  expect(answer.body.error).toMatch(/no process instance/);
});
