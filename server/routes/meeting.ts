// Process C's owners' general meeting for the people who run it: the compound's owners' roster
// (import from the property register, view, edit), the meeting with its live participation, paper
// ballots one by one or as a tally sheet, the owners' one-time voting codes, and the published
// results. The owners' own voting is in vote.ts.
import { z } from 'zod';
import { checkRosterEntry, parseRosterCsv } from '../../activities/domain/ownerRoster';
import { parseTallySheet } from '../../activities/domain/tallySheet';
import type { AppDeps } from '../deps';
import { ConflictError, UnprocessableError } from '../errors';
import { route } from '../http/route';
import { recordPaperBallots, type BallotInput } from '../meeting/ballots';
import { issueVotingCodes } from '../meeting/issue-codes';
import { compoundByCode, meetingById, requireMeetingRights } from '../meeting/rights';
import { editRosterEntry, replaceRoster, rosterView } from '../meeting/roster';
import { candidatesOf, live, meetingView, participationOf, publishedResults } from '../meeting/view';

const IdParams = z.object({ id: z.string().min(1).max(100) });
const ChoiceSchema = z.enum(['for', 'against', 'abstain']);
const Import = z.object({
  format: z.literal('csv').describe('comma-separated text (an Excel sheet saved as CSV UTF-8)'),
  content: z.string().min(1).max(1_000_000),
}).strict();

