// Accounts and sessions as a client sees them: login with the demo accounts, bearer and cookie
// sessions, CSRF on cookie writes, logout, and the login throttle.
import { ApiClient, startTestServer, type TestServer } from './harness';
import { hashPassword, verifyPassword } from '../../server/auth/password';
import { scryptHash } from '../../prisma/seed/password';

let server: TestServer;
let api: ApiClient;

beforeAll(async () => {
  server = await startTestServer({ worker: false, webhookAllowHosts: ['127.0.0.1'] });
  api = server.api;
});
afterAll(() => server?.close());

test('the seeded demo hash and our own hash both verify, and a wrong password does not', async () => {
  const seeded = await scryptHash('gridflow');
  expect(await verifyPassword('gridflow', seeded)).toBe(true);
  const ours = await hashPassword('秘密-password');
  expect(ours).toMatch(/^scrypt\$32768\$8\$1\$/);
  expect(await verifyPassword('秘密-password', ours)).toBe(true);
  expect(await verifyPassword('秘密-passwore', ours)).toBe(false);
  expect(await verifyPassword('x', 'not-a-hash')).toBe(false);
});

test('login answers a bearer token and sets an httpOnly SameSite=Strict cookie; /me knows the user', async () => {
  const res = await api.post('/api/auth/login', undefined, { username: 'street1-secretary', password: 'gridflow' });
  expect(res.status).toBe(200);
  expect(res.body.user).toMatchObject({ username: 'street1-secretary', role: 'official', unit: { code: 'street-1' } });
  expect(typeof res.body.token).toBe('string');
  const cookie = res.headers.get('set-cookie')!;
  expect(cookie).toMatch(/^gridflow_session=/);
  expect(cookie).toMatch(/HttpOnly/);
  expect(cookie).toMatch(/SameSite=Strict/);
  const me = await api.get('/api/auth/me', res.body.token);
  expect(me.status).toBe(200);
  expect(me.body.user.username).toBe('street1-secretary');
  expect(me.body.csrfToken).toBe(res.body.csrfToken);
  // the database holds a hash of the token, not the token
  const rows = await server.runtime.prisma.session.findMany({ where: { user: { username: 'street1-secretary' } } });
  expect(rows.some((r) => r.tokenHash === res.body.token)).toBe(false);
});

test('a wrong password or unknown user is 401 with {error, details}', async () => {
  const wrong = await api.post('/api/auth/login', undefined, { username: 'admin', password: 'nope' });
  expect(wrong.status).toBe(401);
  expect(wrong.body).toEqual({ error: 'wrong username or password', details: null });
  const unknown = await api.post('/api/auth/login', undefined, { username: 'nobody-here', password: 'gridflow' });
  expect(unknown.status).toBe(401);
});

test('without credentials or with a made-up token the API answers 401', async () => {
  expect((await api.get('/api/tasks')).status).toBe(401);
  expect((await api.get('/api/tasks', 'made-up-token')).status).toBe(401);
  const malformed = await api.request('GET', '/api/tasks', { headers: { authorization: 'Basic abc' } });
  expect(malformed.status).toBe(401);
});

test('cookie-authenticated writes need the CSRF token; bearer writes do not', async () => {
  const { cookie, csrfToken, token } = await api.login('admin');
  // a read with the cookie alone works
  expect((await api.request('GET', '/api/auth/me', { headers: { cookie } })).status).toBe(200);
  const hook = { url: 'http://127.0.0.1:9/hook' };
  const noCsrf = await api.request('POST', '/api/webhooks', { headers: { cookie }, body: hook });
  expect(noCsrf.status).toBe(403);
  expect(noCsrf.body.error).toMatch(/X-CSRF-Token/);
  const badCsrf = await api.request('POST', '/api/webhooks', { headers: { cookie, 'x-csrf-token': 'guess' }, body: hook });
  expect(badCsrf.status).toBe(403);
  const withCsrf = await api.request('POST', '/api/webhooks', { headers: { cookie, 'x-csrf-token': csrfToken }, body: hook });
  expect(withCsrf.status).toBe(201);
  const bearer = await api.request('POST', '/api/webhooks', { token, body: hook });
  expect(bearer.status).toBe(201);
  // leave no endpoints behind for other tests in this file
  for (const id of [withCsrf.body.webhook.id, bearer.body.webhook.id]) expect((await api.request('DELETE', `/api/webhooks/${id}`, { token })).status).toBe(200);
});

test('logout ends the session: the token stops working', async () => {
  const { token } = await api.login('auditor');
  expect((await api.get('/api/auth/me', token)).status).toBe(200);
  const out = await api.post('/api/auth/logout', token);
  expect(out.status).toBe(204);
  expect(out.headers.get('set-cookie')).toMatch(/Max-Age=0/);
  expect((await api.get('/api/auth/me', token)).status).toBe(401);
});

test('five failed logins for one username from one address → 429 with Retry-After, even with the right password; other users are unaffected', async () => {
  for (let i = 0; i < 5; i++) {
    expect((await api.post('/api/auth/login', undefined, { username: 'tax-reviewer', password: `wrong-${i}` })).status).toBe(401);
  }
  const blocked = await api.post('/api/auth/login', undefined, { username: 'tax-reviewer', password: 'gridflow' });
  expect(blocked.status).toBe(429);
  expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(200);
  expect(blocked.body.details.retryAfterSeconds).toBeGreaterThan(200);
  // the throttle is per username: another account from the same address logs in
  expect((await api.post('/api/auth/login', undefined, { username: 'police-reviewer', password: 'gridflow' })).status).toBe(200);
});

test('a success before the fifth failure resets the count', async () => {
  for (let i = 0; i < 4; i++) await api.post('/api/auth/login', undefined, { username: 'police-head', password: 'wrong' });
  expect((await api.post('/api/auth/login', undefined, { username: 'police-head', password: 'gridflow' })).status).toBe(200);
  for (let i = 0; i < 4; i++) expect((await api.post('/api/auth/login', undefined, { username: 'police-head', password: 'wrong' })).status).toBe(401);
  expect((await api.post('/api/auth/login', undefined, { username: 'police-head', password: 'gridflow' })).status).toBe(200);
});
