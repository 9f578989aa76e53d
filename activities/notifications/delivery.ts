// The outbox side of notifications: a sender (the server's email and webhook loop) claims due
// deliveries, tries them, and records the outcome here. A failure is retried with exponential
// backoff up to MAX_ATTEMPTS, then left as 'failed' with its last error for an admin to see.
// A crash between sending and recording repeats the send on the next claim (at least once);
// receivers de-duplicate on the notification id, which every channel carries.
import type { PrismaClient } from '@prisma/client';
import { writeTransaction } from '../../prisma/client';

export const MAX_ATTEMPTS = 6;
/** 30 s, 1 min, 2 min, 4 min, 8 min */
export function backoffMs(attempts: number): number {
  return 30_000 * 2 ** Math.max(0, attempts - 1);
}
/** how long a claimed delivery is hidden from other claimers while it is being sent */
export const CLAIM_LEASE_MS = 60_000;

export interface DueDelivery {
  id: string;
  channel: string;
  target: string;
  attempts: number;
  notification: { id: string; kind: string; title: string; body: string; workflowId: string | null; taskId: string | null; createdAt: Date; recipient: { username: string; displayName: string; email: string | null } };
}

/**
 * Pending deliveries of `channels` whose time has come, oldest first. Each is leased (its next
 * attempt pushed CLAIM_LEASE_MS ahead) so a second sender does not take it meanwhile.
 */
export async function claimDueDeliveries(prisma: PrismaClient, channels: string[], limit = 20, now = new Date()): Promise<DueDelivery[]> {
  return writeTransaction(prisma, async (tx) => {
    const due = await tx.delivery.findMany({
      where: { state: 'pending', channel: { in: channels }, nextAttemptAt: { lte: now } },
      orderBy: { nextAttemptAt: 'asc' },
      take: limit,
      select: {
        id: true,
        channel: true,
        target: true,
        attempts: true,
        notification: {
          select: {
            id: true, kind: true, title: true, body: true, workflowId: true, taskId: true, createdAt: true,
            recipient: { select: { username: true, displayName: true, email: true } },
          },
        },
      },
    });
    if (due.length > 0) {
      await tx.delivery.updateMany({ where: { id: { in: due.map((d) => d.id) } }, data: { nextAttemptAt: new Date(now.getTime() + CLAIM_LEASE_MS) } });
    }
    return due;
  });
}

/** Records one attempt: sent, or failed (retried later, or given up after MAX_ATTEMPTS). */
export async function recordDeliveryAttempt(prisma: PrismaClient, id: string, outcome: { ok: true } | { ok: false; error: string }, now = new Date()): Promise<void> {
  const d = await prisma.delivery.findUnique({ where: { id }, select: { attempts: true, state: true } });
  if (!d || d.state !== 'pending') return;
  const attempts = d.attempts + 1;
  if (outcome.ok) {
    await prisma.delivery.update({ where: { id }, data: { state: 'sent', attempts, sentAt: now, lastError: null } });
  } else {
    const giveUp = attempts >= MAX_ATTEMPTS;
    await prisma.delivery.update({
      where: { id },
      data: { state: giveUp ? 'failed' : 'pending', attempts, lastError: outcome.error.slice(0, 2000), nextAttemptAt: new Date(now.getTime() + backoffMs(attempts)) },
    });
  }
}
