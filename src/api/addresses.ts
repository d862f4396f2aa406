// Which hosts a video download may connect to. A signed link comes from a third party (the
// provider's CDN), so it must not reach this machine, the local network or a cloud metadata
// service (169.254.169.254) unless the API itself is on this machine (the simulator).
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { isIP } from 'node:net';
import { SeedanceApiError } from './errors';
import { says } from './i18n';

/** True for loopback, private, link-local, shared (CGNAT), multicast and unspecified addresses. */
export function isLocalAddress(address: string): boolean {
  const ip = address.replace(/^\[|\]$/g, '').toLowerCase();
  const v = isIP(ip);
  if (v === 4) {
    const [a, b] = ip.split('.').map(Number);
    return (
      a === 0 ||
      a === 10 ||
      a === 127 ||
      (a === 100 && b >= 64 && b <= 127) ||
      (a === 169 && b === 254) ||
      (a === 172 && b >= 16 && b <= 31) ||
      (a === 192 && b === 168) ||
      a >= 224
    );
  }
  if (v === 6) {
    const g = groupsOf(ip);
    const v4 = (hi: number, lo: number) => `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
    const zeros = (from: number, to: number) => g.slice(from, to).every((x) => x === 0);
    // ::/128 unspecified, ::1 loopback.
    if (zeros(0, 7) && g[7] <= 1) return true;
    // An IPv4 address inside an IPv6 one is judged as itself: ::a.b.c.d (IPv4-compatible),
    // ::ffff:a.b.c.d (mapped, also as URL parsing writes it, ::ffff:c0a8:101), 64:ff9b::a.b.c.d
    // (NAT64) and 2002:aabb:ccdd:: (6to4).
    if (zeros(0, 6) || (zeros(0, 5) && g[5] === 0xffff) || (g[0] === 0x64 && g[1] === 0xff9b && zeros(2, 6)))
      return isLocalAddress(v4(g[6], g[7]));
    if (g[0] === 0x2002) return isLocalAddress(v4(g[1], g[2]));
    // 64:ff9b:1::/48 local-use NAT64, fc00::/7 unique local, fe80::/10 link-local, fec0::/10
    // site-local (deprecated, still routed on some networks), ff00::/8 multicast.
    return (
      (g[0] === 0x64 && g[1] === 0xff9b && g[2] === 1) ||
      (g[0] & 0xfe00) === 0xfc00 ||
      (g[0] & 0xffc0) === 0xfe80 ||
      (g[0] & 0xffc0) === 0xfec0 ||
      (g[0] & 0xff00) === 0xff00
    );
  }
  return false;
}

/** The eight 16-bit groups of a valid IPv6 address (`::` expanded, a trailing dotted quad read). */
function groupsOf(ip: string): number[] {
  const zone = ip.split('%')[0];
  const quad = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(zone);
  const text = quad
    ? zone.slice(0, quad.index) +
      [((+quad[1] << 8) | +quad[2]).toString(16), ((+quad[3] << 8) | +quad[4]).toString(16)].join(':')
    : zone;
  const [head, tail] = text.split('::');
  const part = (s: string | undefined) => (s ? s.split(':').map((x) => parseInt(x, 16)) : []);
  const front = part(head);
  const back = part(tail);
  return tail === undefined ? front : [...front, ...Array<number>(8 - front.length - back.length).fill(0), ...back];
}

export function localAddressError(host: string, address: string): SeedanceApiError {
  return new SeedanceApiError(
    'protocol',
    says(
      'The video link points at {0} ({1}), an address on this machine or its local network; it was not downloaded',
      host,
      address,
    ),
  );
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * A `lookup` for net.connect that refuses names resolving to a local address, so a DNS name
 * cannot stand in for 127.0.0.1 or 169.254.169.254. Behind a proxy the proxy resolves names;
 * literal addresses are checked before any request (download.ts).
 */
export function refusingLocalLookup(
  hostname: string,
  options: { all?: boolean; family?: number },
  callback: LookupCallback,
): void {
  dnsLookup(hostname, { ...options, all: true }, (err, addresses) => {
    if (err) return callback(err, []);
    const local = addresses.find((a) => isLocalAddress(a.address));
    if (local) return callback(localAddressError(hostname, local.address), []);
    if (options.all) return callback(null, addresses);
    const [first] = addresses;
    return callback(null, first.address, first.family);
  });
}
