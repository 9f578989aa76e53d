// What a new password must be. Length is what makes a password hard to guess (NIST SP 800-63B):
// at least 10 characters, no composition rules; refused are the username, the public demo
// password, and the password being replaced.
import { DEMO_PASSWORD } from '../../prisma/seed/password';

export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 200;

/** why this password may not be used, or null when it may */
export function passwordProblem(password: string, username: string): string | null {
  const chars = [...password.normalize('NFKC')].length;
  if (chars < MIN_PASSWORD_LENGTH) return `the new password needs at least ${MIN_PASSWORD_LENGTH} characters`;
  if (chars > MAX_PASSWORD_LENGTH) return `the new password may have at most ${MAX_PASSWORD_LENGTH} characters`;
  const lower = password.trim().toLowerCase();
  if (lower === username.toLowerCase()) return 'the new password may not be the username';
  if (lower.includes(DEMO_PASSWORD)) return `the new password may not contain the public demo password "${DEMO_PASSWORD}"`;
  return null;
}
