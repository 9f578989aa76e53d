import crypto from 'node:crypto';
import type { PrismaClient } from '@prisma/client';
import { createTestDatabase, type TestDatabase } from '../../prisma/test-db';
import { DEMO_PASSWORD, demoLogins, seedDemoData } from '../../prisma/seed';
import { formatAreaM2 } from '../../prisma/area';
import { DEFAULT_VETTING_DEPARTMENTS } from '../../activities/domain/departments';
import { checkEligibility } from '../../activities/domain/eligibility';

const dbs: TestDatabase[] = [];
function fresh(): PrismaClient {
  const db = createTestDatabase();
  dbs.push(db);
  return db.prisma;
}
afterAll(async () => {
  for (const db of dbs) await db.cleanup();
});

/** everything a person would see of the demo data, ids and timestamps of insertion left out */
async function digest(prisma: PrismaClient): Promise<string> {
  const units = await prisma.unit.findMany({
    orderBy: { code: 'asc' },
    select: { code: true, name: true, nameEn: true, kind: true, parent: { select: { code: true } }, deliveredAreaDm2: true, totalAreaDm2: true, firstDeliveryDate: true, households: true },
  });
  const users = await prisma.user.findMany({
    orderBy: { username: 'asc' },
    select: { username: true, displayName: true, role: true, email: true, active: true, unit: { select: { code: true } }, memberships: { select: { role: true, unit: { select: { code: true } } }, orderBy: { unitId: 'asc' } } },
  });
  const roster = await prisma.ownerRosterEntry.findMany({ orderBy: [{ compoundId: 'asc' }, { flat: 'asc' }], select: { compound: { select: { code: true } }, flat: true, ownerName: true, areaDm2: true, headcount: true } });
  return crypto.createHash('sha256').update(JSON.stringify({ units, users, roster })).digest('hex');
}

test('two fresh databases get the same demo district', async () => {
  const a = fresh();
  const b = fresh();
  expect(await seedDemoData(a)).toEqual({ seeded: true });
  expect(await seedDemoData(b)).toEqual({ seeded: true });
  expect(await digest(a)).toBe(await digest(b));
});

test('seeding again changes nothing', async () => {
  const prisma = fresh();
  await seedDemoData(prisma);
  const before = await digest(prisma);
  const counts = [await prisma.unit.count(), await prisma.user.count(), await prisma.membership.count(), await prisma.ownerRosterEntry.count()];
  expect(await seedDemoData(prisma)).toEqual({ seeded: false });
  expect([await prisma.unit.count(), await prisma.user.count(), await prisma.membership.count(), await prisma.ownerRosterEntry.count()]).toEqual(counts);
  expect(await digest(prisma)).toBe(before);
});

describe('the demo district', () => {
  let prisma: PrismaClient;
  beforeAll(async () => {
    prisma = fresh();
    await seedDemoData(prisma);
  });

  test('has the org chain the processes climb', async () => {
    const kinds = await prisma.unit.groupBy({ by: ['kind'], _count: true });
    expect(Object.fromEntries(kinds.map((k) => [k.kind, k._count]))).toEqual({
      city: 1, district: 1, street: 3, community: 12, grid: 24, compound: 60, agency: 40, department: 14,
    });
    const compound = await prisma.unit.findUnique({
      where: { code: 'compound-1-1-1' },
      select: { parent: { select: { kind: true, parent: { select: { kind: true, parent: { select: { kind: true, parent: { select: { kind: true, parent: { select: { code: true } } } } } } } } } } },
    });
    expect(compound?.parent?.kind).toBe('grid');
    expect(compound?.parent?.parent?.kind).toBe('community');
    expect(compound?.parent?.parent?.parent?.kind).toBe('street');
    expect(compound?.parent?.parent?.parent?.parent?.kind).toBe('district');
    expect(compound?.parent?.parent?.parent?.parent?.parent?.code).toBe('quzhou');
  });

  test('has the 14 vetting departments the vetting process names, each with a reviewer and a head', async () => {
    const depts = await prisma.unit.findMany({ where: { kind: 'department' }, select: { code: true, memberships: { select: { role: true } } } });
    expect(depts.map((d) => d.code).sort()).toEqual([...DEFAULT_VETTING_DEPARTMENTS].sort());
    for (const d of depts) expect(d.memberships.map((m) => m.role)).toEqual(expect.arrayContaining(['reviewer', 'head']));
  });

  test('has compounds that cannot form a committee yet, and the boundary cases', async () => {
    const compounds = await prisma.unit.findMany({ where: { kind: 'compound' }, orderBy: { code: 'asc' } });
    const verdicts = compounds.map((c) => ({
      code: c.code,
      r: checkEligibility({
        totalArea: formatAreaM2(c.totalAreaDm2!),
        deliveredArea: formatAreaM2(c.deliveredAreaDm2!),
        firstDeliveryDate: c.firstDeliveryDate!.toISOString().slice(0, 10),
        asOf: '2026-11-23',
      }),
    }));
    const ineligible = verdicts.filter((v) => !v.r.eligible).map((v) => v.code);
    expect(ineligible).toHaveLength(4);
    expect(ineligible).toContain('compound-1-2-3'); // the one with an owner roster
    expect(verdicts.some((v) => v.r.eligible && v.r.grounds.join() === 'delivered-area' && 2 * compounds.find((c) => c.code === v.code)!.deliveredAreaDm2! === compounds.find((c) => c.code === v.code)!.totalAreaDm2!)).toBe(true);
    expect(verdicts.some((v) => v.r.grounds.join() === 'two-years-since-delivery')).toBe(true);
  });

  test('owner rosters add up to the compound area, one head each', async () => {
    const c = await prisma.unit.findUnique({ where: { code: 'compound-1-1-1' }, include: { ownerRoster: true } });
    expect(c!.ownerRoster).toHaveLength(40);
    expect(c!.ownerRoster.reduce((s, o) => s + o.areaDm2, 0)).toBe(c!.totalAreaDm2);
    expect(c!.ownerRoster.every((o) => o.headcount === 1 && Number.isInteger(o.areaDm2))).toBe(true);
  });

  test('every demo login exists with its role and the demo password', async () => {
    for (const login of demoLogins()) {
      const user = await prisma.user.findUnique({ where: { username: login.username } });
      expect(user?.role).toBe(login.role);
      if (login.unit !== '—') expect(login.unit.startsWith((await prisma.unit.findUnique({ where: { id: user!.unitId! } }))!.code)).toBe(true);
    }
    const [scheme, N, r, p, salt, key] = (await prisma.user.findUniqueOrThrow({ where: { username: 'police-reviewer' } })).passwordHash.split('$');
    expect(scheme).toBe('scrypt');
    const check = (pw: string) => crypto.scryptSync(pw, Buffer.from(salt, 'base64'), 64, { N: +N, r: +r, p: +p, maxmem: 512 * 1024 * 1024 }).toString('base64');
    expect(check(DEMO_PASSWORD)).toBe(key);
    expect(check('wrong')).not.toBe(key);
  });

  test('an official can hold roles in two units', async () => {
    const u = await prisma.user.findUniqueOrThrow({ where: { username: 'street2-officer' }, include: { memberships: { include: { unit: true } } } });
    expect(u.memberships.map((m) => `${m.unit.code}:${m.role}`).sort()).toEqual(['dept-civil-affairs:reviewer', 'street-2:officer']);
  });
});
