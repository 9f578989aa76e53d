// The login throttle as a client meets it, through real HTTP: parallel guesses are counted before
// they are evaluated, an attacker hammering an account slows only themself, a device the owner
// logged in from before is not slowed by others, and X-Forwarded-For counts only from a trusted proxy.
import { startTestServer, type Answer, type TestServer } from './harness';

let trusted: TestServer;
let direct: TestServer;

beforeAll(async () => {
  // behind a proxy on loopback: X-Forwarded-For names the client
  trusted = await startTestServer({ worker: false, trustedProxy: ['loopback'] });
  direct = await startTestServer({ worker: false });
});
afterAll(async () => {
  await trusted?.close();
  await direct?.close();
});

function login(server: TestServer, username: string, password: string, headers: Record<string, string> = {}): Promise<Answer> {
  return server.api.request('POST', '/api/auth/login', { body: { username, password }, headers });
}

const from = (address: string) => ({ 'x-forwarded-for': address });

test('40 parallel wrong logins: only the free ones are evaluated, the rest are 429 with Retry-After', async () => {
  const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => login(trusted, 'police-head', `wrong-${i}`, from('10.1.0.1'))));
  const statuses = answers.map((a) => a.status);
  expect(statuses.filter((s) => s === 401)).toHaveLength(5);
  expect(statuses.filter((s) => s === 429)).toHaveLength(35);
  expect(statuses.filter((s) => s === 200)).toHaveLength(0);
  const refused = answers.find((a) => a.status === 429)!;
  expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
  expect(refused.body.details.retryAfterSeconds).toBe(Number(refused.headers.get('retry-after')));
  // exactly the evaluated attempts were recorded
  expect(await trusted.runtime.prisma.loginAttempt.count({ where: { username: 'police-head' } })).toBe(5);
});

test('past the free failures an address waits a short delay (Retry-After), then may try again: no lockout', async () => {
  for (let i = 0; i < 5; i++) expect((await login(trusted, 'tax-head', 'wrong', from('10.2.0.1'))).status).toBe(401);
  const first = await login(trusted, 'tax-head', 'gridflow', from('10.2.0.1'));
  expect(first.status).toBe(429);
  const wait = Number(first.headers.get('retry-after'));
  expect(wait).toBeGreaterThanOrEqual(1);
  expect(wait).toBeLessThanOrEqual(30);
  await new Promise((resolve) => setTimeout(resolve, wait * 1000 + 100));
  // the right password after the pause: in, no lockout
  expect((await login(trusted, 'tax-head', 'gridflow', from('10.2.0.1'))).status).toBe(200);
});

test('an attacker hammering admin from one address does not keep the real admin out elsewhere', async () => {
  const attacks = await Promise.all(Array.from({ length: 20 }, () => login(trusted, 'admin', 'guess', from('10.3.0.66'))));
  expect(attacks.some((a) => a.status === 429)).toBe(true);
  expect(attacks.every((a) => a.status === 401 || a.status === 429)).toBe(true);
  // the attacker's address stays refused …
  expect((await login(trusted, 'admin', 'gridflow', from('10.3.0.66'))).status).toBe(429);
  // … the admin at their own address logs in at once
  expect((await login(trusted, 'admin', 'gridflow', from('10.3.0.7'))).status).toBe(200);
});

test('when many addresses guess one account, a new address waits a short pause, and a known device not at all', async () => {
  // the owner logged in on this browser before: it holds a device cookie
  const before = await login(trusted, 'housing-head', 'gridflow', from('10.4.0.1'));
  expect(before.status).toBe(200);
  const device = before.headers.getSetCookie().find((c) => c.startsWith('gridflow_device='))!.split(';')[0];
  // a botnet: five failures from each of three addresses
  for (const bot of ['10.4.1.1', '10.4.1.2', '10.4.1.3']) {
    await Promise.all(Array.from({ length: 5 }, () => login(trusted, 'housing-head', 'guess', from(bot))));
  }
  const stranger = await login(trusted, 'housing-head', 'gridflow', from('10.4.2.1'));
  expect(stranger.status).toBe(429);
  expect(Number(stranger.headers.get('retry-after'))).toBeLessThanOrEqual(30);
  // the owner's browser, even from the attacker's own address
  const owner = await login(trusted, 'housing-head', 'gridflow', { ...from('10.4.1.1'), cookie: device });
  expect(owner.status).toBe(200);
});

test('X-Forwarded-For is ignored without a trusted proxy: all those addresses are one client', async () => {
  for (let i = 1; i <= 5; i++) expect((await login(direct, 'discipline-head', 'wrong', from(`10.5.0.${i}`))).status).toBe(401);
  expect((await login(direct, 'discipline-head', 'gridflow', from('10.5.0.9'))).status).toBe(429);
  expect((await direct.runtime.prisma.loginAttempt.findMany({ where: { username: 'discipline-head' } })).map((a) => a.ip)).toEqual(Array(5).fill('127.0.0.1'));
});

test('X-Forwarded-For from a trusted proxy names the client: five addresses are five clients', async () => {
  for (let i = 1; i <= 5; i++) expect((await login(trusted, 'discipline-head', 'wrong', from(`10.6.0.${i}`))).status).toBe(401);
  expect((await login(trusted, 'discipline-head', 'gridflow', from('10.6.0.9'))).status).toBe(200);
  const addresses = (await trusted.runtime.prisma.loginAttempt.findMany({ where: { username: 'discipline-head' }, orderBy: { id: 'asc' } })).map((a) => a.ip);
  expect(addresses).toEqual(['10.6.0.1', '10.6.0.2', '10.6.0.3', '10.6.0.4', '10.6.0.5', '10.6.0.9']);
});

test('a session guessing the current password to change it is throttled on a budget of its own, apart from logins', async () => {
  const { token } = await trusted.api.login('tax-reviewer');
  const guesses = await Promise.all(
    Array.from({ length: 12 }, (_, i) => trusted.api.post('/api/auth/password', token, { currentPassword: `guess-${i}`, newPassword: 'a-long-new-secret' })),
  );
  expect(guesses.filter((g) => g.status === 403)).toHaveLength(5);
  expect(guesses.filter((g) => g.status === 429)).toHaveLength(7);
  // logging in (also from the same address) is not slowed by them
  expect((await login(trusted, 'tax-reviewer', 'gridflow')).status).toBe(200);
});
