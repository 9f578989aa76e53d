/**
 * Bench entry: the task inbox with 100,000 tasks in gridflow.db. Rows are inserted directly with
 * better-sqlite3 in one transaction (2,000 instances × 50 tasks, 15% open, 1–3 candidates each,
 * every official a candidate somewhere), then GET /api/tasks is timed through the real HTTP API
 * (express, auth, Prisma) on 127.0.0.1. Baseline in the same run: GET /api/auth/me, which pays
 * the same HTTP, session and Prisma costs with one trivial query, so the ratio is the inbox's own.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { startRuntime } from '../server/runtime';
import { loginToken, rawRequest } from '../test/hostile/support/http';
import type { BenchEntry, BenchResult } from './types';
import { positiveInt } from './env';

const TASKS = positiveInt('BENCH_INBOX_TASKS', 100_000);
const TASKS_PER_INSTANCE = 50;
const REQUESTS = positiveInt('BENCH_INBOX_REQUESTS', 200);

export const inbox: BenchEntry = {
  name: 'inbox',
  description: `GET /api/tasks p50/p99 over real HTTP with ${TASKS.toLocaleString('en')} tasks in the database`,
  run,
};

/** the adapter's own DateTime text format, so Prisma reads the rows back */
const sqliteTime = (ms: number) => new Date(ms).toISOString().replace('Z', '+00:00');

function seedTasks(dbPath: string, versionId: string): { officials: number; secretaryOpen: number } {
  const db = new Database(dbPath, { timeout: 10_000 });
  try {
    const officials = db.prepare(`SELECT id, username FROM "User" WHERE role = 'official' ORDER BY id`).all() as { id: number; username: string }[];
    const secretary = officials.find((o) => o.username === 'street1-secretary')!;
    const now = Date.now();
    // a fixed sequence, so every run measures the same data
    let seed = 42;
    const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    const instance = db.prepare(`INSERT INTO "Instance" (workflowId, processKey, versionId, status, startedBy, startedAt, variablesJson) VALUES (?, 'vetting', ?, ?, 'bench', ?, '{}')`);
    const task = db.prepare(
      `INSERT INTO "Task" (id, taskKey, workflowId, elementId, name, assignee, candidateGroupsJson, dueAt, state, completedBy, completedAt, createdAt, updatedAt)
       VALUES (?, ?, ?, 'Task_review', '部门资格审查', NULL, '["unit:dept-tax:reviewer"]', ?, ?, ?, ?, ?, ?)`,
    );
    const candidate = db.prepare(`INSERT OR IGNORE INTO "TaskCandidate" (taskId, userId, open) VALUES (?, ?, ?)`);
    let secretaryOpen = 0;
    db.transaction(() => {
      for (let i = 0; i < TASKS / TASKS_PER_INSTANCE; i++) {
        const workflowId = `bench-inbox-${i}`;
        const startedAt = now - Math.floor(random() * 90 * 86_400_000);
        instance.run(workflowId, versionId, random() < 0.3 ? 'running' : 'completed', sqliteTime(startedAt));
        for (let j = 0; j < TASKS_PER_INSTANCE; j++) {
          const id = `bt${i}x${j}`;
          const r = random();
          const state = r < 0.15 ? 'open' : r < 0.95 ? 'completed' : 'cancelled';
          const created = startedAt + j * 60_000;
          const due = created + Math.floor((random() * 20 - 5) * 86_400_000);
          task.run(id, `Task_review#${j}`, workflowId, sqliteTime(due), state, state === 'completed' ? 'bench' : null, state === 'open' ? null : sqliteTime(created + 3_600_000), sqliteTime(created), sqliteTime(created));
          const people = 1 + Math.floor(random() * 3);
          for (let k = 0; k < people; k++) {
            // one candidate in 50 is the street secretary: about 2% of the inbox is theirs
            const who = random() < 0.02 ? secretary : officials[Math.floor(random() * officials.length)];
            const added = candidate.run(id, who.id, state === 'open' ? 1 : 0);
            if (who === secretary && state === 'open' && added.changes) secretaryOpen++;
          }
        }
      }
    })();
    db.exec('ANALYZE');
    return { officials: officials.length, secretaryOpen };
  } finally {
    db.close();
  }
}

