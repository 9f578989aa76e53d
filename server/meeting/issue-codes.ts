// Issuing the owners' voting codes of a meeting: a fresh code for every owner on the roster (or the
// units named) who has not voted online yet; an earlier unused code of theirs stops working.
import type { PrismaClient } from '@prisma/client';
import { writeTransaction } from '../../prisma/client';
import { UnprocessableError } from '../errors';
import { hashVotingCode, newVotingCode } from './codes';

export function issueVotingCodes(prisma: PrismaClient, meetingId: number, compoundId: number, flats?: string[]) {
  return writeTransaction(prisma, async (tx) => {
    const owners = await tx.ownerRosterEntry.findMany({
      where: { compoundId, removedAt: null, ...(flats ? { flat: { in: flats } } : {}) },
      orderBy: { flat: 'asc' },
    });
    const missing = (flats ?? []).filter((f) => !owners.some((o) => o.flat === f));
    if (missing.length > 0) throw new UnprocessableError(`not on the owners' roster: ${missing.join(', ')}`, { field: 'flats', flats: missing });
    const used = new Set((await tx.ownerVotingCode.findMany({ where: { meetingId, usedAt: { not: null } }, select: { ownerEntryId: true } })).map((c) => c.ownerEntryId));
    const out: { flat: string; ownerName: string; code: string }[] = [];
    for (const o of owners) {
      if (used.has(o.id)) continue;
      const code = newVotingCode();
      await tx.ownerVotingCode.upsert({
        where: { meetingId_ownerEntryId: { meetingId, ownerEntryId: o.id } },
        create: { meetingId, ownerEntryId: o.id, codeHash: hashVotingCode(code) },
        update: { codeHash: hashVotingCode(code), issuedAt: new Date() },
      });
      out.push({ flat: o.flat, ownerName: o.ownerName, code });
    }
    return out;
  });
}
