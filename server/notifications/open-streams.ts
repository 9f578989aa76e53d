// The notification streams (GET /api/notifications/stream) that are open, with the session each
// belongs to. A stream ends with its session: at logout and at a password change or reset at once
// (end()), and — for expiry, deactivation or anything done to the session from elsewhere — at the
// next check of the sessions behind the open streams (every `checkMs`). A user holds at most
// `maxPerUser` streams at a time; one more is refused (429) rather than ending an older one, since a
// reconnecting tab would otherwise end another tab's stream, and so on in a circle.
import type { PrismaClient } from '@prisma/client';

export interface StreamOwner {
  userId: number;
  sessionId: string;
}

interface OpenStream extends StreamOwner {
  close(): void;
}

export const MAX_STREAMS_PER_USER = 5;

export class OpenStreams {
  private readonly open = new Set<OpenStream>();
  private timer: NodeJS.Timeout | undefined;
  private checking: Promise<void> | undefined;

  constructor(
    private readonly prisma: PrismaClient,
    private readonly options: { maxPerUser?: number; checkMs?: number; log?: (m: string, e?: unknown) => void } = {},
  ) {}

  get maxPerUser(): number {
    return this.options.maxPerUser ?? MAX_STREAMS_PER_USER;
  }

  start(): void {
    this.timer ??= setInterval(() => void this.check(), this.options.checkMs ?? 5_000);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.checking;
    this.end(() => true);
  }

  /** register a stream; null when the user already has the most allowed. The answer unregisters it. */
  add(owner: StreamOwner, close: () => void): (() => void) | null {
    if (this.countOf(owner.userId) >= this.maxPerUser) return null;
    const stream: OpenStream = { ...owner, close };
    this.open.add(stream);
    return () => {
      this.open.delete(stream);
    };
  }

  countOf(userId: number): number {
    let n = 0;
    for (const s of this.open) if (s.userId === userId) n++;
    return n;
  }

  /** close the streams of one session */
  endSession(sessionId: string): void {
    this.end((s) => s.sessionId === sessionId);
  }

  /** close a user's streams, but those of `keep` (the session that changed the password) */
  endUser(userId: number, keep?: string): void {
    this.end((s) => s.userId === userId && s.sessionId !== keep);
  }

  private end(which: (s: OpenStream) => boolean): void {
    for (const s of [...this.open]) {
      if (!which(s)) continue;
      this.open.delete(s);
      try {
        s.close();
      } catch (e) {
        this.options.log?.('closing a notification stream failed', e);
      }
    }
  }

  /** close streams whose session is gone, expired, or whose user was deactivated */
  check(): Promise<void> {
    this.checking ??= this.checkSessions()
      .catch((e) => this.options.log?.('checking the sessions of notification streams failed', e))
      .finally(() => (this.checking = undefined));
    return this.checking;
  }

  private async checkSessions(): Promise<void> {
    if (this.open.size === 0) return;
    const ids = [...new Set([...this.open].map((s) => s.sessionId))];
    const live = await this.prisma.session.findMany({
      where: { id: { in: ids }, expiresAt: { gt: new Date() }, user: { active: true } },
      select: { id: true },
    });
    const alive = new Set(live.map((s) => s.id));
    this.end((s) => !alive.has(s.sessionId));
  }
}
