import { spawn } from 'node:child_process';
import { createConnection } from 'node:net';
import * as path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import * as activities from './activities';
import { greetWorkflow, ninetyDayNap } from './workflows';

const launcher = path.resolve(__dirname, '../../bin/gridflow-temporal');
const executable = { type: 'existing-path', path: launcher } as const;
const NINETY_DAYS_MS = 90 * 24 * 60 * 60 * 1000;

let workflowBundle: WorkflowBundleWithSourceMap;
beforeAll(async () => {
  workflowBundle = await bundleWorkflowCode({ workflowsPath: require.resolve('./workflows'), logger: quietLogger() });
});

async function runWithWorker<T>(env: TestWorkflowEnvironment, taskQueue: string, run: () => Promise<T>): Promise<T> {
  const worker = await Worker.create({ connection: env.nativeConnection, namespace: env.namespace ?? 'default', taskQueue, workflowBundle, activities });
  return await worker.runUntil(run());
}

/** True when something still accepts connections on the port. */
function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => { socket.destroy(); resolve(true); });
    socket.once('error', () => resolve(false));
  });
}

const portOf = (address: string) => Number(address.split(':').pop());

test('createLocal spawns the launcher as its dev server and runs a workflow with an activity', async () => {
  const env = await TestWorkflowEnvironment.createLocal({ server: { executable, namespace: 'default' } });
  const port = portOf(env.address);
  try {
    const result = await runWithWorker(env, 'cli-local', () =>
      env.client.workflow.execute(greetWorkflow, { args: ['社区'], taskQueue: 'cli-local', workflowId: 'cli-local-greet' }));
    expect(result).toBe('你好, 社区');
  } finally {
    await env.teardown();
  }
  // Core kills the process it spawned; the launcher exec's node, so nothing is left listening.
  expect(await portOpen(port)).toBe(false);
});

test('createTimeSkipping spawns the launcher as its test server: a 90-day sleep finishes in seconds', async () => {
  const env = await TestWorkflowEnvironment.createTimeSkipping({ server: { executable } });
  const started = Date.now();
  try {
    const greeting = await runWithWorker(env, 'cli-skip', () =>
      env.client.workflow.execute(greetWorkflow, { args: ['街道'], taskQueue: 'cli-skip', workflowId: 'cli-skip-greet' }));
    expect(greeting).toBe('你好, 街道');
    const slept = await runWithWorker(env, 'cli-skip', () =>
      env.client.workflow.execute(ninetyDayNap, { taskQueue: 'cli-skip', workflowId: 'cli-skip-nap' }));
    expect(slept).toBeGreaterThanOrEqual(NINETY_DAYS_MS);
    // Not a speed test: without time skipping this workflow would take 90 real days.
    expect(Date.now() - started).toBeLessThan(60_000);
  } finally {
    await env.teardown();
  }
});

test('the launcher runs from any working directory with the dev-server command line', async () => {
  const port = 20000 + (process.pid % 20000);
  const child = spawn(launcher, ['server', 'start-dev', '--port', String(port), '--ip', '127.0.0.1', '--headless', '--log-level', 'warn'], {
    cwd: '/', stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
  try {
    const connection = await connectWithin(`127.0.0.1:${port}`, 15_000, () => stderr);
    try {
      const { workflowId } = await new Client({ connection }).workflow.start('nobodyPollsThis', {
        taskQueue: 'cli-cwd', workflowId: 'cli-cwd-start', args: [],
      });
      expect(workflowId).toBe('cli-cwd-start');
    } finally {
      await connection.close();
    }
  } finally {
    child.kill('SIGKILL');
  }
});

async function connectWithin(address: string, ms: number, log: () => string): Promise<Connection> {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      return await Connection.connect({ address, connectTimeout: 1000 });
    } catch (e) {
      if (Date.now() > deadline) throw new Error(`service did not come up at ${address}: ${String(e)}\n${log()}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

function quietLogger() {
  const noop = () => undefined;
  return { log: noop, trace: noop, debug: noop, info: noop, warn: noop, error: noop };
}
