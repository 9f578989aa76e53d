// What an outgoing notification says, the same on every channel. The notification id is the
// idempotency key: it is the email's Message-ID and the webhook's X-Gridflow-Delivery header, so a
// receiver that sees it twice (a crash between sending and recording) can drop the repeat.
import type { DueDelivery } from '../../activities/notifications/delivery';

export interface OutgoingNotification {
  id: string;
  kind: string;
  title: string;
  body: string;
  instanceId: string | null;
  taskId: string | null;
  createdAt: string;
  recipient: { username: string; displayName: string };
  /** link into the web app, when the public address is known */
  url: string | null;
}

export function outgoing(d: DueDelivery, publicUrl?: string): OutgoingNotification {
  const n = d.notification;
  return {
    id: n.id,
    kind: n.kind,
    title: n.title,
    body: n.body,
    instanceId: n.workflowId,
    taskId: n.taskId,
    createdAt: n.createdAt.toISOString(),
    recipient: { username: n.recipient.username, displayName: n.recipient.displayName },
    url: publicUrl ? `${publicUrl.replace(/\/$/, '')}/${n.taskId ? `#/tasks/${n.taskId}` : n.workflowId ? `#/instances/${encodeURIComponent(n.workflowId)}` : ''}` : null,
  };
}
