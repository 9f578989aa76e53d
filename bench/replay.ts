/**
 * Bench entry: replaying a 10,000-event history with Worker.runReplayHistory, the check an auditor's
 * "replay" button runs. The history is made for real on the embedded service: the embedded
 * service tests' `accumulator` workflow is started on a queue nobody polls, receives ~10,000 `add`
 * signals and `done`, and only then gets a worker, so one workflow task sees them all. Reported
 * against baselines from the same run: a 20-event history's replay (the fixed cost of a replay
 * worker) and parsing the history's JSON (what any reader of the export pays).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { historyFromJSON, historyToJSON } from '@temporalio/common/lib/proto-utils';
import { bundleWorkflowCode, DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { startEmbeddedTemporal } from '../embedded-temporal';
import { accumulator, addSignal, doneSignal, totalQuery } from '../test/embedded-temporal/workflows/basics';
import type { BenchEntry, BenchResult } from './types';
import { positiveInt } from './env';
import { pool } from './pool';

const EVENTS = positiveInt('BENCH_REPLAY_EVENTS', 10_000);
const ROUNDS = 3;
const ROUND = 1_000;

export const replay: BenchEntry = {
  name: 'replay',
  description: `Worker.runReplayHistory of a ${EVENTS.toLocaleString('en')}-event history made on the embedded service`,
  run,
};

const quiet = { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error() {} };

/**
 * A history of about `signals` + 12 events per 1,000 signals, as the JSON the Temporal CLI (and
 * gridflow's export) writes. Signals go in rounds of 1,000 to a queue nobody polls, then a worker
 * takes the round in one workflow task: 10,000 signals in a single activation overflow Node's
 * async-hook stack inside the SDK's workflow thread ("async hook stack has become corrupted").
 */
async function makeHistory(client: Client, workflowBundle: Awaited<ReturnType<typeof bundleWorkflowCode>>, address: string, signals: number): Promise<string> {
  const workflowId = `bench-replay-${signals}-${Date.now().toString(36)}`;
  const taskQueue = `bench-replay-${signals}`;
  const handle = await client.workflow.start(accumulator, { taskQueue, workflowId });
  const connection = await NativeConnection.connect({ address });
  try {
    let sent = 0;
    let sum = 0;
    while (sent < signals) {
      const round = Math.min(ROUND, signals - sent);
      const first = sent;
      await pool(round, 32, async (i) => {
        await handle.signal(addSignal, (first + i) % 7);
      });
      for (let i = first; i < first + round; i++) sum += i % 7;
      sent += round;
      const expected = sum;
      const worker = await Worker.create({ connection, taskQueue, workflowBundle });
      await worker.runUntil(async () => {
        while ((await handle.query(totalQuery)) !== expected) await new Promise((r) => setTimeout(r, 20));
      });
    }
    await handle.signal(doneSignal);
    const worker = await Worker.create({ connection, taskQueue, workflowBundle });
    await worker.runUntil(handle.result());
  } finally {
    await connection.close();
  }
  // the same export GET /api/instances/:id/history answers
  return historyToJSON(await handle.fetchHistory());
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function timeReplay(json: string, workflowBundle: Awaited<ReturnType<typeof bundleWorkflowCode>>, workflowId: string): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const history = historyFromJSON(JSON.parse(json));
    const t0 = performance.now();
    await Worker.runReplayHistory({ workflowBundle }, history, workflowId);
    times.push(performance.now() - t0);
  }
  return median(times);
}

async function run(): Promise<BenchResult> {
  try {
    Runtime.install({ logger: new DefaultLogger('ERROR') });
  } catch {
    // an earlier entry's worker already created the runtime: its logger stays
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gridflow-bench-replay-'));
  const service = await startEmbeddedTemporal({ port: 0, dbPath: path.join(dir, 'temporal.db') });
  const connection = await Connection.connect({ address: service.address });
  try {
    const client = new Client({ connection });
    const workflowBundle = await bundleWorkflowCode({ workflowsPath: require.resolve('../test/embedded-temporal/workflows'), logger: quiet });
    const t0 = performance.now();
    const big = await makeHistory(client, workflowBundle, service.address, EVENTS - 10);
    const makeMs = performance.now() - t0;
    const small = await makeHistory(client, workflowBundle, service.address, 10);
    const bigEvents = (JSON.parse(big) as { events: unknown[] }).events.length;
    const smallEvents = (JSON.parse(small) as { events: unknown[] }).events.length;

    const parseTimes: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      const p0 = performance.now();
      historyFromJSON(JSON.parse(big));
      parseTimes.push(performance.now() - p0);
    }
    const parseMs = median(parseTimes);
    const smallMs = await timeReplay(small, workflowBundle, 'small');
    const bigMs = await timeReplay(big, workflowBundle, 'big');
    const perThousand = ((bigMs - smallMs) / (bigEvents - smallEvents)) * 1000;
    return {
      rows: [
        ['history', `${bigEvents.toLocaleString('en')} events, ${(big.length / 1e6).toFixed(1)} MB of JSON`, `(made in ${(makeMs / 1000).toFixed(1)} s)`],
        ['parse the JSON (baseline)', parseMs.toFixed(0), 'ms'],
        [`replay ${smallEvents} events (fixed cost of a replay)`, smallMs.toFixed(0), 'ms'],
        [`replay ${bigEvents.toLocaleString('en')} events`, bigMs.toFixed(0), `ms (${(bigMs / parseMs).toFixed(1)}× parsing it)`],
        ['replay per 1,000 events beyond the fixed cost', perThousand.toFixed(1), 'ms'],
      ],
      notes: [
        `median of ${ROUNDS}; the workflow is a signal accumulator, so almost every event is a signal the workflow code handles.`,
        'gridflow histories are mostly activity and timer events; their per-event cost is of the same order (one command or one resolution each).',
      ],
      json: { events: bigEvents, jsonBytes: big.length, parseMs, smallEvents, smallReplayMs: smallMs, replayMs: bigMs, replayMsPer1000Events: perThousand },
    };
  } finally {
    await connection.close();
    await service.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

