// Log in, log out, who am I. Login answers the bearer token (for API clients) and sets the session
// cookie (for the browser app), plus the CSRF token the browser must echo on writes.
import { z } from 'zod';
import type { PrismaClient } from '@prisma/client';
import { LoginThrottle } from '../auth/login-throttle';
import { decoyHash, verifyPassword } from '../auth/password';
import { createSession, endSession } from '../auth/sessions';
import type { Caller } from '../auth/roles';
import type { AppDeps } from '../deps';
import { TooManyRequestsError, UnauthorizedError } from '../errors';
import { clearedSessionCookie, sessionCookie } from '../http/cookies';
import { route } from '../http/route';

const LoginBody = z.strictObject({
  username: z.string().min(1).max(100),
  password: z.string().min(1).max(1000),
});

const UserView = z.object({
  username: z.string(),
  displayName: z.string(),
  role: z.enum(['admin', 'official', 'auditor']),
  unit: z.object({ code: z.string(), name: z.string(), kind: z.string() }).nullable(),
});

const LoginAnswer = z.object({ token: z.string(), csrfToken: z.string(), expiresAt: z.string(), user: UserView });

async function userView(prisma: PrismaClient, c: Pick<Caller, 'username' | 'displayName' | 'role' | 'unitId'>): Promise<z.infer<typeof UserView>> {
  const unit = c.unitId === null ? null : await prisma.unit.findUnique({ where: { id: c.unitId }, select: { code: true, name: true, kind: true } });
  return { username: c.username, displayName: c.displayName, role: c.role, unit };
}

export function authRoutes(deps: AppDeps) {
  const { prisma } = deps;
  const throttle = new LoginThrottle(prisma, deps.loginThrottle);
  return [
    route({
      method: 'post',
      path: '/auth/login',
      tag: 'auth',
      summary: 'Log in: answers a bearer token and sets an httpOnly SameSite=Strict session cookie',
      access: 'public',
      body: { kind: 'json', schema: LoginBody },
      responses: {
        200: { description: 'logged in', schema: LoginAnswer },
        401: { description: 'wrong username or password' },
        429: { description: 'too many failed attempts for this username from this address (5 per 5 minutes)' },
      },
      async handler({ body, req, res }) {
        const ip = req.ip ?? req.socket.remoteAddress ?? 'unknown';
        const wait = await throttle.retryAfterSeconds(body.username, ip);
        if (wait > 0) throw new TooManyRequestsError(`too many failed logins: try again in ${wait} s`, wait);
        const user = await prisma.user.findUnique({ where: { username: body.username } });
        // an unknown user costs the same scrypt as a known one, so timing does not reveal usernames
        const ok = await verifyPassword(body.password, user?.passwordHash ?? (await decoyHash()));
        if (!user || !ok || !user.active || !['admin', 'official', 'auditor'].includes(user.role)) {
          await throttle.record(body.username, ip, false);
          throw new UnauthorizedError('wrong username or password');
        }
        await throttle.record(body.username, ip, true);
        const session = await createSession(prisma, user.id);
        res.setHeader('Set-Cookie', sessionCookie(session.token, session.expiresAt, !!deps.secureCookies));
        return {
          token: session.token,
          csrfToken: session.csrfToken,
          expiresAt: session.expiresAt.toISOString(),
          user: await userView(prisma, { ...user, role: user.role as Caller['role'] }),
        };
      },
    }),
    route({
      method: 'post',
      path: '/auth/logout',
      tag: 'auth',
      summary: 'End this session (the token and cookie stop working)',
      access: ['admin', 'official', 'auditor'],
      // ending one's own session is allowed to auditors too: it changes no governance data
      readOnly: true,
      responses: { 204: { description: 'logged out' } },
      async handler({ caller, res }) {
        await endSession(prisma, caller!.sessionId);
        res.setHeader('Set-Cookie', clearedSessionCookie(!!deps.secureCookies));
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
      responses: { 200: { description: 'the caller', schema: z.object({ user: UserView, csrfToken: z.string() }) } },
      async handler({ caller }) {
        const session = await prisma.session.findUniqueOrThrow({ where: { id: caller!.sessionId }, select: { csrfToken: true } });
        return { user: await userView(prisma, caller!), csrfToken: session.csrfToken };
      },
    }),
  ];
}
