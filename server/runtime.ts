// Start and stop everything gridflow runs in one process: the database (migrated, demo data on
// first start), the Temporal service (embedded, or TEMPORAL_ADDRESS), the worker, the notification
// feed and delivery loop, and the HTTP server. main.ts and the end-to-end tests both use it.
import fs from 'node:fs';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { Client, Connection } from '@temporalio/client';
import type { PrismaClient } from '@prisma/client';
import { compileBpmn, NOTIFY_ACTIVITY } from '../bpmn';
import { domainActivityNames } from '../activities/domain';
import { deployProcess } from '../activities/deployments';
import { startEmbeddedTemporal, type EmbeddedTemporal } from '../embedded-temporal';
import { createPrisma } from '../prisma/client';
import { assertDatabaseFilesUsable } from '../prisma/file-health';
import { migrateDatabase } from '../prisma/migrate';
import { seedDemoData } from '../prisma/seed';
import { createApp } from './app';
import type { AppDeps } from './deps';
import { TemporalEngine } from './engine/temporal-engine';
import { InstanceStatusSync } from './engine/instance-status';
import { StartSchedules, syncStartSchedules } from './engine/start-schedules';
import { startGridflowWorker, type GridflowWorker } from './worker';
import { temporalConnectionOptions, type TemporalTlsSettings } from './temporal-connection';
import { DeliveryLoop } from './notifications/delivery-loop';
import { ensureServiceKey } from './service-key';
import { smtpSender } from './notifications/email';
import { NotificationFeed } from './notifications/feed';
import { OpenStreams } from './notifications/open-streams';
import type { ScryptCost } from './auth/password';
import type { TrustedProxy } from './http/trusted-proxy';

export interface RuntimeOptions {
  /** holds gridflow.db and temporal.db */
  dataDir: string;
  /** HTTP port (0: any free one) */
  port: number;
  /** HTTP interface; default all interfaces */
  host?: string;
  /** an existing Temporal cluster; no embedded service is started */
  temporalAddress?: string;
  /** TLS to the cluster at temporalAddress (absent = plaintext, even with an API key; `{}` = system CAs) */
  temporalTls?: TemporalTlsSettings;
  /** sent as `authorization: Bearer <key>` on every call to the cluster at temporalAddress (the embedded service uses the data folder's key, service-key.ts) */
  temporalApiKey?: string;
  /** tests only: the embedded service keeps virtual time, moved on through its test service (time skipping, locked) */
  temporalTimeSkipping?: boolean;
  /** port of the embedded service (default 7233; 0: any free one) */
  temporalPort?: number;
  namespace?: string;
  taskQueue?: string;
  /** smtp://host:port; absent = no email channel */
  smtpUrl?: string;
  /** the address people reach gridflow at, for links in emails and webhooks */
  publicUrl?: string;
  /** hosts webhooks may reach even on loopback or private addresses (default: GRIDFLOW_WEBHOOK_ALLOW_HOSTS) */
  webhookAllowHosts?: readonly string[];
  /** how long GET /api/health trusts a healthy database file check (default 15 s) */
  healthCheckMs?: number;
  /** seed the demo district into an empty database (default true) */
  seed?: boolean;
  /** deploy every *.bpmn of this folder at start (default: none) */
  diagramsDir?: string;
  /** run the workflow worker in this process (default true) */
  worker?: boolean;
  webDist?: string;
  secureCookies?: boolean;
  /** how long an instance page waits for the workflow's state query (default 5 s) */
  stateQueryTimeoutMs?: number;
  /** poll interval of the notification feed and the delivery loop */
  pollMs?: number;
  /** proxies whose X-Forwarded-For names the client address (GRIDFLOW_TRUSTED_PROXY) */
  trustedProxy?: TrustedProxy;
  /** scrypt cost of new password hashes (default N = 2^17, server/auth/password.ts) */
  passwordCost?: ScryptCost;
  /** how often the sessions behind open notification streams are checked (expiry, deactivation; default 5 s) */
  streamCheckMs?: number;
  /** how often running instance rows are checked against Temporal (default 2 s) */
  statusSyncMs?: number;
  log?: (message: string, err?: unknown) => void;
}

