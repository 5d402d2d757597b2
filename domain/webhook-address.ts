// Where a webhook may be sent (SSRF): http or https only, https unless the host is this machine
// and loopback is allowed (npm start); never to private, link-local, metadata, multicast or other
// reserved addresses unless the operator lists the network. The address is checked when a
// subscription is made (literal addresses) and again at every delivery, on the address actually
// connected to, so a name that later resolves elsewhere (DNS rebinding) is refused.
import { BlockList, isIP } from 'node:net';

export interface WebhookAddressPolicy {
  /** http and loopback addresses allowed (npm start and the tests; never in production). */
  allowLoopback: boolean;
  /** CIDR networks allowed although reserved, e.g. `10.20.0.0/16` (WEBHOOK_ALLOWED_NETWORKS). */
  allowedNetworks: readonly string[];
}

export const STRICT_POLICY: WebhookAddressPolicy = { allowLoopback: false, allowedNetworks: [] };

const RESERVED_V4: Array<[string, number]> = [
  ['0.0.0.0', 8], // "this network"
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // carrier-grade NAT
  ['169.254.0.0', 16], // link-local, cloud metadata (169.254.169.254)
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
];
const RESERVED_V6: Array<[string, number]> = [
  ['::', 128],
  ['64:ff9b::', 96], // NAT64 reaches IPv4 behind it
  ['100::', 64],
  ['2001:db8::', 32],
  ['fc00::', 7], // unique local (AWS metadata fd00:ec2::254 included)
  ['fe80::', 10], // link-local
  ['ff00::', 8], // multicast
];
const LOOPBACK_V4: [string, number] = ['127.0.0.0', 8];
const LOOPBACK_V6: [string, number] = ['::1', 128];

function blockList(entries: Array<[string, number]>, type: 'ipv4' | 'ipv6'): BlockList {
  const list = new BlockList();
  for (const [net, prefix] of entries) list.addSubnet(net, prefix, type);
  return list;
}
const reservedV4 = blockList(RESERVED_V4, 'ipv4');
const reservedV6 = blockList(RESERVED_V6, 'ipv6');
const loopbackV4 = blockList([LOOPBACK_V4], 'ipv4');
const loopbackV6 = blockList([LOOPBACK_V6], 'ipv6');

/** An IPv4 address inside IPv6 (`::ffff:a.b.c.d`, also written `::ffff:7f00:1`) as IPv4. */
function unmapped(address: string): string {
  const lower = address.toLowerCase();
  const dotted =
    /^(?:0{0,4}:){0,5}(?:0{0,4}:)?ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(lower) ?? /^::(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  if (dotted) return dotted[1];
  const hex = /^(?:0{0,4}:){0,5}(?:0{0,4}:)?ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(lower);
  if (hex) {
    const hi = parseInt(hex[1], 16);
    const lo = parseInt(hex[2], 16);
    return `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
  }
  return address;
}

function networkList(networks: readonly string[]): BlockList {
  const list = new BlockList();
  for (const network of networks) {
    const [net, prefix] = network.split('/');
    const type = isIP(net) === 6 ? 'ipv6' : 'ipv4';
    list.addSubnet(net, Number(prefix ?? (type === 'ipv6' ? 128 : 32)), type);
  }
  return list;
}

/** Whether each entry is a network in CIDR form (configuration is checked at start). */
export function isNetwork(network: string): boolean {
  const [net, prefix, extra] = network.split('/');
  const version = isIP(net);
  if (!version || extra !== undefined) return false;
  if (prefix === undefined) return true;
  const n = Number(prefix);
  return /^\d{1,3}$/.test(prefix) && n >= 0 && n <= (version === 6 ? 128 : 32);
}

export const isLoopbackAddress = (address: string): boolean => {
  const a = unmapped(address);
  return isIP(a) === 4 ? loopbackV4.check(a, 'ipv4') : isIP(a) === 6 && loopbackV6.check(a, 'ipv6');
};

/** Why an address is refused, or undefined when a delivery may connect to it. */
export function refusedAddress(address: string, policy: WebhookAddressPolicy): string | undefined {
  const a = unmapped(address);
  const version = isIP(a);
  if (!version) return `${address} is not an IP address`;
  const type = version === 6 ? 'ipv6' : 'ipv4';
  if (policy.allowedNetworks.length && networkList(policy.allowedNetworks).check(a, type)) return undefined;
  if (isLoopbackAddress(a)) return policy.allowLoopback ? undefined : `${address} is a loopback address`;
  const reserved = type === 'ipv4' ? reservedV4.check(a, 'ipv4') : reservedV6.check(a, 'ipv6');
  return reserved ? `${address} is in a private, link-local or reserved range` : undefined;
}

const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '[::1]']);

/** The host of a URL without IPv6 brackets. */
const bareHost = (url: URL) => url.hostname.replace(/^\[(.*)\]$/, '$1');

/**
 * Why a subscription's URL is refused, or undefined. A host name is resolved only at delivery
 * (its address then is what counts); a literal address is judged now as well.
 */
export function refusedUrl(text: string, policy: WebhookAddressPolicy): string | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return 'not a URL';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'only http and https URLs';
  if (url.username || url.password) return 'no user name or password in the URL';
  if (url.hash) return 'no fragment';
  const loopbackName = LOOPBACK_NAMES.has(url.hostname.toLowerCase()) || isLoopbackAddress(bareHost(url));
  if (url.protocol === 'http:' && !(policy.allowLoopback && loopbackName)) return 'https is required';
  if (isIP(bareHost(url))) return refusedAddress(bareHost(url), policy);
  if (loopbackName && !policy.allowLoopback) return 'a loopback host';
  return undefined;
}
