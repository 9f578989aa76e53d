// Accounts and sessions as a client sees them: login with the demo accounts, bearer and cookie
// sessions, CSRF on cookie writes, logout, the login throttle, changing and resetting passwords,
// and notification streams ending with their session. (More on the throttle: login-throttle.test.ts;
// the production hash cost: password-hashing.test.ts.)
import { ApiClient, startTestServer, type TestServer } from './harness';

let server: TestServer;
let api: ApiClient;

beforeAll(async () => {
  server = await startTestServer({ worker: false, streamCheckMs: 200, webhookAllowHosts: ['127.0.0.1'] });
  api = server.api;
});
afterAll(() => server?.close());

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

test('five failed logins for one username from one address → 429 with a short Retry-After; other users are unaffected', async () => {
  for (let i = 0; i < 5; i++) {
    expect((await api.post('/api/auth/login', undefined, { username: 'tax-reviewer', password: `wrong-${i}` })).status).toBe(401);
  }
  const blocked = await api.post('/api/auth/login', undefined, { username: 'tax-reviewer', password: 'gridflow' });
  expect(blocked.status).toBe(429);
  expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
  expect(Number(blocked.headers.get('retry-after'))).toBeLessThanOrEqual(30);
  expect(blocked.body.details.retryAfterSeconds).toBe(Number(blocked.headers.get('retry-after')));
  // the throttle is per username: another account from the same address logs in
  expect((await api.post('/api/auth/login', undefined, { username: 'police-reviewer', password: 'gridflow' })).status).toBe(200);
});

test('a success before the fifth failure resets the count', async () => {
  for (let i = 0; i < 4; i++) await api.post('/api/auth/login', undefined, { username: 'police-head', password: 'wrong' });
  expect((await api.post('/api/auth/login', undefined, { username: 'police-head', password: 'gridflow' })).status).toBe(200);
  for (let i = 0; i < 4; i++) expect((await api.post('/api/auth/login', undefined, { username: 'police-head', password: 'wrong' })).status).toBe(401);
  expect((await api.post('/api/auth/login', undefined, { username: 'police-head', password: 'gridflow' })).status).toBe(200);
});

/** a notification stream over real HTTP, read as it arrives */
async function openStream(token: string) {
  const controller = new AbortController();
  const res = await fetch(`${server.runtime.url}/api/notifications/stream`, { headers: { authorization: `Bearer ${token}` }, signal: controller.signal });
  const reader = res.status === 200 ? res.body!.getReader() : null;
  let text = '';
  let ended = false;
  /** read until `pattern` shows up or the stream ends (bounded by `ms`) */
  async function readUntil(pattern: RegExp | 'end', ms = 10_000): Promise<boolean> {
    const deadline = Date.now() + ms;
    while (!ended && Date.now() < deadline) {
      if (pattern !== 'end' && pattern.test(text)) return true;
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), Math.max(1, deadline - Date.now()))));
      const chunk = await Promise.race([reader!.read(), timeout]);
      clearTimeout(timer);
      if (chunk === 'timeout') break;
      if (chunk.done) ended = true;
      else text += new TextDecoder().decode(chunk.value);
    }
    return pattern === 'end' ? ended : pattern.test(text);
  }
  return { status: res.status, body: reader ? '' : await res.text(), readUntil, close: () => controller.abort() };
}

test('logout ends the notification stream opened with that session, not the user\'s other streams', async () => {
  const one = await api.login('community1-1-officer');
  const two = await api.login('community1-1-officer');
  const a = await openStream(one.token);
  const b = await openStream(two.token);
  expect(await a.readUntil(/event: ready/)).toBe(true);
  expect(await b.readUntil(/event: ready/)).toBe(true);
  expect((await api.post('/api/auth/logout', one.token)).status).toBe(204);
  expect(await a.readUntil('end')).toBe(true);
  expect(await b.readUntil('end', 1_000)).toBe(false);
  b.close();
});

test('streams end when their session expires or the user is deactivated', async () => {
  const expiring = await api.login('community1-2-officer');
  const s = await openStream(expiring.token);
  expect(await s.readUntil(/event: ready/)).toBe(true);
  await server.runtime.prisma.session.updateMany({ where: { user: { username: 'community1-2-officer' } }, data: { expiresAt: new Date(Date.now() - 1000) } });
  expect(await s.readUntil('end')).toBe(true);

  const leaving = await api.login('community1-3-officer');
  const t = await openStream(leaving.token);
  expect(await t.readUntil(/event: ready/)).toBe(true);
  await server.runtime.prisma.user.update({ where: { username: 'community1-3-officer' }, data: { active: false } });
  expect(await t.readUntil('end')).toBe(true);
});

test('a user holds at most five open streams: the sixth is 429 until one closes', async () => {
  const { token } = await api.login('street2-officer');
  const open = [];
  for (let i = 0; i < 5; i++) {
    const s = await openStream(token);
    expect(s.status).toBe(200);
    expect(await s.readUntil(/event: ready/)).toBe(true);
    open.push(s);
  }
  const sixth = await openStream(token);
  expect(sixth.status).toBe(429);
  expect(JSON.parse(sixth.body).error).toMatch(/5 notification streams open/);
  // another user is not affected
  const other = await openStream((await api.login('street2-coordinator')).token);
  expect(other.status).toBe(200);
  other.close();
  open.shift()!.close();
  let again: Awaited<ReturnType<typeof openStream>> | undefined;
  for (let i = 0; i < 50 && again?.status !== 200; i++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    again = await openStream(token);
  }
  expect(again!.status).toBe(200);
  for (const s of [...open, again!]) s.close();
});

