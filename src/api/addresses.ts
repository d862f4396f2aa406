// Which hosts a video download may connect to. A signed link comes from a third party (the
// provider's CDN), so it must not reach this machine, the local network or a cloud metadata
// service (169.254.169.254) unless the API itself is on this machine (the simulator).
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { isIP } from 'node:net';
import { SeedanceApiError } from './errors';
import { t } from './i18n';

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
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(ip);
    if (mapped) return isLocalAddress(mapped[1]);
    // The same, as URL parsing writes it: ::ffff:c0a8:101 is 192.168.1.1.
    const hex = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(ip);
    if (hex) {
      const [hi, lo] = [parseInt(hex[1], 16), parseInt(hex[2], 16)];
      return isLocalAddress(`${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`);
    }
    if (ip === '::' || ip === '::1') return true;
    const head = parseInt(ip.split(':')[0] || '0', 16);
    // fc00::/7 unique local, fe80::/10 link-local, ff00::/8 multicast.
    return (head & 0xfe00) === 0xfc00 || (head & 0xffc0) === 0xfe80 || (head & 0xff00) === 0xff00;
  }
  return false;
}

export function localAddressError(host: string, address: string): SeedanceApiError {
  return new SeedanceApiError(
    'protocol',
    t(
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
