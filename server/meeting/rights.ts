// Who may work on a compound's owners' roster and general meeting: the officials process C gives the
// meeting's tasks to — the compound's community secretary (publishes the candidates, runs the
// ballot box) and community officers (confirm the roster) — resolved from the org chart the way
// the tasks are. Admins and auditors may read; only those officials write.
import type { PrismaClient } from '@prisma/client';
import { resolveIdentities } from '../../activities/org/resolve';
import type { Caller } from '../auth/roles';
import { ForbiddenError, NotFoundError } from '../errors';

export const MEETING_OFFICIALS = ['level:community:secretary', 'level:community:officer'];

export async function compoundByCode(prisma: PrismaClient, code: string) {
  const unit = await prisma.unit.findUnique({ where: { code } });
  if (!unit || unit.kind !== 'compound') throw new NotFoundError(`no compound "${code}"`);
  return unit;
}

/** 403 unless the caller reads as admin/auditor or is one of the compound's meeting officials */
export async function requireMeetingRights(prisma: PrismaClient, caller: Caller, compoundCode: string, write: boolean): Promise<void> {
  if (!write && (caller.role === 'admin' || caller.role === 'auditor')) return;
  if (caller.role === 'official') {
    const officials = await resolveIdentities(prisma, MEETING_OFFICIALS, compoundCode);
    if (officials.some((o) => o.id === caller.userId)) return;
  }
  throw new ForbiddenError(`only the community secretary and officers of ${compoundCode} work on its owners' roster and meeting`);
}

export async function meetingById(prisma: PrismaClient, id: string) {
  const n = /^\d{1,9}$/.test(id) ? Number(id) : NaN;
  const meeting = Number.isSafeInteger(n) ? await prisma.generalMeeting.findUnique({ where: { id: n }, include: { compound: true } }) : null;
  if (!meeting) throw new NotFoundError(`no general meeting ${id}`);
  return meeting;
}
