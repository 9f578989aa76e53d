// The webhook channel: a JSON POST signed with HMAC-SHA256 over the raw body with the endpoint's
// secret (X-Gridflow-Signature: sha256=<hex>). X-Gridflow-Timestamp (unix seconds) is also inside
// the signed body as `sentAt`, so a receiver can refuse stale replays; X-Gridflow-Delivery carries
// the notification id for de-duplication. Any answer but 2xx (redirects included) is a failure.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { OutgoingNotification } from './message';

export const SIGNATURE_HEADER = 'x-gridflow-signature';
export const TIMESTAMP_HEADER = 'x-gridflow-timestamp';
export const DELIVERY_HEADER = 'x-gridflow-delivery';
const TIMEOUT_MS = 10_000;

export function signBody(secret: string, rawBody: string | Buffer): string {
  return 'sha256=' + createHmac('sha256', secret).update(rawBody).digest('hex');
}

/** for receivers written in TypeScript: constant-time check of the signature header */
export function verifySignature(secret: string, rawBody: string | Buffer, header: string | undefined): boolean {
  if (!header) return false;
  const expected = Buffer.from(signBody(secret, rawBody));
  const given = Buffer.from(header);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

export class WebhookError extends Error {
  override name = 'WebhookError';
}

export async function postWebhook(endpoint: { url: string; secret: string }, n: OutgoingNotification, now = new Date()): Promise<void> {
  const sentAt = Math.floor(now.getTime() / 1000);
  const raw = JSON.stringify({ ...n, sentAt });
  let res: Response;
  try {
    res = await fetch(endpoint.url, {
      method: 'POST',
      redirect: 'manual',
      signal: AbortSignal.timeout(TIMEOUT_MS),
      headers: {
        'Content-Type': 'application/json',
        'User-Agent': 'gridflow-webhook/1',
        [SIGNATURE_HEADER]: signBody(endpoint.secret, raw),
        [TIMESTAMP_HEADER]: String(sentAt),
        [DELIVERY_HEADER]: n.id,
      },
      body: raw,
    });
  } catch (e) {
    throw new WebhookError(`POST ${endpoint.url} failed: ${e instanceof Error ? (e.cause instanceof Error ? e.cause.message : e.message) : String(e)}`);
  }
  // drain the body so the connection is released
  await res.arrayBuffer().catch(() => undefined);
  if (res.status < 200 || res.status >= 300) throw new WebhookError(`POST ${endpoint.url} answered ${res.status}`);
}
