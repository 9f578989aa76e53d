// npm start's embedded Temporal service answers only callers holding the data folder's key: a
// local program without it cannot complete a task as someone else over gRPC, while the server, its
// worker and `npm run worker` on the same data folder read the key and gridflow works end to end.
// The identity a completion records is the one the API authenticated.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { status } from '@grpc/grpc-js';
import { Client, Connection } from '@temporalio/client';
import { startRuntime } from '../../server/runtime';
import { SERVICE_KEY_FILE } from '../../server/service-key';
import { DIAGRAMS, startTestServer, ApiClient, type TestServer } from './harness';
import { eventually } from './listeners';

const ROOT = path.join(__dirname, '..', '..');
let server: TestServer;
let worker: ChildProcess | undefined;

beforeAll(async () => {
  server = await startTestServer({ diagramsDir: DIAGRAMS, worker: false });
}, 180_000);
async function stopWorkerProcess(): Promise<void> {
  if (!worker || worker.exitCode !== null) return;
  const gone = new Promise((r) => worker!.once('exit', r));
  worker.kill('SIGTERM');
  await gone;
}
afterAll(async () => {
  await stopWorkerProcess();
  await server?.close();
});

/** the gRPC status an attempt was refused with, and the text of its causes */
async function refusal(attempt: () => Promise<unknown>): Promise<{ code?: number; text: string }> {
  try {
    await attempt();
  } catch (e) {
    let text = '';
    let code: number | undefined;
    for (let cur: unknown = e; cur instanceof Error; cur = cur.cause) {
      text += ` ${cur.message}`;
      const c = (cur as { code?: unknown }).code;
      if (typeof c === 'number') code = c;
    }
    return { code, text };
  }
  throw new Error('the call without the key was let in');
}

/** `npm run worker` as a child process on the server's data folder and embedded service */
function startWorkerProcess(): Promise<string> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'server', 'worker-main.ts')], {
    cwd: ROOT,
    env: { ...process.env, TEMPORAL_ADDRESS: server.runtime.temporalAddress, GRIDFLOW_DATA: server.dataDir, TEMPORAL_API_KEY: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  worker = child;
  let output = '';
  child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
  return eventually(() => child.exitCode !== null || output.includes('gridflow worker ready'), 120_000, 'the worker to start or exit').then(() => output);
}

test('the first start writes a key only its owner can read', () => {
  const file = path.join(server.dataDir, SERVICE_KEY_FILE);
  expect(fs.statSync(file).mode & 0o777).toBe(0o600);
  expect(fs.readFileSync(file, 'utf8').trim()).toMatch(/^[A-Za-z0-9_-]{40,}$/);
});

test('npm run worker reads the key; a caller without it cannot complete a task as anyone', async () => {
  const output = await startWorkerProcess();
  expect(output).toContain('gridflow worker ready');
  expect(output).toContain('API key');

  const admin = (await server.api.login('admin')).token;
  const created = await server.api.post('/api/instances', admin, {
    processKey: 'vetting',
    variables: { candidateId: 'key-1', candidateName: '周敏', compoundCode: 'compound-1-1-1', departments: ['dept-tax'] },
  });
  expect(created.status).toBe(201);
  const id = created.body.instance.id as string;
  const reviewer = (await server.api.login('tax-reviewer')).token;
  const task = await eventually(async () => (await server.api.get('/api/tasks', reviewer)).body.tasks.find((t: { instanceId: string }) => t.instanceId === id), 60_000, 'the review in the inbox');

  // A local program straight to the gRPC port, claiming to be the reviewer (lazy: the first call is the
  // update itself): refused before any handler runs.
  const connection = Connection.lazy({ address: server.runtime.temporalAddress, tls: false });
  try {
    const forged = await refusal(() =>
      new Client({ connection }).workflow.getHandle(id).executeUpdate('completeTask', { args: [{ taskKey: task.taskKey, completedBy: 'tax-reviewer', variables: { decision: 'veto', reason: 'forged' } }] }),
    );
    expect(forged.code).toBe(status.UNAUTHENTICATED);
    expect(forged.text).toMatch(/API key/);
  } finally {
    await connection.close();
  }
  expect((await server.api.get(`/api/tasks/${task.id}`, reviewer)).body.task.state).toBe('open');

  // Through the API the workflow records the reviewer the API authenticated.
  const done = await server.api.post(`/api/tasks/${task.id}/complete`, reviewer, { variables: { decision: 'pass', reason: '无欠税记录' } });
  expect(done.status).toBe(200);
  const auditor = (await server.api.login('auditor')).token;
  const closed = await eventually(async () => {
    const t = (await server.api.get(`/api/tasks/${task.id}`, auditor)).body.task;
    return t.state === 'completed' && t;
  }, 60_000, 'the review recorded completed');
  expect(closed.completedBy).toBe('tax-reviewer');
  const instance = await eventually(async () => {
    const r = (await server.api.get(`/api/instances/${id}`, auditor)).body;
    return r.instance.status === 'completed' && r;
  }, 60_000, 'the vetting completed');
  expect(JSON.stringify(instance)).not.toContain('forged');
}, 240_000);

test('a restart keeps the key, and the restarted service still refuses callers without it', async () => {
  const file = path.join(server.dataDir, SERVICE_KEY_FILE);
  const key = fs.readFileSync(file, 'utf8');
  await stopWorkerProcess();
  await server.runtime.close();
  const again = await startRuntime({ dataDir: server.dataDir, port: 0, host: '127.0.0.1', temporalPort: 0, worker: false, log: () => {} });
  server = { ...server, runtime: again, close: async () => { await again.close(); fs.rmSync(server.dataDir, { recursive: true, force: true }); } };
  {
    expect(fs.readFileSync(file, 'utf8')).toBe(key);
    const admin = (await new ApiClient(again.url).login('admin')).token;
    expect((await new ApiClient(again.url).get('/api/instances', admin)).status).toBe(200);
    const connection = Connection.lazy({ address: again.temporalAddress, tls: false });
    try {
      const listed = await refusal(() => connection.workflowService.getSystemInfo({}));
      expect(listed.code).toBe(status.UNAUTHENTICATED);
      const keyed = await Connection.connect({ address: again.temporalAddress, tls: false, apiKey: key.trim() });
      await keyed.workflowService.getSystemInfo({});
      await keyed.close();
    } finally {
      await connection.close();
    }
  }
}, 120_000);
