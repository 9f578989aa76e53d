// Recording an owner's ballot for a general meeting, on paper (by the preparatory group's recorder)
// or online (by the owner with their one-time code). One ballot per owner: a paper ballot may be
// corrected until the meeting closes (the correction replaces it, as the last ballot of an owner
// counts); an online ballot is final, and an owner with a paper ballot cannot also vote online.
// The check of the meeting's state and the write are one write transaction, so a ballot arriving
// while the tally closes the meeting is either counted or refused, never lost in between.
import type { PrismaClient } from '@prisma/client';
import { writeTransaction } from '../../prisma/client';
import type { Tx } from '../../activities/domain/wrappers/context';
import type { Choice } from '../../activities/domain/tallySheet';
import { meetingCandidates } from '../../activities/domain/wrappers/meetingTally';
import { ConflictError, UnprocessableError } from '../errors';

export interface BallotInput {
  /** roster entry id */
  ownerEntryId: number;
  /** by candidate id; a candidate not named is recorded as an abstention */
  choices: Record<string, Choice>;
}

export interface Recorded {
  ownerEntryId: number;
  corrected: boolean;
}

/** the meeting, if it still takes ballots; 409 otherwise */
export async function openMeeting(tx: Tx, meetingId: number) {
  const meeting = await tx.generalMeeting.findUnique({ where: { id: meetingId } });
  if (!meeting) throw new UnprocessableError(`no general meeting ${meetingId}`);
  if (meeting.status !== 'scheduled') throw new ConflictError(`the meeting is ${meeting.status === 'closed' ? 'closed' : 'over (quorum missed)'}: it takes no more ballots`, { status: meeting.status });
  return meeting;
}

async function writeBallot(tx: Tx, meetingId: number, candidates: string[], input: BallotInput, channel: 'paper' | 'online', recordedBy: string | null): Promise<Recorded> {
  const unknown = Object.keys(input.choices).filter((c) => !candidates.includes(c));
  if (unknown.length > 0) throw new UnprocessableError(`not a candidate of this meeting: ${unknown.join(', ')}`, { field: 'choices', candidates: unknown });
  const previous = await tx.ballot.findFirst({ where: { meetingId, ownerEntryId: input.ownerEntryId } });
  if (previous?.channel === 'online') throw new ConflictError('this owner has voted online: an online ballot is final', { channel: 'online' });
  if (previous && channel === 'online') throw new ConflictError('a paper ballot is already recorded for this owner', { channel: 'paper' });
  if (previous) await tx.ballot.deleteMany({ where: { meetingId, ownerEntryId: input.ownerEntryId } });
  await tx.ballot.createMany({
    data: candidates.map((c) => ({ meetingId, ownerEntryId: input.ownerEntryId, candidateId: Number(c), choice: input.choices[c] ?? 'abstain', channel, recordedBy })),
  });
  return { ownerEntryId: input.ownerEntryId, corrected: !!previous };
}

/** Paper ballots (one, or a tally sheet's worth: all or none), entered by `recordedBy`. */
export function recordPaperBallots(prisma: PrismaClient, meetingId: number, ballots: BallotInput[], recordedBy: string): Promise<Recorded[]> {
  return writeTransaction(prisma, async (tx) => {
    const meeting = await openMeeting(tx, meetingId);
    const candidates = meetingCandidates(meeting);
    const out: Recorded[] = [];
    for (const b of ballots) out.push(await writeBallot(tx, meetingId, candidates, b, 'paper', recordedBy));
    return out;
  });
}

/** The owner's online ballot, cast with their code: the code is spent in the same transaction. */
export function recordOnlineBallot(prisma: PrismaClient, codeId: number, choices: Record<string, Choice>): Promise<Recorded> {
  return writeTransaction(prisma, async (tx) => {
    const code = await tx.ownerVotingCode.findUnique({ where: { id: codeId } });
    if (!code) throw new UnprocessableError('unknown code');
    if (code.usedAt) throw new ConflictError('this code has already been used to vote');
    const meeting = await openMeeting(tx, code.meetingId);
    const recorded = await writeBallot(tx, meeting.id, meetingCandidates(meeting), { ownerEntryId: code.ownerEntryId, choices }, 'online', null);
    await tx.ownerVotingCode.update({ where: { id: codeId }, data: { usedAt: new Date() } });
    return recorded;
  });
}
