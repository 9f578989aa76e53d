// The live side of in-app notifications: server-sent-event subscribers per user, fed by a sweep of
// the Notification table. The engine activities call announce() after they commit, so a new row is
// pushed at once; the periodic sweep also finds rows written by a worker in another process.
import type { PrismaClient } from '@prisma/client';

export interface FeedNotification {
  id: string;
  kind: string;
  title: string;
  body: string;
  level: string | null;
  workflowId: string | null;
  taskId: string | null;
  createdAt: string;
  readAt: string | null;
}

type Listener = (n: FeedNotification) => void;

const select = { id: true, kind: true, title: true, body: true, level: true, workflowId: true, taskId: true, createdAt: true, readAt: true, recipientId: true } as const;

export function toFeedNotification(n: { id: string; kind: string; title: string; body: string; level: string | null; workflowId: string | null; taskId: string | null; createdAt: Date; readAt: Date | null }): FeedNotification {
  return { id: n.id, kind: n.kind, title: n.title, body: n.body, level: n.level, workflowId: n.workflowId, taskId: n.taskId, createdAt: n.createdAt.toISOString(), readAt: n.readAt?.toISOString() ?? null };
}

export class NotificationFeed {
  private readonly listeners = new Map<number, Set<Listener>>();
  /** ids pushed recently, with their createdAt: the sweep re-reads an overlap window and skips these */
  private readonly pushed = new Map<string, number>();
  private watermark = Date.now();
  private timer: NodeJS.Timeout | undefined;
  private sweeping: Promise<void> | undefined;
  private again = false;
  private stopped = false;
  /** rows can commit slightly out of createdAt order (two writers): read this far back */
  private static readonly OVERLAP_MS = 5_000;

  constructor(
    private readonly prisma: PrismaClient,
    private readonly pollMs = 1_000,
    private readonly log: (m: string, e?: unknown) => void = () => {},
  ) {}

  start(): void {
    this.stopped = false;
    this.timer ??= setInterval(() => this.announce(), this.pollMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.sweeping;
    this.listeners.clear();
  }

  subscribe(userId: number, listener: Listener): () => void {
    let set = this.listeners.get(userId);
    if (!set) this.listeners.set(userId, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.listeners.delete(userId);
    };
  }

  subscriberCount(): number {
    let n = 0;
    for (const s of this.listeners.values()) n += s.size;
    return n;
  }

  /** something new may be in the table: sweep now (coalesced with a sweep already running) */
  announce(): void {
    if (this.stopped) return;
    if (this.sweeping) {
      this.again = true;
      return;
    }
    this.sweeping = this.sweep()
      .catch((e) => this.log('notification feed sweep failed', e))
      .finally(() => {
        this.sweeping = undefined;
        if (this.again) {
          this.again = false;
          this.announce();
        }
      });
  }

  private async sweep(): Promise<void> {
    const since = new Date(this.watermark - NotificationFeed.OVERLAP_MS);
    const rows = await this.prisma.notification.findMany({ where: { createdAt: { gte: since } }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }], select, take: 1000 });
    for (const row of rows) {
      const t = row.createdAt.getTime();
      if (t > this.watermark) this.watermark = t;
      if (this.pushed.has(row.id)) continue;
      this.pushed.set(row.id, t);
      for (const listener of this.listeners.get(row.recipientId) ?? []) {
        try {
          listener(toFeedNotification(row));
        } catch (e) {
          this.log('notification listener failed', e);
        }
      }
    }
    const forgetBefore = this.watermark - 2 * NotificationFeed.OVERLAP_MS;
    for (const [id, t] of this.pushed) if (t < forgetBefore) this.pushed.delete(id);
  }
}