export interface Runtime {
  url: string;
  port: number;
  temporalAddress: string;
  prisma: PrismaClient;
  client: Client;
  engine: TemporalEngine;
  /** the Temporal Schedules of timer start events */
  schedules: StartSchedules;
  feed: NotificationFeed;
  streams: OpenStreams;
  deliveries: DeliveryLoop;
  /** what the engine activities call after creating notifications: pushes SSE and wakes the delivery loop */
  notifier: (notificationId: string) => void;
  deployed: { file: string; ok: boolean; deploymentId?: string; problems?: string[] }[];
  seeded: boolean;
  close(): Promise<void>;
}

/** the service-task activities the worker registers: a diagram naming another is refused at deploy */
export const KNOWN_ACTIVITIES: string[] = [...domainActivityNames, NOTIFY_ACTIVITY];

export async function deployDiagramFolder(prisma: PrismaClient, dir: string, log: (m: string) => void, schedules?: StartSchedules): Promise<Runtime['deployed']> {
  const out: Runtime['deployed'] = [];
  if (!fs.existsSync(dir)) return out;
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.bpmn')).sort()) {
    const xml = fs.readFileSync(path.join(dir, file), 'utf8');
    try {
      const r = await deployProcess(prisma, xml, { createdBy: 'system', compile: compileBpmn, knownActivities: KNOWN_ACTIVITIES });
      if (r.ok) {
        out.push({ file, ok: true, deploymentId: r.deployment.id });
        // the version is stored either way; deploying it again repairs its schedules
        if (schedules) await syncStartSchedules(schedules, prisma, r.deployment.processKey).catch((e) => log(`timer start schedules of ${file} not updated: ${e instanceof Error ? e.message : String(e)}`));
      }
      else {
        const problems = r.problems.map((p) => (p.elementId ? `${p.elementId}: ${p.message}` : p.message));
        log(`diagram ${file} not deployed: ${problems.join('; ')}`);
        out.push({ file, ok: false, problems });
      }
    } catch (e) {
      log(`diagram ${file} not deployed: ${e instanceof Error ? e.message : String(e)}`);
      out.push({ file, ok: false, problems: [String(e)] });
    }
  }
  return out;
}

