// Login throttling that slows guessing without locking the owner out.
//
// Every attempt is a LoginAttempt row (the count survives a restart; the table doubles as the login
// audit trail). An attempt is checked against budgets, each a key with a number of free failures
// inside `windowMs`; past that, the key waits a delay after its latest failure that doubles with
// each further failure (1 s, 2 s, 4 s … capped at `maxDelayMs`) — a short pause, never a lockout:
// - from a known device (a device cookie this user logged in with before): that device's own
//   failures only, so nobody else's guessing slows the owner down;
// - the current password given to change it (a session guessing it): that user's own budget for
//   password changes, apart from logins, so it neither slows nor is slowed by anyone's logins;
// - otherwise (username, client address), the client address across all usernames (spraying), and
//   the username across all addresses, where each address counts with at most the pair's free
//   failures — one address hammering an account cannot slow its owner elsewhere, many can.
// Check and reservation are atomic: checks run one at a time, and an admitted attempt counts as a
// failure until its outcome is recorded, so 40 parallel guesses get the free ones evaluated and
// 429 for the rest. This holds within the one process that serves HTTP.
import type { PrismaClient } from '@prisma/client';

export interface ThrottleOptions {
  /** failures of one username from one address (or one known device) before delays start */
  pairFreeFailures: number;
  /** failures from one address over all usernames */
  addressFreeFailures: number;
  /** failures of one username over all addresses (each address counting at most pairFreeFailures) */
  accountFreeFailures: number;
  /** failures older than this are forgotten */
  windowMs: number;
  /** the first delay; doubles with every further failure */
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_THROTTLE: ThrottleOptions = {
  pairFreeFailures: 5,
  addressFreeFailures: 20,
  accountFreeFailures: 10,
  windowMs: 15 * 60_000,
  baseDelayMs: 1_000,
  maxDelayMs: 30_000,
};

/** the budget of current-password checks when changing a password (LoginAttempt.device) */
export const PASSWORD_CHANGES = 'password-change';

export interface LoginClient {
  username: string;
  /** the client address (trusted proxy applied) */
  ip: string;
  /**
   * an attempt with a budget of its own: the sha256 of a device cookie that logged in as this
   * username before, or PASSWORD_CHANGES; null for an ordinary login
   */
  ownBudget: string | null;
}

/** an admitted attempt: record its outcome exactly once */
export interface AttemptTicket {
  record(success: boolean): Promise<void>;
}

export type ThrottleDecision = { admitted: true; ticket: AttemptTicket } | { admitted: false; retryAfterSeconds: number };

interface Budget {
  key: string;
  free: number;
  /** failures counted against this budget, and the latest of them */
  failures: number;
  lastFailureAt: number;
}

interface AttemptRow {
  ip: string;
  success: boolean;
  device: string | null;
  createdAt: Date;
}

/** consecutive failures (newest first) until a success, and the latest failure's time */
function streak(rows: AttemptRow[]): { failures: number; last: number } {
  let failures = 0;
  let last = 0;
  for (const a of rows) {
    if (a.success) break;
    failures++;
    last = Math.max(last, a.createdAt.getTime());
  }
  return { failures, last };
}

export class LoginThrottle {
  /** admitted attempts whose outcome is not recorded yet, per budget key */
  private readonly inFlight = new Map<string, number>();
  /** checks and records run one after another */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly prisma: PrismaClient,
    private readonly options: ThrottleOptions = DEFAULT_THROTTLE,
    private readonly now: () => Date = () => new Date(),
  ) {}

