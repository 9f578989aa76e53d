/**
 * Bench entry: N one-activity workflows started together (bounded client concurrency) against the
 * embedded service on a temp-file SQLite db, with a real SDK worker. Reports throughput, latency,
 * the disk's SQLite commit rate measured in the same run, and what bounds throughput.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { bundleWorkflowCode, NativeConnection, Worker } from '@temporalio/worker';
import * as activities from './activities';
import { measureCommitRate } from './sqlite-commit-rate';
import type { ChildReport } from './child-report';
import { startProductProcess, type ProductProcess } from './product-process';
import type { BenchEntry, BenchResult } from './types';
import { oneActivity } from './workflows';
import { positiveInt } from './env';
import { pool } from './pool';

const TIME_LIMIT_MS = 240_000; // the whole bench must stay under 5 minutes on 2 cores
const WARMUP = 20;

export const temporalOneActivity: BenchEntry = {
  name: 'temporal.oneActivity',
  description: 'one-activity workflows through the embedded Temporal service (temp-file SQLite, real worker)',
  run,
};

async function run(): Promise<BenchResult> {
  const n = positiveInt('BENCH_N', 1000);
  const concurrency = positiveInt('BENCH_CONCURRENCY', 100);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gridflow-bench-'));
  const quiet = { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error() {} };
  let started: ProductProcess | undefined;
  try {
    const commitRate = measureCommitRate(dir);
    const workflowBundle = await bundleWorkflowCode({ workflowsPath: require.resolve('./workflows'), logger: quiet });
    const service = await startProductProcess('service', 'embedded-temporal/main.ts', ['--port', '0', '--host', '127.0.0.1', '--db', path.join(dir, 'temporal.db')], {}, /listening on (\S+)/);
    started = service;
    const address = service.ready[1];

    const nativeConnection = await NativeConnection.connect({ address });
    const connection = await Connection.connect({ address });
    const client = new Client({ connection });
    const taskQueue = 'bench';
    const worker = await Worker.create({ connection: nativeConnection, taskQueue, workflowBundle, activities });
    const stamp = Date.now().toString(36);
    const runOne = async (i: number): Promise<number> => {
      const t0 = performance.now();
      const result = await client.workflow.execute(oneActivity, { taskQueue, workflowId: `bench-${stamp}-${i}`, args: [i] });
      if (result !== i) throw new Error(`workflow ${i} returned ${result}`);
      return performance.now() - t0;
    };

    const measured = await worker.runUntil(async () => {
      await pool(WARMUP, Math.min(concurrency, WARMUP), (i) => runOne(-1 - i));
      const before = { service: await service.report(), local: process.cpuUsage(), machine: machineCpu() };
      const t0 = performance.now();
      const latencies = await withDeadline(pool(n, concurrency, runOne), TIME_LIMIT_MS, `${n} workflows`);
      const wallMs = performance.now() - t0;
      const after = { service: await service.report(), local: process.cpuUsage(before.local), machine: machineCpu() };
      const machineBusy = (after.machine.busy - before.machine.busy) / (after.machine.total - before.machine.total);
      return { latencies, wallMs, before: before.service, after: after.service, localCpu: after.local, machineBusy };
    });
    await connection.close();
    await nativeConnection.close();
    return summarize(n, concurrency, commitRate, measured);
  } finally {
    await started?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

interface Measured {
  latencies: number[];
  wallMs: number;
  before: ChildReport;
  after: ChildReport;
  localCpu: NodeJS.CpuUsage;
  /** Share of all cores busy during the run, whoever used them (other processes included). */
  machineBusy: number;
}

