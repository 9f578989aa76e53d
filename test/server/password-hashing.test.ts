// Password hashes at the production cost (N = 2^17): the seeded demo hash (N = 2^15) and our own both
// verify, and a seeded hash is raised to the current cost at the first successful login.
import { ApiClient, startTestServer, type TestServer } from './harness';
import { hashPassword, SCRYPT_PARAMS, verifyPassword } from '../../server/auth/password';
import { scryptHash } from '../../prisma/seed/password';

let server: TestServer;
let api: ApiClient;

beforeAll(async () => {
  // the harness hashes at the seed's cost to keep the suite fast: this file runs the real one
  server = await startTestServer({ worker: false, passwordCost: SCRYPT_PARAMS });
  api = server.api;
});
afterAll(() => server?.close());

test('the seeded demo hash and our own hash both verify, and a wrong password does not', async () => {
  const seeded = await scryptHash('gridflow');
  expect(await verifyPassword('gridflow', seeded)).toBe(true);
  const ours = await hashPassword('秘密-password');
  expect(ours).toMatch(/^scrypt\$131072\$8\$1\$/);
  expect(await verifyPassword('秘密-password', ours)).toBe(true);
  expect(await verifyPassword('秘密-passwore', ours)).toBe(false);
  expect(await verifyPassword('x', 'not-a-hash')).toBe(false);
});

test('a seeded hash (N = 2^15) is raised to N = 2^17 at the first successful login, and still logs in', async () => {
  const stored = () => server.runtime.prisma.user.findUniqueOrThrow({ where: { username: 'grid1-1-1-officer' } }).then((u) => u.passwordHash);
  expect(await stored()).toMatch(/^scrypt\$32768\$8\$1\$/);
  expect((await api.post('/api/auth/login', undefined, { username: 'grid1-1-1-officer', password: 'wrong-password' })).status).toBe(401);
  expect(await stored()).toMatch(/^scrypt\$32768\$/);
  await api.login('grid1-1-1-officer');
  const upgraded = await stored();
  expect(upgraded).toMatch(/^scrypt\$131072\$8\$1\$/);
  await api.login('grid1-1-1-officer');
  expect(await stored()).toBe(upgraded);
});
