// gridflow against a Temporal cluster that requires mutual TLS and an API key, configured only
// through the TEMPORAL_* environment (as npm start and npm run worker read it): a separately
// started embedded service with TLS, a client CA and a key stands in for that cluster.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { startEmbeddedTemporal, type EmbeddedTemporal } from '../../embedded-temporal';
import { startRuntime } from '../../server/runtime';
import { describeTemporalConnection, temporalConnectionOptions, temporalSettingsFromEnv, TemporalSettingsError } from '../../server/temporal-connection';
import { makeTestPki, type TestPki } from '../fixtures/tls/make-test-pki';
import { DIAGRAMS, startTestServer, type TestServer } from './harness';
import { eventually } from './listeners';

const ROOT = path.join(__dirname, '..', '..');
const API_KEY = 'district-7-key-b41d';
let dir: string;
let pki: TestPki;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gridflow-temporal-conn-'));
  pki = makeTestPki(dir);
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** The error temporalSettingsFromEnv throws for `env`. */
function settingsError(env: Record<string, string>): TemporalSettingsError {
  try {
    temporalSettingsFromEnv(env);
  } catch (e) {
    if (e instanceof TemporalSettingsError) return e;
    throw e;
  }
  throw new Error(`accepted: ${JSON.stringify(env)}`);
}

