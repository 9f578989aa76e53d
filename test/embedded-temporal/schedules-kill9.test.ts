/**
 * Schedules survive the service process being killed with SIGKILL: after a restart on the same
 * SQLite file each schedule is still there, keeps firing, and catches up on the times that fell
 * due while the service was down — those within its catch-up window are taken, older ones are
 * counted as missed.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client, Connection, ScheduleOverlapPolicy } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { bundleWorkflows, installRuntime } from '../helpers/temporal';
import { freePort, killHard, startService } from '../helpers/service-process';
import * as activities from './activities';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gridflow-schedules-kill9-'));
const dbPath = path.join(dir, 'temporal.db');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** The nominal time a scheduled run's id ends with. */
const nominalOf = (workflowId: string) => Date.parse(workflowId.slice(workflowId.length - '2026-01-01T00:00:00Z'.length));

async function waitFor<T>(probe: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > until) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 200));
  }
}

test('kill -9 with schedules in flight: they survive and catch up within their catch-up window', async () => {
  installRuntime();
  const port = await freePort();
  const address = `127.0.0.1:${port}`;
  let service = await startService(port, dbPath);
  const bundle = await bundleWorkflows(require.resolve('./workflows'));
  const nativeConnection = await NativeConnection.connect({ address });
  const connection = await Connection.connect({ address });
  const client = new Client({ connection });
  const taskQueue = `schedules-kill9-${process.pid}`;
  const worker = await Worker.create({ connection: nativeConnection, taskQueue, workflowBundle: bundle, activities, shutdownGraceTime: '1s' });
  const running = worker.run();
  const action = (workflowId: string) => ({ type: 'startWorkflow' as const, workflowType: 'greeting', args: ['grid'], taskQueue, workflowId });
  const runsOf = async (prefix: string) => {
    const ids: string[] = [];
    for await (const info of client.workflow.list()) if (info.workflowId.startsWith(`${prefix}-`)) ids.push(info.workflowId);
    return ids.map(nominalOf).sort((a, b) => a - b);
  };
  try {
    // catches up on everything since the crash (window one minute) vs. only the last ten seconds
    const wide = await client.schedule.create({
      scheduleId: 'wide', spec: { intervals: [{ every: '1s' }] }, action: action('wide'),
      policies: { overlap: ScheduleOverlapPolicy.ALLOW_ALL, catchupWindow: '1m' },
    });
    const narrow = await client.schedule.create({
      scheduleId: 'narrow', spec: { intervals: [{ every: '1s' }] }, action: action('narrow'),
      policies: { overlap: ScheduleOverlapPolicy.ALLOW_ALL, catchupWindow: '10s' },
    });
    await waitFor(async () => ((await wide.describe()).info.numActionsTaken >= 2 ? true : undefined));
    await killHard(service);
    const down = Date.now();
    await new Promise((r) => setTimeout(r, 13_000));
    service = await startService(port, dbPath);
    const up = Date.now();

    // the wide schedule took every second of the downtime: no gap from its first run to now
    const wideRuns = await waitFor(async () => {
      const times = await runsOf('wide');
      return times.length > 0 && times[times.length - 1] >= up - 1000 ? times : undefined;
    });
    for (let i = 1; i < wideRuns.length; i++) expect(wideRuns[i] - wideRuns[i - 1]).toBe(1000);
    expect(wideRuns[0]).toBeLessThan(down);

    // the narrow one skipped the seconds older than ten seconds at restart and counted them
    const narrowRuns = await waitFor(async () => {
      const times = await runsOf('narrow');
      return times.length > 0 && times[times.length - 1] >= up - 1000 ? times : undefined;
    });
    const gaps = narrowRuns.slice(1).filter((t, i) => t - narrowRuns[i] > 1000);
    expect(gaps).toHaveLength(1);
    const described = await narrow.describe();
    expect(described.info.numActionsMissedCatchupWindow).toBeGreaterThanOrEqual(1);
    expect(described.spec.intervals).toEqual([expect.objectContaining({ every: 1000 })]);
    await wide.delete();
    await narrow.delete();
  } finally {
    if (worker.getState() === 'RUNNING') worker.shutdown();
    await running.catch(() => undefined);
    await connection.close();
    await nativeConnection.close();
    await killHard(service);
  }
});
