// Values that used to break gridflow after they were accepted: start variables too long to store
// whole (stored cut off, after which the instance page answered 500 for everyone), lone UTF-16
// surrogates and 50,000-deep nesting (500). Each is now refused before anything is written, and a
// row damaged by the old truncation reads as unreadable instead of failing the page.
// Real HTTP against the real runtime (SQLite, embedded Temporal service, no worker).
import fs from 'node:fs';
import path from 'node:path';
import { createEngineActivities } from '../../../activities';
import { DIAGRAMS, startTestServer, type TestServer } from '../../server/harness';

let server: TestServer;
let admin: string;
let secretary: string;
const serverErrors: string[] = [];

const vetting = (extra: Record<string, unknown> = {}) => ({
  processKey: 'vetting',
  variables: { candidateId: 'cand-1', candidateName: '张三', compoundCode: 'compound-1-1-1', departments: ['dept-tax'], ...extra },
});

beforeAll(async () => {
  server = await startTestServer({ worker: false, diagramsDir: DIAGRAMS, stateQueryTimeoutMs: 300, log: (m, e) => (/unexpected error/.test(m) ? serverErrors.push(`${m}: ${String(e)}`) : undefined) });
  admin = (await server.api.login('admin')).token;
  secretary = (await server.api.login('street1-secretary')).token;
});
afterAll(() => server?.close());
afterEach(() => expect(serverErrors.splice(0)).toEqual([]));

const instanceCount = () => server.runtime.prisma.instance.count();

let taskSeq = 0;
/** a task offered to street1-secretary, opened by the engine's own activity */
async function secretaryTask(): Promise<string> {
  const dep = await server.runtime.prisma.deployment.findFirstOrThrow({ where: { processKey: 'vetting' } });
  const { taskId } = await createEngineActivities({ prisma: server.runtime.prisma }).openUserTask({
    workflowId: `hostile-values-wf-${++taskSeq}`, processKey: 'vetting', versionId: dep.id, anchorUnit: 'compound-1-1-1', taskKey: 'review#1',
    elementId: 'Task_review', name: 'review', assignee: 'official:street1-secretary', candidateGroups: [], formFields: [], variables: {},
  });
  return taskId;
}

describe('too large to store whole', () => {
  test('a start variable of 100,000 characters is 413 naming it, and no instance is written', async () => {
    const before = await instanceCount();
    const res = await server.api.post('/api/instances', admin, vetting({ candidateName: '张'.repeat(100_000) }));
    expect(res.status).toBe(413);
    expect(res.body.error).toContain('candidateName');
    expect(res.body.details).toMatchObject({ limitBytes: 65_536, variables: [expect.objectContaining({ variable: 'candidateName' })] });
    expect(await instanceCount()).toBe(before);
  });

  test('a start variable of 12,000 characters (over the old 10,000 cut) is stored whole and reads back', async () => {
    const long = 'x'.repeat(12_000);
    const res = await server.api.post('/api/instances', admin, vetting({ candidateName: long }));
    expect(res.status).toBe(201);
    for (const who of [admin, (await server.api.login('auditor')).token]) {
      const page = await server.api.get(`/api/instances/${encodeURIComponent(res.body.instance.id)}`, who);
      expect(page.status).toBe(200);
      expect(page.body.instance.variables.candidateName).toBe(long);
    }
  });

  test('a row stored cut off by an earlier version shows as unreadable, not a 500, for every role', async () => {
    const res = await server.api.post('/api/instances', admin, vetting());
    const id = res.body.instance.id as string;
    await server.runtime.prisma.instance.update({ where: { workflowId: id }, data: { variablesJson: JSON.stringify({ note: 'y'.repeat(20_000) }).slice(0, 10_000) } });
    for (const who of [admin, (await server.api.login('auditor')).token, secretary]) {
      const page = await server.api.get(`/api/instances/${encodeURIComponent(id)}`, who);
      expect(page.status).toBe(200);
      expect(page.body.instance.variables).toMatchObject({ unreadable: true });
    }
  });

  test('completing a task with 100 KB of variables is 413 naming the variable', async () => {
    const taskId = await secretaryTask();
    const res = await server.api.post(`/api/tasks/${taskId}/complete`, secretary, { variables: { opinion: 'o'.repeat(100_000) } });
    expect(res.status).toBe(413);
    expect(res.body.error).toContain('opinion');
    expect((await server.runtime.prisma.task.findUniqueOrThrow({ where: { id: taskId } })).state).toBe('open');
  });

  test('a message with 100 KB of variables is 413', async () => {
    const started = await server.api.post('/api/instances', admin, vetting());
    const res = await server.api.post(`/api/instances/${encodeURIComponent(started.body.instance.id)}/messages`, admin, { name: 'm', variables: { blob: 'b'.repeat(100_000) } });
    expect(res.status).toBe(413);
    expect(res.body.error).toContain('blob');
  });
});

