/**
 * Bench entry: how long `npm start` takes until it answers, as an operator sees it after an install
 * (cold: migrations, demo data, the shipped diagrams deployed) and after a restart on the same data
 * (warm: what a crash costs in downtime). The whole program is spawned as a child process and timed
 * to its "gridflow ready" line and a first 200 from GET /api/health. Baseline in the same run: a bare
 * `node --import tsx -e 0`, the floor any TypeScript program started this way pays.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { GridflowProcess, ROOT } from '../test/crash/support/gridflow-process';
import { rawRequest } from '../test/hostile/support/http';
import type { BenchEntry, BenchResult } from './types';

export const startup: BenchEntry = {
  name: 'startup',
  description: 'npm start until the API answers: first start on an empty data folder, then restarts on it',
  run,
};

async function timeStart(dataDir: string): Promise<number> {
  const t0 = performance.now();
  const gridflow = await GridflowProcess.start(dataDir);
  try {
    const health = await rawRequest(gridflow.url, { method: 'GET', path: '/api/health' });
    if (health.status !== 200) throw new Error(`health: ${health.status} ${health.text}`);
    return performance.now() - t0;
  } finally {
    await gridflow.stop();
  }
}

async function run(): Promise<BenchResult> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gridflow-bench-startup-'));
  try {
    const b0 = performance.now();
    const bare = spawnSync(process.execPath, ['--import', 'tsx', '-e', '0'], { cwd: ROOT });
    if (bare.status !== 0) throw new Error(`bare node --import tsx failed: ${bare.stderr}`);
    const baselineMs = performance.now() - b0;
    const coldMs = await timeStart(dataDir);
    const warm = [await timeStart(dataDir), await timeStart(dataDir)];
    const warmMs = Math.min(...warm);
    return {
      rows: [
        ['baseline: node --import tsx -e 0', baselineMs.toFixed(0), 'ms'],
        ['first start (migrate, seed, deploy, bundle)', (coldMs / 1000).toFixed(1), `s (${(coldMs / baselineMs).toFixed(0)}× baseline)`],
        ['restart on the same data (best of 2)', (warmMs / 1000).toFixed(1), `s (${(warmMs / baselineMs).toFixed(0)}× baseline)`],
      ],
      notes: ['a restart is the downtime a crash costs before the timers that fell meanwhile fire.'],
      json: { baselineMs, coldMs, warmMs: warm },
    };
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
