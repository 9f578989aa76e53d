// GRIDFLOW_WORKER=off + `npm run worker`: the API server runs no worker; the worker runs as its own
// process on the same data folder and Temporal service, and instances still run end to end — tasks
// appear in inboxes, completions are applied, the instance is recorded completed.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startEmbeddedTemporal, type EmbeddedTemporal } from '../../embedded-temporal';
import { DIAGRAMS, startTestServer, type TestServer } from './harness';
import { eventually } from './listeners';

const ROOT = path.join(__dirname, '..', '..');
const WORKER_MAIN = path.join(ROOT, 'server', 'worker-main.ts');

let service: EmbeddedTemporal;
let dir: string;
let server: TestServer;
let worker: ChildProcess | undefined;

/** `npm run worker` as a child process; resolves with everything it printed once it is ready */
function startWorker(env: Record<string, string>): Promise<{ child: ChildProcess; output: () => string; exit: Promise<number | null> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', WORKER_MAIN], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  let exited = false;
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => {
    exited = true;
    resolve(code);
  }));
  child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
  return eventually(() => exited || output.includes('gridflow worker ready'), 120_000, 'the worker to start or exit').then(() => ({ child, output: () => output, exit }));
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gridflow-split-'));
  service = await startEmbeddedTemporal({ port: 0, dbPath: path.join(dir, 'temporal.db') });
  server = await startTestServer({ temporalAddress: service.address, diagramsDir: DIAGRAMS, worker: false });
}, 180_000);

afterAll(async () => {
  if (worker && worker.exitCode === null) {
    const gone = new Promise((r) => worker!.once('exit', r));
    worker.kill('SIGTERM');
    await gone;
  }
  await server?.close();
  await service?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

test('the worker refuses to start without TEMPORAL_ADDRESS, saying what is missing', async () => {
  const started = await startWorker({ TEMPORAL_ADDRESS: '', GRIDFLOW_DATA: server.dataDir });
  expect(await started.exit).toBe(1);
  expect(started.output()).toContain('TEMPORAL_ADDRESS is required');
}, 60_000);

test('a vetting runs to completion with the worker in its own process', async () => {
  const started = await startWorker({ TEMPORAL_ADDRESS: service.address, GRIDFLOW_DATA: server.dataDir });
  worker = started.child;
  expect(started.output()).toContain('gridflow worker ready');

  const admin = (await server.api.login('admin')).token;
  const created = await server.api.post('/api/instances', admin, {
    processKey: 'vetting',
    variables: { candidateId: 'split-1', candidateName: '钱芳', compoundCode: 'compound-1-1-1', departments: ['dept-tax'] },
  });
  expect(created.status).toBe(201);
  const id = created.body.instance.id as string;
  const reviewer = (await server.api.login('tax-reviewer')).token;
  const task = await eventually(async () => (await server.api.get('/api/tasks', reviewer)).body.tasks.find((t: { instanceId: string }) => t.instanceId === id), 60_000, 'the review in the tax reviewer\'s inbox');
  const done = await server.api.post(`/api/tasks/${task.id}/complete`, reviewer, { variables: { decision: 'pass', reason: '无欠税记录' } });
  expect(done.status).toBe(200);
  const instance = await eventually(async () => {
    const i = (await server.api.get(`/api/instances/${id}`, admin)).body.instance;
    return i.status === 'completed' ? i : undefined;
  }, 60_000, 'the vetting recorded completed');
  expect(instance.closedAt).not.toBeNull();
}, 240_000);
