/**
 * The service process is killed with SIGKILL while workflows have activities running, timers
 * pending and tasks queued, then restarted on the same SQLite file: every workflow must finish
 * with the right result, and every history must replay.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { bundleWorkflows, installRuntime } from '../helpers/temporal';
import { freePort, killHard, startService as startServiceOn } from '../helpers/service-process';
import * as activities from './activities';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gridflow-kill9-'));
const dbPath = path.join(dir, 'temporal.db');

const startService = (port: number) => startServiceOn(port, dbPath);

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

test('kill -9 mid-run loses nothing: all workflows finish after a restart on the same file', async () => {
  installRuntime();
  const port = await freePort();
  const address = `127.0.0.1:${port}`;
  let service = await startService(port);
  const bundle = await bundleWorkflows(require.resolve('./workflows'));
  const nativeConnection = await NativeConnection.connect({ address });
  const connection = await Connection.connect({ address });
  const client = new Client({ connection });
  const taskQueue = `kill9-${process.pid}`;
  const worker = await Worker.create({ connection: nativeConnection, taskQueue, workflowBundle: bundle, activities, shutdownGraceTime: '1s' });
  const running = worker.run();
  try {
    const names = Array.from({ length: 12 }, (_, i) => `citizen-${i}`);
    const handles = [];
    for (const name of names) handles.push(await client.workflow.start('durableSteps', { taskQueue, workflowId: `kill9-${name}`, args: [name] }));
    // Some runs get their signal before the crash (it must survive), the rest after.
    for (const h of handles.slice(0, 4)) await h.signal('proceed', `${h.workflowId}-early`);
    await new Promise((r) => setTimeout(r, 400)); // activities running, timers pending
    await killHard(service);
    await new Promise((r) => setTimeout(r, 300));
    service = await startService(port);
    for (const h of handles.slice(4)) await h.signal('proceed', `${h.workflowId}-late`);
    // A second crash while the rest are mid-flight.
    await new Promise((r) => setTimeout(r, 700));
    await killHard(service);
    service = await startService(port);
    const results = await Promise.all(handles.map((h) => h.result()));
    results.forEach((r, i) => {
      const word = `kill9-citizen-${i}-${i < 4 ? 'early' : 'late'}`;
      expect(r).toBe(`Hello, citizen-${i}! / Hello, ${word}!`);
    });
    worker.shutdown();
    await running;
    for (const h of handles) {
      await Worker.runReplayHistory({ workflowBundle: bundle }, await h.fetchHistory(), h.workflowId);
    }
  } finally {
    if (worker.getState() === 'RUNNING') worker.shutdown();
    await running.catch(() => undefined);
    await connection.close();
    await nativeConnection.close();
    await killHard(service);
  }
});
