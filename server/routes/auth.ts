// Log in, log out, who am I, change my password. Login answers the bearer token (for API clients)
// and sets the session cookie (for the browser app), plus the CSRF token the browser must echo on
// writes, and the device cookie that keeps others' failed guesses from slowing this browser down.
import { z } from 'zod';
import type { Request } from 'express';
import type { PrismaClient } from '@prisma/client';
import { DEMO_PASSWORD } from '../../prisma/seed/password';
import { DEVICE_COOKIE, deviceCookie, knownDevice, rememberDevice } from '../auth/devices';
import { LoginThrottle, PASSWORD_CHANGES } from '../auth/login-throttle';
import { decoyHash, hashPassword, needsRehash, SCRYPT_PARAMS, verifyPassword } from '../auth/password';
import { passwordProblem } from '../auth/password-rules';
import { createSession, endSession, endSessionsOf } from '../auth/sessions';
import type { Caller } from '../auth/roles';
import type { AppDeps } from '../deps';
import { ForbiddenError, TooManyRequestsError, UnauthorizedError, UnprocessableError } from '../errors';
import { clearedSessionCookie, readCookie, sessionCookie } from '../http/cookies';
import { route } from '../http/route';

const LoginBody = z.strictObject({
  username: z.string().min(1).max(100),
  password: z.string().min(1).max(1000),
});

const PasswordBody = z.strictObject({
  currentPassword: z.string().min(1).max(1000),
  newPassword: z.string().min(1).max(1000),
});

export const UserView = z.object({
  username: z.string(),
  displayName: z.string(),
  role: z.enum(['admin', 'official', 'auditor']),
  unit: z.object({ code: z.string(), name: z.string(), kind: z.string() }).nullable(),
  mustChangePassword: z.boolean().describe('an admin reset the password: only the password routes answer until the user picks their own'),
  demoPassword: z.boolean().describe('the password is still the public demo one'),
});

const DemoNotice = z
  .number()
  .nullable()
  .describe('admins: how many active accounts still have the public demo password (0: none); null for others');

const LoginAnswer = z.object({ token: z.string(), csrfToken: z.string(), expiresAt: z.string(), user: UserView, demoPasswordAccounts: DemoNotice });

async function userView(prisma: PrismaClient, userId: number): Promise<z.infer<typeof UserView>> {
  const u = await prisma.user.findUniqueOrThrow({
    where: { id: userId },
    select: { username: true, displayName: true, role: true, mustChangePassword: true, demoPassword: true, unit: { select: { code: true, name: true, kind: true } } },
  });
  return { ...u, role: u.role as Caller['role'] };
}

/** admins are told how many accounts anyone could log in to with the demo password */
async function demoPasswordAccounts(prisma: PrismaClient, role: string): Promise<number | null> {
  return role === 'admin' ? prisma.user.count({ where: { demoPassword: true, active: true } }) : null;
}

export function clientAddress(req: Request): string {
  return req.ip ?? req.socket.remoteAddress ?? 'unknown';
}

function tooMany(retryAfterSeconds: number): TooManyRequestsError {
  return new TooManyRequestsError(`too many failed password attempts: try again in ${retryAfterSeconds} s`, retryAfterSeconds);
}