test('changing my password: rules name the field, the old password stops working, my other sessions and their streams end', async () => {
  const username = 'community2-1-officer';
  const mine = await api.login(username);
  const elsewhere = await api.login(username);
  const stream = await openStream(elsewhere.token);
  expect(await stream.readUntil(/event: ready/)).toBe(true);
  const change = (body: unknown, token = mine.token) => api.post('/api/auth/password', token, body);

  for (const [newPassword, rule] of [['short', /at least 10/], [username, /username/], ['my-gridflow-1', /demo password/]] as const) {
    const refused = await change({ currentPassword: 'gridflow', newPassword });
    expect(refused.status).toBe(422);
    expect(refused.body.error).toMatch(rule);
    expect(refused.body.details).toEqual([{ field: 'newPassword', message: refused.body.error }]);
  }
  const wrongCurrent = await change({ currentPassword: 'not-it', newPassword: 'a-long-new-secret' });
  expect(wrongCurrent.status).toBe(403);
  expect(wrongCurrent.body.details[0].field).toBe('currentPassword');

  const done = await change({ currentPassword: 'gridflow', newPassword: 'a-long-new-secret' });
  expect(done.status).toBe(200);
  expect(done.body.user).toMatchObject({ username, demoPassword: false, mustChangePassword: false });
  expect(await stream.readUntil('end')).toBe(true);
  expect((await api.get('/api/auth/me', elsewhere.token)).status).toBe(401);
  expect((await api.get('/api/auth/me', mine.token)).status).toBe(200);
  expect((await api.post('/api/auth/login', undefined, { username, password: 'gridflow' })).status).toBe(401);
  await api.login(username, 'a-long-new-secret');
});

test('an admin resets a password: the user is logged out everywhere and must choose their own before anything else', async () => {
  const username = 'community2-2-officer';
  const before = await api.login(username);
  const stream = await openStream(before.token);
  expect(await stream.readUntil(/event: ready/)).toBe(true);
  const admin = await api.login('admin');
  const auditor = await api.login('auditor');
  expect((await api.post(`/api/org/users/${username}/password`, auditor.token, {})).status).toBe(403);
  expect((await api.post(`/api/org/users/${username}/password`, before.token, {})).status).toBe(403);
  expect((await api.post('/api/org/users/nobody-at-all/password', admin.token, {})).status).toBe(404);
  expect((await api.post(`/api/org/users/${username}/password`, admin.token, { temporaryPassword: 'short' })).status).toBe(422);

  const reset = await api.post(`/api/org/users/${username}/password`, admin.token, {});
  expect(reset.status).toBe(200);
  expect(reset.body).toMatchObject({ username, mustChangePassword: true });
  const temporary = reset.body.temporaryPassword as string;
  expect(temporary.length).toBeGreaterThanOrEqual(10);
  expect(await stream.readUntil('end')).toBe(true);
  expect((await api.get('/api/auth/me', before.token)).status).toBe(401);
  expect((await api.post('/api/auth/login', undefined, { username, password: 'gridflow' })).status).toBe(401);

  const temp = await api.post('/api/auth/login', undefined, { username, password: temporary });
  expect(temp.status).toBe(200);
  expect(temp.body.user.mustChangePassword).toBe(true);
  const blocked = await api.get('/api/tasks', temp.body.token);
  expect(blocked.status).toBe(403);
  expect(blocked.body.error).toMatch(/choose your own/);
  expect((await api.get('/api/auth/me', temp.body.token)).body.user.mustChangePassword).toBe(true);
  expect((await api.post('/api/auth/password', temp.body.token, { currentPassword: temporary, newPassword: 'chosen-by-me-2026' })).status).toBe(200);
  expect((await api.get('/api/tasks', temp.body.token)).status).toBe(200);
});

test('login and /me tell a demo account so, and tell admins how many accounts still have the demo password', async () => {
  const admin = await api.post('/api/auth/login', undefined, { username: 'admin', password: 'gridflow' });
  expect(admin.body.user.demoPassword).toBe(true);
  const count = admin.body.demoPasswordAccounts as number;
  expect(count).toBeGreaterThan(100);
  const official = await api.login('street3-officer');
  const me = await api.get('/api/auth/me', official.token);
  expect(me.body.user.demoPassword).toBe(true);
  expect(me.body.demoPasswordAccounts).toBeNull();
  expect((await api.post('/api/auth/password', official.token, { currentPassword: 'gridflow', newPassword: 'street-three-secret' })).status).toBe(200);
  expect((await api.get('/api/auth/me', official.token)).body.user.demoPassword).toBe(false);
  expect((await api.get('/api/auth/me', admin.body.token)).body.demoPasswordAccounts).toBe(count - 1);
});
