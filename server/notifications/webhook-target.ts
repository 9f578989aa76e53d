// Which addresses a webhook may reach. A webhook URL is typed by an admin but the POST is sent by
// the server, from inside the network: without this check it could reach the machine's own
// services (the embedded Temporal service, a cloud metadata endpoint at 169.254.169.254) or the
// office network. Loopback, private, link-local, unique-local, shared (CGNAT), multicast,
// reserved, documentation and unspecified addresses are refused — at registration (422) and again
// at every delivery, on the address actually connected to, so a name that resolves to a public
// address when registered and to 127.0.0.1 later (DNS rebinding) is still refused.
// An operator lets named hosts through with GRIDFLOW_WEBHOOK_ALLOW_HOSTS (comma-separated host
// names or addresses, exact match), e.g. a receiver on the same machine or in the office network.
import dns from 'node:dns';
import net from 'node:net';

export const ALLOW_HOSTS_ENV = 'GRIDFLOW_WEBHOOK_ALLOW_HOSTS';

const blocked = new net.BlockList();
for (const [prefix, bits] of [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12],
  ['192.0.0.0', 24], ['192.0.2.0', 24], ['192.88.99.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['198.51.100.0', 24],
  ['203.0.113.0', 24], ['224.0.0.0', 4], ['240.0.0.0', 4],
] as const) blocked.addSubnet(prefix, bits, 'ipv4');
for (const [prefix, bits] of [
  ['::', 96], ['100::', 64], ['64:ff9b::', 96], ['64:ff9b:1::', 48], ['2001::', 23], ['2001:db8::', 32], ['2002::', 16],
  ['fc00::', 7], ['fe80::', 10], ['fec0::', 10], ['ff00::', 8],
] as const) blocked.addSubnet(prefix, bits, 'ipv6');

/** the IPv4 address inside an IPv4-mapped (::ffff:a.b.c.d) or IPv4-compatible IPv6 address */
function embeddedIpv4(address: string): string | null {
  const dotted = /^::(?:ffff:(?:0:)?)?(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (dotted) return dotted[1];
  const hex = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(address);
  if (hex) {
    const hi = parseInt(hex[1], 16);
    const lo = parseInt(hex[2], 16);
    return `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
  }
  return null;
}

/** why this IP address may not receive webhooks, or null when it is a public address */
export function forbiddenAddressReason(address: string): string | null {
  const family = net.isIP(address);
  if (family === 0) return `${address} is not an IP address`;
  const v4 = family === 6 ? embeddedIpv4(address) : address;
  if (v4 && net.isIPv4(v4)) return blocked.check(v4, 'ipv4') ? `${address} is a loopback, private, link-local or reserved address` : null;
  return blocked.check(address, 'ipv6') ? `${address} is a loopback, private, link-local, unique-local or reserved address` : null;
}

export function allowHostsFromEnv(env: NodeJS.ProcessEnv = process.env): string[] {
  return (env[ALLOW_HOSTS_ENV] ?? '').split(',').map((h) => h.trim().toLowerCase()).filter(Boolean);
}

function hostOf(url: URL): string {
  return url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
}

export function isAllowedHost(url: URL, allowHosts: readonly string[]): boolean {
  const host = hostOf(url);
  return allowHosts.some((h) => h.replace(/^\[|\]$/g, '') === host);
}

export class WebhookTargetError extends Error {
  override name = 'WebhookTargetError';
}

/**
 * Refuses (WebhookTargetError) a URL whose host is, or resolves to, an address webhooks may not
 * reach, unless the host is allowed by name.
 */
export async function checkWebhookTarget(rawUrl: string, allowHosts: readonly string[]): Promise<void> {
  const url = new URL(rawUrl);
  if (isAllowedHost(url, allowHosts)) return;
  const host = hostOf(url);
  let addresses: string[];
  if (net.isIP(host)) addresses = [host];
  else {
    try {
      addresses = (await dns.promises.lookup(host, { all: true, verbatim: true })).map((a) => a.address);
    } catch (e) {
      throw new WebhookTargetError(`${host} cannot be resolved (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
    }
  }
  for (const a of addresses) {
    const reason = forbiddenAddressReason(a);
    if (reason) throw new WebhookTargetError(`${host}: ${reason}; webhooks reach public addresses only, unless ${ALLOW_HOSTS_ENV} names the host`);
  }
}

/**
 * A `lookup` for http.request: resolves as usual, then refuses the connection when an address
 * it would connect to is forbidden — the check and the connection use the same answer.
 */
export function guardedLookup(): net.LookupFunction {
  return (hostname, options, callback) => {
    dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, '', 0);
      const list = addresses as dns.LookupAddress[];
      const bad = list.map((a) => forbiddenAddressReason(a.address)).find((r) => r !== null);
      if (bad) return callback(Object.assign(new Error(`${hostname}: ${bad}; refused (DNS may have changed since the webhook was registered)`), { code: 'EWEBHOOKTARGET' }), '', 0);
      if ((options as dns.LookupOptions).all) return (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, list);
      callback(null, list[0].address, list[0].family);
    });
  };
}
