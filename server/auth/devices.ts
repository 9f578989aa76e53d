// Device cookies: after a successful login the browser (or API client) gets a long-lived random
// token; the database keeps its SHA-256 per user it logged in as (KnownDevice). A login presenting
// it for that user is throttled only by the device's own failures (login-throttle.ts), so an
// attacker guessing the password elsewhere does not slow the owner down.
import type { PrismaClient } from '@prisma/client';
import { hashToken, newToken } from './tokens';

export const DEVICE_COOKIE = 'gridflow_device';
const DEVICE_COOKIE_DAYS = 365;

/** the device's hash when it logged in as this username before, else null */
export async function knownDevice(prisma: PrismaClient, presented: string | undefined, username: string): Promise<string | null> {
  if (!presented || presented.length > 200) return null;
  const tokenHash = hashToken(presented);
  const row = await prisma.knownDevice.findFirst({ where: { tokenHash, user: { username } }, select: { id: true } });
  return row ? tokenHash : null;
}

/** remember the device for this user after a successful login; answers the token its cookie carries */
export async function rememberDevice(prisma: PrismaClient, presented: string | undefined, userId: number): Promise<string> {
  // one token per browser, whichever users log in on it; anything else presented is replaced
  const token = presented && /^[A-Za-z0-9_-]{43}$/.test(presented) ? presented : newToken();
  const tokenHash = hashToken(token);
  await prisma.knownDevice.upsert({
    where: { tokenHash_userId: { tokenHash, userId } },
    create: { tokenHash, userId },
    update: { lastLoginAt: new Date() },
  });
  return token;
}

export function deviceCookie(token: string, secure: boolean): string {
  return [
    `${DEVICE_COOKIE}=${encodeURIComponent(token)}`,
    'Path=/api/auth',
    'HttpOnly',
    'SameSite=Strict',
    `Max-Age=${DEVICE_COOKIE_DAYS * 24 * 3600}`,
    ...(secure ? ['Secure'] : []),
  ].join('; ');
}