describe('temporalSettingsFromEnv', () => {
  test('nothing set: the embedded service, namespace default, plaintext, no key', () => {
    expect(temporalSettingsFromEnv({})).toEqual({ namespace: 'default' });
    expect(temporalSettingsFromEnv({ TEMPORAL_ADDRESS: 'temporal.city.gov.cn:7233' })).toEqual({ address: 'temporal.city.gov.cn:7233', namespace: 'default' });
  });

  test('mutual TLS: the CA, certificate and key files are read; the server name is kept', () => {
    const settings = temporalSettingsFromEnv({
      TEMPORAL_ADDRESS: '127.0.0.1:7233', TEMPORAL_NAMESPACE: 'district-7',
      TEMPORAL_TLS_CA: pki.files.ca, TEMPORAL_TLS_CERT: pki.files.clientCert, TEMPORAL_TLS_KEY: pki.files.clientKey, TEMPORAL_TLS_SERVER_NAME: 'localhost',
    });
    expect(settings).toEqual({
      address: '127.0.0.1:7233', namespace: 'district-7',
      tls: { serverRootCACertificate: pki.ca, clientCertPair: { crt: pki.clientCert, key: pki.clientKey }, serverNameOverride: 'localhost' },
    });
  });

  test('TEMPORAL_TLS=on without files: TLS trusting the system CAs (Temporal Cloud)', () => {
    expect(temporalSettingsFromEnv({ TEMPORAL_ADDRESS: 'ns.acct.tmprl.cloud:7233', TEMPORAL_TLS: 'on' }).tls).toEqual({});
  });

  test('an API key turns TLS on unless TEMPORAL_TLS=off', () => {
    const cloud = temporalSettingsFromEnv({ TEMPORAL_ADDRESS: 'eu-west-1.aws.api.temporal.io:7233', TEMPORAL_NAMESPACE: 'ns.acct', TEMPORAL_API_KEY: API_KEY });
    expect(cloud).toEqual({ address: 'eu-west-1.aws.api.temporal.io:7233', namespace: 'ns.acct', tls: {}, apiKey: API_KEY });
    const proxied = temporalSettingsFromEnv({ TEMPORAL_ADDRESS: '127.0.0.1:7233', TEMPORAL_API_KEY: API_KEY, TEMPORAL_TLS: 'off' });
    expect(proxied.tls).toBeUndefined();
    // and the SDK is told plaintext explicitly: left undefined, it would turn TLS on for the key itself
    expect(temporalConnectionOptions('127.0.0.1:7233', proxied)).toEqual({ address: '127.0.0.1:7233', tls: false, apiKey: API_KEY });
  });

  test.each<[string, string, () => Record<string, string>, RegExp]>([
    ['a client certificate without its key', 'TEMPORAL_TLS_KEY', () => ({ TEMPORAL_ADDRESS: 'h:7233', TEMPORAL_TLS_CERT: pki.files.clientCert }), /is missing: TEMPORAL_TLS_CERT .* needs its private key/],
    ['a key without its certificate', 'TEMPORAL_TLS_CERT', () => ({ TEMPORAL_ADDRESS: 'h:7233', TEMPORAL_TLS_KEY: pki.files.clientKey }), /is missing/],
    ['a CA file that does not exist', 'TEMPORAL_TLS_CA', () => ({ TEMPORAL_ADDRESS: 'h:7233', TEMPORAL_TLS_CA: path.join(dir, 'nope.pem') }), /cannot read .*nope\.pem: no such file/],
    ['a folder given as the certificate', 'TEMPORAL_TLS_CERT', () => ({ TEMPORAL_ADDRESS: 'h:7233', TEMPORAL_TLS_CERT: dir, TEMPORAL_TLS_KEY: pki.files.clientKey }), /cannot read /],
    ['certificate and key swapped', 'TEMPORAL_TLS_CERT', () => ({ TEMPORAL_ADDRESS: 'h:7233', TEMPORAL_TLS_CERT: pki.files.clientKey, TEMPORAL_TLS_KEY: pki.files.clientCert }), /is not a PEM certificate .*swapped with TEMPORAL_TLS_KEY/],
    ['a key file that is not PEM', 'TEMPORAL_TLS_KEY', () => ({ TEMPORAL_ADDRESS: 'h:7233', TEMPORAL_TLS_CERT: pki.files.clientCert, TEMPORAL_TLS_KEY: path.join(dir, 'client.ext') }), /client\.ext is not a PEM private key/],
    ['TLS settings without TEMPORAL_ADDRESS', 'TEMPORAL_TLS_CA', () => ({ TEMPORAL_TLS_CA: pki.files.ca }), /is set but TEMPORAL_ADDRESS is not/],
    ['an API key without TEMPORAL_ADDRESS', 'TEMPORAL_API_KEY', () => ({ TEMPORAL_API_KEY: API_KEY }), /is set but TEMPORAL_ADDRESS is not/],
    ['TEMPORAL_TLS neither on nor off', 'TEMPORAL_TLS', () => ({ TEMPORAL_ADDRESS: 'h:7233', TEMPORAL_TLS: 'maybe' }), /'maybe' is neither on nor off/],
    ['TLS off with a CA given', 'TEMPORAL_TLS', () => ({ TEMPORAL_ADDRESS: 'h:7233', TEMPORAL_TLS: 'off', TEMPORAL_TLS_CA: pki.files.ca }), /is off but TEMPORAL_TLS_CA is set/],
    ['an address without a port', 'TEMPORAL_ADDRESS', () => ({ TEMPORAL_ADDRESS: 'temporal.city.gov.cn' }), /is not host:port/],
    ['an address given as a URL', 'TEMPORAL_ADDRESS', () => ({ TEMPORAL_ADDRESS: 'https://temporal.city.gov.cn:7233' }), /is not host:port/],
    ['an API key with a line break', 'TEMPORAL_API_KEY', () => ({ TEMPORAL_ADDRESS: 'h:7233', TEMPORAL_API_KEY: 'abc\ndef' }), /printable ASCII/],
  ])('%s: the error names %s', (_what, variable, env, message) => {
    const error = settingsError(env());
    expect(error.variable).toBe(variable);
    expect(error.message.startsWith(`${variable}: `)).toBe(true);
    expect(error.message).toMatch(message);
  });

  test('the startup description says which protections are on, never the key', () => {
    const settings = temporalSettingsFromEnv({ TEMPORAL_ADDRESS: 'h:7233', TEMPORAL_TLS_CA: pki.files.ca, TEMPORAL_TLS_CERT: pki.files.clientCert, TEMPORAL_TLS_KEY: pki.files.clientKey, TEMPORAL_API_KEY: API_KEY });
    const line = describeTemporalConnection('h:7233', settings);
    expect(line).toBe('h:7233 (TLS, client certificate, API key)');
    expect(describeTemporalConnection('h:7233', temporalSettingsFromEnv({ TEMPORAL_ADDRESS: 'h:7233' }))).toBe('h:7233');
    expect(describeTemporalConnection('127.0.0.1:7233', { namespace: 'default' }, ['embedded'])).toBe('127.0.0.1:7233 (embedded)');
  });
});

test('TEMPORAL_TLS=off with an API key: client and worker connect in plaintext and are let in', async () => {
  // a service on loopback requiring a key without TLS stands in for a TLS-terminating proxy
  const service = await startEmbeddedTemporal({ port: 0, dbPath: ':memory:', apiKey: API_KEY });
  try {
    const settings = temporalSettingsFromEnv({ TEMPORAL_ADDRESS: service.address, TEMPORAL_API_KEY: API_KEY, TEMPORAL_TLS: 'off' });
    const connection = await Connection.connect(temporalConnectionOptions(service.address, settings));
    await connection.close();
    const native = await NativeConnection.connect(temporalConnectionOptions(service.address, settings));
    await native.close();
  } finally {
    await service.close();
  }
});

