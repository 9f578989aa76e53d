// The org chart for admins and auditors: units (with their parent chain) and officials (with the
// roles they hold where). Admins also reset a user's password here.
import { randomInt } from 'node:crypto';
import { z } from 'zod';
import { hashPassword, SCRYPT_PARAMS } from '../auth/password';
import { passwordProblem } from '../auth/password-rules';
import { endSessionsOf } from '../auth/sessions';
import type { AppDeps } from '../deps';
import { BadRequestError, NotFoundError, UnprocessableError } from '../errors';
import { route } from '../http/route';

/** no 0/O, 1/l/I: the admin reads it out or writes it down for the user */
const TEMPORARY_ALPHABET = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';

function temporaryPassword(): string {
  let out = '';
  for (let i = 0; i < 14; i++) out += TEMPORARY_ALPHABET[randomInt(TEMPORARY_ALPHABET.length)];
  return out;
}

const UnitsQuery = z.object({ kind: z.enum(['city', 'district', 'street', 'community', 'grid', 'compound', 'agency', 'department']).optional() });

export function orgRoutes({ prisma, streams, passwordCost }: AppDeps) {
  return [
    route({
      method: 'get',
      path: '/org/units',
      tag: 'org',
      summary: 'Org units (city … compound, agencies, departments) with their parent',
      access: ['admin', 'auditor'],
      query: UnitsQuery,
      async handler({ query }) {
        const units = await prisma.unit.findMany({
          where: query.kind ? { kind: query.kind } : {},
          orderBy: { id: 'asc' },
          select: { code: true, name: true, nameEn: true, kind: true, parent: { select: { code: true } } },
        });
        return { units: units.map(({ parent, ...u }) => ({ ...u, parentCode: parent?.code ?? null })) };
      },
    }),
    route({
      method: 'get',
      path: '/org/officials',
      tag: 'org',
      summary: 'Officials with their unit and the roles they hold in units',
      access: ['admin', 'auditor'],
      query: z.object({ unit: z.string().max(100).optional().describe('unit code: only officials holding a role there or belonging to it') }),
      async handler({ query }) {
        const users = await prisma.user.findMany({
          where: {
            role: 'official',
            ...(query.unit ? { OR: [{ unit: { code: query.unit } }, { memberships: { some: { unit: { code: query.unit } } } }] } : {}),
          },
          orderBy: { id: 'asc' },
          select: {
            username: true,
            displayName: true,
            email: true,
            active: true,
            unit: { select: { code: true, name: true } },
            memberships: { select: { role: true, unit: { select: { code: true, name: true } } } },
          },
        });
        return {
          officials: users.map((u) => ({ ...u, memberships: u.memberships.map((m) => ({ role: m.role, unitCode: m.unit.code, unitName: m.unit.name })) })),
        };
      },
    }),
    route({
      method: 'post',
      path: '/org/users/:username/password',
      tag: 'org',
      summary: 'Reset a user\'s password to a temporary one (shown once) that they must change at their next login; ends their sessions and notification streams',
      access: ['admin'],
      params: z.object({ username: z.string().min(1).max(100) }),
      body: {
        kind: 'json',
        schema: z.strictObject({ temporaryPassword: z.string().min(1).max(1000).optional().describe('default: 14 random letters and digits') }),
      },
      responses: {
        200: { description: 'reset', schema: z.object({ username: z.string(), temporaryPassword: z.string(), mustChangePassword: z.literal(true) }) },
        404: { description: 'no such user' },
        422: { description: 'the temporary password given is not allowed' },
      },
      async handler({ caller, params, body }) {
        if (params.username === caller!.username) throw new BadRequestError('change your own password with POST /api/auth/password');
        const user = await prisma.user.findUnique({ where: { username: params.username }, select: { id: true } });
        if (!user) throw new NotFoundError(`no user ${params.username}`);
        const password = body.temporaryPassword ?? temporaryPassword();
        const problem = passwordProblem(password, params.username)?.replace('the new password', 'the temporary password');
        if (problem) throw new UnprocessableError(problem, [{ field: 'temporaryPassword', message: problem }]);
        const passwordHash = await hashPassword(password, passwordCost ?? SCRYPT_PARAMS);
        await prisma.user.update({ where: { id: user.id }, data: { passwordHash, mustChangePassword: true, demoPassword: false, passwordChangedAt: new Date() } });
        await endSessionsOf(prisma, user.id);
        streams.endUser(user.id);
        return { username: params.username, temporaryPassword: password, mustChangePassword: true as const };
      },
    }),
  ];
}