describe('strings that are not text, values nested too deep', () => {
  test.each([
    ['a lone high surrogate in a value', '{"processKey":"vetting","variables":{"candidateId":"c","candidateName":"\\ud800","compoundCode":"compound-1-1-1"}}', 'variables.candidateName'],
    ['a lone low surrogate in a value', '{"processKey":"vetting","variables":{"candidateId":"c","candidateName":"a\\udc00b","compoundCode":"compound-1-1-1"}}', 'variables.candidateName'],
    ['a lone surrogate in a key', '{"processKey":"vetting","variables":{"candidateId":"c","candidateName":"n","compoundCode":"compound-1-1-1","\\ud83d":1}}', 'variables.\ufffd'],
    ['a lone surrogate in the process key', '{"processKey":"vetting\\ud800","variables":{}}', 'processKey'],
  ])('%s is 400 naming where it is, and nothing is written', async (_what, body, where) => {
    const before = await instanceCount();
    const res = await server.api.request('POST', '/api/instances', { token: admin, raw: body, headers: { 'content-type': 'application/json' } });
    expect(res.status).toBe(400);
    expect(res.body.error).toContain(where);
    expect(res.body.error).toMatch(/surrogate/);
    expect(await instanceCount()).toBe(before);
  });

  test('a correct surrogate pair (an emoji, escaped) is accepted', async () => {
    const res = await server.api.request('POST', '/api/instances', { token: admin, raw: JSON.stringify(vetting()).replace('张三', '\\ud83d\\ude00'), headers: { 'content-type': 'application/json' } });
    expect(res.status).toBe(201);
  });

  test('50,000-deep nesting in a start variable is 400, and the server keeps answering', async () => {
    const deep = '['.repeat(50_000) + ']'.repeat(50_000);
    const body = JSON.stringify(vetting()).replace('"dept-tax"]', `"dept-tax"],"deep":${deep}`);
    const res = await server.api.request('POST', '/api/instances', { token: admin, raw: body, headers: { 'content-type': 'application/json' } });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatch(/nested deeper than 64/);
    expect(res.body.error).toContain('variables.deep');
    expect((await server.api.get('/api/health')).status).toBe(200);
  });

  test('deep nesting in a task completion is 400 too', async () => {
    const deep = '{"a":'.repeat(10_000) + '1' + '}'.repeat(10_000);
    const taskId = await secretaryTask();
    const res = await server.api.request('POST', `/api/tasks/${taskId}/complete`, { token: secretary, raw: `{"variables":{"v":${deep}}}`, headers: { 'content-type': 'application/json' } });
    expect(res.status).toBe(400);
    expect(res.body.error).toContain('variables.v.a.a');
    expect((await server.runtime.prisma.task.findUniqueOrThrow({ where: { id: taskId } })).state).toBe('open');
  });

  test('lone surrogates percent-encoded in a query string or a path are a 4xx, never a 5xx', async () => {
    for (const p of ['/api/instances?processKey=%ED%A0%80', '/api/tasks?processKey=%ED%B0%80x', '/api/instances/%ED%A0%80', '/api/deployments/%ED%A0%80/xml']) {
      const res = await server.api.get(p, admin);
      expect(res.status).toBeLessThan(500);
    }
  });

  test('a BPMN upload with a lone surrogate character reference is a 4xx naming the element, not a 5xx', async () => {
    const xml = fs.readFileSync(path.join(DIAGRAMS, 'vetting.bpmn'), 'utf8').replace(/name="([^"]*)"/, 'name="$1&#xD800;"');
    const res = await server.api.request('POST', '/api/deployments', { token: admin, raw: xml, headers: { 'content-type': 'application/xml' } });
    expect(res.status).toBe(422);
    expect(res.body.details).toEqual([expect.objectContaining({ elementId: expect.any(String), message: expect.stringContaining('&#xD800;') })]);
    expect(await server.runtime.prisma.deployment.count({ where: { processKey: 'vetting' } })).toBe(1);
  });
});
