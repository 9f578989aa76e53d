/**
 * gridflow's embedded Temporal service: Temporal's WorkflowService (and the test server's
 * TestService) over gRPC, persisted in SQLite, for the real Temporal SDK worker and client.
 *
 *   const t = await startEmbeddedTemporal({ dbPath: './data/temporal.db' });
 *   // NativeConnection.connect({ address: t.address }) / Connection.connect({ address: t.address })
 *   await t.close();
 *
 * With `tls` it speaks TLS only (with `tls.clientCa`, mutual TLS: clients must present a
 * certificate signed by that CA); with `apiKey` every call must carry `authorization: Bearer <key>`.
 */
import { createSecureContext } from 'node:tls';
import * as grpc from '@grpc/grpc-js';
import { Store } from './store';
import { Clock } from './clock';
import { Engine } from './engine';
import { Updates } from './updates';
import { Queries } from './queries';
import { Visibility, type SearchAttributeTypes } from './visibility';
import { addProtoService, requireApiKey } from './grpc-plumbing';
import { workflowServiceHandlers } from './workflow-service';
import { testServiceHandlers } from './test-service';
import { useSynchronousInflate } from './grpc-fast-inflate';
import { Schedules } from './schedules/scheduler';
import { scheduleHandlers } from './schedules/handlers';

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
  /**
   * Serve TLS instead of plaintext: the server's certificate chain and private key (PEM). With
   * `clientCa` (PEM), clients must present a certificate it signed (mutual TLS).
   */
  tls?: { cert: Buffer; key: Buffer; clientCa?: Buffer };
  /**
   * Require this API key on every WorkflowService and TestService call (metadata
   * `authorization: Bearer <key>`, as the SDK's `apiKey` option sends); others get UNAUTHENTICATED.
   * The gRPC health check stays open: load-balancer and orchestrator probes carry no credentials.
   */
  apiKey?: string;
  log?: (line: string) => void;
}

/** A TLS or API-key setting the service cannot start with. */
export class EmbeddedTemporalConfigError extends Error {
  override readonly name = 'EmbeddedTemporalConfigError';
}

export interface EmbeddedTemporal {
  /** host:port, e.g. "127.0.0.1:7233". */
  address: string;
  port: number;
  close(): Promise<void>;
}

export async function startEmbeddedTemporal(opts: EmbeddedTemporalOptions): Promise<EmbeddedTemporal> {
  const log = opts.log ?? (() => {});
  // checked before the database is opened, so a bad setting leaves nothing half started
  const credentials = serverCredentials(opts.tls);
  if (opts.apiKey !== undefined && !/^[\x21-\x7e]+$/.test(opts.apiKey)) {
    throw new EmbeddedTemporalConfigError('apiKey must be non-empty printable ASCII without spaces (it travels in a gRPC header)');
  }
  const authenticate = opts.apiKey !== undefined ? requireApiKey(opts.apiKey) : undefined;
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
  const schedules = new Schedules(engine, store.db);
  if (schedules.recover() > 0) await engine.committed();

  let closing = false;
  const server = new grpc.Server({ 'grpc.max_receive_message_length': 128 * 1024 * 1024, 'grpc.max_send_message_length': 128 * 1024 * 1024 });
  addProtoService(server, 'temporal.api.workflowservice.v1.WorkflowService', {
    ...workflowServiceHandlers({ engine, updates, queries, visibility, closing: () => closing, historyLimits: opts.historyLimits, pollTimeoutMs: opts.pollTimeoutMs }),
    ...scheduleHandlers(schedules),
  }, log, { beforeRespond: () => engine.committed(), authenticate });
  addProtoService(server, 'temporal.api.testservice.v1.TestService', testServiceHandlers(clock), log, { authenticate });
  addProtoService(server, 'grpc.health.v1.Health', {
    Check: () => ({ status: 1 }),
  }, log);
  let port: number;
  try {
    port = await new Promise<number>((resolve, reject) => {
      server.bindAsync(`${host}:${opts.port ?? 7233}`, credentials, (err, p) => (err ? reject(err) : resolve(p)));
    });
  } catch (e) {
    server.forceShutdown();
    clock.close();
    store.close();
    throw e;
  }
  const address = `${host}:${port}`;
  const security = [opts.tls ? (opts.tls.clientCa ? 'mutual TLS' : 'TLS') : 'plaintext', ...(opts.apiKey !== undefined ? ['API key'] : [])];
  log(`embedded Temporal listening on ${address} (namespace ${opts.namespace ?? 'default'}${opts.timeSkipping ? ', time skipping' : ''}, ${security.join(', ')})`);
  if (opts.apiKey !== undefined && !opts.tls) log('the API key is checked but travels unencrypted: serve TLS too unless the network is loopback or already encrypted');

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

/** grpc-js credentials for the `tls` option; a malformed certificate or key is named here, not deep in a handshake. */
function serverCredentials(tls: EmbeddedTemporalOptions['tls']): grpc.ServerCredentials {
  if (!tls) return grpc.ServerCredentials.createInsecure();
  const pem = (what: string, value: Buffer, marker: string) => {
    if (!Buffer.isBuffer(value) || !new RegExp(`-----BEGIN ${marker}-----`).test(value.toString('latin1'))) {
      throw new EmbeddedTemporalConfigError(`${what} is not PEM: no "-----BEGIN ${marker.replace('[A-Z ]*', '')}-----" line`);
    }
  };
  pem('tls.cert (the server certificate, --tls-cert)', tls.cert, 'CERTIFICATE');
  pem('tls.key (the server private key, --tls-key)', tls.key, '[A-Z ]*PRIVATE KEY');
  if (tls.clientCa !== undefined) pem('tls.clientCa (the CA of client certificates, --tls-client-ca)', tls.clientCa, 'CERTIFICATE');
  try {
    // grpc-js builds its secure context lazily; building one here surfaces a key that does not fit the certificate
    createSecureContext({ cert: tls.cert, key: tls.key, ca: tls.clientCa });
  } catch (e) {
    throw new EmbeddedTemporalConfigError(`tls: the certificate and key cannot be used: ${e instanceof Error ? e.message : String(e)}`);
  }
  return grpc.ServerCredentials.createSsl(tls.clientCa ?? null, [{ cert_chain: tls.cert, private_key: tls.key }], tls.clientCa !== undefined);
}
