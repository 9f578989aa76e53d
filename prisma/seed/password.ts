// The demo accounts' password hash, in the format the server verifies (server/auth/password.ts):
// scrypt$<N>$<r>$<p>$<salt base64>$<key base64>, N = 2^15, r = 8, p = 1, 64-byte key. That is
// below the server's cost (N = 2^17) on purpose: it keeps the first start fast, and the server
// rehashes each account at its first successful login.
// prisma/ imports nothing of ours, so the few lines are repeated here; a test checks the server
// accepts what this writes.
import { randomBytes, scrypt } from 'node:crypto';

export const DEMO_PASSWORD = 'gridflow';

export const DEMO_HASH_COST = { N: 1 << 15, r: 8, p: 1 } as const;

export function scryptHash(password: string): Promise<string> {
  const { N, r, p } = DEMO_HASH_COST;
  const salt = randomBytes(16);
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFKC'), salt, 64, { N, r, p, maxmem: 256 * N * r }, (err, key) =>
      err ? reject(err) : resolve(['scrypt', N, r, p, salt.toString('base64'), key.toString('base64')].join('$')),
    ),
  );
}
