// Sends the email and webhook deliveries the engine activities queued with each notification.
// Claiming leases a row (activities/notifications/delivery.ts) so two loops never send it at the
// same time; the outcome is recorded after the send, failures are retried with backoff and given
// up after the last attempt. A crash between send and record repeats the send once the lease ends:
// at least once, never lost, and the receiver de-duplicates on the notification id.
import type { PrismaClient } from '@prisma/client';
import { claimDueDeliveries, recordDeliveryAttempt, type DueDelivery } from '../../activities/notifications/delivery';
import type { EmailSender } from './email';
import { outgoing } from './message';
import { postWebhook } from './webhook';
import { allowHostsFromEnv } from './webhook-target';

export interface DeliveryLoopOptions {
  prisma: PrismaClient;
  /** null: no SMTP_URL, the email channel is disabled */
  email: EmailSender | null;
  publicUrl?: string;
  /** hosts webhooks may reach even on loopback or private addresses (default: GRIDFLOW_WEBHOOK_ALLOW_HOSTS) */
  webhookAllowHosts?: readonly string[];
  pollMs?: number;
  batch?: number;
  log?: (message: string, err?: unknown) => void;
}

export const EMAIL_DISABLED = 'email channel disabled: SMTP_URL is not set';

export class DeliveryLoop {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = true;

  constructor(private readonly options: DeliveryLoopOptions) {}

  start(): void {
    this.stopped = false;
    this.timer ??= setInterval(() => this.kick(), this.options.pollMs ?? 1_000);
    this.timer.unref();
    this.kick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** new deliveries may be due: run a round now (coalesced with one already running) */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.round()
      .then(() => undefined)
      .catch((e) => this.options.log?.('notification delivery round failed', e))
      .finally(() => {
        this.running = undefined;
        if (this.again) {
          this.again = false;
          this.kick();
        }
      });
  }

  /** one round: every due delivery claimed and tried once; resolves when their outcomes are recorded */
  async round(): Promise<number> {
    const { prisma, email } = this.options;
    if (!email) {
      await prisma.delivery.updateMany({ where: { channel: 'email', state: 'pending' }, data: { state: 'disabled', lastError: EMAIL_DISABLED } });
    }
    const channels = email ? ['email', 'webhook'] : ['webhook'];
    let total = 0;
    for (;;) {
      const due = await claimDueDeliveries(prisma, channels, this.options.batch ?? 20);
      if (due.length === 0) return total;
      await Promise.all(due.map((d) => this.deliver(d)));
      total += due.length;
      if (this.stopped) return total;
    }
  }

  private async deliver(d: DueDelivery): Promise<void> {
    const { prisma, email } = this.options;
    let outcome: { ok: true } | { ok: false; error: string };
    try {
      const message = outgoing(d, this.options.publicUrl);
      if (d.channel === 'email') {
        await email!.send(d.target, message);
      } else {
        const endpoint = await prisma.webhookEndpoint.findUnique({ where: { id: d.target } });
        if (!endpoint || !endpoint.active) {
          await prisma.delivery.update({ where: { id: d.id }, data: { state: 'failed', lastError: 'the webhook endpoint was removed' } });
          return;
        }
        await postWebhook(endpoint, message, undefined, this.options.webhookAllowHosts ?? allowHostsFromEnv());
      }
      outcome = { ok: true };
    } catch (e) {
      outcome = { ok: false, error: e instanceof Error ? e.message : String(e) };
    }
    await recordDeliveryAttempt(prisma, d.id, outcome);
  }
}
