// Sessions: one row per login, found by the SHA-256 of the presented token. Sliding expiry: a
// session used within its lifetime is extended, touched at most once a minute to spare the database.
import type { PrismaClient } from '@prisma/client';
import { isRole, type Caller } from './roles';
import { hashToken, newToken } from './tokens';

export const SESSION_TTL_MS = 12 * 60 * 60_000;
const TOUCH_EVERY_MS = 60_000;

export interface NewSession {
  token: string;
  csrfToken: string;
  expiresAt: Date;
}

export async function createSession(prisma: PrismaClient, userId: number): Promise<NewSession> {
  const token = newToken();
  const csrfToken = newToken();
  const expiresAt = new Date(Date.now() + SESSION_TTL_MS);
  await prisma.session.create({ data: { tokenHash: hashToken(token), userId, csrfToken, expiresAt } });
  return { token, csrfToken, expiresAt };
}

export interface ResolvedSession {
  caller: Omit<Caller, 'via'>;
  csrfToken: string;
}

/** the live session of a token, or null (unknown, expired, or its user deactivated) */
export async function resolveSession(prisma: PrismaClient, token: string): Promise<ResolvedSession | null> {
  const session = await prisma.session.findUnique({ where: { tokenHash: hashToken(token) }, include: { user: true } });
  if (!session) return null;
  const now = Date.now();
  const role = session.user.role;
  if (session.expiresAt.getTime() <= now || !session.user.active || !isRole(role)) return null;
  if (now - session.lastSeenAt.getTime() > TOUCH_EVERY_MS) {
    await prisma.session.update({
      where: { id: session.id },
      data: { lastSeenAt: new Date(now), expiresAt: new Date(now + SESSION_TTL_MS) },
    });
  }
  const u = session.user;
  return {
    caller: { userId: u.id, username: u.username, displayName: u.displayName, role, unitId: u.unitId, sessionId: session.id, mustChangePassword: u.mustChangePassword },
    csrfToken: session.csrfToken,
  };
}

export async function endSession(prisma: PrismaClient, sessionId: string): Promise<void> {
  await prisma.session.deleteMany({ where: { id: sessionId } });
}

/** end every session of a user but `keep` (the one that changed the password) */
export async function endSessionsOf(prisma: PrismaClient, userId: number, keep?: string): Promise<void> {
  await prisma.session.deleteMany({ where: { userId, ...(keep ? { id: { not: keep } } : {}) } });
}
