// Starting and listing instances: who may start what, which instances an official sees, and the
// list filters. (The workflow runs in journey.test.ts; here no worker is needed.)
import { DIAGRAMS, startTestServer, type TestServer } from './harness';

let server: TestServer;
let admin: string;
const started: Record<string, string> = {};
// admins may narrow the departments; an official vets with all of them (process-integrity.test.ts)
const vetting = (compoundCode: string, candidateId: string, departments: string[] | null = ['dept-tax']) => ({
  processKey: 'vetting',
  variables: { candidateId, candidateName: '候选人', compoundCode, departments },
});

beforeAll(async () => {
  server = await startTestServer({ worker: false, diagramsDir: DIAGRAMS, stateQueryTimeoutMs: 200 });
  admin = (await server.api.login('admin')).token;
  for (const [name, compound] of [['a', 'compound-1-1-1'], ['b', 'compound-1-2-1'], ['c', 'compound-2-1-1']] as const) {
    const r = await server.api.post('/api/instances', admin, vetting(compound, name));
    expect(r.status).toBe(201);
    started[name] = r.body.instance.id;
  }
});
afterAll(() => server?.close());

test('the shipped diagrams are deployed at start', () => {
  expect(server.runtime.deployed.filter((d) => !d.ok)).toEqual([]);
  expect(server.runtime.deployed.map((d) => d.deploymentId).sort()).toEqual(['committee-formation:v1', 'pairing:v1', 'secretary-project:v1', 'vetting:v1']);
});

test('an official starts an instance about a unit of theirs, never about another street', async () => {
  const { token } = await server.api.login('street1-secretary');
  const mine = await server.api.post('/api/instances', token, vetting('compound-1-3-2', 'mine', null));
  expect(mine.status).toBe(201);
  expect(mine.body.instance).toMatchObject({ processKey: 'vetting', versionId: 'vetting:v1', anchorUnit: 'compound-1-3-2', startedBy: 'street1-secretary', status: 'running' });
  const other = await server.api.post('/api/instances', token, vetting('compound-2-1-1', 'theirs', null));
  expect(other.status).toBe(403);
  expect(other.body.error).toMatch(/compound-2-1-1/);
  const nowhere = await server.api.post('/api/instances', token, vetting('compound-9-9-9', 'none', null));
  expect(nowhere.status).toBe(422);
});

test('an official lists the instances about their units; admins and auditors list all', async () => {
  const street1 = await server.api.login('street1-secretary');
  const ids = (r: { body: { instances: { id: string }[] } }) => r.body.instances.map((i) => i.id);
  const seen = ids(await server.api.get('/api/instances', street1.token));
  expect(seen).toEqual(expect.arrayContaining([started.a, started.b]));
  expect(seen).not.toContain(started.c);
  const community = await server.api.login('community1-1-secretary');
  expect(ids(await server.api.get('/api/instances', community.token))).toEqual([started.a]);
  expect((await server.api.get(`/api/instances/${started.c}`, community.token)).status).toBe(403);
  const auditor = await server.api.login('auditor');
  expect(ids(await server.api.get('/api/instances', auditor.token))).toEqual(expect.arrayContaining([started.a, started.b, started.c]));
});

test('filters: process, status, compound, started range', async () => {
  const auditor = (await server.api.login('auditor')).token;
  const list = async (q: string) => (await server.api.get(`/api/instances?${q}`, auditor)).body;
  expect((await list('compound=compound-2-1-1')).instances.map((i: { id: string }) => i.id)).toEqual([started.c]);
  expect((await list('processKey=pairing')).total).toBe(0);
  expect((await list('status=completed')).total).toBe(0);
  expect((await list('status=running&processKey=vetting')).total).toBeGreaterThanOrEqual(3);
  const future = new Date(Date.now() + 60_000).toISOString();
  expect((await list(`startedFrom=${encodeURIComponent(future)}`)).total).toBe(0);
  expect((await list(`startedTo=${encodeURIComponent(future)}&limit=2`)).instances).toHaveLength(2);
});

test('an instance page answers even when no worker can run the state query', async () => {
  const r = await server.api.get(`/api/instances/${started.a}`, admin);
  expect(r.status).toBe(200);
  expect(r.body.instance).toMatchObject({ id: started.a, status: 'running', variables: { compoundCode: 'compound-1-1-1' } });
  expect(r.body.state).toBeNull();
});
