// Session and CSRF tokens. The bearer token is 32 random bytes shown to the client once; the
// database keeps only its SHA-256 (Session.tokenHash), so a leaked database holds no usable session.
// The CSRF token is a second random value stored with the session: a cross-site page can make the
// browser send the cookie but cannot read this token, so cookie-authenticated writes must echo it.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function sameSecret(expected: string, presented: string | undefined): boolean {
  if (!presented) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(presented);
  return a.length === b.length && timingSafeEqual(a, b);
}
