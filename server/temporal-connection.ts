// How gridflow reaches its Temporal service: address, namespace, TLS (server CA, client
// certificate for mTLS, server name) and API key, read from the environment by npm start and
// npm run worker, and turned into the options the SDK's Connection (client) and NativeConnection
// (worker) both take. Nothing here connects; bad settings fail at start with the variable named.
import fs from 'node:fs';

export interface TemporalTlsSettings {
  /** CA that signed the server's certificate; absent = the system's trusted roots (Temporal Cloud) */
  serverRootCACertificate?: Buffer;
  /** client certificate and key, for clusters that require mutual TLS */
  clientCertPair?: { crt: Buffer; key: Buffer };
  /** name checked against the server's certificate instead of the address's host */
  serverNameOverride?: string;
}

export interface TemporalSettings {
  /** absent: npm start runs the embedded service */
  address?: string;
  namespace: string;
  /** absent = plaintext; `{}` = TLS trusting the system's roots */
  tls?: TemporalTlsSettings;
  apiKey?: string;
}

/** A TEMPORAL_* variable gridflow cannot connect with; `variable` names it. */
export class TemporalSettingsError extends Error {
  override readonly name = 'TemporalSettingsError';
  constructor(
    readonly variable: string,
    problem: string,
  ) {
    super(`${variable}: ${problem}`);
  }
}

const ON = /^(on|true|1|yes)$/i;
const OFF = /^(off|false|0|no)$/i;

/**
 * Reads TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE (default "default"), TEMPORAL_TLS (on/off),
 * TEMPORAL_TLS_CA, TEMPORAL_TLS_CERT, TEMPORAL_TLS_KEY (PEM file paths), TEMPORAL_TLS_SERVER_NAME
 * and TEMPORAL_API_KEY. TLS is on when TEMPORAL_TLS=on, when any TLS file or the server name is
 * given, or with an API key (as the SDK and Temporal Cloud do: a key must not cross the network
 * in clear) — TEMPORAL_TLS=off keeps an API key on plaintext, for a TLS-terminating proxy on the
 * same host.
 */
export function temporalSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): TemporalSettings {
  const value = (name: string) => {
    const v = env[name]?.trim();
    return v ? v : undefined;
  };
  const address = value('TEMPORAL_ADDRESS');
  if (address !== undefined && !/^[^\s/]+:\d{1,5}$/.test(address)) {
    throw new TemporalSettingsError('TEMPORAL_ADDRESS', `'${address}' is not host:port (e.g. my-ns.a1b2c.tmprl.cloud:7233)`);
  }
  const namespace = value('TEMPORAL_NAMESPACE') ?? 'default';
  if (/\s/.test(namespace)) throw new TemporalSettingsError('TEMPORAL_NAMESPACE', `'${namespace}' contains white space`);

  const tlsSwitch = value('TEMPORAL_TLS');
  if (tlsSwitch !== undefined && !ON.test(tlsSwitch) && !OFF.test(tlsSwitch)) {
    throw new TemporalSettingsError('TEMPORAL_TLS', `'${tlsSwitch}' is neither on nor off`);
  }
  const caPath = value('TEMPORAL_TLS_CA');
  const certPath = value('TEMPORAL_TLS_CERT');
  const keyPath = value('TEMPORAL_TLS_KEY');
  const serverName = value('TEMPORAL_TLS_SERVER_NAME');
  const apiKey = value('TEMPORAL_API_KEY');

  const given = Object.entries({ TEMPORAL_TLS: tlsSwitch, TEMPORAL_TLS_CA: caPath, TEMPORAL_TLS_CERT: certPath, TEMPORAL_TLS_KEY: keyPath, TEMPORAL_TLS_SERVER_NAME: serverName, TEMPORAL_API_KEY: apiKey })
    .filter(([, v]) => v !== undefined)
    .map(([name]) => name);
  if (address === undefined) {
    const first = given.find((name) => name !== 'TEMPORAL_TLS' || ON.test(tlsSwitch ?? ''));
    if (first) {
      throw new TemporalSettingsError(first, 'is set but TEMPORAL_ADDRESS is not: TLS and API keys are for connecting to a Temporal cluster; the embedded service npm start runs is plaintext on 127.0.0.1 (for a TLS embedded service run npm run temporal and point TEMPORAL_ADDRESS at it)');
    }
  }

  if (certPath !== undefined && keyPath === undefined) throw new TemporalSettingsError('TEMPORAL_TLS_KEY', 'is missing: TEMPORAL_TLS_CERT (the client certificate) needs its private key');
  if (keyPath !== undefined && certPath === undefined) throw new TemporalSettingsError('TEMPORAL_TLS_CERT', 'is missing: TEMPORAL_TLS_KEY (a client private key) needs its certificate');
  if (apiKey !== undefined && !/^[\x21-\x7e]+$/.test(apiKey)) {
    throw new TemporalSettingsError('TEMPORAL_API_KEY', 'must be printable ASCII without spaces (it is sent as a gRPC header)');
  }

  const tlsFiles = caPath ?? certPath ?? serverName;
  let tlsOn: boolean;
  if (tlsSwitch !== undefined && OFF.test(tlsSwitch)) {
    if (tlsFiles !== undefined) {
      const named = given.filter((n) => n.startsWith('TEMPORAL_TLS_'));
      throw new TemporalSettingsError('TEMPORAL_TLS', `is off but ${named.join(', ')} ${named.length > 1 ? 'are' : 'is'} set: remove them or turn TLS on`);
    }
    tlsOn = false;
  } else {
    tlsOn = tlsSwitch !== undefined || tlsFiles !== undefined || apiKey !== undefined;
  }

  const settings: TemporalSettings = { namespace };
  if (address !== undefined) settings.address = address;
  if (apiKey !== undefined) settings.apiKey = apiKey;
  if (tlsOn) {
    const tls: TemporalTlsSettings = {};
    if (caPath !== undefined) tls.serverRootCACertificate = readPem('TEMPORAL_TLS_CA', caPath, 'certificate');
    if (certPath !== undefined && keyPath !== undefined) {
      tls.clientCertPair = { crt: readPem('TEMPORAL_TLS_CERT', certPath, 'certificate'), key: readPem('TEMPORAL_TLS_KEY', keyPath, 'private key') };
    }
    if (serverName !== undefined) tls.serverNameOverride = serverName;
    settings.tls = tls;
  }
  return settings;
}