export function meetingRoutes({ prisma }: AppDeps) {
  const compoundGuard = (write: boolean) => async ({ caller, params }: { caller: import('../auth/roles').Caller | null; params: { id: string } }) => {
    await compoundByCode(prisma, params.id);
    await requireMeetingRights(prisma, caller!, params.id, write);
  };
  const meetingGuard = (write: boolean) => async ({ caller, params }: { caller: import('../auth/roles').Caller | null; params: { id: string } }) => {
    const meeting = await meetingById(prisma, params.id);
    await requireMeetingRights(prisma, caller!, meeting.compound.code, write);
  };
  /** the unit's roster entry, 422 naming the unit when it is not on the roster */
  const ownerOf = async (compoundId: number, flat: string, where: string) => {
    const e = await prisma.ownerRosterEntry.findUnique({ where: { compoundId_flat: { compoundId, flat } } });
    if (!e || e.removedAt) throw new UnprocessableError(`${where}: unit "${flat}" is not on the owners' roster`, { field: 'flat', flat });
    return e;
  };

  return [
    route({
      method: 'get',
      path: '/compounds/:id/roster',
      tag: 'meeting',
      summary: "The compound's owners' roster (unit, owner, exclusive area, head count), whether its areas add up to the compound's total, its meetings",
      access: ['admin', 'official', 'auditor'],
      params: IdParams,
      guard: compoundGuard(false),
      async handler({ params }) {
        const compound = await compoundByCode(prisma, params.id);
        const meetings = await prisma.generalMeeting.findMany({ where: { compoundId: compound.id }, orderBy: { id: 'asc' }, select: { id: true, status: true, scheduledAt: true } });
        return { ...(await rosterView(prisma, compound)), meetings: meetings.map((m) => ({ ...m, scheduledAt: m.scheduledAt.toISOString() })) };
      },
    }),
    route({
      method: 'post',
      path: '/compounds/:id/roster/import',
      tag: 'meeting',
      summary: "Replaces the owners' roster from the property register (CSV with a header row: 房号, 业主, 专有面积[, 人数]); 422 naming every bad line and nothing stored",
      access: ['official'],
      params: IdParams,
      guard: compoundGuard(true),
      body: { kind: 'json', schema: Import },
      async handler({ params, body }) {
        const compound = await compoundByCode(prisma, params.id);
        const { lines, problems } = parseRosterCsv(body.content);
        if (problems.length > 0) throw new UnprocessableError(`the roster has ${problems.length} problem(s); nothing was imported`, { problems });
        const counts = await replaceRoster(prisma, compound.id, lines);
        return { ...counts, ...(await rosterView(prisma, compound)) };
      },
    }),
    route({
      method: 'post',
      path: '/compounds/:id/roster',
      tag: 'meeting',
      summary: 'Adds or corrects one unit of the roster, or takes it off (remove: true)',
      access: ['official'],
      params: IdParams,
      guard: compoundGuard(true),
      body: {
        kind: 'json',
        schema: z.object({
          flat: z.string().min(1).max(50),
          ownerName: z.string().max(100).optional(),
          area: z.string().max(20).optional().describe('m², at most two decimals'),
          headcount: z.number().int().optional(),
          remove: z.boolean().optional(),
        }).strict(),
      },
      async handler({ params, body }) {
        const compound = await compoundByCode(prisma, params.id);
        if (body.remove) await editRosterEntry(prisma, compound.id, body.flat.trim(), 'remove');
        else {
          const line = checkRosterEntry({ flat: body.flat, ownerName: body.ownerName ?? '', area: body.area ?? '', headcount: body.headcount });
          if ('problems' in line) throw new UnprocessableError(line.problems.map((p) => `${p.field}: ${p.message}`).join('; '), { problems: line.problems });
          await editRosterEntry(prisma, compound.id, line.flat, line);
        }
        return rosterView(prisma, compound);
      },
    }),
    route({
      method: 'get',
      path: '/meetings/:id',
      tag: 'meeting',
      summary: 'A general meeting: its ballot paper, live participation against the two-thirds quorum, who voted by which channel (never how), results once closed',
      access: ['admin', 'official', 'auditor'],
      params: IdParams,
      guard: meetingGuard(false),
      async handler({ params }) {
        return meetingView(prisma, await meetingById(prisma, params.id));
      },
    }),
    route({
      method: 'post',
      path: '/meetings/:id/ballots',
      tag: 'meeting',
      summary: "Records one owner's paper ballot, or corrects it until the meeting closes (the last one counts)",
      access: ['official'],
      params: IdParams,
      guard: meetingGuard(true),
      status: 201,
      body: { kind: 'json', schema: z.object({ flat: z.string().min(1).max(50), choices: z.record(z.string().max(20), ChoiceSchema) }).strict() },
      async handler({ params, body, caller }) {
        const meeting = await meetingById(prisma, params.id);
        const owner = await ownerOf(meeting.compoundId, body.flat.trim(), 'flat');
        const [recorded] = await recordPaperBallots(prisma, meeting.id, [{ ownerEntryId: owner.id, choices: body.choices }], caller!.username);
        const tally = await live(prisma, meeting);
        return { flat: owner.flat, channel: 'paper', corrected: recorded.corrected, participation: tally ? participationOf(tally) : null };
      },
    }),
    route({
      method: 'post',
      path: '/meetings/:id/ballots/import',
      tag: 'meeting',
      summary: 'Records a tally sheet of paper ballots (CSV: 房号, then one column per candidate name with 同意/反对/弃权); all rows or none',
      access: ['official'],
      params: IdParams,
      guard: meetingGuard(true),
      body: { kind: 'json', schema: Import },
      async handler({ params, body, caller }) {
        const meeting = await meetingById(prisma, params.id);
        const { ballots, problems } = parseTallySheet(body.content, await candidatesOf(prisma, meeting));
        const inputs: BallotInput[] = [];
        for (const b of ballots) {
          const e = await prisma.ownerRosterEntry.findUnique({ where: { compoundId_flat: { compoundId: meeting.compoundId, flat: b.flat } } });
          if (!e || e.removedAt) problems.push({ line: b.line, message: `unit "${b.flat}" is not on the owners' roster` });
          else inputs.push({ ownerEntryId: e.id, choices: b.choices });
        }
        if (problems.length > 0) throw new UnprocessableError(`the tally sheet has ${problems.length} problem(s); no ballot was recorded`, { problems });
        const recorded = await recordPaperBallots(prisma, meeting.id, inputs, caller!.username);
        const tally = await live(prisma, meeting);
        return { recorded: recorded.length, corrected: recorded.filter((r) => r.corrected).length, participation: tally ? participationOf(tally) : null };
      },
    }),
    route({
      method: 'post',
      path: '/meetings/:id/owner-codes',
      tag: 'meeting',
      summary: "Issues each owner's one-time voting code for the meeting notices (shown once; a new issue replaces unused codes); flats limits it to those units",
      access: ['official'],
      params: IdParams,
      guard: meetingGuard(true),
      body: { kind: 'json', schema: z.object({ flats: z.array(z.string().min(1).max(50)).max(10_000).optional() }).strict() },
      async handler({ params, body }) {
        const meeting = await meetingById(prisma, params.id);
        if (meeting.status !== 'scheduled') throw new ConflictError('the meeting is over: no more codes');
        return { votingPath: '/vote', codes: await issueVotingCodes(prisma, meeting.id, meeting.compoundId, body?.flats) };
      },
    }),
    route({
      method: 'get',
      path: '/meetings/:id/results',
      tag: 'meeting',
      summary: 'The published results of a closed meeting: participation and each candidate’s approving area and owners, no owner named (public)',
      access: 'public',
      params: IdParams,
      async handler({ params }) {
        const meeting = await meetingById(prisma, params.id);
        if (meeting.status === 'scheduled' || !meeting.tallyJson) throw new ConflictError('the results are published when the meeting closes');
        return { compound: meeting.compound.name, scheduledAt: meeting.scheduledAt.toISOString(), ...publishedResults(JSON.parse(meeting.tallyJson), await candidatesOf(prisma, meeting)) };
      },
    }),
  ];
}
