// The browser app is served at / from its built folder; unknown pages get the app's shell (it
// routes on the client) while unknown API paths stay JSON 404s.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startTestServer, type TestServer } from './harness';

let server: TestServer;
let dist: string;

beforeAll(async () => {
  dist = fs.mkdtempSync(path.join(os.tmpdir(), 'gridflow-dist-'));
  fs.writeFileSync(path.join(dist, 'index.html'), '<!doctype html><title>gridflow</title><script type="module" src="/main.js"></script>');
  fs.writeFileSync(path.join(dist, 'main.js'), 'console.log("app")');
  server = await startTestServer({ worker: false, webDist: dist });
});
afterAll(async () => {
  await server?.close();
  fs.rmSync(dist, { recursive: true, force: true });
});

test('/ and client-side routes get index.html, assets are served with their type, /api stays JSON', async () => {
  const home = await fetch(server.runtime.url + '/');
  expect(home.status).toBe(200);
  expect(await home.text()).toContain('<title>gridflow</title>');
  const deep = await fetch(server.runtime.url + '/instances/abc');
  expect(deep.status).toBe(200);
  expect(await deep.text()).toContain('<title>gridflow</title>');
  const js = await fetch(server.runtime.url + '/main.js');
  expect(js.headers.get('content-type')).toMatch(/javascript/);
  expect(js.headers.get('x-content-type-options')).toBe('nosniff');
  const api = await server.api.get('/api/no-such-thing');
  expect(api.status).toBe(404);
  expect(api.body).toEqual({ error: 'no route GET /api/no-such-thing', details: null });
});
