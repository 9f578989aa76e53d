// The public voting endpoints take no account, so they are rate-limited per client address: a
// small number of wrong codes per window (guessing), and an overall ceiling of requests. Held in
// memory: the limit protects this process; a restart forgetting it is harmless with 50-bit codes.
import { TooManyRequestsError } from '../errors';

export interface VoteThrottleOptions {
  windowMs: number;
  maxFailures: number;
  maxRequests: number;
}

export const DEFAULT_VOTE_THROTTLE: VoteThrottleOptions = { windowMs: 10 * 60_000, maxFailures: 10, maxRequests: 300 };

export class VoteThrottle {
  private readonly hits = new Map<string, { start: number; requests: number; failures: number }>();

  constructor(private readonly opts: VoteThrottleOptions = DEFAULT_VOTE_THROTTLE, private readonly now = () => Date.now()) {}

  private entry(client: string) {
    const now = this.now();
    let e = this.hits.get(client);
    if (!e || now - e.start >= this.opts.windowMs) {
      e = { start: now, requests: 0, failures: 0 };
      this.hits.set(client, e);
      // bounded memory: old windows are dropped when the map grows
      if (this.hits.size > 10_000) for (const [k, v] of this.hits) if (now - v.start >= this.opts.windowMs) this.hits.delete(k);
    }
    return e;
  }

  /** throws 429 when the client is over either limit */
  check(client: string): void {
    const e = this.entry(client);
    e.requests++;
    if (e.failures >= this.opts.maxFailures || e.requests > this.opts.maxRequests) {
      const wait = Math.max(1, Math.ceil((e.start + this.opts.windowMs - this.now()) / 1000));
      throw new TooManyRequestsError(`too many attempts: try again in ${wait} s`, wait);
    }
  }

  failed(client: string): void {
    this.entry(client).failures++;
  }
}
