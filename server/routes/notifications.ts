// A user's notifications: the list (the in-app channel), marking one read, and a server-sent-event
// stream that pushes each new one as it is written. Webhook endpoints (every notification, signed)
// are managed by admins here too.
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { AppDeps } from '../deps';
import { NotFoundError, TooManyRequestsError, UnprocessableError } from '../errors';
import { route } from '../http/route';
import { toFeedNotification } from '../notifications/feed';
import { allowHostsFromEnv, checkWebhookTarget, WebhookTargetError } from '../notifications/webhook-target';

const IdParams = z.object({ id: z.string().min(1).max(200) });
const HEARTBEAT_MS = 15_000;

export function notificationRoutes(deps: AppDeps) {
  const { prisma, feed, streams } = deps;
  return [
    route({
      method: 'get',
      path: '/notifications',
      tag: 'notifications',
      summary: 'My notifications, newest first, with their delivery state per channel',
      access: ['admin', 'official', 'auditor'],
      query: z.object({
        unread: z.enum(['true', 'false']).optional(),
        limit: z.coerce.number().int().min(1).max(500).default(100),
      }),
      async handler({ caller, query }) {
        const where = { recipientId: caller!.userId, ...(query.unread === 'true' ? { readAt: null } : {}) };
        const [rows, unread] = await Promise.all([
          prisma.notification.findMany({
            where,
            orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
            take: query.limit,
            include: { deliveries: { select: { channel: true, state: true, attempts: true, lastError: true, sentAt: true } } },
          }),
          prisma.notification.count({ where: { recipientId: caller!.userId, readAt: null } }),
        ]);
        return {
          notifications: rows.map((n) => ({
            ...toFeedNotification(n),
            deliveries: n.deliveries.map((d) => ({ ...d, sentAt: d.sentAt?.toISOString() ?? null })),
          })),
          unread,
        };
      },
    }),
    route({
      method: 'post',
      path: '/notifications/:id/read',
      tag: 'notifications',
      summary: 'Mark one of my notifications read',
      access: ['admin', 'official'],
      params: IdParams,
      async handler({ caller, params }) {
        const n = await prisma.notification.findUnique({ where: { id: params.id } });
        // someone else's notification is as good as absent: do not confirm it exists
        if (!n || n.recipientId !== caller!.userId) throw new NotFoundError(`no notification ${params.id}`);
        const updated = n.readAt ? n : await prisma.notification.update({ where: { id: n.id }, data: { readAt: new Date() } });
        return { notification: toFeedNotification(updated) };
      },
    }),
    route({
      method: 'get',
      path: '/notifications/stream',
      tag: 'notifications',
      summary: 'Server-sent events: one "notification" event per new notification of mine (auth by cookie, bearer or ?token=); ends with the session',
      access: ['admin', 'official', 'auditor'],
      stream: true,
      responses: {
        200: { description: 'text/event-stream', contentType: 'text/event-stream' },
        429: { description: `the user already has ${streams.maxPerUser} streams open` },
      },
      async handler({ caller, req, res }) {
        // logout, a password change, expiry or deactivation ends the session and with it the stream
        const unregister = streams.add({ userId: caller!.userId, sessionId: caller!.sessionId }, () => res.end());
        if (!unregister) {
          throw new TooManyRequestsError(`you have ${streams.maxPerUser} notification streams open already: close one (another tab or window) first`, 30);
        }
        res.writeHead(200, {
          'Content-Type': 'text/event-stream; charset=utf-8',
          'Cache-Control': 'no-cache, no-transform',
          Connection: 'keep-alive',
          'X-Accel-Buffering': 'no',
        });
        res.write(`retry: 3000\nevent: ready\ndata: ${JSON.stringify({ user: caller!.username })}\n\n`);
        const lastId = req.headers['last-event-id'];
        // each notification once per connection: the live feed and the replay below may both find one
        const sent = new Set<string>(typeof lastId === 'string' ? [lastId] : []);
        const send = (n: ReturnType<typeof toFeedNotification>) => {
          if (sent.has(n.id)) return;
          sent.add(n.id);
          res.write(`id: ${n.id}\nevent: notification\ndata: ${JSON.stringify(n)}\n\n`);
        };
        const unsubscribe = feed.subscribe(caller!.userId, send);
        const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), HEARTBEAT_MS);
        heartbeat.unref();
        // registered before the replay's awaits, so a client leaving meanwhile is not missed
        const end = () => {
          clearInterval(heartbeat);
          unsubscribe();
          unregister();
        };
        req.on('close', end);
        res.on('close', end);
        // a reconnecting EventSource sends the last id it saw: replay what it missed meanwhile
        // (subscribed first, so nothing falls between)
        if (typeof lastId === 'string' && lastId) {
          const last = await prisma.notification.findFirst({ where: { id: lastId, recipientId: caller!.userId }, select: { createdAt: true } });
          if (last) {
            const missed = await prisma.notification.findMany({
              where: { recipientId: caller!.userId, createdAt: { gte: last.createdAt }, id: { not: lastId } },
              orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
              take: 200,
            });
            for (const n of missed) send(toFeedNotification(n));
          }
        }
        return undefined;
      },
    }),
    route({
      method: 'get',
      path: '/webhooks',
      tag: 'notifications',
      summary: 'Webhook endpoints that receive every notification (secrets not shown)',
      access: ['admin', 'auditor'],
      async handler() {
        const rows = await prisma.webhookEndpoint.findMany({ orderBy: { createdAt: 'asc' }, select: { id: true, url: true, active: true, createdAt: true } });
        return { webhooks: rows.map((w) => ({ ...w, createdAt: w.createdAt.toISOString() })) };
      },
    }),
    route({
      method: 'post',
      path: '/webhooks',
      tag: 'notifications',
      summary: 'Add a webhook endpoint; the answer holds the HMAC secret (shown once)',
      access: ['admin'],
      status: 201,
      responses: { 201: { description: 'added' }, 422: { description: 'the host is or resolves to a loopback, private or link-local address (GRIDFLOW_WEBHOOK_ALLOW_HOSTS lets named hosts through)' } },
      body: {
        kind: 'json',
        schema: z.strictObject({
          url: z.url({ protocol: /^https?$/ }).max(2000),
          secret: z.string().min(16).max(200).optional().describe('default: 32 random bytes'),
        }),
      },
      async handler({ body }) {
        try {
          await checkWebhookTarget(body.url, deps.webhookAllowHosts ?? allowHostsFromEnv());
        } catch (e) {
          if (e instanceof WebhookTargetError) throw new UnprocessableError(`webhook url refused: ${e.message}`, [{ path: 'url', message: e.message }]);
          throw e;
        }
        const secret = body.secret ?? randomBytes(32).toString('base64url');
        const w = await prisma.webhookEndpoint.create({ data: { url: body.url, secret } });
        return { webhook: { id: w.id, url: w.url, active: w.active, createdAt: w.createdAt.toISOString(), secret } };
      },
    }),
    route({
      method: 'delete',
      path: '/webhooks/:id',
      tag: 'notifications',
      summary: 'Stop sending to a webhook endpoint (kept, deactivated, so past deliveries stay explained)',
      access: ['admin'],
      params: IdParams,
      async handler({ params }) {
        const done = await prisma.webhookEndpoint.updateMany({ where: { id: params.id }, data: { active: false } });
        if (!done.count) throw new NotFoundError(`no webhook ${params.id}`);
        return { id: params.id, active: false };
      },
    }),
  ];
}
