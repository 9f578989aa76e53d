// Bad input is always a 4xx with {error, details}, never a 5xx: malformed JSON, wrong content
// types, wrong types, missing and unknown fields, oversized bodies, BPMN that does not compile.
import fs from 'node:fs';
import path from 'node:path';
import { DIAGRAMS, startTestServer, type TestServer } from './harness';

let server: TestServer;
let admin: string;
let official: string;

beforeAll(async () => {
  server = await startTestServer({ worker: false });
  admin = (await server.api.login('admin')).token;
  official = (await server.api.login('street1-secretary')).token;
});
afterAll(() => server?.close());

function expectClientError(res: { status: number; body: unknown; text: string }, status?: number) {
  if (status) expect(res.status).toBe(status);
  expect(res.status).toBeGreaterThanOrEqual(400);
  expect(res.status).toBeLessThan(500);
  expect(res.body).toEqual(expect.objectContaining({ error: expect.any(String) }));
  expect(Object.keys(res.body as object).sort()).toEqual(['details', 'error']);
}

test('login: malformed JSON 400, not JSON 415, wrong types / missing / unknown fields 400 naming the field', async () => {
  const api = server.api;
  expectClientError(await api.request('POST', '/api/auth/login', { raw: '{"username": "admin", ', headers: { 'content-type': 'application/json' } }), 400);
  expectClientError(await api.request('POST', '/api/auth/login', { raw: 'username=admin&password=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } }), 415);
  const wrongType = await api.post('/api/auth/login', undefined, { username: 42, password: 'x' });
  expectClientError(wrongType, 400);
  expect(wrongType.body.details).toEqual([expect.objectContaining({ path: 'username' })]);
  const missing = await api.post('/api/auth/login', undefined, { username: 'admin' });
  expectClientError(missing, 400);
  expect(missing.body.details[0].path).toBe('password');
  const unknown = await api.post('/api/auth/login', undefined, { username: 'admin', password: 'gridflow', remember: true });
  expectClientError(unknown, 400);
  expect(JSON.stringify(unknown.body.details)).toContain('remember');
  expectClientError(await api.request('POST', '/api/auth/login', { raw: '[1,2]', headers: { 'content-type': 'application/json' } }), 400);
  expectClientError(await api.request('POST', '/api/auth/login', { raw: '"just a string"', headers: { 'content-type': 'application/json' } }), 400);
  expectClientError(await api.request('POST', '/api/auth/login', {}), 400);
});

test('a JSON body over 1 MB is 413', async () => {
  const big = JSON.stringify({ processKey: 'vetting', variables: { blob: 'x'.repeat(1_100_000) } });
  expectClientError(await server.api.request('POST', '/api/instances', { token: admin, raw: big, headers: { 'content-type': 'application/json' } }), 413);
});

test('start instance: wrong types, unknown process, missing start variables', async () => {
  const api = server.api;
  expectClientError(await api.post('/api/instances', admin, { processKey: 7 }), 400);
  expectClientError(await api.post('/api/instances', admin, { processKey: 'vetting', variables: [1, 2] }), 400);
  expectClientError(await api.post('/api/instances', admin, { processKey: 'vetting', extra: 1 }), 400);
  expectClientError(await api.post('/api/instances', admin, { processKey: 'no-such-process' }), 404);
});

test('task routes: an unknown task is 404 whatever the body (the task is looked up before the body is read)', async () => {
  expectClientError(await server.api.post('/api/tasks/nope/complete', official, { variables: {} }), 404);
  expectClientError(await server.api.post('/api/tasks/nope/complete', official, { variables: 'yes' }), 404);
  expectClientError(await server.api.request('POST', '/api/tasks/nope/complete', { token: official, raw: 'not json', headers: { 'content-type': 'application/json' } }), 404);
});

test('list filters are validated: a bad date or status is 400, not an empty list or a crash', async () => {
  expectClientError(await server.api.get('/api/instances?startedFrom=yesterday', admin), 400);
  expectClientError(await server.api.get('/api/instances?status=sleeping', admin), 400);
  expectClientError(await server.api.get('/api/tasks?dueBefore=soon', official), 400);
  expectClientError(await server.api.get('/api/instances?limit=-3', admin), 400);
  expectClientError(await server.api.get('/api/nothing-here', admin), 404);
});

describe('deployments', () => {
  const xml = () => fs.readFileSync(path.join(DIAGRAMS, 'vetting.bpmn'), 'utf8');
  const postXml = (raw: string | Buffer, type = 'application/xml') => server.api.request('POST', '/api/deployments', { token: admin, raw, headers: { 'content-type': type } });

  test('BPMN must be sent as XML: JSON is 415, an empty body 400', async () => {
    expectClientError(await server.api.post('/api/deployments', admin, { xml: xml() }), 415);
    expectClientError(await server.api.request('POST', '/api/deployments', { token: admin, raw: '', headers: { 'content-type': 'application/xml' } }), 400);
  });

  test('BPMN over 5 MB is 413', async () => {
    const padding = `<!-- ${'x'.repeat(5 * 1024 * 1024)} -->`;
    expectClientError(await postXml(xml().replace('<bpmn:process', `${padding}<bpmn:process`)), 413);
  });

  test('malformed XML and diagrams that do not compile are 422 with [{elementId, message}]', async () => {
    const broken = await postXml('<definitions><process id="p"');
    expectClientError(broken, 422);
    expect(broken.body.details[0]).toEqual({ elementId: null, message: expect.any(String) });

    const noTarget = xml().replace(/(<bpmn:sequenceFlow id="[^"]+" sourceRef="[^"]+" targetRef=")[^"]+"/, '$1Missing_Element"');
    const bad = await postXml(noTarget);
    expectClientError(bad, 422);
    expect(bad.body.details.length).toBeGreaterThan(0);
    for (const d of bad.body.details) expect(d).toEqual({ elementId: expect.anything(), message: expect.any(String) });
  });

  test('a good diagram deploys as version 1, the same graph again returns it unchanged, and the XML reads back', async () => {
    const first = await postXml(xml());
    expect(first.status).toBe(201);
    expect(first.body.deployment).toMatchObject({ processKey: 'vetting', version: 1, createdBy: 'admin' });
    const again = await postXml(xml(), 'text/xml');
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ created: false, deployment: { id: first.body.deployment.id } });
    const list = await server.api.get('/api/deployments', official);
    expect(list.body.deployments.map((d: { id: string }) => d.id)).toContain(first.body.deployment.id);
    const back = await server.api.get(`/api/deployments/${encodeURIComponent(first.body.deployment.id)}/xml`, official);
    expect(back.status).toBe(200);
    expect(back.headers.get('content-type')).toMatch(/application\/xml/);
    expect(back.text).toBe(xml());
    const graph = await server.api.get(`/api/deployments/${encodeURIComponent(first.body.deployment.id)}`, official);
    expect(graph.body.graph.processKey).toBe('vetting');
    expectClientError(await server.api.get('/api/deployments/vetting:v99/xml', official), 404);
  });

  test('start variables are checked against the process: missing required ones are 422 naming each', async () => {
    const res = await server.api.post('/api/instances', admin, { processKey: 'vetting', variables: { candidateId: 5 } });
    expectClientError(res, 422);
    const names = res.body.details.map((d: { variable: string }) => d.variable);
    expect(names).toEqual(expect.arrayContaining(['candidateId', 'candidateName', 'compoundCode']));
  });
});

test('the OpenAPI document lists every route with its request schema', async () => {
  const doc = await server.api.get('/api/openapi.json');
  expect(doc.status).toBe(200);
  expect(doc.body.openapi).toBe('3.1.0');
  const login = doc.body.paths['/api/auth/login'].post;
  expect(login.requestBody.content['application/json'].schema.required).toEqual(['username', 'password']);
  expect(login.requestBody.content['application/json'].schema.additionalProperties).toBe(false);
  expect(doc.body.paths['/api/deployments'].post.requestBody.content).toHaveProperty('application/xml');
  expect(doc.body.paths['/api/tasks/{id}/complete'].post.responses).toHaveProperty('409');
  expect(doc.body.paths['/api/instances'].get.parameters.map((p: { name: string }) => p.name)).toEqual(
    expect.arrayContaining(['processKey', 'status', 'compound', 'startedFrom', 'startedTo']),
  );
});

test('a path parameter that is not valid percent-encoding is 400', async () => {
  for (const p of ['/api/tasks/%zz', '/api/deployments/%/xml', '/api/tasks/%ff%fe/claim']) {
    expectClientError(await server.api.get(p, admin), 400);
  }
});
