// The part of the org chart an official acts for: the unit they belong to, the units they hold a
// role in (Membership), and everything below those (a street secretary's compounds). Used for
// starting instances and listing them; acting on a task is decided by TaskCandidate instead.
import type { PrismaClient } from '@prisma/client';
import type { Caller } from '../auth/roles';

export interface UnitScope {
  ids: Set<number>;
  codes: Set<string>;
}

export async function unitScopeOf(prisma: PrismaClient, caller: Caller): Promise<UnitScope> {
  const memberships = await prisma.membership.findMany({ where: { userId: caller.userId }, select: { unitId: true } });
  const roots = new Set<number>(memberships.map((m) => m.unitId));
  if (caller.unitId !== null) roots.add(caller.unitId);
  return subtreesOf(prisma, [...roots]);
}

/** The codes of the units `rootIds` and everything below them. */
export async function unitsBelow(prisma: PrismaClient, rootIds: number[]): Promise<Set<string>> {
  return (await subtreesOf(prisma, rootIds)).codes;
}

async function subtreesOf(prisma: PrismaClient, rootIds: number[]): Promise<UnitScope> {
  const units = await prisma.unit.findMany({ select: { id: true, code: true, parentId: true } });
  const children = new Map<number, number[]>();
  for (const u of units) if (u.parentId !== null) children.set(u.parentId, [...(children.get(u.parentId) ?? []), u.id]);
  const ids = new Set<number>();
  const stack = [...rootIds];
  while (stack.length) {
    const id = stack.pop()!;
    if (ids.has(id)) continue;
    ids.add(id);
    stack.push(...(children.get(id) ?? []));
  }
  const codes = new Set(units.filter((u) => ids.has(u.id)).map((u) => u.code));
  return { ids, codes };
}
