/**
 * gridflow's embedded Temporal service: Temporal's WorkflowService (and the test server's
 * TestService) over gRPC, persisted in SQLite, for the real Temporal SDK worker and client.
 *
 *   const t = await startEmbeddedTemporal({ dbPath: './data/temporal.db' });
 *   // NativeConnection.connect({ address: t.address }) / Connection.connect({ address: t.address })
 *   await t.close();
 */
import * as grpc from '@grpc/grpc-js';
import { Store } from './store';
import { Clock } from './clock';
import { Engine } from './engine';
import { Updates } from './updates';
import { Queries } from './queries';
import { Visibility, type SearchAttributeTypes } from './visibility';
import { addProtoService } from './grpc-plumbing';
import { workflowServiceHandlers } from './workflow-service';
import { testServiceHandlers } from './test-service';
import { useSynchronousInflate } from './grpc-fast-inflate';

export interface EmbeddedTemporalOptions {
  /** 0 picks a free port. Default 7233. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** SQLite file, or ':memory:'. */
  dbPath: string;
  /** Default "default". */
  namespace?: string;
  /** Further namespaces to serve (each behaves like the default one). */
  namespaces?: string[];
  /** Serve the test server's time skipping (virtual time jumps to the next timer when idle). */
  timeSkipping?: boolean;
  /** Time skipping starts locked (as the test server does) unless this is set. */
  timeSkippingUnlocked?: boolean;
  /** SQLite durability: 'normal' (default; survives process death) or 'full' (also power loss). */
  durability?: 'normal' | 'full';
  /** Custom search attributes and their types (List queries are checked against them). */
  searchAttributes?: SearchAttributeTypes;
  /** When workflows are told to continue as new (default: the server's 4096 events / 4 MiB). */
  historyLimits?: { suggestContinueAsNewEvents?: number; suggestContinueAsNewBytes?: number };
  /** How long an empty task poll waits before answering (default 60 s, under Core's 70 s deadline). */
  pollTimeoutMs?: number;
  log?: (line: string) => void;
}

export interface EmbeddedTemporal {
  /** host:port, e.g. "127.0.0.1:7233". */
  address: string;
  port: number;
  close(): Promise<void>;
}

export async function startEmbeddedTemporal(opts: EmbeddedTemporalOptions): Promise<EmbeddedTemporal> {
  const log = opts.log ?? (() => {});
  useSynchronousInflate();
  const host = opts.host ?? '127.0.0.1';
  const store = new Store(opts.dbPath, opts.durability);
  const clock = new Clock(!!opts.timeSkipping);
  if (opts.timeSkippingUnlocked) clock.unlock();
  const engine = new Engine(store, clock, opts.namespace ?? 'default', log, opts.namespaces ?? []);
  const updates = new Updates(engine);
  const queries = new Queries(engine);
  const visibility = new Visibility(store, opts.searchAttributes);
  const recovered = engine.recover();
  await engine.committed();
  if (recovered > 0) log(`recovered ${recovered} open workflow run(s) from ${opts.dbPath}`);

  let closing = false;
  const server = new grpc.Server({ 'grpc.max_receive_message_length': 128 * 1024 * 1024, 'grpc.max_send_message_length': 128 * 1024 * 1024 });
  addProtoService(server, 'temporal.api.workflowservice.v1.WorkflowService', workflowServiceHandlers({ engine, updates, queries, visibility, closing: () => closing, historyLimits: opts.historyLimits, pollTimeoutMs: opts.pollTimeoutMs }), log, () => engine.committed());
  addProtoService(server, 'temporal.api.testservice.v1.TestService', testServiceHandlers(clock), log);
  addProtoService(server, 'grpc.health.v1.Health', {
    Check: () => ({ status: 1 }),
  }, log);
  const port = await new Promise<number>((resolve, reject) => {
    server.bindAsync(`${host}:${opts.port ?? 7233}`, grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p)));
  });
  const address = `${host}:${port}`;
  log(`embedded Temporal listening on ${address} (namespace ${opts.namespace ?? 'default'}${opts.timeSkipping ? ', time skipping' : ''})`);

  return {
    address,
    port,
    async close() {
      if (closing) return;
      closing = true;
      engine.workflowQueues.releaseAll();
      engine.activityQueues.releaseAll();
      clock.close();
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          server.forceShutdown();
          resolve();
        }, 2000);
        server.tryShutdown(() => {
          clearTimeout(timer);
          resolve();
        });
      });
      await engine.committed().catch(() => undefined);
      engine.closed = true;
      store.close();
    },
  };
}
