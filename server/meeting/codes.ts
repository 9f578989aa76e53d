// One-time voting codes printed on each owner's meeting notice. A code is 10 characters from an
// alphabet without look-alikes (0/O, 1/I/L), about 50 bits: guessing one within the rate limit is
// hopeless, so a fast hash (SHA-256) is enough and lets a code be found by its hash. The code itself
// is returned once, when issued, for the printed notices; only the hash is stored.
import { createHash, randomInt } from 'node:crypto';

const ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

export function newVotingCode(): string {
  let s = '';
  for (let i = 0; i < 10; i++) s += ALPHABET[randomInt(ALPHABET.length)];
  return `${s.slice(0, 5)}-${s.slice(5)}`;
}

/** what an owner typed, as stored: upper case, without spaces and dashes */
export function normaliseCode(typed: string): string {
  return typed.toUpperCase().replace(/[\s-]/g, '');
}

export function hashVotingCode(typed: string): string {
  return createHash('sha256').update(`gridflow-vote:${normaliseCode(typed)}`).digest('hex');
}
