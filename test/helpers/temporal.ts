/**
 * Test harness: the embedded Temporal service, in-process, with the real SDK client and worker.
 *
 *   const t = await startTestTemporal();                       // or { timeSkipping: true }
 *   const bundle = await bundleWorkflows(require.resolve('./workflows'));   // once per suite
 *   const worker = await t.startWorker({ workflowBundle: bundle, activities, taskQueue: t.taskQueue() });
 *   const handle = await t.client.workflow.start('myWorkflow', { taskQueue: worker.taskQueue, workflowId: 'w1', args: [] });
 *   expect(await handle.result()).toBe(...);
 *   await t.replayAll(bundle);                                 // every history so far must replay cleanly
 *   await t.close();                                           // stops workers, connections, service, deletes the db
 *
 * - `address`, `connection` (NativeConnection, for extra workers), `client` (Client; with time
 *   skipping a TimeSkippingClient: `handle.result()` unlocks virtual time while it waits).
 * - `sleep(ms)`: with time skipping, advances virtual time (skipping to timers on the way);
 *   otherwise a real sleep. `now()`: the service's clock.
 * - `env`: the TestWorkflowEnvironment-shaped subset (client, nativeConnection, sleep, currentTimeMs).
 * - `histories()` (alias `collectHistories()`): every run the service knows (children and continue-as-new runs included), with
 *   its history; `replayAll(bundle, { skip })` replays them all with Worker.runReplayHistories and
 *   throws naming the first workflow that does not replay. Call it before `close()`.
 * - `dbPath`/`restart()`: the SQLite file stays across `restart()` (a clean stop and start of the
 *   service on the same file and port) so persistence can be tested without a child process.
 * Workers started through `startWorker` are shut down by `close()`.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { InternalConnectionOptionsSymbol } from '@temporalio/client/lib/connection';
import { msToTs } from '@temporalio/common/lib/time';
import type { temporal } from '@temporalio/proto';
import { bundleWorkflowCode, DefaultLogger, NativeConnection, Runtime, Worker, type WorkerOptions, type WorkflowBundle } from '@temporalio/worker';
import { TimeSkippingClient } from '@temporalio/testing/lib/client';
import { startEmbeddedTemporal, type EmbeddedTemporal, type EmbeddedTemporalOptions } from '../../embedded-temporal';

type History = temporal.api.history.v1.IHistory;

export interface TestTemporalOptions {
  timeSkipping?: boolean;
  /** Passed to the service, e.g. a low `suggestContinueAsNewEvents` to exercise continue-as-new. */
  historyLimits?: EmbeddedTemporalOptions['historyLimits'];
  /** Service log lines (default: dropped). */
  log?: (line: string) => void;
}

export interface RunningWorker {
  worker: Worker;
  taskQueue: string;
  /** Shuts the worker down and waits for it. Idempotent. */
  stop(): Promise<void>;
}

export interface RecordedHistory { workflowId: string; runId: string; history: History }

/** The parts of @temporalio/testing's TestWorkflowEnvironment that tests usually touch. */
export interface TestEnvLike {
  client: Client;
  nativeConnection: NativeConnection;
  namespace: string;
  sleep(ms: number): Promise<void>;
  currentTimeMs(): Promise<number>;
}

export interface TestTemporal {
  address: string;
  namespace: string;
  dbPath: string;
  service: EmbeddedTemporal;
  connection: NativeConnection;
  client: Client;
  /** A task queue name unique within this process. */
  taskQueue(prefix?: string): string;
  startWorker(options: Omit<WorkerOptions, 'connection' | 'taskQueue'> & { taskQueue?: string }): Promise<RunningWorker>;
  sleep(ms: number): Promise<void>;
  now(): Promise<number>;
  histories(): Promise<RecordedHistory[]>;
  /** Same as `histories()`. */
  collectHistories(): Promise<RecordedHistory[]>;
  /** TestWorkflowEnvironment-shaped view (client, nativeConnection, sleep, currentTimeMs) for code written against it. */
  env: TestEnvLike;
  replayAll(bundle: WorkflowBundle, opts?: { skip?: (h: RecordedHistory) => boolean }): Promise<number>;
  restart(): Promise<void>;
  close(): Promise<void>;
}

let runtimeInstalled = false;
/** Installs the SDK runtime once per process with a quiet logger (TEMPORAL_LOG_LEVEL=DEBUG to see Core). */
export function installRuntime(): void {
  if (runtimeInstalled) return;
  runtimeInstalled = true;
  try {
    Runtime.install({ logger: new DefaultLogger((process.env.TEMPORAL_LOG_LEVEL as 'WARN') ?? 'ERROR') });
  } catch {
    // already installed by another helper in this process
  }
}

