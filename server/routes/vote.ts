// The owners' own voting, with no account: the one-time code printed on their meeting notice opens
// their ballot paper and casts one ballot. Public, so rate-limited per client address; a wrong code
// counts against the address, and the answer never says whose code it was.
import { z } from 'zod';
import type { AppDeps } from '../deps';
import { ConflictError, UnprocessableError } from '../errors';
import { route } from '../http/route';
import { recordOnlineBallot } from '../meeting/ballots';
import { hashVotingCode } from '../meeting/codes';
import { DEFAULT_VOTE_THROTTLE, VoteThrottle, type VoteThrottleOptions } from '../meeting/throttle';
import { candidatesOf } from '../meeting/view';

const Code = z.string().min(1).max(40).describe('the code on the meeting notice, e.g. 7KQ4M-X2P9R');

export function voteRoutes({ prisma }: AppDeps, throttleOptions: VoteThrottleOptions = DEFAULT_VOTE_THROTTLE) {
  const throttle = new VoteThrottle(throttleOptions);
  const client = (req: { ip?: string; socket: { remoteAddress?: string } }) => req.ip ?? req.socket.remoteAddress ?? 'unknown';

  /** the code's row, or 422 (counted against the address) */
  async function codeFor(ip: string, typed: string) {
    throttle.check(ip);
    const code = await prisma.ownerVotingCode.findUnique({ where: { codeHash: hashVotingCode(typed) }, include: { meeting: { include: { compound: true } } } });
    if (!code) {
      throttle.failed(ip);
      throw new UnprocessableError('this code is not valid: check it against your meeting notice', { field: 'code' });
    }
    return code;
  }

  return [
    route({
      method: 'post',
      path: '/vote/ballot-paper',
      tag: 'vote',
      summary: "An owner's ballot paper for their code: the compound, the meeting, the candidates and seats, whether the code has voted (public, rate-limited)",
      access: 'public',
      readOnly: true,
      body: { kind: 'json', schema: z.object({ code: Code }).strict() },
      async handler({ req, body }) {
        const code = await codeFor(client(req), body.code);
        const m = code.meeting;
        return {
          compound: m.compound.name,
          scheduledAt: m.scheduledAt.toISOString(),
          takesBallots: m.status === 'scheduled',
          seats: m.seats,
          candidates: await candidatesOf(prisma, m),
          voted: code.usedAt !== null,
        };
      },
    }),
    route({
      method: 'post',
      path: '/vote',
      tag: 'vote',
      summary: "Casts the owner's one online ballot with their code: 同意/反对/弃权 per candidate (public, rate-limited; a code votes once)",
      access: 'public',
      status: 201,
      body: { kind: 'json', schema: z.object({ code: Code, choices: z.record(z.string().max(20), z.enum(['for', 'against', 'abstain'])) }).strict() },
      async handler({ req, body }) {
        const code = await codeFor(client(req), body.code);
        const approving = Object.values(body.choices).filter((c) => c === 'for').length;
        if (code.meeting.seats !== null && approving > code.meeting.seats) {
          throw new UnprocessableError(`at most ${code.meeting.seats} candidates may be approved, ${approving} were`, { field: 'choices' });
        }
        if (code.usedAt) throw new ConflictError('this code has already been used to vote');
        await recordOnlineBallot(prisma, code.id, body.choices);
        return { recorded: true };
      },
    }),
  ];
}