export async function startRuntime(opts: RuntimeOptions): Promise<Runtime> {
  const log = opts.log ?? ((m: string, e?: unknown) => (e ? console.error(m, e) : console.log(m)));
  const stack: (() => Promise<void> | void)[] = [];
  const close = async () => {
    for (const step of stack.reverse().splice(0)) {
      try {
        await step();
      } catch (e) {
        log('error while stopping', e);
      }
    }
  };
  if (!opts.temporalAddress && (opts.temporalTls || opts.temporalApiKey !== undefined)) {
    throw new Error('temporalTls and temporalApiKey are for a cluster at temporalAddress: the embedded service started here is plaintext on loopback');
  }
  try {
    fs.mkdirSync(opts.dataDir, { recursive: true });
    const dbPath = path.join(opts.dataDir, 'gridflow.db');
    const temporalDbPath = opts.temporalAddress ? undefined : path.join(opts.dataDir, 'temporal.db');
    const databaseFiles = temporalDbPath ? [dbPath, temporalDbPath] : [dbPath];
    // a damaged or read-only file stops startup here, named, rather than every route answering 500
    assertDatabaseFilesUsable(databaseFiles, { mayBeAbsent: true });
    migrateDatabase(dbPath);
    const prisma = createPrisma(dbPath);
    stack.push(() => prisma.$disconnect());
    const seeded = opts.seed === false ? false : (await seedDemoData(prisma)).seeded;

    let temporalAddress = opts.temporalAddress;
    let access = { tls: opts.temporalTls, apiKey: opts.temporalApiKey };
    if (!temporalAddress) {
      // only callers holding the data folder's key reach the embedded service (service-key.ts)
      const apiKey = ensureServiceKey(opts.dataDir);
      const service: EmbeddedTemporal = await startEmbeddedTemporal({ port: opts.temporalPort ?? 7233, dbPath: temporalDbPath!, namespace: opts.namespace, apiKey, timeSkipping: opts.temporalTimeSkipping });
      stack.push(() => service.close());
      temporalAddress = service.address;
      access = { tls: undefined, apiKey };
    }
    const namespace = opts.namespace ?? 'default';
    const taskQueue = opts.taskQueue ?? 'gridflow';
    const connection = await Connection.connect(temporalConnectionOptions(temporalAddress, access));
    stack.push(() => connection.close());
    const client = new Client({ connection, namespace });

    const feed = new NotificationFeed(prisma, opts.pollMs ?? 1_000, log);
    const email = opts.smtpUrl ? smtpSender(opts.smtpUrl) : null;
    if (email) stack.push(() => email.close());
    const deliveries = new DeliveryLoop({ prisma, email, publicUrl: opts.publicUrl, webhookAllowHosts: opts.webhookAllowHosts, pollMs: opts.pollMs, log });
    const notifier = () => {
      feed.announce();
      deliveries.kick();
    };

    let worker: GridflowWorker | undefined;
    if (opts.worker !== false) {
      worker = await startGridflowWorker({ address: temporalAddress, ...access, namespace, taskQueue, prisma, notifier, log });
      stack.push(() => worker!.stop());
    }
    const engine = new TemporalEngine({
      client,
      taskQueue,
      queryTimeoutMs: opts.stateQueryTimeoutMs,
      replayOptions: async () => {
        if (!worker) throw new Error('replay needs the workflow code: this process runs no worker');
        return worker.replayOptions();
      },
    });

    // GET /api/instances reads rows: this keeps their status in line with Temporal's
    const statusSync = new InstanceStatusSync({ prisma, engine, intervalMs: opts.statusSyncMs, log });
    statusSync.start();
    stack.push(() => statusSync.stop());

    feed.start();
    stack.push(() => feed.stop());
    const streams = new OpenStreams(prisma, { checkMs: opts.streamCheckMs, log });
    streams.start();
    stack.push(() => streams.stop());
    deliveries.start();
    stack.push(() => deliveries.stop());

    const schedules = new StartSchedules({ client, taskQueue });
    const deployed = opts.diagramsDir ? await deployDiagramFolder(prisma, opts.diagramsDir, log, schedules) : [];

    const deps: AppDeps = { prisma, engine, schedules, compile: compileBpmn, knownActivities: KNOWN_ACTIVITIES, feed, streams, webDist: opts.webDist, secureCookies: opts.secureCookies,
      trustedProxy: opts.trustedProxy, passwordCost: opts.passwordCost, databaseFiles, webhookAllowHosts: opts.webhookAllowHosts, healthCheckMs: opts.healthCheckMs, log,
      attachmentsDir: path.join(opts.dataDir, 'attachments') };
    const app = createApp(deps);
    const server: Server = opts.host ? app.listen(opts.port, opts.host) : app.listen(opts.port);
    await new Promise<void>((resolve, reject) => {
      server.once('listening', resolve);
      server.once('error', reject);
    });
    stack.push(
      () =>
        new Promise<void>((resolve) => {
          server.close(() => resolve());
          // SSE streams stay open until their clients leave: end them
          server.closeAllConnections();
        }),
    );
    const port = (server.address() as AddressInfo).port;
    const shownHost = !opts.host || opts.host === '0.0.0.0' || opts.host === '::' ? 'localhost' : opts.host;
    return { url: `http://${shownHost}:${port}`, port, temporalAddress, prisma, client, engine, schedules, feed, streams, deliveries, notifier, deployed, seeded, close };
  } catch (e) {
    await close();
    throw e;
  }
}
