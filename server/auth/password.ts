// Password hashing with scrypt from node:crypto (no native addon, no extra package).
// Parameters: N = 2^17, r = 8, p = 1 (OWASP's first recommendation), 16-byte random salt, 64-byte
// key. One hash needs 128·N·r = 128 MB and about a second on a busy 2-core machine. The parameters
// travel inside each hash, so older hashes (N = 2^15, and the demo seed's) still verify and are
// rehashed at the current cost on the next successful login (needsRehash).
// Stored format: scrypt$<N>$<r>$<p>$<salt base64>$<key base64>
import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';

export interface ScryptCost {
  N: number;
  r: number;
  p: number;
}

export const SCRYPT_PARAMS = { N: 1 << 17, r: 8, p: 1, keyLength: 64, saltLength: 16 } as const;

function scrypt(password: string, salt: Buffer, keyLength: number, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scryptCb(password.normalize('NFKC'), salt, keyLength, options, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

/** memory scrypt needs is 128·N·r bytes (Node refuses above 32 MB by default); allow twice that */
function options(N: number, r: number, p: number): ScryptOptions {
  return { N, r, p, maxmem: 256 * N * r };
}

export async function hashPassword(password: string, cost: ScryptCost = SCRYPT_PARAMS): Promise<string> {
  const { N, r, p } = cost;
  const salt = randomBytes(SCRYPT_PARAMS.saltLength);
  const key = await scrypt(password, salt, SCRYPT_PARAMS.keyLength, options(N, r, p));
  return ['scrypt', N, r, p, salt.toString('base64'), key.toString('base64')].join('$');
}

/** the cost a stored hash was made with, or null when it is not one of ours */
export function hashCost(stored: string): ScryptCost | null {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return null;
  const [N, r, p] = parts.slice(1, 4).map(Number);
  if (![N, r, p].every((n) => Number.isInteger(n) && n > 0) || N > 1 << 20) return null;
  return { N, r, p };
}

/** a hash made below the current cost: rehash it while the password is at hand (at login) */
export function needsRehash(stored: string, cost: ScryptCost = SCRYPT_PARAMS): boolean {
  const made = hashCost(stored);
  return !made || made.N < cost.N || made.r < cost.r || made.p < cost.p;
}

/** false for a wrong password and for a hash this code cannot read (never throws on bad stored data) */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const cost = hashCost(stored);
  if (!cost) return false;
  const parts = stored.split('$');
  const salt = Buffer.from(parts[4], 'base64');
  const expected = Buffer.from(parts[5], 'base64');
  if (expected.length === 0) return false;
  const actual = await scrypt(password, salt, expected.length, options(cost.N, cost.r, cost.p));
  return timingSafeEqual(actual, expected);
}

/** a hash of a random password, compared against when the username is unknown so both paths take as long */
const decoys = new Map<string, Promise<string>>();
export function decoyHash(cost: ScryptCost = SCRYPT_PARAMS): Promise<string> {
  const key = `${cost.N}/${cost.r}/${cost.p}`;
  let decoy = decoys.get(key);
  if (!decoy) decoys.set(key, (decoy = hashPassword(randomBytes(16).toString('hex'), cost)));
  return decoy;
}
