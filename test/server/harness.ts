// A gridflow runtime for end-to-end tests: its own data folder, the embedded Temporal service and
// the HTTP server on 127.0.0.1 with free ports, and a small fetch client that logs in as the
// demo accounts.
/* eslint-disable @typescript-eslint/no-explicit-any -- tests read JSON answers loosely and assert on them */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEMO_PASSWORD } from '../../prisma/seed';
import { DEMO_HASH_COST } from '../../prisma/seed/password';
import { startRuntime, type Runtime, type RuntimeOptions } from '../../server/runtime';

export interface Answer<T = any> {
  status: number;
  body: T;
  text: string;
  headers: Headers;
}

export interface RequestOptions {
  token?: string;
  /** JSON-encoded unless `raw` is given */
  body?: unknown;
  raw?: string | Buffer;
  headers?: Record<string, string>;
}

export class ApiClient {
  constructor(readonly baseUrl: string) {}

  async request<T = any>(method: string, url: string, opts: RequestOptions = {}): Promise<Answer<T>> {
    const headers: Record<string, string> = { ...(opts.headers ?? {}) };
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    let body: string | Blob | undefined;
    if (opts.raw !== undefined) body = typeof opts.raw === 'string' ? opts.raw : new Blob([new Uint8Array(opts.raw)]);
    else if (opts.body !== undefined) {
      body = JSON.stringify(opts.body);
      headers['content-type'] ??= 'application/json';
    }
    const res = await fetch(this.baseUrl + url, { method, headers, body, redirect: 'manual' });
    const text = await res.text();
    let parsed: unknown = undefined;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    return { status: res.status, body: parsed as T, text, headers: res.headers };
  }

  get<T = any>(url: string, token?: string) {
    return this.request<T>('GET', url, { token });
  }
  post<T = any>(url: string, token?: string, body?: unknown) {
    return this.request<T>('POST', url, { token, body });
  }

  async login(username: string, password = DEMO_PASSWORD): Promise<{ token: string; csrfToken: string; cookie: string }> {
    const res = await this.request('POST', '/api/auth/login', { body: { username, password } });
    if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${res.text}`);
    const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0];
    return { token: res.body.token, csrfToken: res.body.csrfToken, cookie };
  }
}

export interface TestServer {
  runtime: Runtime;
  api: ApiClient;
  dataDir: string;
  close(): Promise<void>;
}

export async function startTestServer(opts: Partial<RuntimeOptions> = {}): Promise<TestServer> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gridflow-server-'));
  const runtime = await startRuntime({
    dataDir,
    port: 0,
    host: '127.0.0.1',
    temporalPort: 0,
    pollMs: 200,
    // the suite logs in hundreds of times: test servers hash at the demo seed's cost (N = 2^15, about
    // 0.2 s) instead of the production N = 2^17 (about 1 s here); auth.test.ts runs the real cost
    passwordCost: DEMO_HASH_COST,
    log: () => {},
    ...opts,
  });
  return {
    runtime,
    api: new ApiClient(runtime.url),
    dataDir,
    async close() {
      await runtime.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export const DIAGRAMS = path.join(__dirname, '..', '..', 'diagrams');
