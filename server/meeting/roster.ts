// Storing the owners' roster of a compound: an import replaces it (units in the file are added or
// updated, units missing from it are taken off), an edit changes one unit. Units are taken off
// rather than deleted because past meetings' ballots refer to them. While a meeting of the compound
// takes ballots the roster is locked: the voting weights must not move under a running vote.
import type { PrismaClient } from '@prisma/client';
import { checkRosterArea, type RosterLine } from '../../activities/domain/ownerRoster';
import type { Tx } from '../../activities/domain/wrappers/context';
import { formatAreaM2 } from '../../prisma/area';
import { writeTransaction } from '../../prisma/client';
import { ConflictError } from '../errors';

async function assertUnlocked(tx: Tx, compoundId: number) {
  const running = await tx.generalMeeting.findFirst({ where: { compoundId, status: 'scheduled' }, select: { id: true } });
  if (running) throw new ConflictError(`general meeting ${running.id} is taking ballots: the roster is locked until it closes`, { meetingId: running.id });
}

export function replaceRoster(prisma: PrismaClient, compoundId: number, lines: RosterLine[]) {
  return writeTransaction(prisma, async (tx) => {
    await assertUnlocked(tx, compoundId);
    const current = await tx.ownerRosterEntry.findMany({ where: { compoundId } });
    const byFlat = new Map(current.map((e) => [e.flat, e]));
    let added = 0;
    let updated = 0;
    for (const l of lines) {
      const e = byFlat.get(l.flat);
      if (e) {
        await tx.ownerRosterEntry.update({ where: { id: e.id }, data: { ownerName: l.ownerName, areaDm2: l.areaDm2, headcount: l.headcount, removedAt: null, confirmed: false } });
        updated++;
      } else {
        await tx.ownerRosterEntry.create({ data: { compoundId, flat: l.flat, ownerName: l.ownerName, areaDm2: l.areaDm2, headcount: l.headcount } });
        added++;
      }
    }
    const keep = new Set(lines.map((l) => l.flat));
    const gone = current.filter((e) => !keep.has(e.flat) && e.removedAt === null).map((e) => e.id);
    if (gone.length > 0) await tx.ownerRosterEntry.updateMany({ where: { id: { in: gone } }, data: { removedAt: new Date() } });
    return { added, updated, removed: gone.length };
  });
}

/** adds or changes one unit, or takes it off the roster */
export function editRosterEntry(prisma: PrismaClient, compoundId: number, flat: string, change: RosterLine | 'remove') {
  return writeTransaction(prisma, async (tx) => {
    await assertUnlocked(tx, compoundId);
    const existing = await tx.ownerRosterEntry.findUnique({ where: { compoundId_flat: { compoundId, flat } } });
    if (change === 'remove') {
      if (!existing || existing.removedAt) throw new ConflictError(`unit "${flat}" is not on the roster`);
      await tx.ownerRosterEntry.update({ where: { id: existing.id }, data: { removedAt: new Date() } });
      return { flat, removed: true };
    }
    const data = { ownerName: change.ownerName, areaDm2: change.areaDm2, headcount: change.headcount, removedAt: null, confirmed: false };
    if (existing) await tx.ownerRosterEntry.update({ where: { id: existing.id }, data });
    else await tx.ownerRosterEntry.create({ data: { compoundId, flat, ...data } });
    return { flat, removed: false };
  });
}

export async function rosterView(prisma: PrismaClient, compound: { id: number; code: string; name: string; totalAreaDm2: number | null }) {
  const entries = await prisma.ownerRosterEntry.findMany({ where: { compoundId: compound.id, removedAt: null }, orderBy: { flat: 'asc' } });
  const running = await prisma.generalMeeting.findFirst({ where: { compoundId: compound.id, status: 'scheduled' }, select: { id: true } });
  return {
    compound: { code: compound.code, name: compound.name },
    entries: entries.map((e) => ({ id: e.id, flat: e.flat, ownerName: e.ownerName, area: formatAreaM2(e.areaDm2), headcount: e.headcount })),
    check: checkRosterArea(entries, compound.totalAreaDm2),
    lockedByMeeting: running?.id ?? null,
  };
}
