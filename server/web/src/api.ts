// The one place the app talks to the server: JSON in/out, the session cookie, the CSRF header on
// writes, and errors turned into ApiError with the server's {error, details}.
export interface User {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  unit?: string | null;
}
export type Role = 'admin' | 'official' | 'auditor';

export interface Problem {
  elementId?: string;
  field?: string;
  message: string;
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
  raw?: { body: string; contentType: string };
  json?: unknown;
  /** expect text rather than JSON */
  text?: boolean;
}

export async function request<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: opts.text ? '*/*' : 'application/json' };
  let body: string | undefined;
  if (opts.raw) {
    headers['Content-Type'] = opts.raw.contentType;
    body = opts.raw.body;
  } else if (opts.json !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(opts.json);
  }
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;

  let res: Response;
  try {
    res = await fetch(path, { method, headers, body, credentials: 'same-origin' });
  } catch (err) {
    throw new ApiError(0, err instanceof Error ? err.message : String(err));
  }
  if (!res.ok) {
    let message = res.statusText || `HTTP ${res.status}`;
    let details: Problem[] = [];
    try {
      const data = (await res.json()) as { error?: string; details?: unknown };
      if (data.error) message = data.error;
      if (Array.isArray(data.details)) details = data.details as Problem[];
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
export const post = <T>(path: string, json?: unknown) => request<T>('POST', path, { json: json ?? {} });

export function query(params: Record<string, string | undefined | null>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v) q.set(k, v);
  const s = q.toString();
  return s ? `?${s}` : '';
}
