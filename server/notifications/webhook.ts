// The webhook channel: a JSON POST signed with HMAC-SHA256 over the raw body with the endpoint's
// secret (X-Gridflow-Signature: sha256=<hex>). X-Gridflow-Timestamp (unix seconds) is also inside
// the signed body as `sentAt`, so a receiver can refuse stale replays; X-Gridflow-Delivery carries
// the notification id for de-duplication. Any answer but 2xx (redirects included) is a failure.
import { createHmac, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import type { OutgoingNotification } from './message';
import { ALLOW_HOSTS_ENV, allowHostsFromEnv, forbiddenAddressReason, guardedLookup, isAllowedHost } from './webhook-target';

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

/**
 * POSTs the notification. The host is checked on the address actually connected to
 * (webhook-target.ts) unless `allowHosts` names it; redirects are not followed.
 */
export async function postWebhook(endpoint: { url: string; secret: string }, n: OutgoingNotification, now = new Date(), allowHosts: readonly string[] = allowHostsFromEnv()): Promise<void> {
  const sentAt = Math.floor(now.getTime() / 1000);
  const raw = JSON.stringify({ ...n, sentAt });
  let url: URL;
  try {
    url = new URL(endpoint.url);
  } catch {
    throw new WebhookError(`POST ${endpoint.url} failed: not a URL`);
  }
  const allowed = isAllowedHost(url, allowHosts);
  const literal = url.hostname.replace(/^\[|\]$/g, '');
  if (!allowed && net.isIP(literal)) {
    const reason = forbiddenAddressReason(literal);
    if (reason) throw new WebhookError(`POST ${endpoint.url} refused: ${reason}; webhooks reach public addresses only, unless ${ALLOW_HOSTS_ENV} names the host`);
  }
  const send = url.protocol === 'https:' ? https.request : http.request;
  const status = await new Promise<number>((resolve, reject) => {
    const req = send(
      url,
      {
        method: 'POST',
        agent: false,
        ...(allowed ? {} : { lookup: guardedLookup() }),
        headers: {
          'Content-Type': 'application/json',
          'Content-Length': Buffer.byteLength(raw),
          'User-Agent': 'gridflow-webhook/1',
          [SIGNATURE_HEADER]: signBody(endpoint.secret, raw),
          [TIMESTAMP_HEADER]: String(sentAt),
          [DELIVERY_HEADER]: n.id,
        },
      },
      (res) => {
        // drain the body so the connection is released
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', reject);
        res.on('close', () => (res.complete ? undefined : reject(new Error('the answer was cut off'))));
      },
    );
    // the whole exchange, not only each pause: a receiver answering a byte at a time is cut off too
    const deadline = setTimeout(() => req.destroy(new Error(`no answer within ${TIMEOUT_MS} ms`)), TIMEOUT_MS);
    req.on('close', () => clearTimeout(deadline));
    req.on('error', reject);
    req.end(raw);
  }).catch((e: unknown) => {
    throw new WebhookError(`POST ${endpoint.url} failed: ${e instanceof Error ? e.message : String(e)}`);
  });
  if (status < 200 || status >= 300) throw new WebhookError(`POST ${endpoint.url} answered ${status}`);
}
