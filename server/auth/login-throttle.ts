// Login throttling per (username, client address): after `maxFailures` failed attempts inside
// `windowMs` without a success in between, the pair is refused with 429 until the oldest counted
// failure leaves the window. Attempts are LoginAttempt rows, so the count survives a restart and
// the table doubles as the login audit trail.
import type { PrismaClient } from '@prisma/client';

export interface ThrottleOptions {
  maxFailures: number;
  windowMs: number;
}

export const DEFAULT_THROTTLE: ThrottleOptions = { maxFailures: 5, windowMs: 5 * 60_000 };

export class LoginThrottle {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly options: ThrottleOptions = DEFAULT_THROTTLE,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** seconds the caller must wait, or 0 when it may try now */
  async retryAfterSeconds(username: string, ip: string): Promise<number> {
    const now = this.now().getTime();
    const since = new Date(now - this.options.windowMs);
    const recent = await this.prisma.loginAttempt.findMany({
      where: { username: username.toLowerCase(), ip, createdAt: { gt: since } },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: this.options.maxFailures + 1,
    });
    const failures: Date[] = [];
    for (const a of recent) {
      if (a.success) break;
      failures.push(a.createdAt);
    }
    if (failures.length < this.options.maxFailures) return 0;
    const oldestCounted = failures[this.options.maxFailures - 1].getTime();
    return Math.max(1, Math.ceil((oldestCounted + this.options.windowMs - now) / 1000));
  }

  async record(username: string, ip: string, success: boolean): Promise<void> {
    await this.prisma.loginAttempt.create({ data: { username: username.toLowerCase(), ip, success, createdAt: this.now() } });
  }
}
