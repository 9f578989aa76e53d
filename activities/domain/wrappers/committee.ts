// Process C's service activities over the compound, roster, candidate, meeting and filing records.
import { formatAreaM2 } from '../../../prisma/area';
import { buildCandidatePool, type Nominee, type VettingRecord } from '../candidatePool';
import { writeTransaction } from '../../../prisma/client';
import type { TallyResult } from '../doubleMajority';
import { checkEligibility, type EligibilityResult } from '../eligibility';
import { DomainInputError } from '../errors';
import { scheduleMeetingNotice, type MeetingNotice } from '../meetingNotice';
import { validatePreparatoryGroup, type GroupCheck } from '../preparatoryGroup';
import { parseGroupMembers, parseNominations, parseRepresentatives } from '../textLists';
import { tallyMeeting } from './meetingTally';
import { beijingToday, currentWorkflowId, domainCall, rowId, stringList, unitByCode, type DomainActivityDeps } from './context';

export interface NomineeRecord extends Nominee {
  name: string;
}

export function committeeActivities({ prisma, today = () => beijingToday() }: DomainActivityDeps) {
  return {
    checkEligibility: (input: { compoundCode?: unknown }) =>
      domainCall(async (): Promise<EligibilityResult> => {
        const c = await unitByCode(prisma, input.compoundCode, 'compoundCode', 'compound');
        if (c.totalAreaDm2 === null) throw new DomainInputError('compoundCode', `compound "${c.code}" has no total area on record`);
        return checkEligibility({
          totalArea: formatAreaM2(c.totalAreaDm2),
          deliveredArea: formatAreaM2(c.deliveredAreaDm2 ?? 0),
          firstDeliveryDate: c.firstDeliveryDate ? c.firstDeliveryDate.toISOString().slice(0, 10) : null,
          asOf: today(),
        });
      }),

    /** 3–5 owner representatives, filed with the street office when valid (once per instance). */
    fileOwnerRepresentatives: (input: { compoundCode?: unknown; representatives?: unknown }) =>
      domainCall(async () => {
        const compound = await unitByCode(prisma, input.compoundCode, 'compoundCode', 'compound');
        const reps = parseRepresentatives(input.representatives);
        const violations: string[] = [];
        if (reps.length < 3 || reps.length > 5) violations.push(`业主代表应为3–5名,现为${reps.length}名 (3 to 5 representatives)`);
        if (new Set(reps.map((r) => r.name)).size !== reps.length) violations.push('业主代表姓名重复 (a representative is listed twice)');
        if (violations.length > 0) return { valid: false, count: reps.length, violations };
        const reference = `wf:${currentWorkflowId()}`;
        await prisma.$transaction(async (tx) => {
          if (await tx.filing.findFirst({ where: { compoundId: compound.id, kind: 'owner-representatives', reference } })) return;
          const filing = await tx.filing.create({ data: { compoundId: compound.id, kind: 'owner-representatives', filedWith: 'street', reference } });
          await tx.ownerRepresentative.createMany({ data: reps.map((r) => ({ compoundId: compound.id, name: r.name, filingId: filing.id })) });
        });
        return { valid: true, count: reps.length, violations };
      }),

    /** The preparatory group's composition and the committee size; the group is recorded when valid. */
    validatePreparatoryGroup: (input: { compoundCode?: unknown; groupMembers?: unknown; committeeSeats?: unknown }) =>
      domainCall(async (): Promise<GroupCheck> => {
        const compound = await unitByCode(prisma, input.compoundCode, 'compoundCode', 'compound');
        const members = parseGroupMembers(input.groupMembers);
        const check = validatePreparatoryGroup(members);
        const seats = input.committeeSeats;
        if (typeof seats !== 'number' || !Number.isInteger(seats) || seats < 5 || seats > 11 || seats % 2 === 0) {
          check.violations.push({ code: 'committee-seats', message: `业委会委员名额应为5–11名的单数,现为${String(seats)} (committee seats: odd, 5–11)` });
          check.valid = false;
        }
        if (check.valid) {
          const workflowId = currentWorkflowId();
          await prisma.$transaction(async (tx) => {
            await tx.preparatoryGroup.deleteMany({ where: { workflowId } });
            await tx.preparatoryGroup.create({
              data: { compoundId: compound.id, workflowId, status: 'published', publishedAt: new Date(), members: { create: members.map((m) => ({ name: m.name, isOwner: m.isOwner })) } },
            });
          });
        }
        return check;
      }),

    /** Candidate records for the nominations; nominees = [{candidateId, name, preference flags}]. */
    registerNominees: (input: { compoundCode?: unknown; nominations?: unknown }) =>
      domainCall(async (): Promise<{ nominees: NomineeRecord[] }> => {
        const compound = await unitByCode(prisma, input.compoundCode, 'compoundCode', 'compound');
        const lines = parseNominations(input.nominations);
        if (lines.length === 0) throw new DomainInputError('nominations', 'names no candidate');
        const workflowId = currentWorkflowId();
        const nominees = await prisma.$transaction(async (tx) => {
          const out: NomineeRecord[] = [];
          for (const n of lines) {
            // a retried call finds the candidate it created, rather than nominating them twice
            const existing = await tx.candidate.findFirst({ where: { compoundId: compound.id, workflowId, name: n.name } });
            const row = existing ?? (await tx.candidate.create({ data: { compoundId: compound.id, workflowId, name: n.name, gridWorkerOwner: !!n.gridWorkerOwner, retiredCadre: !!n.retiredCadre, outstandingMember: !!n.outstandingMember, status: 'vetting' } }));
            out.push({ candidateId: String(row.id), name: n.name, gridWorkerOwner: !!n.gridWorkerOwner, retiredCadre: !!n.retiredCadre, outstandingMember: !!n.outstandingMember });
          }
          return out;
        });
        return { nominees };
      }),

    /** Adds the nominees who passed vetting to the approved candidates and says whether there are enough. */
    buildCandidatePool: (input: { approvedCandidates?: unknown; nominees?: unknown; vettings?: unknown; minimumCandidates?: unknown }) =>
      domainCall(() => {
        const previous = (Array.isArray(input.approvedCandidates) ? input.approvedCandidates : []) as NomineeRecord[];
        const nominees = (input.nominees ?? []) as NomineeRecord[];
        const vettings = (input.vettings ?? []) as (VettingRecord | null)[];
        const fresh = nominees.filter((n) => !previous.some((p) => p.candidateId === n.candidateId));
        const all = [...previous, ...fresh];
        const pool = buildCandidatePool(all, [...previous.map((p) => ({ candidateId: p.candidateId, vettingResult: 'passed' as const })), ...vettings], Number(input.minimumCandidates));
        const byId = new Map(all.map((n) => [n.candidateId, n]));
        return {
          approvedCandidates: pool.candidates.map((id) => byId.get(id)!),
          candidateIds: pool.candidates,
          vetoedCandidates: pool.vetoed,
          enoughCandidates: pool.enoughCandidates,
          shortfall: pool.shortfall,
        };
      }),

    /**
     * The general meeting record ballots are cast against, on a date at least 15 days after today's
     * notice. It keeps the ballot paper (the candidates and the seats) so owners and the recorder
     * vote on exactly what the tally counts.
     */
    scheduleGeneralMeeting: (input: { compoundCode?: unknown; meetingDate?: unknown; candidateIds?: unknown; seats?: unknown }) =>
      domainCall(async (): Promise<{ meetingId: number } & MeetingNotice> => {
        const compound = await unitByCode(prisma, input.compoundCode, 'compoundCode', 'compound');
        if (typeof input.meetingDate !== 'string') throw new DomainInputError('meetingDate', 'must be a date');
        const candidateIds = stringList(input.candidateIds, 'candidateIds');
        const seats = typeof input.seats === 'number' && Number.isSafeInteger(input.seats) && input.seats > 0 ? input.seats : null;
        const notice = scheduleMeetingNotice(today(), input.meetingDate);
        const scheduledAt = new Date(`${notice.meetingDate}T09:00:00+08:00`);
        const workflowId = currentWorkflowId();
        const existing = await prisma.generalMeeting.findFirst({ where: { compoundId: compound.id, workflowId, scheduledAt, status: 'scheduled' } });
        const meeting =
          existing ??
          (await prisma.generalMeeting.create({
            data: { compoundId: compound.id, workflowId, scheduledAt, noticePublishedAt: new Date(), candidateIdsJson: JSON.stringify(candidateIds), seats },
          }));
        return { meetingId: meeting.id, ...notice };
      }),

    /**
     * Closes the ballot box of the meeting and tallies it by Civil Code art. 278, from the ballots
     * recorded against it (paper and online, tallyMeeting: the same reading as the live view). The
     * roster is the compound's current owners (the preparatory group confirms it in Task_roster).
     * Closing and counting are one write transaction, so a ballot is either counted or refused.
     */
    tallyBallots: (input: { meetingId?: unknown; candidateIds?: unknown; seats?: unknown }) =>
      domainCall(async (): Promise<TallyResult> => {
        const meetingId = rowId(input.meetingId, 'meetingId');
        const candidates = stringList(input.candidateIds, 'candidateIds');
        const seats = typeof input.seats === 'number' ? input.seats : undefined;
        return writeTransaction(prisma, async (tx) => {
          const meeting = await tx.generalMeeting.findUnique({ where: { id: meetingId } });
          // a retried activity finds the meeting already closed: the recorded tally is the answer
          if (meeting?.tallyJson && meeting.status !== 'scheduled') return JSON.parse(meeting.tallyJson) as TallyResult;
          const result = await tallyMeeting(tx, meetingId, candidates, seats);
          await tx.generalMeeting.update({
            where: { id: meetingId },
            data: { status: result.quorumMet ? 'closed' : 'quorum-missed', closedAt: new Date(), tallyJson: JSON.stringify(result) },
          });
          return result;
        });
      }),

    /** The elected committee, its chair, and the filings with the street office and the housing department. */
    recordCommitteeFiling: (input: { compoundCode?: unknown; meetingId?: unknown; elected?: unknown; chair?: unknown; filingReference?: unknown }) =>
      domainCall(async () => {
        const compound = await unitByCode(prisma, input.compoundCode, 'compoundCode', 'compound');
        const meetingId = rowId(input.meetingId, 'meetingId');
        const elected = stringList(input.elected, 'elected').map((id, i) => rowId(id, `elected[${i}]`));
        const chairName = typeof input.chair === 'string' ? input.chair.trim() : '';
        const reference = typeof input.filingReference === 'string' ? input.filingReference : null;
        return prisma.$transaction(async (tx) => {
          const existing = await tx.committee.findFirst({ where: { meetingId }, include: { filings: true } });
          if (existing) return { committeeId: existing.id, filingIds: existing.filings.map((f) => f.id) };
          const members = await tx.candidate.findMany({ where: { id: { in: elected } } });
          const chair = members.find((m) => m.name === chairName);
          if (!chair) throw new DomainInputError('chair', `"${chairName}" is not one of the elected members`);
          const committee = await tx.committee.create({
            data: {
              compoundId: compound.id,
              meetingId,
              status: 'filed',
              members: { create: members.map((m) => ({ candidateId: m.id, role: m.id === chair.id ? 'chair' : 'member' })) },
            },
          });
          await tx.candidate.updateMany({ where: { id: { in: elected } }, data: { status: 'elected' } });
          const filingIds: number[] = [];
          for (const filedWith of ['street', 'housing']) {
            const f = await tx.filing.create({ data: { compoundId: compound.id, kind: 'committee', committeeId: committee.id, filedWith, reference } });
            filingIds.push(f.id);
          }
          return { committeeId: committee.id, filingIds };
        });
      }),
  };
}
