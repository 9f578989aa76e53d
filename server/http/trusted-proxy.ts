// GRIDFLOW_TRUSTED_PROXY: who may tell us the client's address. Without it the client address is
// the socket's, and X-Forwarded-For is ignored (anyone could write it). With it, express's
// `trust proxy` takes the address from X-Forwarded-For as far back as the trusted hops go:
// - a number: that many proxies in front of gridflow (e.g. 1 for one nginx);
// - a comma list of addresses, CIDR ranges or `loopback` / `linklocal` / `uniquelocal`: the
//   proxies' own addresses.
// `true` (believe every hop) is refused: the left-most entry is whatever the client wrote.
import { isIP } from 'node:net';

export type TrustedProxy = number | string[];

export class TrustedProxyError extends Error {}

const NAMED = new Set(['loopback', 'linklocal', 'uniquelocal']);

function validEntry(entry: string): boolean {
  if (NAMED.has(entry)) return true;
  const [address, bits, extra] = entry.split('/');
  if (extra !== undefined) return false;
  const family = isIP(address);
  if (!family) return false;
  if (bits === undefined) return true;
  const n = Number(bits);
  return /^\d+$/.test(bits) && n <= (family === 4 ? 32 : 128);
}

/** undefined when unset; throws TrustedProxyError naming the bad part */
export function parseTrustedProxy(value: string | undefined): TrustedProxy | undefined {
  const text = value?.trim();
  if (!text) return undefined;
  if (/^\d+$/.test(text)) {
    const hops = Number(text);
    if (hops < 1 || hops > 10) throw new TrustedProxyError(`GRIDFLOW_TRUSTED_PROXY: ${text} hops: give 1 to 10`);
    return hops;
  }
  const entries = text.split(',').map((e) => e.trim()).filter(Boolean);
  for (const e of entries) {
    if (!validEntry(e)) {
      throw new TrustedProxyError(`GRIDFLOW_TRUSTED_PROXY: "${e}" is not an IP address, CIDR range, loopback, linklocal or uniquelocal (nor a hop count)`);
    }
  }
  return entries;
}