describe('against a cluster requiring mutual TLS and an API key', () => {
  let cluster: EmbeddedTemporal;
  let server: TestServer;
  let env: Record<string, string>;

  beforeAll(async () => {
    cluster = await startEmbeddedTemporal({ port: 0, dbPath: path.join(dir, 'cluster.db'), namespace: 'district-7', tls: { cert: pki.serverCert, key: pki.serverKey, clientCa: pki.ca }, apiKey: API_KEY });
    env = {
      TEMPORAL_ADDRESS: cluster.address, TEMPORAL_NAMESPACE: 'district-7', TEMPORAL_TLS_CA: pki.files.ca,
      TEMPORAL_TLS_CERT: pki.files.clientCert, TEMPORAL_TLS_KEY: pki.files.clientKey, TEMPORAL_API_KEY: API_KEY,
    };
    const settings = temporalSettingsFromEnv(env);
    server = await startTestServer({ temporalAddress: settings.address, temporalTls: settings.tls, temporalApiKey: settings.apiKey, namespace: settings.namespace, diagramsDir: DIAGRAMS });
  }, 180_000);
  afterAll(async () => {
    await server?.close();
    await cluster?.close();
  });

  test('a vetting started through the API reaches the tax reviewer\'s inbox, running on the cluster', async () => {
    const admin = (await server.api.login('admin')).token;
    const started = await server.api.post('/api/instances', admin, {
      processKey: 'vetting',
      variables: { candidateId: 'tls-1', candidateName: '孙丽', compoundCode: 'compound-1-1-1', departments: ['dept-tax'] },
    });
    expect(started.status).toBe(201);
    const reviewer = (await server.api.login('tax-reviewer')).token;
    await eventually(async () => (await server.api.get('/api/tasks', reviewer)).body.tasks.some((t: { instanceId: string }) => t.instanceId === started.body.instance.id), 30_000, 'the review task');
    expect(fs.existsSync(path.join(server.dataDir, 'temporal.db'))).toBe(false);
    // asked directly, with the same credentials, the cluster runs it in the namespace configured
    const settings = temporalSettingsFromEnv(env);
    const connection = await Connection.connect(temporalConnectionOptions(cluster.address, settings));
    try {
      const described = await new Client({ connection, namespace: 'district-7' }).workflow.getHandle(started.body.instance.id).describe();
      expect(described.status.name).toBe('RUNNING');
    } finally {
      await connection.close();
    }
  });

  test('with a wrong API key gridflow does not start, and says the key was refused', async () => {
    const settings = temporalSettingsFromEnv({ ...env, TEMPORAL_API_KEY: 'district-7-old-key' });
    const dataDir = fs.mkdtempSync(path.join(dir, 'refused-'));
    const attempt = startRuntime({ dataDir, port: 0, host: '127.0.0.1', temporalAddress: settings.address, temporalTls: settings.tls, temporalApiKey: settings.apiKey, namespace: settings.namespace, log: () => {} });
    const error = await attempt.then(
      () => undefined,
      (e: Error) => e,
    );
    expect(error?.message).toMatch(/Failed to connect/);
    const cause = error?.cause as Error & { code?: number };
    expect(cause.message).toContain('the API key is not accepted by this Temporal service');
    expect(cause.code).toBe(16); // UNAUTHENTICATED
  });

  test('npm run worker joins the cluster from the same environment; its startup line names TLS and the key, not the key itself', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'server', 'worker-main.ts')], {
      cwd: ROOT, env: { ...process.env, ...env, GRIDFLOW_DATA: server.dataDir, GRIDFLOW_TASK_QUEUE: 'tls-worker-check' }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
    const exit = new Promise<number | null>((resolve) => child.once('exit', resolve));
    try {
      await eventually(() => child.exitCode !== null || output.includes('gridflow worker ready'), 120_000, 'the worker to start or exit');
      expect(output).toContain(`gridflow worker ready on ${cluster.address} (TLS, client certificate, API key) (namespace district-7, task queue tls-worker-check)`);
      expect(output).not.toContain(API_KEY);
    } finally {
      child.kill('SIGTERM');
      await exit;
    }
  }, 150_000);
});

test('npm start with a certificate but no key stops at once, naming TEMPORAL_TLS_KEY', async () => {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'server', 'main.ts')], {
    cwd: ROOT,
    env: { ...process.env, TEMPORAL_ADDRESS: '127.0.0.1:1', TEMPORAL_TLS_CERT: pki.files.clientCert, TEMPORAL_TLS_KEY: '', GRIDFLOW_DATA: path.join(dir, 'never-created'), PORT: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  expect(code).toBe(1);
  expect(output).toContain('gridflow could not start: TEMPORAL_TLS_KEY: is missing');
  expect(fs.existsSync(path.join(dir, 'never-created'))).toBe(false);
}, 60_000);
