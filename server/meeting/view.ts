// What people see of a general meeting. While it takes ballots: live participation (area and head
// count against the two-thirds quorum, the same reading the closing tally takes) and who has voted
// by which channel — never how. Once closed: the published results, candidate by candidate, with
// no owner named (what the rules module set aside is given as counts by reason).
import type { GeneralMeeting, PrismaClient, Unit } from '@prisma/client';
import type { TallyResult } from '../../activities/domain/doubleMajority';
import { meetingCandidates, tallyMeeting } from '../../activities/domain/wrappers/meetingTally';
import { formatAreaM2 } from '../../prisma/area';

export async function candidatesOf(prisma: PrismaClient, meeting: GeneralMeeting) {
  const ids = meetingCandidates(meeting);
  const rows = await prisma.candidate.findMany({ where: { id: { in: ids.map(Number) } }, select: { id: true, name: true } });
  return ids.map((id) => ({ id, name: rows.find((r) => String(r.id) === id)?.name ?? id }));
}

export function participationOf(t: TallyResult) {
  return {
    participatingArea: t.participatingArea,
    totalArea: t.totalArea,
    areaShare: t.areaShare,
    participatingHeads: t.participatingHeads,
    totalHeads: t.totalHeads,
    headShare: t.headShare,
    areaQuorumMet: t.areaQuorumMet,
    headQuorumMet: t.headQuorumMet,
    quorumMet: t.quorumMet,
  };
}

/** the tally as published: every figure, no owner */
export function publishedResults(t: TallyResult, candidates: { id: string; name: string }[]) {
  const setAside: Record<string, number> = {};
  for (const r of t.rejected) setAside[r.reason] = (setAside[r.reason] ?? 0) + 1;
  return {
    outcome: t.outcome,
    ...participationOf(t),
    candidates: t.candidates.map((c) => ({ ...c, name: candidates.find((x) => x.id === c.candidateId)?.name ?? c.candidateId })),
    elected: t.elected.map((id) => ({ id, name: candidates.find((x) => x.id === id)?.name ?? id })),
    setAside,
  };
}

export async function live(prisma: PrismaClient, meeting: GeneralMeeting): Promise<TallyResult | null> {
  const roster = await prisma.ownerRosterEntry.count({ where: { compoundId: meeting.compoundId, removedAt: null } });
  if (roster === 0) return null;
  return tallyMeeting(prisma, meeting.id, meetingCandidates(meeting), meeting.seats ?? undefined);
}

export async function meetingView(prisma: PrismaClient, meeting: GeneralMeeting & { compound: Unit }) {
  const candidates = await candidatesOf(prisma, meeting);
  const open = meeting.status === 'scheduled';
  const closedTally = meeting.tallyJson ? (JSON.parse(meeting.tallyJson) as TallyResult) : null;
  const tally = open ? await live(prisma, meeting) : closedTally;
  const rows = await prisma.ballot.findMany({
    where: { meetingId: meeting.id },
    distinct: ['ownerEntryId'],
    select: { channel: true, castAt: true, recordedBy: true, owner: { select: { id: true, flat: true, ownerName: true } } },
    orderBy: { ownerEntryId: 'asc' },
  });
  const codes = await prisma.ownerVotingCode.groupBy({ by: ['meetingId'], where: { meetingId: meeting.id }, _count: { _all: true, usedAt: true } });
  return {
    id: meeting.id,
    instanceId: meeting.workflowId,
    compound: { code: meeting.compound.code, name: meeting.compound.name, totalArea: meeting.compound.totalAreaDm2 === null ? null : formatAreaM2(meeting.compound.totalAreaDm2) },
    status: meeting.status,
    takesBallots: open,
    scheduledAt: meeting.scheduledAt.toISOString(),
    closedAt: meeting.closedAt?.toISOString() ?? null,
    seats: meeting.seats,
    candidates,
    participation: tally ? participationOf(tally) : null,
    ballots: {
      paper: rows.filter((r) => r.channel === 'paper').length,
      online: rows.filter((r) => r.channel === 'online').length,
    },
    voters: rows.map((r) => ({ ownerEntryId: r.owner.id, flat: r.owner.flat, ownerName: r.owner.ownerName, channel: r.channel, castAt: r.castAt.toISOString() })),
    codes: { issued: codes[0]?._count._all ?? 0, used: codes[0]?._count.usedAt ?? 0 },
    results: !open && closedTally ? publishedResults(closedTally, candidates) : null,
  };
}
