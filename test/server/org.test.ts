// The org chart as admins and auditors read it: units with their parent chain, officials with the
// roles they hold where.
import { startTestServer, type TestServer } from './harness';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ worker: false });
});
afterAll(() => server?.close());

test('units come with their parent and can be filtered by kind', async () => {
  const { token } = await server.api.login('auditor');
  const all = await server.api.get('/api/org/units', token);
  const byCode = new Map(all.body.units.map((u: { code: string }) => [u.code, u]));
  expect(byCode.get('street-1')).toMatchObject({ kind: 'street', parentCode: 'kecheng', name: '府山街道' });
  expect(byCode.get('compound-1-1-1')).toMatchObject({ kind: 'compound', parentCode: 'grid-1-1-1' });
  const streets = await server.api.get('/api/org/units?kind=street', token);
  expect(streets.body.units.map((u: { code: string }) => u.code)).toEqual(['street-1', 'street-2', 'street-3']);
  expect((await server.api.get('/api/org/units?kind=planet', token)).status).toBe(400);
});

test('officials list their memberships; the unit filter finds the people of a unit, roles held elsewhere included', async () => {
  const { token } = await server.api.login('admin');
  const civil = await server.api.get('/api/org/officials?unit=dept-civil-affairs', token);
  const names = civil.body.officials.map((o: { username: string }) => o.username);
  // street2-officer belongs to street-2 but reviews for civil affairs
  expect(names).toContain('street2-officer');
  const s2 = civil.body.officials.find((o: { username: string }) => o.username === 'street2-officer');
  expect(s2.unit.code).toBe('street-2');
  expect(s2.memberships).toEqual(expect.arrayContaining([expect.objectContaining({ role: 'reviewer', unitCode: 'dept-civil-affairs' })]));
  // no password hashes or other secrets in the answer
  expect(JSON.stringify(civil.body)).not.toMatch(/scrypt|passwordHash/);
});
