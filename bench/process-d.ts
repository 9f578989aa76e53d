/**
 * Bench entry: process D (joint vetting) end to end through the HTTP API on the real runtime
 * (SQLite, embedded Temporal, worker): N candidates started at once, each vetted by the 14 default
 * departments, every review completed by its department's reviewer as soon as it is in their inbox.
 * Reports vettings per minute and the time from start to a completed instance. Baseline in the
 * same run: the API round trip of a request that does nothing (GET /api/health), times the number of
 * API calls one vetting needs, so the ratio says how much of a vetting is the engine, not HTTP.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startRuntime } from '../server/runtime';
import { loginToken, rawRequest } from '../test/hostile/support/http';
import type { BenchEntry, BenchResult } from './types';
import { positiveInt } from './env';

const N = positiveInt('BENCH_PROCESS_D', 10);

export const processD: BenchEntry = {
  name: 'process-d',
  description: `${N} joint vettings (14 departments each) started together and completed through the API`,
  run,
};

interface TaskRow {
  id: string;
  instanceId: string;
  candidateGroups: string[];
}

async function run(): Promise<BenchResult> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gridflow-bench-d-'));
  const runtime = await startRuntime({ dataDir, port: 0, host: '127.0.0.1', temporalPort: 0, diagramsDir: path.join(__dirname, '..', 'diagrams'), pollMs: 500, log: () => {} });
  try {
    const url = runtime.url;
    const admin = await loginToken(url, 'admin');
    // a reviewer per department: the department's vetting officer account (<slug>-reviewer)
    const reviewers = await runtime.prisma.membership.findMany({ where: { role: 'reviewer', unit: { kind: 'department' } }, select: { unit: { select: { code: true } }, user: { select: { username: true } } } });
    const tokenOf = new Map<string, string>();
    for (const r of reviewers) if (!tokenOf.has(r.unit.code)) tokenOf.set(r.unit.code, await loginToken(url, r.user.username));

    const h0 = performance.now();
    for (let i = 0; i < 50; i++) await rawRequest(url, { method: 'GET', path: '/api/health' });
    const healthMs = (performance.now() - h0) / 50;

    let calls = 0;
    const api = async (method: string, p: string, token: string, body?: unknown) => {
      calls++;
      return rawRequest(url, { method, path: p, headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined });
    };
    const t0 = performance.now();
    const startedAt = new Map<string, number>();
    await Promise.all(
      Array.from({ length: N }, async (_, i) => {
        const res = await api('POST', '/api/instances', admin, { processKey: 'vetting', variables: { candidateId: `bench-${i}`, candidateName: `候选人${i}`, compoundCode: 'compound-1-1-1', departments: null } });
        if (res.status !== 201) throw new Error(`start ${i}: ${res.status} ${res.text}`);
        startedAt.set((res.json as { instance: { id: string } }).instance.id, performance.now());
      }),
    );
    const doneAt = new Map<string, number>();
    const completed = new Set<string>();
    const deadline = Date.now() + 240_000;
    while (doneAt.size < N) {
      if (Date.now() > deadline) throw new Error(`only ${doneAt.size} of ${N} vettings finished in 4 minutes`);
      const open = ((await api('GET', '/api/tasks?limit=500', admin)).json as { tasks: TaskRow[] }).tasks.filter((t) => startedAt.has(t.instanceId) && !completed.has(t.id));
      // each department answers its reviews concurrently with the others
      await Promise.all(
        open.map(async (t) => {
          const dept = /^unit:([^:]+):reviewer$/.exec(t.candidateGroups[0] ?? '')?.[1];
          const token = dept ? tokenOf.get(dept) : undefined;
          if (!token) throw new Error(`no reviewer for ${t.candidateGroups.join(', ')}`);
          const res = await api('POST', `/api/tasks/${t.id}/complete`, token, { variables: { decision: 'pass', reason: '无异常' } });
          if (res.status === 200 || res.status === 409) completed.add(t.id);
          else throw new Error(`complete ${t.id}: ${res.status} ${res.text.slice(0, 200)}`);
        }),
      );
      // the instance's status as the API reports it (reconciled with the workflow)
      for (const id of startedAt.keys()) {
        if (doneAt.has(id)) continue;
        const res = await api('GET', `/api/instances/${id}`, admin);
        const status = (res.json as { instance?: { status: string } }).instance?.status;
        if (status === 'completed') doneAt.set(id, performance.now());
        else if (status !== 'running') throw new Error(`vetting ${id} ended ${status}: ${res.text.slice(0, 300)}`);
      }
      if (open.length === 0) await new Promise((r) => setTimeout(r, 100));
    }
    const wallMs = performance.now() - t0;
    const latencies = [...doneAt].map(([id, at]) => at - startedAt.get(id)!).sort((a, b) => a - b);
    const callsPerVetting = calls / N;
    const p50 = latencies[Math.floor(latencies.length / 2)];
    /** what one vetting's API calls would cost if each were an empty round trip */
    const httpFloorMs = callsPerVetting * healthMs;
    return {
      rows: [
        ['vettings', `${N} × 14 departments`, `(${completed.size} reviews)`],
        ['throughput', ((N / wallMs) * 60_000).toFixed(1), 'vettings/min'],
        ['start → completed p50 / max', `${(p50 / 1000).toFixed(1)} / ${(latencies[latencies.length - 1] / 1000).toFixed(1)}`, 's'],
        ['API calls per vetting', callsPerVetting.toFixed(1)],
        ['baseline: an empty API round trip', healthMs.toFixed(1), 'ms'],
        ['one vetting at empty round trips (HTTP floor)', httpFloorMs.toFixed(0), `ms (p50 is ${(p50 / httpFloorMs).toFixed(0)}× that)`],
      ],
      notes: ['reviews are completed as soon as they show in the admin task list (polled); one worker in the same process as the API.'],
      json: { n: N, wallMs, perMinute: (N / wallMs) * 60_000, latenciesMs: latencies, callsPerVetting, healthMs, httpFloorMs },
    };
  } finally {
    await runtime.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

