// Who an identity string names, read from the org data: the people a task is offered to and a
// notification goes to. "level:" climbs Unit.parent from the instance's anchor unit.
import type { PrismaClient } from '@prisma/client';
import { IdentityError, parseIdentity, type UnitKind } from './identity';

/** the Prisma client or an interactive transaction */
export type Db = Pick<PrismaClient, 'unit' | 'user' | 'membership'>;

export interface ResolvedUser {
  id: number;
  username: string;
  displayName: string;
  email: string | null;
}

const userSelect = { id: true, username: true, displayName: true, email: true, active: true } as const;

/** The unit of `kind` at or above `anchorCode` (the anchor itself when it is of that kind). */
export async function unitAbove(db: Db, anchorCode: string, kind: UnitKind, identity = `level:${kind}`): Promise<{ id: number; code: string }> {
  let unit = await db.unit.findUnique({ where: { code: anchorCode }, select: { id: true, code: true, kind: true, parentId: true } });
  if (!unit) throw new IdentityError(identity, `the instance's anchor unit "${anchorCode}" does not exist`);
  // bounded: a cycle in bad org data must not hang the activity
  for (let depth = 0; unit && depth < 32; depth++) {
    if (unit.kind === kind) return { id: unit.id, code: unit.code };
    if (unit.parentId === null) break;
    unit = await db.unit.findUnique({ where: { id: unit.parentId }, select: { id: true, code: true, kind: true, parentId: true } });
  }
  throw new IdentityError(identity, `no ${kind} above the anchor unit "${anchorCode}"`);
}

/** The active people one identity names (possibly none: a unit with nobody in that role). */
export async function resolveIdentity(db: Db, identity: string, anchorUnit?: string): Promise<ResolvedUser[]> {
  const id = parseIdentity(identity);
  if (id.type === 'official') {
    const user = await db.user.findUnique({ where: { username: id.username }, select: userSelect });
    if (!user) throw new IdentityError(identity, `no user "${id.username}"`);
    return user.active ? [strip(user)] : [];
  }
  let unitId: number;
  if (id.type === 'unit') {
    const unit = await db.unit.findUnique({ where: { code: id.unitCode }, select: { id: true } });
    if (!unit) throw new IdentityError(identity, `no unit "${id.unitCode}"`);
    unitId = unit.id;
  } else {
    if (!anchorUnit) throw new IdentityError(identity, 'the instance has no anchor unit (start variable compoundCode or unitCode)');
    unitId = (await unitAbove(db, anchorUnit, id.kind, identity)).id;
  }
  const members = await db.membership.findMany({
    where: { unitId, role: id.role, user: { active: true } },
    select: { user: { select: userSelect } },
    orderBy: { userId: 'asc' },
  });
  return members.map((m) => strip(m.user));
}

/** Everyone the identities name, each once, in a stable order (by user id). */
export async function resolveIdentities(db: Db, identities: readonly string[], anchorUnit?: string): Promise<ResolvedUser[]> {
  const byId = new Map<number, ResolvedUser>();
  for (const identity of identities) {
    for (const u of await resolveIdentity(db, identity, anchorUnit)) byId.set(u.id, u);
  }
  return [...byId.values()].sort((a, b) => a.id - b.id);
}

function strip(u: ResolvedUser & { active: boolean }): ResolvedUser {
  return { id: u.id, username: u.username, displayName: u.displayName, email: u.email };
}