  private serially<T>(step: () => Promise<T>): Promise<T> {
    const run = this.queue.then(step, step);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** admit the attempt (reserving its place in every budget) or say how long to wait */
  check(client: LoginClient): Promise<ThrottleDecision> {
    return this.serially(async () => {
      const budgets = await this.budgets(client);
      const now = this.now().getTime();
      let wait = 0;
      for (const b of budgets) wait = Math.max(wait, this.waitMs(b, now));
      if (wait > 0) return { admitted: false as const, retryAfterSeconds: Math.max(1, Math.ceil(wait / 1000)) };
      for (const b of budgets) this.inFlight.set(b.key, (this.inFlight.get(b.key) ?? 0) + 1);
      let recorded = false;
      const ticket: AttemptTicket = {
        record: (success) => {
          if (recorded) return Promise.resolve();
          recorded = true;
          return this.serially(async () => {
            try {
              await this.prisma.loginAttempt.create({
                data: { username: client.username.toLowerCase(), ip: client.ip, success, device: client.ownBudget, createdAt: this.now() },
              });
            } finally {
              for (const b of budgets) {
                const n = (this.inFlight.get(b.key) ?? 1) - 1;
                if (n > 0) this.inFlight.set(b.key, n);
                else this.inFlight.delete(b.key);
              }
            }
          });
        },
      };
      return { admitted: true as const, ticket };
    });
  }

  /** ms until this budget admits one more attempt (0: now) */
  private waitMs(b: Budget, now: number): number {
    const pending = this.inFlight.get(b.key) ?? 0;
    // attempts still being evaluated count as failures until they are recorded
    if (b.failures + pending < b.free) return 0;
    // past the free failures only one attempt at a time, and only after the delay since the last failure
    if (pending > 0) return this.options.baseDelayMs;
    const over = b.failures - b.free;
    const delay = Math.min(this.options.maxDelayMs, this.options.baseDelayMs * 2 ** Math.min(over, 30));
    return Math.max(0, b.lastFailureAt + delay - now);
  }

  private async budgets(client: LoginClient): Promise<Budget[]> {
    const o = this.options;
    const username = client.username.toLowerCase();
    const since = new Date(this.now().getTime() - o.windowMs);
    const select = { ip: true, success: true, device: true, createdAt: true } as const;
    const orderBy = [{ createdAt: 'desc' as const }, { id: 'desc' as const }];
    if (client.ownBudget) {
      const rows = await this.prisma.loginAttempt.findMany({ where: { username, device: client.ownBudget, createdAt: { gt: since } }, orderBy, select, take: 500 });
      const own = streak(rows);
      return [{ key: `own:${username}:${client.ownBudget}`, free: o.pairFreeFailures, failures: own.failures, lastFailureAt: own.last }];
    }
    const [ofUser, ofAddress] = await Promise.all([
      this.prisma.loginAttempt.findMany({ where: { username, device: null, createdAt: { gt: since } }, orderBy, select, take: 2000 }),
      this.prisma.loginAttempt.findMany({ where: { ip: client.ip, device: null, success: false, createdAt: { gt: since } }, orderBy, select, take: 500 }),
    ]);
    const byAddress = new Map<string, AttemptRow[]>();
    for (const a of ofUser) {
      let list = byAddress.get(a.ip);
      if (!list) byAddress.set(a.ip, (list = []));
      list.push(a);
    }
    const pair = streak(byAddress.get(client.ip) ?? []);
    let accountFailures = 0;
    let accountLast = 0;
    for (const list of byAddress.values()) {
      const s = streak(list);
      accountFailures += Math.min(s.failures, o.pairFreeFailures);
      if (s.failures > 0) accountLast = Math.max(accountLast, s.last);
    }
    const addressLast = ofAddress[0]?.createdAt.getTime() ?? 0;
    return [
      { key: `pair:${username}:${client.ip}`, free: o.pairFreeFailures, failures: pair.failures, lastFailureAt: pair.last },
      { key: `address:${client.ip}`, free: o.addressFreeFailures, failures: ofAddress.length, lastFailureAt: addressLast },
      { key: `account:${username}`, free: o.accountFreeFailures, failures: accountFailures, lastFailureAt: accountLast },
    ];
  }
}