async function timeRequests(url: string, token: string, pathname: string): Promise<{ p50: number; p99: number; total?: number }> {
  const times: number[] = [];
  let total: number | undefined;
  for (let i = 0; i < REQUESTS + 10; i++) {
    const t0 = performance.now();
    const res = await rawRequest(url, { method: 'GET', path: pathname, headers: { authorization: `Bearer ${token}` } });
    const ms = performance.now() - t0;
    if (res.status !== 200) throw new Error(`GET ${pathname}: ${res.status} ${res.text.slice(0, 200)}`);
    if (i >= 10) times.push(ms); // the first ten warm the caches and the JIT
    total = (res.json as { total?: number }).total;
  }
  times.sort((a, b) => a - b);
  return { p50: times[Math.floor(times.length * 0.5)], p99: times[Math.min(times.length - 1, Math.floor(times.length * 0.99))], total };
}

async function run(): Promise<BenchResult> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gridflow-bench-inbox-'));
  const runtime = await startRuntime({ dataDir, port: 0, host: '127.0.0.1', temporalPort: 0, worker: false, diagramsDir: path.join(__dirname, '..', 'diagrams'), log: () => {} });
  try {
    const version = await runtime.prisma.deployment.findFirstOrThrow({ where: { processKey: 'vetting' }, select: { id: true } });
    const t0 = performance.now();
    const seeded = seedTasks(path.join(dataDir, 'gridflow.db'), version.id);
    const insertMs = performance.now() - t0;
    const official = await loginToken(runtime.url, 'street1-secretary');
    const admin = await loginToken(runtime.url, 'admin');

    const baseline = await timeRequests(runtime.url, official, '/api/auth/me');
    const mine = await timeRequests(runtime.url, official, '/api/tasks');
    const mineAll = await timeRequests(runtime.url, official, '/api/tasks?state=all');
    const everyOpen = await timeRequests(runtime.url, admin, '/api/tasks');
    const overdue = await timeRequests(runtime.url, admin, '/api/tasks?overdue=true&limit=50');
    const ratio = (x: number) => (x / baseline.p50).toFixed(1);
    return {
      rows: [
        ['tasks in the database', TASKS.toLocaleString('en')],
        ['inserted in', (insertMs / 1000).toFixed(1), 's (one transaction, with candidates)'],
        ['baseline GET /api/auth/me p50 / p99', `${baseline.p50.toFixed(1)} / ${baseline.p99.toFixed(1)}`, 'ms'],
        [`official's open inbox (${mine.total} tasks) p50 / p99`, `${mine.p50.toFixed(1)} / ${mine.p99.toFixed(1)}`, `ms (${ratio(mine.p50)}× baseline)`],
        [`official, every state (${mineAll.total}) p50 / p99`, `${mineAll.p50.toFixed(1)} / ${mineAll.p99.toFixed(1)}`, `ms (${ratio(mineAll.p50)}× baseline)`],
        [`admin, every open task (${everyOpen.total}) p50 / p99`, `${everyOpen.p50.toFixed(1)} / ${everyOpen.p99.toFixed(1)}`, `ms (${ratio(everyOpen.p50)}× baseline)`],
        [`admin, overdue (${overdue.total}) p50 / p99`, `${overdue.p50.toFixed(1)} / ${overdue.p99.toFixed(1)}`, `ms (${ratio(overdue.p50)}× baseline)`],
      ],
      notes: [
        `${REQUESTS} sequential requests each after 10 warm-up ones; a page is 100 tasks (50 for overdue) with the total count.`,
        `${seeded.officials} officials; street1-secretary is a candidate of ${seeded.secretaryOpen} open tasks.`,
      ],
      json: { tasks: TASKS, insertMs, baseline, officialOpen: mine, officialAll: mineAll, adminOpen: everyOpen, adminOverdue: overdue },
    };
  } finally {
    await runtime.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

