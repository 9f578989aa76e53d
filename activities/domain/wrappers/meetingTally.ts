// A general meeting's tally from its recorded ballots: the one reading both the live participation
// the preparatory group watches and the tally the workflow's closing activity (tallyBallots) takes,
// so the two can never disagree. The roster is the compound's current owners (entries taken off the
// roster do not count); an owner takes part by having a ballot, whatever it approves.
import type { PrismaClient } from '@prisma/client';
import { formatAreaM2 } from '../../../prisma/area';
import { tallyDoubleMajority, type Ballot, type TallyResult } from '../doubleMajority';
import { DomainInputError } from '../errors';
import type { Tx } from './context';

export async function tallyMeeting(db: Tx | PrismaClient, meetingId: number, candidates: string[], seats: number | undefined): Promise<TallyResult> {
  const meeting = await db.generalMeeting.findUnique({ where: { id: meetingId } });
  if (!meeting) throw new DomainInputError('meetingId', `no general meeting ${meetingId}`);
  const roster = await db.ownerRosterEntry.findMany({ where: { compoundId: meeting.compoundId, removedAt: null }, orderBy: { id: 'asc' } });
  if (roster.length === 0) throw new DomainInputError('roster', `the compound of meeting ${meetingId} has no owners' roster: import it first`);
  const rows = await db.ballot.findMany({ where: { meetingId }, orderBy: { id: 'asc' } });
  const ballots = new Map<number, Ballot>();
  for (const b of rows) {
    const ballot = ballots.get(b.ownerEntryId) ?? { ownerId: String(b.ownerEntryId), choices: [] };
    if (b.choice === 'for') ballot.choices.push(String(b.candidateId));
    ballots.set(b.ownerEntryId, ballot);
  }
  return tallyDoubleMajority({
    roster: roster.map((o) => ({ ownerId: String(o.id), area: formatAreaM2(o.areaDm2), heads: o.headcount })),
    ballots: [...ballots.values()],
    candidates,
    seats,
    minimumElected: seats ?? 1,
  });
}

/** the candidate ids on a meeting's ballot paper, as scheduled */
export function meetingCandidates(meeting: { candidateIdsJson: string | null }): string[] {
  const ids: unknown = meeting.candidateIdsJson ? JSON.parse(meeting.candidateIdsJson) : [];
  return Array.isArray(ids) ? ids.map(String) : [];
}
