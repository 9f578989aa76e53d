// npm start: gridflow in one process on the embedded Temporal service (or TEMPORAL_ADDRESS).
// Environment: PORT (3000), HOST (all interfaces), GRIDFLOW_DATA (./data), TEMPORAL_ADDRESS,
// TEMPORAL_NAMESPACE, TEMPORAL_TLS, TEMPORAL_TLS_CA/_CERT/_KEY/_SERVER_NAME, TEMPORAL_API_KEY (see
// temporal-connection.ts), TEMPORAL_PORT (7233, embedded service), SMTP_URL (none = no email),
// SMTP_FROM, GRIDFLOW_PUBLIC_URL, GRIDFLOW_WORKER (on; off = run the worker with `npm run worker`),
// GRIDFLOW_TRUSTED_PROXY (http/trusted-proxy.ts).
import fs from 'node:fs';
import path from 'node:path';
import { DatabaseFileError } from '../prisma/file-health';
import { demoLogins, DEMO_PASSWORD } from '../prisma/seed';
import { startRuntime } from './runtime';
import { parseTrustedProxy, TrustedProxyError } from './http/trusted-proxy';
import { dataFolderKeyFor, SERVICE_KEY_FILE } from './service-key';
import { describeTemporalConnection, temporalSettingsFromEnv, TemporalSettingsError } from './temporal-connection';

const root = path.join(__dirname, '..');
const webDist = path.join(root, 'server', 'web', 'dist');

async function ensureWebBuilt(): Promise<void> {
  if (fs.existsSync(path.join(webDist, 'index.html'))) return;
  console.log('building the web app (server/web/dist is missing) …');
  try {
    const { buildWeb } = await import('./web/build');
    await buildWeb();
  } catch (e) {
    console.error('the web app could not be built; the API still runs', e);
  }
}

async function main(): Promise<void> {
  // before the web build: a wrong TEMPORAL_* setting should be the first thing said
  const temporal = temporalSettingsFromEnv();
  const trustedProxy = parseTrustedProxy(process.env.GRIDFLOW_TRUSTED_PROXY);
  await ensureWebBuilt();
  const port = Number(process.env.PORT ?? 3000);
  const publicUrl = process.env.GRIDFLOW_PUBLIC_URL || `http://localhost:${port}`;
  const dataDir = path.resolve(process.env.GRIDFLOW_DATA ?? path.join(process.cwd(), 'data'));
  // the API server beside another npm start's embedded service uses that service's key (service-key.ts)
  if (temporal.address) temporal.apiKey = dataFolderKeyFor(temporal.address, temporal, dataDir);
  const runtime = await startRuntime({
    dataDir,
    port,
    host: process.env.HOST,
    temporalAddress: temporal.address,
    temporalTls: temporal.tls,
    temporalApiKey: temporal.apiKey,
    namespace: temporal.namespace,
    temporalPort: process.env.TEMPORAL_PORT ? Number(process.env.TEMPORAL_PORT) : undefined,
    smtpUrl: process.env.SMTP_URL || undefined,
    publicUrl,
    // behind https the session cookie is Secure
    secureCookies: publicUrl.startsWith('https://'),
    diagramsDir: path.join(root, 'diagrams'),
    webDist,
    worker: process.env.GRIDFLOW_WORKER !== 'off',
    trustedProxy,
  });
  const deployed = runtime.deployed.filter((d) => d.ok).map((d) => d.deploymentId);
  console.log(`temporal: ${describeTemporalConnection(runtime.temporalAddress, temporal, temporal.address ? [] : ['embedded', `API key in ${SERVICE_KEY_FILE}`])}`);
  console.log(`email: ${process.env.SMTP_URL ? process.env.SMTP_URL : 'disabled (set SMTP_URL=smtp://host:port)'}`);
  console.log(`deployed: ${deployed.join(', ') || 'none'}`);
  console.log(`client address: ${trustedProxy === undefined ? 'the socket (X-Forwarded-For ignored; set GRIDFLOW_TRUSTED_PROXY behind a proxy)' : `X-Forwarded-For through ${typeof trustedProxy === 'number' ? `${trustedProxy} proxy hop(s)` : trustedProxy.join(', ')}`}`);
  console.log(`gridflow ready on ${runtime.url}`);
  if (runtime.seeded) console.log(`demo data loaded: every account below has the public password "${DEMO_PASSWORD}" — change them (the web app reminds admins)`);
  console.log(`demo logins (password "${DEMO_PASSWORD}"):`);
  for (const l of demoLogins()) console.log(`  ${l.username.padEnd(24)} ${l.role.padEnd(9)} ${l.unit} — ${l.does}`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: stopping …`);
    await runtime.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((e) => {
  // a settings error says all there is to say; anything else gets its stack
  console.error('gridflow could not start:', e instanceof TemporalSettingsError || e instanceof TrustedProxyError || e instanceof DatabaseFileError ? e.message : e);
  process.exit(1);
});
