// Notification rows and their per-channel Delivery rows, written in the caller's transaction, so a
// notification either exists with all its deliveries or not at all. (key, recipient) is unique:
// a retried activity finds its notification and creates nothing.
import type { Prisma } from '@prisma/client';
import type { ResolvedUser } from '../org/resolve';

export interface NewNotification {
  key: string;
  kind: string;
  workflowId?: string;
  taskId?: string;
  level?: string;
  title: string;
  body: string;
}

/** Creates the notifications missing for these recipients; returns the ids of those it created. */
export async function createNotifications(tx: Prisma.TransactionClient, n: NewNotification, recipients: readonly ResolvedUser[]): Promise<string[]> {
  if (recipients.length === 0) return [];
  const existing = await tx.notification.findMany({
    where: { key: n.key, recipientId: { in: recipients.map((r) => r.id) } },
    select: { recipientId: true },
  });
  const done = new Set(existing.map((e) => e.recipientId));
  const webhooks = await tx.webhookEndpoint.findMany({ where: { active: true }, select: { id: true }, orderBy: { createdAt: 'asc' } });
  const created: string[] = [];
  const now = new Date();
  for (const r of recipients) {
    if (done.has(r.id)) continue;
    const deliveries: Prisma.DeliveryCreateWithoutNotificationInput[] = [
      // the row itself is the in-app message: it is delivered once it exists (SSE only hurries it)
      { channel: 'inapp', target: '', state: 'sent', sentAt: now },
    ];
    if (r.email) deliveries.push({ channel: 'email', target: r.email, state: 'pending', nextAttemptAt: now });
    for (const w of webhooks) deliveries.push({ channel: 'webhook', target: w.id, state: 'pending', nextAttemptAt: now });
    const row = await tx.notification.create({
      data: {
        key: n.key,
        kind: n.kind,
        recipientId: r.id,
        workflowId: n.workflowId ?? null,
        taskId: n.taskId ?? null,
        level: n.level ?? null,
        title: n.title,
        body: n.body,
        deliveries: { create: deliveries },
      },
      select: { id: true },
    });
    created.push(row.id);
  }
  return created;
}
