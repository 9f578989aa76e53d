// The one place the app talks to the server: JSON in/out, the session cookie, the CSRF header on
// writes, and errors turned into ApiError with the server's {error, details}.
export interface User {
  id?: string | number;
  username: string;
  displayName: string;
  role: Role;
  unit?: { code: string; name: string; kind?: string } | string | null;
  /** an admin reset the password: the app opens the account page until the user picks their own */
  mustChangePassword?: boolean;
  /** the password is still the public demo one */
  demoPassword?: boolean;
}
export type Role = 'admin' | 'official' | 'auditor';

export interface Problem {
  elementId?: string;
  field?: string;
  message: string;
}

/** Problems come as {elementId, message}, {field, message}, {path, message} or plain strings. */
export function toProblem(d: unknown): Problem {
  if (typeof d === 'string') {
    // the form checker says: field "decision" (审查结论) is required
    const field = /^field "([^"]+)"/.exec(d)?.[1];
    return field ? { field, message: d } : { message: d };
  }
  const o = (d ?? {}) as { elementId?: string | null; field?: string; path?: string; variable?: string; message?: string };
  return { elementId: o.elementId ?? undefined, field: o.field ?? o.variable ?? o.path, message: o.message ?? JSON.stringify(d) };
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly details: Problem[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

const CSRF_KEY = 'gridflow.csrf';
let csrfToken: string | null = sessionStorage.getItem(CSRF_KEY);

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
  if (token) sessionStorage.setItem(CSRF_KEY, token);
  else sessionStorage.removeItem(CSRF_KEY);
}

export interface RequestOptions {
  /** raw body with its content type (e.g. BPMN XML); otherwise `json` is sent */
  raw?: { body: string | Blob; contentType: string };
  json?: unknown;
  /** expect text rather than JSON */
  text?: boolean;
}

/** how often a request the server answered 503 (busy, nothing changed) is sent in all */
const BUSY_ATTEMPTS = 4;

export async function request<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: opts.text ? '*/*' : 'application/json' };
  let body: string | Blob | undefined;
  if (opts.raw) {
    headers['Content-Type'] = opts.raw.contentType;
    body = opts.raw.body;
  } else if (opts.json !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(opts.json);
  }
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;

  let res: Response;
  for (let attempt = 1; ; attempt++) {
    try {
      res = await fetch(path, { method, headers, body, credentials: 'same-origin' });
    } catch (err) {
      throw new ApiError(0, err instanceof Error ? err.message : String(err));
    }
    // 503 = the database stayed busy and nothing was changed: repeat after the time the server
    // asked for, a few times, before showing the official an error
    if (res.status !== 503 || attempt >= BUSY_ATTEMPTS) break;
    const wait = Math.min(10, Number(res.headers.get('Retry-After')) || 1);
    await new Promise((resolve) => setTimeout(resolve, wait * 1000));
  }
  if (!res.ok) {
    let message = res.statusText || `HTTP ${res.status}`;
    let details: Problem[] = [];
    try {
      const data = (await res.json()) as { error?: string; details?: unknown };
      if (data.error) message = data.error;
      if (Array.isArray(data.details)) details = data.details.map(toProblem);
    } catch {
      // not JSON: keep the status text
    }
    throw new ApiError(res.status, message, details);
  }
  if (opts.text) return (await res.text()) as T;
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

export const get = <T>(path: string) => request<T>('GET', path);

/** The server wraps lists and records ({tasks: [...]}, {instance: {...}}); accept both shapes. */
export function unwrap<T>(res: unknown, key: string): T {
  if (res && typeof res === 'object' && !Array.isArray(res) && key in res) return (res as Record<string, T>)[key];
  return res as T;
}
export const post = <T>(path: string, json?: unknown) => request<T>('POST', path, { json: json ?? {} });

export function query(params: Record<string, string | undefined | null>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v) q.set(k, v);
  const s = q.toString();
  return s ? `?${s}` : '';
}
