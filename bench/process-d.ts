/**
 * Bench entry: process D (joint vetting) end to end, as a city runs it. gridflow runs as three
 * processes started from its own entry points — the embedded Temporal service (`npm run temporal`),
 * the API server without a worker (`GRIDFLOW_WORKER=off npm start`) and the workflow worker
 * (`npm run worker`) — so each one's peak RSS and CPU can be told apart. An admin starts N vettings
 * through the API; 14 simulated department reviewers each poll their own inbox and complete every
 * review that shows up (pass), a few at a time, until all N vettings are recorded completed.
 *
 * Figures and the baselines measured in the same run:
 * - review completion latency: POST /api/tasks/:id/complete until it answers. The answer comes
 *   back when the workflow's `completeTask` update has been applied, i.e. the next state exists;
 * - last review → vetting recorded completed (the Instance row's closedAt);
 * - the same diagram file on `bpmn-engine` (in memory, no durability): our ratio to it;
 * - the disk's SQLite commit rate (WAL, synchronous=NORMAL): the commits the service and the
 *   gridflow database made per second, as a share of it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { measureCommitRate } from './sqlite-commit-rate';
import { startProductProcess, type ProductProcess } from './product-process';
import { runVettingOnBpmnEngine, type BpmnEngineVettingResult } from './process-d-bpmn-engine';
import { createPrisma } from '../prisma/client';
import { DEMO_PASSWORD } from '../prisma/seed';
import type { ChildReport } from './child-report';
import type { BenchEntry, BenchResult } from './types';
import { positiveInt } from './env';
import { pool } from './pool';

const N = positiveInt('BENCH_PROCESS_D', 1000);
const DEPARTMENTS = 14;
/** reviews one department works on at the same time */
const PER_REVIEWER = positiveInt('BENCH_PROCESS_D_PER_REVIEWER', 4);
/** vettings the admin starts at the same time */
const STARTERS = 8;

export const processD: BenchEntry = {
  name: 'process-d',
  description: `${N} joint vettings × ${DEPARTMENTS} department reviews through the API (service, worker and server as separate processes), against bpmn-engine in memory`,
  run,
};

