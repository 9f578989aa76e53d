// The Temporal worker that runs the bpmnProcess interpreter and gridflow's activities in this
// process, through gridflow's own Temporal plugin (plugin/). The workflow code is bundled once and
// the same bundle serves replays, so a replay checks exactly the code that is running.
import type { PrismaClient } from '@prisma/client';
import { bundleWorkflowCode, DefaultLogger, NativeConnection, Worker, type ReplayWorkerOptions, type WorkflowBundle } from '@temporalio/worker';
import { createEngineActivities } from '../activities';
import { createDomainActivities } from '../activities/domain';
import { GRIDFLOW_WORKFLOWS_PATH, gridflowPlugin } from '../plugin';
import { temporalConnectionOptions, type TemporalTlsSettings } from './temporal-connection';

export interface GridflowWorkerOptions {
  address: string;
  /** TLS to the Temporal service (absent = plaintext) */
  tls?: TemporalTlsSettings;
  /** sent as `authorization: Bearer <key>` on every call */
  apiKey?: string;
  namespace: string;
  taskQueue: string;
  prisma: PrismaClient;
  /** told about each notification the activities create */
  notifier: (notificationId: string) => void;
  log: (message: string, err?: unknown) => void;
  /** runs kept in memory between their tasks (default GRIDFLOW_WORKFLOW_CACHE, else 500) */
  maxCachedWorkflows?: number;
}

/**
 * How many runs the worker keeps in memory between their tasks. The SDK's default grows with the
 * machine's memory (about 10,000 here) and a cached vetting holds about 2 MB, so an instance
 * count a city reaches would take the worker to gigabytes. A run beyond the cache is evicted and
 * replayed from its history on its next task — cheap for gridflow's histories of a few hundred
 * events, and most open instances wait for days between tasks.
 */
export const DEFAULT_WORKFLOW_CACHE = 500;

/** activities a worker runs at once (see Worker.create below) */
export const ACTIVITY_SLOTS = 10;

export function workflowCacheSize(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.GRIDFLOW_WORKFLOW_CACHE;
  if (raw === undefined || raw === '') return DEFAULT_WORKFLOW_CACHE;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 2) throw new Error(`GRIDFLOW_WORKFLOW_CACHE must be a whole number of runs, at least 2 (got "${raw}")`);
  return n;
}

export interface GridflowWorker {
  replayOptions(): Promise<ReplayWorkerOptions>;
  stop(): Promise<void>;
}

let bundle: Promise<WorkflowBundle> | undefined;
/** bundling takes seconds: once per process */
export function workflowBundle(): Promise<WorkflowBundle> {
  bundle ??= bundleWorkflowCode({ workflowsPath: GRIDFLOW_WORKFLOWS_PATH, logger: new DefaultLogger('WARN') });
  return bundle;
}

export async function startGridflowWorker(opts: GridflowWorkerOptions): Promise<GridflowWorker> {
  const plugin = gridflowPlugin({
    // the interpreter's own side effects and the service tasks the shipped diagrams name
    activities: { ...createDomainActivities({ prisma: opts.prisma }), ...createEngineActivities({ prisma: opts.prisma, notifier: opts.notifier }) },
    workflowBundle: await workflowBundle(),
  });
  const connection = await NativeConnection.connect(temporalConnectionOptions(opts.address, opts));
  const worker = await Worker.create({
    connection, namespace: opts.namespace, taskQueue: opts.taskQueue, plugins: [plugin], shutdownGraceTime: '2s',
    maxCachedWorkflows: opts.maxCachedWorkflows ?? workflowCacheSize(),
    // Every activity is a few queries on the one SQLite connection, where transactions run one at a
    // time anyway. The SDK's 100 concurrent activities only interleave their queries, which
    // stretches each transaction's hold on the write lock that the server process also needs.
    maxConcurrentActivityTaskExecutions: ACTIVITY_SLOTS,
  });
  const running = worker.run().catch((e) => opts.log('the workflow worker stopped with an error', e));
  return {
    async replayOptions() {
      return { plugins: [plugin] };
    },
    async stop() {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await running;
      await connection.close();
    },
  };
}
