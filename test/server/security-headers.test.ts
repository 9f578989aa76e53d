// Every answer carries the browser protections (CSP with frame-ancestors 'none', nosniff,
// Referrer-Policy), API answers are never cached (the login answer carries the session token),
// and HSTS is sent when gridflow is served over https. Real runtime over loopback HTTP; the web app
// under this CSP is exercised in Chromium by test/web/journeys.test.ts, which fails on any
// console error such as a CSP refusal.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEMO_PASSWORD } from '../../prisma/seed';
import { startTestServer, type TestServer } from './harness';

let server: TestServer;
let https: TestServer;
let webDist: string;

beforeAll(async () => {
  webDist = fs.mkdtempSync(path.join(os.tmpdir(), 'gridflow-web-'));
  fs.writeFileSync(path.join(webDist, 'index.html'), '<!doctype html><title>gridflow</title>');
  server = await startTestServer({ worker: false, webDist });
  // as npm start runs it when GRIDFLOW_PUBLIC_URL is https
  https = await startTestServer({ worker: false, secureCookies: true });
});
afterAll(async () => {
  await server?.close();
  await https?.close();
  fs.rmSync(webDist, { recursive: true, force: true });
});

function expectBrowserProtections(headers: Headers): void {
  const csp = headers.get('content-security-policy') ?? '';
  expect(csp).toContain("default-src 'self'");
  expect(csp).toContain("script-src 'self'");
  expect(csp).not.toMatch(/script-src[^;]*'unsafe-(inline|eval)'/);
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toContain("object-src 'none'");
  expect(headers.get('x-content-type-options')).toBe('nosniff');
  expect(headers.get('referrer-policy')).toBe('same-origin');
  expect(headers.get('x-frame-options')).toBe('DENY');
}

test('the login answer (it holds the token) is no-store and carries the browser protections', async () => {
  const res = await server.api.request('POST', '/api/auth/login', { body: { username: 'admin', password: DEMO_PASSWORD } });
  expect(res.status).toBe(200);
  expect(res.body.token).toEqual(expect.any(String));
  expect(res.headers.get('cache-control')).toBe('no-store');
  expectBrowserProtections(res.headers);
  expect(res.headers.get('strict-transport-security')).toBeNull();
});

test('API reads and API errors are no-store too', async () => {
  const { token } = await server.api.login('auditor');
  for (const [p, status] of [['/api/tasks', 200], ['/api/nothing-here', 404], ['/api/instances/x', 404], ['/api/org/units', 200]] as const) {
    const res = await server.api.get(p, token);
    expect(res.status).toBe(status);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expectBrowserProtections(res.headers);
  }
});

test('the web app page carries the CSP (and may be cached: it holds no personal data)', async () => {
  const res = await server.api.get('/');
  expect(res.status).toBe(200);
  expect(res.text).toContain('<title>gridflow</title>');
  expectBrowserProtections(res.headers);
  expect(res.headers.get('cache-control')).not.toBe('no-store');
});

test('served over https: every answer has Strict-Transport-Security', async () => {
  for (const p of ['/api/health', '/api/openapi.json', '/api/nothing-here']) {
    const res = await https.api.get(p);
    expect(res.headers.get('strict-transport-security')).toMatch(/^max-age=31536000/);
    expectBrowserProtections(res.headers);
  }
});
