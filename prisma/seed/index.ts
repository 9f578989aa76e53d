// Loads the demo district (data.ts) into an empty database: the app does it at first start so a
// new install has people to log in as and compounds to run processes on.
import type { PrismaClient } from '@prisma/client';
import { writeTransaction } from '../client';
import { buildDemoData } from './data';
import { DEMO_PASSWORD, scryptHash } from './password';

export { DEMO_PASSWORD } from './password';
export { demoLogins, type DemoLogin } from './logins';

/**
 * Seeds only when the database has no units and no users; returns whether it did. Everything goes
 * in one transaction, so a crash leaves an empty database that the next start seeds again.
 */
export async function seedDemoData(prisma: PrismaClient): Promise<{ seeded: boolean }> {
  const data = buildDemoData();
  // one hash for every demo account: they share the demo password anyway. It is made at the seed's
  // cheaper cost (password.ts) and raised to the server's at each account's first login.
  const passwordHash = await scryptHash(DEMO_PASSWORD);
  return writeTransaction(
    prisma,
    async (tx) => {
      if ((await tx.unit.count()) > 0 || (await tx.user.count()) > 0) return { seeded: false };
      const unitId = new Map(data.units.map((u) => [u.code, u.id]));
      const id = (code: string) => {
        const found = unitId.get(code);
        if (found === undefined) throw new Error(`demo data names an unknown unit ${code}`);
        return found;
      };
      // parents precede children in data.units, so one multi-row insert satisfies the foreign keys
      await tx.unit.createMany({
        data: data.units.map((u) => ({
          id: u.id,
          code: u.code,
          name: u.name,
          nameEn: u.nameEn,
          kind: u.kind,
          parentId: u.parentCode === null ? null : id(u.parentCode),
          deliveredAreaDm2: u.deliveredAreaDm2 ?? null,
          totalAreaDm2: u.totalAreaDm2 ?? null,
          firstDeliveryDate: u.firstDeliveryDate ? new Date(`${u.firstDeliveryDate}T00:00:00Z`) : null,
          households: u.households ?? null,
        })),
      });
      await tx.user.createMany({
        data: data.users.map((u) => ({
          id: u.id,
          username: u.username,
          displayName: u.displayName,
          role: u.role,
          passwordHash,
          demoPassword: true,
          email: u.email,
          unitId: u.unitCode === null ? null : id(u.unitCode),
        })),
      });
      await tx.membership.createMany({
        data: data.users.flatMap((u) => u.memberships.map((m) => ({ userId: u.id, unitId: id(m.unitCode), role: m.role }))),
      });
      await tx.ownerRosterEntry.createMany({
        data: data.rosters.map((r) => ({ compoundId: id(r.compoundCode), flat: r.flat, ownerName: r.ownerName, areaDm2: r.areaDm2, headcount: 1, confirmed: true })),
      });
      return { seeded: true };
    },
    { timeout: 60_000 },
  );
}
