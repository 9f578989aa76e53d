/**
 * `npm run temporal -- --port 7233 --db ./data/temporal.db` — runs the embedded Temporal service
 * until SIGTERM/SIGINT. Also accepts the dev-server and test-server command lines Core passes
 * (parsed by cli/args.ts), so @temporalio/testing can spawn it as an existing executable.
 * --tls-cert/--tls-key[/--tls-client-ca] serve TLS (mutual TLS); --api-key or the environment's
 * TEMPORAL_SERVICE_API_KEY (kept out of `ps` listings) requires an API key on every call.
 */
import fs from 'node:fs';
import { EmbeddedTemporalConfigError, startEmbeddedTemporal, type EmbeddedTemporalOptions } from './index';
import { parseServiceArgs, ServiceArgsError, SERVICE_USAGE, type ServiceArgs } from './cli/args';

/** Reads the PEM files the flags name; an unreadable one is a usage error naming flag and path. */
function loadTls(tls: ServiceArgs['tls']): EmbeddedTemporalOptions['tls'] {
  if (!tls) return undefined;
  const read = (flag: string, file: string) => {
    try {
      return fs.readFileSync(file);
    } catch (e) {
      throw new ServiceArgsError(`${flag} ${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : e instanceof Error ? e.message : String(e)}`);
    }
  };
  return {
    cert: read('--tls-cert', tls.certPath),
    key: read('--tls-key', tls.keyPath),
    ...(tls.clientCaPath !== undefined ? { clientCa: read('--tls-client-ca', tls.clientCaPath) } : {}),
  };
}

async function main(): Promise<void> {
  let args;
  let tls;
  try {
    args = parseServiceArgs(process.argv.slice(2));
    tls = loadTls(args.tls);
  } catch (err) {
    if (err instanceof ServiceArgsError) {
      process.stderr.write(`${err.message}\n${SERVICE_USAGE}\n`);
      process.exit(2);
    }
    throw err;
  }
  if (args.help) {
    process.stdout.write(`${SERVICE_USAGE}\n`);
    return;
  }
  const apiKey = args.apiKey ?? (process.env.TEMPORAL_SERVICE_API_KEY?.trim() || undefined);
  let service;
  try {
    service = await startEmbeddedTemporal({
      port: args.port, host: args.host, dbPath: args.dbPath, namespace: args.namespace, timeSkipping: args.timeSkipping, searchAttributes: args.searchAttributes,
      timeSkippingUnlocked: args.timeSkippingUnlocked, namespaces: args.namespaces, tls, apiKey,
      log: (line) => process.stderr.write(`${new Date().toISOString()} ${line}\n`),
    });
  } catch (err) {
    if (err instanceof EmbeddedTemporalConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
  process.stdout.write(`embedded Temporal listening on ${service.address}\n`);
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    service.close().then(() => process.exit(0), () => process.exit(1));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((err: unknown) => {
  process.stderr.write(`embedded Temporal failed to start: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
