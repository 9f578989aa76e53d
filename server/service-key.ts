// The key that guards the embedded Temporal service npm start runs. Without one, any local program
// could reach the service's gRPC port and complete tasks as anyone (a completion's `completedBy`
// is whatever the caller sends; only the API server authenticates people). So on first start a
// random key is written into the data folder, readable by its owner only, the embedded service
// requires it on every call, and the server's client and worker — also `npm run worker` on the same
// data folder — send it. `npm run temporal` alone stays like Temporal's dev server: a key only when
// given (--api-key / TEMPORAL_SERVICE_API_KEY).
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export const SERVICE_KEY_FILE = 'temporal-service.key';

const PRINTABLE = /^[\x21-\x7e]+$/;

export function serviceKeyPath(dataDir: string): string {
  return path.join(dataDir, SERVICE_KEY_FILE);
}

/** The data folder's key; undefined when there is none yet. A file that is not a usable key is an error naming it. */
export function readServiceKey(dataDir: string): string | undefined {
  const file = serviceKeyPath(dataDir);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new Error(`cannot read the Temporal service key ${file}: ${e instanceof Error ? e.message : String(e)}`);
  }
  const key = text.trim();
  if (!PRINTABLE.test(key)) throw new Error(`${file} does not hold a Temporal service key (printable ASCII, no spaces): delete it and a new one is made at the next start`);
  return key;
}

/** The data folder's key, made on first start (mode 0600; a concurrent first start keeps the file the other wrote). */
export function ensureServiceKey(dataDir: string): string {
  const existing = readServiceKey(dataDir);
  if (existing !== undefined) return existing;
  const key = randomBytes(32).toString('base64url');
  try {
    fs.writeFileSync(serviceKeyPath(dataDir), `${key}\n`, { mode: 0o600, flag: 'wx' });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    return readServiceKey(dataDir)!;
  }
  return key;
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|localhost|\[::1\]|::1)$/i;

/**
 * The key `npm start` with TEMPORAL_ADDRESS and `npm run worker` send when TEMPORAL_API_KEY is not
 * set: the data folder's, but only to a plaintext service on this machine — the embedded service
 * another `npm start` runs — never across the network to a cluster that has its own credentials.
 */
export function dataFolderKeyFor(address: string, settings: { tls?: unknown; apiKey?: string }, dataDir: string): string | undefined {
  if (settings.apiKey !== undefined) return settings.apiKey;
  if (settings.tls) return undefined;
  const host = address.slice(0, address.lastIndexOf(':'));
  return LOOPBACK.test(host) ? readServiceKey(dataDir) : undefined;
}