function readPem(variable: string, file: string, kind: 'certificate' | 'private key'): Buffer {
  let content: Buffer;
  try {
    content = fs.readFileSync(file);
  } catch (e) {
    const reason = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : e instanceof Error ? e.message : String(e);
    throw new TemporalSettingsError(variable, `cannot read ${file}: ${reason}`);
  }
  const marker = kind === 'certificate' ? /-----BEGIN CERTIFICATE-----/ : /-----BEGIN [A-Z ]*PRIVATE KEY-----/;
  if (!marker.test(content.toString('latin1'))) {
    const hint = kind === 'certificate' && /PRIVATE KEY-----/.test(content.toString('latin1')) ? ' (this file holds a private key: swapped with TEMPORAL_TLS_KEY?)' : '';
    throw new TemporalSettingsError(variable, `${file} is not a PEM ${kind} (no "-----BEGIN ${kind === 'certificate' ? 'CERTIFICATE' : 'PRIVATE KEY'}-----" line)${hint}`);
  }
  return content;
}

/**
 * The options Connection.connect and NativeConnection.connect share. `tls` is always explicit:
 * left undefined, the SDK would turn TLS on by itself for an API key, overriding TEMPORAL_TLS=off.
 */
export function temporalConnectionOptions(address: string, settings: { tls?: TemporalTlsSettings; apiKey?: string }): { address: string; tls: TemporalTlsSettings | false; apiKey?: string } {
  return { address, tls: settings.tls ?? false, ...(settings.apiKey !== undefined ? { apiKey: settings.apiKey } : {}) };
}

/** "host:7233 (TLS, client certificate, API key)" for the startup line: which protections are on, never their values. */
export function describeTemporalConnection(address: string, settings: { namespace?: string; tls?: TemporalTlsSettings; apiKey?: string }, extra: string[] = []): string {
  const parts = [...extra];
  if (settings.namespace && settings.namespace !== 'default') parts.push(`namespace ${settings.namespace}`);
  if (settings.tls) {
    parts.push(settings.tls.serverRootCACertificate ? 'TLS' : 'TLS, system CAs');
    if (settings.tls.clientCertPair) parts.push('client certificate');
  }
  if (settings.apiKey !== undefined) parts.push('API key');
  return parts.length ? `${address} (${parts.join(', ')})` : address;
}