async function run(): Promise<BenchResult> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gridflow-bench-d-'));
  const processes: ProductProcess[] = [];
  try {
    const diskCommitsPerSec = measureCommitRate(dataDir);
    // in memory first, alone on the machine, as gridflow will be
    const baseline = await runVettingOnBpmnEngine({ instances: N, departments: DEPARTMENTS });

    const service = await startProductProcess('service', 'embedded-temporal/main.ts', ['--port', '0', '--host', '127.0.0.1', '--db', path.join(dataDir, 'temporal.db')], {}, /listening on (\S+)/);
    processes.push(service);
    const temporalAddress = service.ready[1];
    const server = await startProductProcess('server', 'server/main.ts', [], { PORT: '0', HOST: '127.0.0.1', GRIDFLOW_DATA: dataDir, TEMPORAL_ADDRESS: temporalAddress, GRIDFLOW_WORKER: 'off' }, /gridflow ready on (\S+)/);
    processes.push(server);
    const worker = await startProductProcess('worker', 'server/worker-main.ts', [], { GRIDFLOW_DATA: dataDir, TEMPORAL_ADDRESS: temporalAddress }, /gridflow worker ready/);
    processes.push(worker);
    const api = new Api(server.ready[1]);

    const before = await reports(service, server, worker);
    const run = await vet(api, await reviewerLogins(dataDir)).catch((e: unknown) => {
      throw new Error(`${e instanceof Error ? e.message : String(e)}\n--- server output:\n${server.tail()}\n--- worker output:\n${worker.tail()}`);
    });
    const after = await reports(service, server, worker);

    const seconds = run.wallMs / 1000;
    const reviewLatency = percentiles(run.reviewMs);
    const closeLatency = percentiles(run.closeMs);
    const serviceCommits = commits(after.service) - commits(before.service);
    const gridflowCommits = commits(after.server) - commits(before.server) + commits(after.worker) - commits(before.worker);
    const ours = { instancesPerSec: N / seconds, tasksPerSec: run.reviews / seconds };
    const ratio = { instancesPerSec: ours.instancesPerSec / baseline.instancesPerSec, tasksPerSec: ours.tasksPerSec / baseline.tasksPerSec, latencyP50: reviewLatency.p50 / baseline.latencyP50Ms };
    const commitShare = (serviceCommits + gridflowCommits) / seconds / diskCommitsPerSec;
    const mb = (b: number) => (b / 2 ** 20).toFixed(0);
    const cpuShare = (p: 'service' | 'server' | 'worker') => ((cpuMs(after[p]) - cpuMs(before[p])) / run.wallMs * 100).toFixed(0);
    return {
      rows: [
        ['vettings', `${N} × ${DEPARTMENTS}`, `(${run.reviews} reviews completed through the API)`],
        ['wall time', seconds.toFixed(1), 's'],
        ['throughput', `${ours.instancesPerSec.toFixed(2)} vettings/s, ${ours.tasksPerSec.toFixed(1)} reviews/s`],
        ['review completed → next state p50 / p99', `${reviewLatency.p50.toFixed(0)} / ${reviewLatency.p99.toFixed(0)}`, 'ms'],
        ['last review → vetting recorded completed p50 / p99', `${closeLatency.p50.toFixed(0)} / ${closeLatency.p99.toFixed(0)}`, 'ms'],
        ['busy answers (503, repeated after Retry-After)', api.busyAnswers, `of ${run.calls} requests`],
        ['start (POST /api/instances) p50 / p99', `${percentiles(run.startMs).p50.toFixed(0)} / ${percentiles(run.startMs).p99.toFixed(0)}`, 'ms'],
        ['peak RSS service / worker / server', `${mb(after.service.maxRssBytes)} / ${mb(after.worker.maxRssBytes)} / ${mb(after.server.maxRssBytes)}`, 'MB'],
        ['CPU service / worker / server (main threads + native)', `${cpuShare('service')} / ${cpuShare('worker')} / ${cpuShare('server')}`, '% of one core'],
        ['baseline: bpmn-engine, same diagram, in memory', `${baseline.instancesPerSec.toFixed(1)} vettings/s, ${baseline.tasksPerSec.toFixed(0)} reviews/s, p50 ${baseline.latencyP50Ms.toFixed(2)} ms, peak RSS ${mb(baseline.peakRssBytes)} MB`],
        ['ours / bpmn-engine: throughput', ratio.tasksPerSec.toFixed(4), `(1/${(1 / ratio.tasksPerSec).toFixed(0)})`],
        ['baseline: SQLite commits/s on this disk', diskCommitsPerSec.toFixed(0)],
        ['commits/s made: temporal.db / gridflow.db', `${(serviceCommits / seconds).toFixed(0)} / ${(gridflowCommits / seconds).toFixed(0)}`, `(ratio to the disk: ${commitShare.toFixed(4)})`],
        ['commits per review (both databases)', ((serviceCommits + gridflowCommits) / run.reviews).toFixed(1)],
      ],
      notes: [
        'bpmn-engine keeps everything in memory and writes nothing; gridflow commits every step to two SQLite files before it answers.',
        'CPU, not the disk, bounds gridflow here: the commits made are a small share of what the disk takes.',
      ],
      json: {
        n: N, departments: DEPARTMENTS, reviews: run.reviews, wallMs: run.wallMs, ...ours, busyAnswers: api.busyAnswers, requests: run.calls,
        reviewLatencyMs: reviewLatency, closeLatencyMs: closeLatency, startLatencyMs: percentiles(run.startMs),
        peakRssBytes: { service: after.service.maxRssBytes, worker: after.worker.maxRssBytes, server: after.server.maxRssBytes },
        bpmnEngine: baseline, ratioToBpmnEngine: ratio,
        diskCommitsPerSec, commitsPerSec: { temporal: serviceCommits / seconds, gridflow: gridflowCommits / seconds }, commitRatioToDisk: commitShare,
      },
    };
  } finally {
    for (const p of processes.reverse()) await p.stop().catch(() => {});
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

interface VettingRun {
  wallMs: number;
  /** HTTP requests made (not counting repeats after a 503) */
  calls: number;
  reviews: number;
  reviewMs: number[];
  closeMs: number[];
  startMs: number[];
}

/** The admin starts N vettings while the reviewers work; done when all N are recorded completed. */
async function vet(api: Api, reviewers: string[]): Promise<VettingRun> {
  const admin = await api.login('admin');
  const tokens = await Promise.all(reviewers.map((u) => api.login(u)));
  const lastReviewAt = new Map<string, number>();
  const reviewMs: number[] = [];
  const startMs: number[] = [];
  const taken = new Set<string>();
  const deadline = Date.now() + Math.max(300_000, N * 1_500);
  let finished = false;
  let failure: Error | undefined;
  const fail = (e: unknown) => { failure ??= e instanceof Error ? e : new Error(String(e)); };
  const t0 = performance.now();

  const starting = pool(N, STARTERS, async (i) => {
    const at = performance.now();
    const res = await api.call('POST', '/api/instances', admin, { processKey: 'vetting', variables: { candidateId: `bench-${i}`, candidateName: `候选人${i}`, compoundCode: 'compound-1-1-1', departments: null } });
    if (res.status !== 201) throw new Error(`start ${i}: ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`);
    startMs.push(performance.now() - at);
  }).catch(fail);

  const reviewer = async (token: string) => {
    while (!finished && !failure) {
      if (Date.now() > deadline) return;
      const res = await api.call('GET', '/api/tasks?state=open&processKey=vetting&limit=200', token);
      if (res.status !== 200) throw new Error(`inbox: ${res.status}`);
      const open = (res.body as { tasks: Array<{ id: string; instanceId: string }> }).tasks.filter((t) => !taken.has(t.id));
      if (open.length === 0) {
        await sleep(100);
        continue;
      }
      for (const t of open) taken.add(t.id);
      await pool(open.length, PER_REVIEWER, async (i) => {
        const t = open[i];
        const at = performance.now();
        const done = await api.call('POST', `/api/tasks/${t.id}/complete`, token, { variables: { decision: 'pass', reason: '无异常' } });
        if (done.status !== 200) throw new Error(`complete ${t.id}: ${done.status} ${JSON.stringify(done.body).slice(0, 200)}`);
        reviewMs.push(performance.now() - at);
        lastReviewAt.set(t.instanceId, Math.max(lastReviewAt.get(t.instanceId) ?? 0, Date.now()));
      });
    }
  };
  const reviewing = Promise.all(tokens.map((t) => reviewer(t).catch(fail)));

  let completed = 0;
  while (!failure) {
    if (Date.now() > deadline) fail(new Error(`only ${completed} of ${N} vettings completed in ${((Date.now() - deadline) / 1000 + Math.max(300, N * 1.5)).toFixed(0)} s`));
    const failed = await api.call('GET', '/api/instances?processKey=vetting&status=failed&limit=1', admin);
    if ((failed.body as { total: number }).total > 0) fail(new Error(`a vetting failed: ${JSON.stringify(failed.body).slice(0, 300)}`));
    completed = ((await api.call('GET', '/api/instances?processKey=vetting&status=completed&limit=1', admin)).body as { total: number }).total;
    if (completed >= N) break;
    await sleep(250);
  }
  const wallMs = performance.now() - t0;
  finished = true;
  await Promise.all([starting, reviewing]);
  if (failure) throw failure;

  const closeMs: number[] = [];
  for (let offset = 0; offset < N; offset += 500) {
    const page = (await api.call('GET', `/api/instances?processKey=vetting&status=completed&limit=500&offset=${offset}`, admin)).body as { instances: Array<{ id: string; closedAt: string }> };
    for (const i of page.instances) closeMs.push(Math.max(0, Date.parse(i.closedAt) - (lastReviewAt.get(i.id) ?? Date.parse(i.closedAt))));
  }
  return { wallMs, calls: api.calls, reviews: reviewMs.length, reviewMs, closeMs, startMs };
}

/** one vetting officer per department (the seeded `<department>-reviewer` accounts) */
async function reviewerLogins(dataDir: string): Promise<string[]> {
  const prisma = createPrisma(path.join(dataDir, 'gridflow.db'));
  try {
    const rows = await prisma.membership.findMany({ where: { role: 'reviewer', unit: { kind: 'department' } }, select: { unit: { select: { code: true } }, user: { select: { username: true } } }, orderBy: { userId: 'asc' } });
    const byUnit = new Map<string, string>();
    for (const r of rows) if (!byUnit.has(r.unit.code)) byUnit.set(r.unit.code, r.user.username);
    if (byUnit.size < DEPARTMENTS) throw new Error(`the demo data has reviewers for ${byUnit.size} departments, not ${DEPARTMENTS}`);
    return [...byUnit.values()];
  } finally {
    await prisma.$disconnect();
  }
}

/**
 * keep-alive JSON client (fetch pools its connections, as a browser would). Like the web app, it
 * repeats a request the server answered 503 (database busy; nothing was changed) after the
 * Retry-After it was given, and counts how often that happened.
 */
class Api {
  busyAnswers = 0;
  calls = 0;
  constructor(private readonly base: string) {}

  async login(username: string): Promise<string> {
    const res = await this.call('POST', '/api/auth/login', undefined, { username, password: DEMO_PASSWORD });
    if (res.status !== 200) throw new Error(`login ${username}: ${res.status}`);
    return (res.body as { token: string }).token;
  }

  async call(method: string, p: string, token: string | undefined, body?: unknown): Promise<{ status: number; body: unknown }> {
    this.calls++;
    for (let attempt = 1; ; attempt++) {
      const res = await fetch(this.base + p, {
        method,
        headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body ? { 'content-type': 'application/json' } : {}) },
        body: body ? JSON.stringify(body) : undefined,
        signal: AbortSignal.timeout(60_000),
      });
      const text = await res.text();
      if (res.status === 503 && attempt < 10) {
        this.busyAnswers++;
        await sleep(Number(res.headers.get('retry-after') ?? 1) * 1000);
        continue;
      }
      return { status: res.status, body: text ? JSON.parse(text) : undefined };
    }
  }
}

async function reports(service: ProductProcess, server: ProductProcess, worker: ProductProcess): Promise<Record<'service' | 'server' | 'worker', ChildReport>> {
  const [s, a, w] = await Promise.all([service.report(), server.report(), worker.report()]);
  return { service: s, server: a, worker: w };
}

const commits = (r: ChildReport) => r.commits.transactions + r.commits.autocommitWrites;
const cpuMs = (r: ChildReport) => (r.cpu.user + r.cpu.system) / 1000;

function percentiles(values: number[]): { p50: number; p99: number; max: number } {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
  return { p50: at(0.5), p99: at(0.99), max: sorted[sorted.length - 1] ?? NaN };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export type { BpmnEngineVettingResult };
