/**
 * `npm run temporal -- --port 7233 --db ./data/temporal.db` — runs the embedded Temporal service
 * until SIGTERM/SIGINT. Also accepts the dev-server and test-server command lines Core passes
 * (parsed by cli/args.ts), so @temporalio/testing can spawn it as an existing executable.
 */
import { startEmbeddedTemporal } from './index';
import { parseServiceArgs, ServiceArgsError, SERVICE_USAGE } from './cli/args';

async function main(): Promise<void> {
  let args;
  try {
    args = parseServiceArgs(process.argv.slice(2));
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
  const service = await startEmbeddedTemporal({
    port: args.port, host: args.host, dbPath: args.dbPath, namespace: args.namespace, timeSkipping: args.timeSkipping, searchAttributes: args.searchAttributes,
    timeSkippingUnlocked: args.timeSkippingUnlocked, namespaces: args.namespaces,
    log: (line) => process.stderr.write(`${new Date().toISOString()} ${line}\n`),
  });
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
