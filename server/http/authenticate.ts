// Who is calling, and may they call this route? Bearer token first, then the session cookie, then
// (server-sent events only) ?token=. Cookie-authenticated writes must carry X-CSRF-Token.
import type { Request } from 'express';
import type { PrismaClient } from '@prisma/client';
import { resolveSession } from '../auth/sessions';
import { sameSecret } from '../auth/tokens';
import type { Caller } from '../auth/roles';
import { ForbiddenError, UnauthorizedError } from '../errors';
import { readCookie, SESSION_COOKIE } from './cookies';
import { isWrite, type RouteSpec } from './route';

function presentedToken(req: Request, spec: RouteSpec): { token: string; via: Caller['via'] } | null {
  const auth = req.headers.authorization;
  if (auth) {
    const m = /^Bearer\s+(\S+)$/i.exec(auth);
    if (!m) throw new UnauthorizedError('the Authorization header must be "Bearer <token>"');
    return { token: m[1], via: 'bearer' };
  }
  const cookie = readCookie(req.headers.cookie, SESSION_COOKIE);
  if (cookie) return { token: cookie, via: 'cookie' };
  if (spec.stream && typeof req.query.token === 'string' && req.query.token) return { token: req.query.token, via: 'query' };
  return null;
}

export async function authenticate(prisma: PrismaClient, req: Request, spec: RouteSpec): Promise<Caller | null> {
  const presented = presentedToken(req, spec);
  if (!presented) {
    if (spec.access === 'public') return null;
    throw new UnauthorizedError('log in first: send "Authorization: Bearer <token>" or the session cookie');
  }
  const session = await resolveSession(prisma, presented.token);
  if (!session) {
    if (spec.access === 'public') return null;
    throw new UnauthorizedError('the session is unknown or has expired: log in again');
  }
  const caller: Caller = { ...session.caller, via: presented.via };
  if (presented.via === 'cookie' && req.method !== 'GET' && req.method !== 'HEAD') {
    const header = req.headers['x-csrf-token'];
    if (!sameSecret(session.csrfToken, typeof header === 'string' ? header : undefined)) {
      throw new ForbiddenError('cookie-authenticated requests that change data need the X-CSRF-Token header (from login or GET /api/auth/me)');
    }
  }
  return caller;
}

export function authorize(spec: RouteSpec, caller: Caller | null): void {
  if (spec.access === 'public') return;
  if (!caller) throw new UnauthorizedError();
  if (caller.mustChangePassword && !spec.beforeOwnPassword) {
    throw new ForbiddenError('an admin reset your password: choose your own first (POST /api/auth/password)');
  }
  if (caller.role === 'auditor' && isWrite(spec)) throw new ForbiddenError('auditors read; they never change data');
  if (!spec.access.includes(caller.role)) {
    throw new ForbiddenError(`this needs the role ${spec.access.join(' or ')}; you are ${caller.role}`);
  }
}
