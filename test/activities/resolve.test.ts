import { IdentityError, parseIdentity } from '../../activities/org/identity';
import { resolveIdentities, resolveIdentity } from '../../activities/org/resolve';
import { seedDemoData } from '../../prisma/seed';
import { createTestDatabase, type TestDatabase } from '../../prisma/test-db';

let db: TestDatabase;
beforeAll(async () => {
  db = createTestDatabase();
  await seedDemoData(db.prisma);
});
afterAll(() => db.cleanup());

const names = async (identity: string, anchor?: string) => (await resolveIdentity(db.prisma, identity, anchor)).map((u) => u.username);

test('official: names one person', async () => {
  expect(await names('official:police-reviewer')).toEqual(['police-reviewer']);
});

test('unit: names everyone holding the role there, whatever their home unit', async () => {
  expect(await names('unit:dept-public-security:reviewer')).toEqual(['police-reviewer']);
  expect((await names('unit:dept-civil-affairs:reviewer')).sort()).toEqual(['civil-affairs-reviewer', 'street2-officer']);
  expect(await names('unit:street-1:head')).toEqual([]);
});

test('level: climbs from a compound to the grid, community, street, district and city', async () => {
  const anchor = 'compound-2-3-4';
  expect(await names('level:grid:officer', anchor)).toEqual(['grid2-3-2-officer']);
  expect(await names('level:community:secretary', anchor)).toEqual(['community2-3-secretary']);
  expect(await names('level:street:secretary', anchor)).toEqual(['street2-secretary']);
  expect(await names('level:street:coordinator', anchor)).toEqual(['street2-coordinator']);
  expect(await names('level:district:secretary', anchor)).toEqual(['district-secretary']);
  expect(await names('level:city:coordinator', anchor)).toEqual(['city-coordinator']);
  // a bare kind, as notify's recipients may name levels, is that level's secretary
  expect(await names('street', anchor)).toEqual(['street2-secretary']);
  // the anchor itself counts when it is of the kind asked for
  expect(await names('level:street:officer', 'street-3')).toEqual(['street3-officer']);
});

test('several identities resolve to each person once', async () => {
  const users = await resolveIdentities(db.prisma, ['official:street2-officer', 'unit:dept-civil-affairs:reviewer', 'unit:street-2:officer']);
  expect(users.map((u) => u.username).sort()).toEqual(['civil-affairs-reviewer', 'street2-officer']);
});

test('a deactivated official is no longer named', async () => {
  await db.prisma.user.update({ where: { username: 'tax-head' }, data: { active: false } });
  expect(await names('unit:dept-tax:head')).toEqual([]);
  expect(await names('official:tax-head')).toEqual([]);
  await db.prisma.user.update({ where: { username: 'tax-head' }, data: { active: true } });
});

test.each([
  ['official:nobody', undefined, /no user "nobody"/],
  ['unit:street-9:secretary', undefined, /no unit "street-9"/],
  ['unit:street-1:mayor', undefined, /unknown role "mayor"/],
  ['level:province:secretary', 'compound-1-1-1', /unknown unit kind "province"/],
  ['level:street:secretary', undefined, /no anchor unit/],
  ['level:street:secretary', 'dept-tax', /no street above the anchor unit "dept-tax"/],
  ['level:street:secretary', 'compound-9-9-9', /anchor unit "compound-9-9-9" does not exist/],
  ['dept:public-security:vetting', undefined, /expected official:/],
  ['', undefined, /is empty/],
])('%s (anchor %s) is refused with a reason', async (identity, anchor, reason) => {
  const attempt = resolveIdentity(db.prisma, identity, anchor);
  await expect(attempt).rejects.toThrow(IdentityError);
  await expect(resolveIdentity(db.prisma, identity, anchor)).rejects.toThrow(reason);
});

test('parseIdentity keeps what each form names', () => {
  expect(parseIdentity('unit:dept-tax:reviewer')).toEqual({ type: 'unit', unitCode: 'dept-tax', role: 'reviewer' });
  expect(parseIdentity('level:community:officer')).toEqual({ type: 'level', kind: 'community', role: 'officer' });
});