const bundles = new Map<string, Promise<WorkflowBundle>>();
/** Bundles workflow code once per process per path (bundling costs seconds). */
export function bundleWorkflows(workflowsPath: string): Promise<WorkflowBundle> {
  let b = bundles.get(workflowsPath);
  if (!b) {
    b = bundleWorkflowCode({ workflowsPath, logger: new DefaultLogger('ERROR') });
    bundles.set(workflowsPath, b);
  }
  return b;
}

let queueSeq = 0;

export async function startTestTemporal(opts: TestTemporalOptions = {}): Promise<TestTemporal> {
  installRuntime();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gridflow-temporal-'));
  const dbPath = path.join(dir, 'temporal.db');
  const namespace = 'default';
  let service = await startEmbeddedTemporal({ port: 0, dbPath, namespace, timeSkipping: opts.timeSkipping, historyLimits: opts.historyLimits, log: opts.log });
  const port = service.port;
  const connection = await NativeConnection.connect({ address: service.address });
  // The internal option makes `connection.testService` available (as @temporalio/testing does).
  const connectionOptions = { address: service.address, [InternalConnectionOptionsSymbol]: { supportsTestService: !!opts.timeSkipping } };
  const clientConnection = await Connection.connect(connectionOptions);
  const client = opts.timeSkipping ? new TimeSkippingClient({ connection: clientConnection, namespace }) : new Client({ connection: clientConnection, namespace });
  const workers: RunningWorker[] = [];
  const testService = () => {
    if (!clientConnection.testService) throw new Error('the test service is only available with { timeSkipping: true }');
    return clientConnection.testService;
  };

  const api: TestTemporal = {
    get address() { return service.address; },
    namespace,
    dbPath,
    get service() { return service; },
    connection,
    client,
    taskQueue: (prefix = 'tq') => `${prefix}-${process.pid}-${++queueSeq}`,
    async startWorker(options) {
      const taskQueue = options.taskQueue ?? api.taskQueue();
      const worker = await Worker.create({ shutdownGraceTime: '1s', ...options, connection, taskQueue });
      const running = worker.run();
      let stopped: Promise<void> | undefined;
      const rw: RunningWorker = {
        worker,
        taskQueue,
        stop: () => {
          if (!stopped) {
            if (worker.getState() === 'RUNNING') worker.shutdown();
            stopped = running.then(() => undefined, () => undefined);
          }
          return stopped;
        },
      };
      workers.push(rw);
      return rw;
    },
    async sleep(ms) {
      if (opts.timeSkipping) await testService().unlockTimeSkippingWithSleep({ duration: msToTs(ms) });
      else await new Promise((r) => setTimeout(r, ms));
    },
    async now() {
      if (!opts.timeSkipping) return Date.now();
      const { time } = await testService().getCurrentTime({});
      return Number(time?.seconds ?? 0) * 1000 + Math.floor((time?.nanos ?? 0) / 1e6);
    },
    async histories() {
      const out: RecordedHistory[] = [];
      for await (const info of client.workflow.list()) {
        const history = await client.workflow.getHandle(info.workflowId, info.runId).fetchHistory();
        out.push({ workflowId: info.workflowId, runId: info.runId, history });
      }
      return out;
    },
    collectHistories: () => api.histories(),
    get env(): TestEnvLike {
      return { client, nativeConnection: connection, namespace, sleep: (ms) => api.sleep(ms), currentTimeMs: () => api.now() };
    },
    async replayAll(bundle, o = {}) {
      const all = (await api.histories()).filter((h) => !o.skip?.(h));
      let n = 0;
      const results = Worker.runReplayHistories({ workflowBundle: bundle }, all.map((h) => ({ workflowId: h.workflowId, history: h.history })));
      for await (const r of results) {
        n++;
        if (r.error) throw new Error(`history of workflow ${r.workflowId} (run ${r.runId}) does not replay: ${r.error.message}`);
      }
      return n;
    },
    async restart() {
      await service.close();
      service = await startEmbeddedTemporal({ port, dbPath, namespace, timeSkipping: opts.timeSkipping, historyLimits: opts.historyLimits, log: opts.log });
    },
    async close() {
      await Promise.all(workers.map((w) => w.stop()));
      await clientConnection.close();
      await connection.close();
      await service.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  return api;
}