export function authRoutes(deps: AppDeps) {
  const { prisma, streams } = deps;
  const cost = deps.passwordCost ?? SCRYPT_PARAMS;
  const throttle = new LoginThrottle(prisma, deps.loginThrottle);
  const secure = !!deps.secureCookies;
  return [
    route({
      method: 'post',
      path: '/auth/login',
      tag: 'auth',
      summary: 'Log in: answers a bearer token and sets an httpOnly SameSite=Strict session cookie and a device cookie',
      access: 'public',
      body: { kind: 'json', schema: LoginBody },
      responses: {
        200: { description: 'logged in', schema: LoginAnswer },
        401: { description: 'wrong username or password' },
        429: { description: 'too many failed attempts (per username and address, address, username, or known device): wait Retry-After seconds' },
      },
      async handler({ body, req, res }) {
        const presentedDevice = readCookie(req.headers.cookie, DEVICE_COOKIE);
        const device = await knownDevice(prisma, presentedDevice, body.username);
        const decision = await throttle.check({ username: body.username, ip: clientAddress(req), ownBudget: device });
        if (!decision.admitted) throw tooMany(decision.retryAfterSeconds);
        const { ticket } = decision;
        try {
          const user = await prisma.user.findUnique({ where: { username: body.username } });
          // an unknown user costs the same scrypt as a known one, so timing does not reveal usernames
          const ok = await verifyPassword(body.password, user?.passwordHash ?? (await decoyHash(cost)));
          if (!user || !ok || !user.active || !['admin', 'official', 'auditor'].includes(user.role)) {
            await ticket.record(false);
            throw new UnauthorizedError('wrong username or password');
          }
          await ticket.record(true);
          // the password is at hand only now: raise an older, cheaper hash to the current cost, and
          // notice a database seeded before the demo flag existed
          const demoPassword = body.password === DEMO_PASSWORD;
          if (needsRehash(user.passwordHash, cost) || demoPassword !== user.demoPassword) {
            const passwordHash = needsRehash(user.passwordHash, cost) ? await hashPassword(body.password, cost) : user.passwordHash;
            // only if no one changed the password meanwhile
            await prisma.user.updateMany({ where: { id: user.id, passwordHash: user.passwordHash }, data: { passwordHash, demoPassword } });
          }
          const session = await createSession(prisma, user.id);
          const deviceToken = await rememberDevice(prisma, presentedDevice, user.id);
          res.setHeader('Set-Cookie', [sessionCookie(session.token, session.expiresAt, secure), deviceCookie(deviceToken, secure)]);
          return {
            token: session.token,
            csrfToken: session.csrfToken,
            expiresAt: session.expiresAt.toISOString(),
            user: await userView(prisma, user.id),
            demoPasswordAccounts: await demoPasswordAccounts(prisma, user.role),
          };
        } finally {
          // an unexpected error still counts as a failure (and frees the attempt's place)
          await ticket.record(false);
        }
      },
    }),
    route({
      method: 'post',
      path: '/auth/logout',
      tag: 'auth',
      summary: 'End this session (the token and cookie stop working, its notification streams end)',
      access: ['admin', 'official', 'auditor'],
      // ending one's own session is allowed to auditors too: it changes no governance data
      readOnly: true,
      beforeOwnPassword: true,
      responses: { 204: { description: 'logged out' } },
      async handler({ caller, res }) {
        await endSession(prisma, caller!.sessionId);
        streams.endSession(caller!.sessionId);
        res.setHeader('Set-Cookie', clearedSessionCookie(secure));
        res.status(204).end();
        return undefined;
      },
    }),
    route({
      method: 'get',
      path: '/auth/me',
      tag: 'auth',
      summary: 'The logged-in user and the CSRF token for cookie-authenticated writes',
      access: ['admin', 'official', 'auditor'],
      beforeOwnPassword: true,
      responses: { 200: { description: 'the caller', schema: z.object({ user: UserView, csrfToken: z.string(), demoPasswordAccounts: DemoNotice }) } },
      async handler({ caller }) {
        const session = await prisma.session.findUniqueOrThrow({ where: { id: caller!.sessionId }, select: { csrfToken: true } });
        return { user: await userView(prisma, caller!.userId), csrfToken: session.csrfToken, demoPasswordAccounts: await demoPasswordAccounts(prisma, caller!.role) };
      },
    }),
    route({
      method: 'post',
      path: '/auth/password',
      tag: 'auth',
      summary: 'Change my password: ends my other sessions and their notification streams; this one stays',
      access: ['admin', 'official', 'auditor'],
      // one's own password is no governance data: auditors change theirs too
      readOnly: true,
      beforeOwnPassword: true,
      body: { kind: 'json', schema: PasswordBody },
      responses: {
        200: { description: 'changed', schema: z.object({ user: UserView }) },
        403: { description: 'the current password is wrong' },
        422: { description: 'the new password is not allowed (details name the rule)' },
        429: { description: 'too many wrong current passwords: wait Retry-After seconds' },
      },
      async handler({ caller, body, req }) {
        const me = caller!;
        const problem = passwordProblem(body.newPassword, me.username) ?? (body.newPassword === body.currentPassword ? 'the new password is the current one' : null);
        if (problem) throw new UnprocessableError(problem, [{ field: 'newPassword', message: problem }]);
        // a stolen session must not become a way to guess the password faster than logging in
        const decision = await throttle.check({ username: me.username, ip: clientAddress(req), ownBudget: PASSWORD_CHANGES });
        if (!decision.admitted) throw tooMany(decision.retryAfterSeconds);
        try {
          const user = await prisma.user.findUniqueOrThrow({ where: { id: me.userId } });
          if (!(await verifyPassword(body.currentPassword, user.passwordHash))) {
            await decision.ticket.record(false);
            throw new ForbiddenError('the current password is wrong', [{ field: 'currentPassword', message: 'the current password is wrong' }]);
          }
          await decision.ticket.record(true);
          const passwordHash = await hashPassword(body.newPassword, cost);
          await prisma.user.update({ where: { id: me.userId }, data: { passwordHash, mustChangePassword: false, demoPassword: false, passwordChangedAt: new Date() } });
          // whoever else held a session (perhaps the reason for the change) is out, streams included
          await endSessionsOf(prisma, me.userId, me.sessionId);
          streams.endUser(me.userId, me.sessionId);
          return { user: await userView(prisma, me.userId) };
        } finally {
          await decision.ticket.record(false);
        }
      },
    }),
  ];
}
