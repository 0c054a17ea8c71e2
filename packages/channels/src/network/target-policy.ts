import ipaddr from 'ipaddr.js';

/**
 * Where channels may send. Off (the default), only public addresses are reached: a key holder
 * cannot point a webhook or an SMTP host at the service's own network and read the answers.
 */
export interface TargetPolicy {
  allowPrivateTargets: boolean;
}

export const PUBLIC_TARGETS_ONLY: TargetPolicy = { allowPrivateTargets: false };

/** IANA's global unicast block: every other IPv6 address is special-purpose or unassigned. */
const GLOBAL_UNICAST_V6 = ipaddr.IPv6.parseCIDR('2000::/3');
/** NAT64's well-known prefix (RFC 6052), the IPv4 address in its last 32 bits. */
const NAT64_WELL_KNOWN = ipaddr.IPv6.parseCIDR('64:ff9b::/96');

/**
 * The special-purpose range of an IP address as ipaddr.js names it (`loopback`, `private`,
 * `linkLocal`, `carrierGradeNat`, `multicast`, `unspecified`, `uniqueLocal`, `reserved`, …), or
 * `undefined` for a public unicast address. IPv6 forms that embed an IPv4 address (IPv4-mapped,
 * RFC 6145, NAT64's 64:ff9b::/96, 6to4) are judged by the IPv4 address they carry. Every IPv4
 * spelling ipaddr.js reads is accepted (`2130706433`, `0x7f.1`, `0177.0.0.1`), as the system's
 * resolver accepts them.
 */
export function nonPublicRange(address: string): string | undefined {
  const range = rangeOf(ipaddr.parse(address));
  return range === 'unicast' ? undefined : range;
}

/** True for an IP address in any spelling ipaddr.js reads; false for a host name. */
export function isIpAddress(host: string): boolean {
  return ipaddr.isValid(host);
}

function rangeOf(address: ipaddr.IPv4 | ipaddr.IPv6): string {
  if (address.kind() === 'ipv4') return address.range();
  const v6 = address as ipaddr.IPv6;
  const range = v6.range();
  const embedded = embeddedIPv4(v6, range);
  if (embedded) return rangeOf(embedded);
  if (range === 'unicast' && !v6.match(GLOBAL_UNICAST_V6)) return 'reserved';
  return range;
}

function embeddedIPv4(address: ipaddr.IPv6, range: string): ipaddr.IPv4 | undefined {
  const [, p1 = 0, p2 = 0, , , , p6 = 0, p7 = 0] = address.parts;
  switch (range) {
    case 'ipv4Mapped':
    case 'rfc6145':
      return fromParts(p6, p7);
    case 'rfc6052':
      // 64:ff9b::/96 carries the address in its last 32 bits; the local-use 64:ff9b:1::/48
      // may place it elsewhere, so it stays refused as a whole.
      return address.match(NAT64_WELL_KNOWN) ? fromParts(p6, p7) : undefined;
    case '6to4':
      return fromParts(p1, p2);
    default:
      return undefined;
  }
}

function fromParts(high: number, low: number): ipaddr.IPv4 {
  return new ipaddr.IPv4([high >> 8, high & 0xff, low >> 8, low & 0xff]);
}

/**
 * Why `host` (a URL's hostname, an SMTP host) is not a public target, judged without DNS:
 * `localhost` and its subdomains (RFC 6761), or an IP literal in a non-public range. `undefined`
 * for a public IP or any other name, which is judged again once resolved, at send time.
 */
export function hostRefusal(host: string): string | undefined {
  const name = bareHost(host);
  if (name === 'localhost' || name.endsWith('.localhost')) return 'localhost';
  return isIpAddress(name) ? nonPublicRange(name) : undefined;
}

/** Lower case, without IPv6 brackets or the root label's trailing dot. */
export function bareHost(host: string): string {
  return host
    .trim()
    .toLowerCase()
    .replace(/^\[(.*)\]$/, '$1')
    .replace(/\.$/, '');
}