function summarize(n: number, concurrency: number, commitRate: number, m: Measured): BenchResult {
  const seconds = m.wallMs / 1000;
  const workflowsPerSecond = n / seconds;
  const sorted = [...m.latencies].sort((a, b) => a - b);
  const pct = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
  const commits = (m.after.commits.transactions - m.before.commits.transactions)
    + (m.after.commits.autocommitWrites - m.before.commits.autocommitWrites);
  const commitsPerWorkflow = commits / n;
  const serviceCores = (cpuMicros(m.after.cpu) - cpuMicros(m.before.cpu)) / 1e6 / seconds;
  const workerCores = cpuMicros(m.localCpu) / 1e6 / seconds;
  const eluActive = m.after.elu.active - m.before.elu.active;
  const eluIdle = m.after.elu.idle - m.before.elu.idle;
  const serviceLoopBusy = eluActive / (eluActive + eluIdle);
  const commitCeiling = commitsPerWorkflow > 0 ? commitRate / commitsPerWorkflow : Infinity;
  const machineCores = m.machineBusy * os.cpus().length;
  const bound = boundBy({ serviceLoopBusy, serviceCores, workerCores, machineCores, workflowsPerSecond, commitCeiling });
  const r = (x: number, d = 1) => Number(x.toFixed(d));
  return {
    rows: [
      ['workflows', n],
      ['client concurrency', concurrency],
      ['wall time', r(seconds, 2), 's'],
      ['throughput', r(workflowsPerSecond), 'workflows/s'],
      ['latency p50 (start → result)', r(pct(50)), 'ms'],
      ['latency p99 (start → result)', r(pct(99)), 'ms'],
      ['SQLite commit rate, same disk (WAL, synchronous=NORMAL)', Math.round(commitRate), 'commits/s'],
      ['workflows/s ÷ commits/s', r(workflowsPerSecond / commitRate, 5)],
      ['service SQLite transactions', commits],
      ['commits per workflow', r(commitsPerWorkflow, 2)],
      ['service CPU', r(serviceCores, 2), 'cores'],
      ['service event loop busy', r(serviceLoopBusy * 100), '%'],
      ['worker + client CPU', r(workerCores, 2), 'cores'],
      ['machine CPU, all processes', r(machineCores, 2), `cores of ${os.cpus().length}`],
    ],
    notes: [`bound: ${bound}`],
    json: {
      n, concurrency, seconds: r(seconds, 3), workflowsPerSecond: r(workflowsPerSecond, 2),
      p50Ms: r(pct(50), 2), p99Ms: r(pct(99), 2), commitRatePerSecond: Math.round(commitRate),
      ratioWorkflowsToCommits: r(workflowsPerSecond / commitRate, 6), serviceCommits: commits,
      commitsPerWorkflow: r(commitsPerWorkflow, 3), serviceCores: r(serviceCores, 3),
      serviceEventLoopBusy: r(serviceLoopBusy, 3), workerCores: r(workerCores, 3), machineCores: r(machineCores, 3),
      cpus: os.cpus().length, bound,
    },
  };
}

interface BoundFigures {
  serviceLoopBusy: number; serviceCores: number; workerCores: number; machineCores: number;
  workflowsPerSecond: number; commitCeiling: number;
}

function boundBy(x: BoundFigures): string {
  const cpus = os.cpus().length;
  const others = Math.max(0, x.machineCores - x.serviceCores - x.workerCores);
  const figures = `service loop ${Math.round(x.serviceLoopBusy * 100)}% busy, service ${x.serviceCores.toFixed(2)} + worker ${x.workerCores.toFixed(2)} + other processes ${others.toFixed(2)} cores of ${cpus}; commits would allow ${Math.round(x.commitCeiling)} workflows/s`;
  if (x.workflowsPerSecond > 0.7 * x.commitCeiling) return `SQLite commits (${figures})`;
  if (x.machineCores > 0.85 * cpus) {
    return others > 0.5 ? `machine CPU, much of it taken by other processes (${figures})` : `machine CPU shared by service and worker (${figures})`;
  }
  if (x.serviceLoopBusy > 0.85) return `the service's single event loop (${figures})`;
  if (x.workerCores > 0.85) return `the worker's CPU (${figures})`;
  return `round-trip latency: nothing is saturated (${figures})`;
}

const cpuMicros = (c: NodeJS.CpuUsage) => c.user + c.system;

function machineCpu(): { busy: number; total: number } {
  let busy = 0;
  let total = 0;
  for (const { times } of os.cpus()) {
    busy += times.user + times.nice + times.sys + times.irq;
    total += times.user + times.nice + times.sys + times.irq + times.idle;
  }
  return { busy, total };
}

async function withDeadline<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms / 1000} s`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

