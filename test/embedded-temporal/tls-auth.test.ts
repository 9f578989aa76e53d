// The embedded service off loopback: TLS, mutual TLS and API keys, exercised with the real SDK
// client (grpc-js) and the real SDK worker (Core's NativeConnection), and through the command line.
// Certificates are made fresh by openssl for this run (test/fixtures/tls/make-test-pki.ts).
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { status } from '@grpc/grpc-js';
import { Client, Connection, type TLSConfig } from '@temporalio/client';
import { bundleWorkflowCode, NativeConnection, Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { EmbeddedTemporalConfigError, startEmbeddedTemporal, type EmbeddedTemporal } from '../../embedded-temporal';
import { parseServiceArgs, ServiceArgsError } from '../../embedded-temporal/cli/args';
import { makeTestPki, type TestPki } from '../fixtures/tls/make-test-pki';
import * as activities from '../embedded-temporal-cli/activities';
import { greetWorkflow } from '../embedded-temporal-cli/workflows';

const API_KEY = 'gridflow-test-key-7f3a';
let dir: string;
let pki: TestPki;
let bundle: WorkflowBundleWithSourceMap;
const started: EmbeddedTemporal[] = [];
const serviceLog: string[] = [];

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gridflow-tls-'));
  pki = makeTestPki(dir);
  const noop = () => undefined;
  bundle = await bundleWorkflowCode({ workflowsPath: require.resolve('../embedded-temporal-cli/workflows'), logger: { log: noop, trace: noop, debug: noop, info: noop, warn: noop, error: noop } });
});
afterAll(async () => {
  for (const s of started.splice(0)) await s.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function service(opts: Partial<Parameters<typeof startEmbeddedTemporal>[0]>): Promise<EmbeddedTemporal> {
  const s = await startEmbeddedTemporal({ port: 0, dbPath: ':memory:', log: (line) => serviceLog.push(line), ...opts });
  started.push(s);
  return s;
}

/** Starts a workflow with the SDK client and runs it to completion on a real SDK worker, both over `access`. */
async function greetOver(address: string, access: { tls: TLSConfig; apiKey?: string }, name: string): Promise<string> {
  const connection = await Connection.connect({ address, ...access });
  const native = await NativeConnection.connect({ address, ...access });
  try {
    const taskQueue = `tls-${name}`;
    const worker = await Worker.create({ connection: native, taskQueue, workflowBundle: bundle, activities });
    return await worker.runUntil(new Client({ connection }).workflow.execute(greetWorkflow, { args: [name], taskQueue, workflowId: `greet-${name}` }));
  } finally {
    await connection.close();
    await native.close();
  }
}

/** The error an attempt threw, with the gRPC status and text of the innermost cause. */
async function refusal(attempt: () => Promise<unknown>): Promise<{ code?: number; text: string }> {
  try {
    await attempt();
  } catch (e) {
    let text = '';
    let code: number | undefined;
    for (let cur: unknown = e; cur instanceof Error; cur = cur.cause) {
      text += ` ${cur.message}`;
      const c = (cur as { code?: unknown }).code;
      if (typeof c === 'number') code = c;
    }
    return { code, text };
  }
  throw new Error('the attempt was let in');
}

describe('TLS', () => {
  let tlsService: EmbeddedTemporal;
  beforeAll(async () => {
    tlsService = await service({ tls: { cert: pki.serverCert, key: pki.serverKey } });
  });

  test('the SDK client and a real SDK worker run a workflow with an activity over TLS', async () => {
    expect(await greetOver(tlsService.address, { tls: { serverRootCACertificate: pki.ca } }, '加密')).toBe('你好, 加密');
  });

  test('a client that does not trust the CA which signed the server certificate does not connect', async () => {
    const native = await refusal(() => NativeConnection.connect({ address: tlsService.address, tls: { serverRootCACertificate: pki.otherCa } }));
    expect(native.text).toMatch(/certificate|UnknownIssuer/i);
    const client = await refusal(() => Connection.connect({ address: tlsService.address, tls: { serverRootCACertificate: pki.otherCa }, connectTimeout: 3_000 }));
    expect(client.text).toMatch(/connect/i);
  });

  test('a plaintext client gets no answer from a TLS service', async () => {
    const native = await refusal(() => NativeConnection.connect({ address: tlsService.address }));
    expect(native.text).toMatch(/transport error|connection/i);
  });
});

describe('mutual TLS and an API key together', () => {
  let secured: EmbeddedTemporal;
  const withCert = () => ({ serverRootCACertificate: pki.ca, clientCertPair: { crt: pki.clientCert, key: pki.clientKey } });
  beforeAll(async () => {
    secured = await service({ tls: { cert: pki.serverCert, key: pki.serverKey, clientCa: pki.ca }, apiKey: API_KEY });
  });

  test('a client certificate signed by the CA and the right key: client and worker run a workflow', async () => {
    expect(await greetOver(secured.address, { tls: withCert(), apiKey: API_KEY }, '双向')).toBe('你好, 双向');
  });

  test('without a client certificate the handshake is refused (worker and client)', async () => {
    const native = await refusal(() => NativeConnection.connect({ address: secured.address, tls: { serverRootCACertificate: pki.ca }, apiKey: API_KEY }));
    // the server's "certificate required" alert and its closing the socket race: the worker reports
    // one or the other, and either way no connection is made
    expect(native.text).toMatch(/CertificateRequired|transport error|broken pipe/i);
    const client = await refusal(() => Connection.connect({ address: secured.address, tls: { serverRootCACertificate: pki.ca }, apiKey: API_KEY, connectTimeout: 3_000 }));
    expect(client.text).toMatch(/connect/i);
  });

  test('a wrong API key is refused UNAUTHENTICATED, saying the key is not accepted', async () => {
    const client = await refusal(() => Connection.connect({ address: secured.address, tls: withCert(), apiKey: 'not-the-key' }));
    expect(client.code).toBe(status.UNAUTHENTICATED);
    expect(client.text).toContain('the API key is not accepted by this Temporal service');
    const native = await refusal(() => NativeConnection.connect({ address: secured.address, tls: withCert(), apiKey: 'not-the-key' }));
    expect(native.text).toContain('the API key is not accepted by this Temporal service');
    expect(native.text).toMatch(/valid authentication credentials/);
    // and the operator sees who was turned away
    expect(serviceLog.join('\n')).toMatch(/refused temporal\.api\.workflowservice\.v1\.WorkflowService\/GetSystemInfo from .*127\.0\.0\.1.*: the API key is not accepted/);
  });

  test('a missing API key is refused UNAUTHENTICATED, saying how to send one', async () => {
    const client = await refusal(() => Connection.connect({ address: secured.address, tls: withCert() }));
    expect(client.code).toBe(status.UNAUTHENTICATED);
    expect(client.text).toContain('requires an API key');
    expect(client.text).toContain('authorization: Bearer <key>');
  });

  test('an API key refused on one call is refused on every RPC, not only the first one', async () => {
    const connection = await Connection.connect({ address: secured.address, tls: withCert(), apiKey: API_KEY });
    try {
      const client = new Client({ connection });
      await client.workflow.count();
      connection.setApiKey('revoked');
      const counted = await refusal(() => client.workflow.count());
      expect(counted.code).toBe(status.UNAUTHENTICATED);
      const startedRun = await refusal(() => client.workflow.start(greetWorkflow, { args: ['x'], taskQueue: 'nobody', workflowId: 'refused-start' }));
      expect(startedRun.code).toBe(status.UNAUTHENTICATED);
      // and nothing was started: with the right key again, the workflow id is unknown
      connection.setApiKey(API_KEY);
      const described = await refusal(() => client.workflow.getHandle('refused-start').describe());
      expect(described.text).toMatch(/not found/i);
    } finally {
      await connection.close();
    }
  });

  test('the gRPC health check answers without a key, for load-balancer probes', async () => {
    const connection = Connection.lazy({ address: secured.address, tls: withCert() });
    try {
      const health = await connection.healthService.check({});
      expect(health.status).toBe(1); // SERVING
    } finally {
      await connection.close();
    }
  });
});

describe('settings the service cannot start with are named', () => {
  test.each([
    ['a certificate that is not PEM', () => ({ cert: Buffer.from('hello'), key: pki.serverKey }), /tls\.cert .* is not PEM/],
    ['a key that is not PEM', () => ({ cert: pki.serverCert, key: pki.ca }), /tls\.key .* is not PEM/],
    ['a key of another certificate', () => ({ cert: pki.serverCert, key: pki.clientKey }), /certificate and key cannot be used/],
    ['a client CA that is not PEM', () => ({ cert: pki.serverCert, key: pki.serverKey, clientCa: pki.clientKey }), /tls\.clientCa .* is not PEM/],
  ])('%s', async (_what, tls, message) => {
    const attempt = startEmbeddedTemporal({ port: 0, dbPath: ':memory:', tls: tls() });
    await expect(attempt).rejects.toThrow(EmbeddedTemporalConfigError);
    await expect(startEmbeddedTemporal({ port: 0, dbPath: ':memory:', tls: tls() })).rejects.toThrow(message);
  });

  test('an API key with a space or an empty one', async () => {
    await expect(startEmbeddedTemporal({ port: 0, dbPath: ':memory:', apiKey: 'two words' })).rejects.toThrow(/apiKey must be non-empty printable ASCII/);
    await expect(startEmbeddedTemporal({ port: 0, dbPath: ':memory:', apiKey: '' })).rejects.toThrow(EmbeddedTemporalConfigError);
  });
});

describe('npm run temporal with --tls-cert/--tls-key/--tls-client-ca and TEMPORAL_SERVICE_API_KEY', () => {
  let child: ChildProcess | undefined;
  afterEach(async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((resolve) => child!.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    child = undefined;
  });

  /** Spawns the service's command line; resolves with the address it prints, or rejects with what it wrote to stderr. */
  function launch(args: string[], env: Record<string, string> = {}): Promise<string> {
    const launcher = path.resolve(__dirname, '../../bin/gridflow-temporal');
    child = spawn(launcher, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    const proc = child;
    return new Promise((resolve, reject) => {
      let out = '';
      let err = '';
      proc.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /listening on (\S+)/.exec(out);
        if (m) resolve(m[1]);
      });
      proc.stderr!.on('data', (d: Buffer) => (err += d.toString()));
      proc.once('exit', (code) => reject(new Error(`exited ${code}: ${err}`)));
    });
  }

  test('serves mutual TLS and requires the key from the environment', async () => {
    const address = await launch(['--port', '0', '--db', ':memory:', '--tls-cert', pki.files.serverCert, '--tls-key', pki.files.serverKey, '--tls-client-ca', pki.files.ca], { TEMPORAL_SERVICE_API_KEY: API_KEY });
    const tls = { serverRootCACertificate: pki.ca, clientCertPair: { crt: pki.clientCert, key: pki.clientKey } };
    const connection = await Connection.connect({ address, tls, apiKey: API_KEY });
    try {
      expect((await connection.workflowService.getSystemInfo({})).capabilities).toBeTruthy();
    } finally {
      await connection.close();
    }
    const wrong = await refusal(() => Connection.connect({ address, tls, apiKey: 'guess' }));
    expect(wrong.code).toBe(status.UNAUTHENTICATED);
  });

  test('a certificate file that does not exist is named, with its flag, and the service does not start', async () => {
    const missing = path.join(dir, 'absent.pem');
    await expect(launch(['--port', '0', '--db', ':memory:', '--tls-cert', missing, '--tls-key', pki.files.serverKey])).rejects.toThrow(`--tls-cert ${missing}: no such file`);
  });
});

describe('the command line flags', () => {
  test('work in every form, next to the flags Core passes', () => {
    const core = ['server', 'start-dev', '--port', '7300', '--namespace', 'default', '--ip', '127.0.0.1', '--headless'];
    expect(parseServiceArgs([...core, '--tls-cert', 'c.pem', '--tls-key', 'k.pem', '--api-key', 'K'])).toMatchObject({
      form: 'dev-server', port: 7300, tls: { certPath: 'c.pem', keyPath: 'k.pem' }, apiKey: 'K',
    });
    expect(parseServiceArgs(['7301', '--tls-cert=c.pem', '--tls-key=k.pem', '--tls-client-ca=ca.pem'])).toMatchObject({
      form: 'test-server', tls: { certPath: 'c.pem', keyPath: 'k.pem', clientCaPath: 'ca.pem' },
    });
    // without them: plaintext, no key, as before
    expect(parseServiceArgs(core).tls).toBeUndefined();
    expect(parseServiceArgs(core).apiKey).toBeUndefined();
  });

  test.each([
    [['--tls-cert', 'c.pem'], /--tls-cert needs --tls-key/],
    [['--tls-key', 'k.pem'], /--tls-key needs --tls-cert/],
    [['--tls-client-ca', 'ca.pem'], /--tls-client-ca needs --tls-cert and --tls-key/],
    [['--api-key='], /--api-key cannot be empty/],
  ])('%j is refused, saying what is missing', (argv, message) => {
    expect(() => parseServiceArgs(argv)).toThrow(ServiceArgsError);
    expect(() => parseServiceArgs(argv)).toThrow(message);
  });
});
