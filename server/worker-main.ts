// npm run worker: the workflow worker alone, for when the API server runs with GRIDFLOW_WORKER=off
// (two processes spread over two cores; several workers may serve one task queue).
// Environment: TEMPORAL_ADDRESS (required: the embedded service of `npm run temporal` or a
// cluster), GRIDFLOW_DATA (./data: the gridflow.db the server migrated), TEMPORAL_NAMESPACE
// (default), TEMPORAL_TLS, TEMPORAL_TLS_CA/_CERT/_KEY/_SERVER_NAME, TEMPORAL_API_KEY (see
// temporal-connection.ts; without it, the key of the data folder's embedded service for a
// plaintext address on this machine, service-key.ts), GRIDFLOW_TASK_QUEUE (gridflow). Notifications it creates reach the server's SSE feed
// and delivery loop through the database (they poll it), not in-process.
import fs from 'node:fs';
import path from 'node:path';
import { createPrisma } from '../prisma/client';
import { startGridflowWorker } from './worker';
import { describeTemporalConnection, temporalSettingsFromEnv } from './temporal-connection';
import { dataFolderKeyFor } from './service-key';

async function main(): Promise<void> {
  const temporal = temporalSettingsFromEnv();
  const address = temporal.address;
  if (!address) throw new Error('TEMPORAL_ADDRESS is required: the worker joins a running Temporal service (npm run temporal, or a cluster)');
  const dataDir = path.resolve(process.env.GRIDFLOW_DATA ?? path.join(process.cwd(), 'data'));
  const dbPath = path.join(dataDir, 'gridflow.db');
  if (!fs.existsSync(dbPath)) throw new Error(`${dbPath} does not exist: start the server once (npm start) so it creates and migrates the database`);
  const prisma = createPrisma(dbPath);
  const log = (m: string, e?: unknown) => (e ? console.error(m, e) : console.log(m));
  const apiKey = dataFolderKeyFor(address, temporal, dataDir);
  const namespace = temporal.namespace;
  const taskQueue = process.env.GRIDFLOW_TASK_QUEUE || 'gridflow';
  const worker = await startGridflowWorker({ address, tls: temporal.tls, apiKey, namespace, taskQueue, prisma, notifier: () => {}, log });
  console.log(`gridflow worker ready on ${describeTemporalConnection(address, { tls: temporal.tls, apiKey })} (namespace ${namespace}, task queue ${taskQueue})`);
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: stopping the worker …`);
    await worker.stop();
    await prisma.$disconnect();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((e) => {
  console.error('the gridflow worker could not start:', e instanceof Error ? e.message : e);
  process.exit(1);
});
