/**
 * Which IP addresses the fetch stage may connect to.
 *
 * Checked on the resolved address at connect time (see `dispatcher.ts`), so a name that resolves
 * to a public address for a pre-check and to a private one for the connection (DNS rebinding)
 * cannot slip past. IPv4-mapped, NAT64 and 6to4 IPv6 addresses are judged by the IPv4 address
 * they carry. Ranges: RFC 6890 special-purpose registries (IPv4 and IPv6).
 */
import { isIP } from 'node:net';

/** Why an address is special; `private` and `loopback` are allowed with `allowPrivateNetwork`. */
export type AddressClass =
  'loopback' | 'private' | 'link-local' | 'unique-local' | 'multicast' | 'unspecified' | 'reserved';

const V4_RANGES: Array<[string, number, AddressClass]> = [
  ['0.0.0.0', 8, 'unspecified'],
  ['10.0.0.0', 8, 'private'],
  ['100.64.0.0', 10, 'private'], // carrier-grade NAT (RFC 6598)
  ['127.0.0.0', 8, 'loopback'],
  ['169.254.0.0', 16, 'link-local'], // cloud metadata lives here (169.254.169.254)
  ['172.16.0.0', 12, 'private'],
  ['192.0.0.0', 24, 'reserved'],
  ['192.0.2.0', 24, 'reserved'],
  ['192.88.99.0', 24, 'reserved'],
  ['192.168.0.0', 16, 'private'],
  ['198.18.0.0', 15, 'reserved'],
  ['198.51.100.0', 24, 'reserved'],
  ['203.0.113.0', 24, 'reserved'],
  ['224.0.0.0', 4, 'multicast'],
  ['240.0.0.0', 4, 'reserved'], // includes 255.255.255.255
];

/**
 * Classifies an IP address.
 *
 * @param address IPv4 or IPv6 literal (brackets allowed).
 * @returns The class of a special address, null for an ordinary public one, `reserved` for text
 *   that is not an IP address at all.
 */
export function classifyAddress(address: string): AddressClass | null {
  const ip = address.replace(/^\[|\]$/g, '');
  const family = isIP(ip);
  if (family === 4) return classifyV4(v4ToInt(ip));
  if (family === 6) return classifyV6(v6ToBytes(ip));
  return 'reserved';
}

/**
 * Returns why a connection to `address` is refused, or null when it is allowed.
 *
 * @param address The resolved IP address.
 * @param allowPrivateNetwork The topic's `allowPrivateNetwork`: loopback and private ranges are
 *   then allowed, link-local (169.254.0.0/16, fe80::/10) never.
 */
export function refusalOf(address: string, allowPrivateNetwork: boolean): string | null {
  const kind = classifyAddress(address);
  if (kind === null) return null;
  if (allowPrivateNetwork && (kind === 'loopback' || kind === 'private' || kind === 'unique-local'))
    return null;
  return `refused: ${address} is ${/^[aeiou]/.test(kind) ? 'an' : 'a'} ${kind} address`;
}

function classifyV4(value: number): AddressClass | null {
  for (const [base, bits, kind] of V4_RANGES) {
    const mask = bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0;
    if ((value & mask) >>> 0 === v4ToInt(base)) return kind;
  }
  return null;
}

function classifyV6(b: number[]): AddressClass | null {
  const isZero = (from: number, to: number) => b.slice(from, to).every((x) => x === 0);
  const embeddedV4 = (at: number) =>
    ((b[at]! << 24) | (b[at + 1]! << 16) | (b[at + 2]! << 8) | b[at + 3]!) >>> 0;
  if (isZero(0, 16)) return 'unspecified';
  if (isZero(0, 15) && b[15] === 1) return 'loopback';
  // ::ffff:a.b.c.d (IPv4-mapped) and 64:ff9b::a.b.c.d (NAT64) reach the IPv4 address they carry.
  if (isZero(0, 10) && b[10] === 0xff && b[11] === 0xff) return classifyV4(embeddedV4(12));
  if (b[0] === 0x00 && b[1] === 0x64 && b[2] === 0xff && b[3] === 0x9b && isZero(4, 12))
    return classifyV4(embeddedV4(12));
  if (isZero(0, 12)) return 'reserved'; // IPv4-compatible (deprecated)
  if (b[0] === 0x20 && b[1] === 0x02) return classifyV4(embeddedV4(2)) ?? null; // 6to4
  if (b[0] === 0xff) return 'multicast';
  if (b[0] === 0xfe && (b[1]! & 0xc0) === 0x80) return 'link-local';
  if (b[0] === 0xfe && (b[1]! & 0xc0) === 0xc0) return 'private'; // site-local (deprecated)
  if ((b[0]! & 0xfe) === 0xfc) return 'unique-local';
  if (b[0] === 0x20 && b[1] === 0x01 && b[2] === 0x0d && b[3] === 0xb8) return 'reserved'; // documentation
  if (b[0] === 0x20 && b[1] === 0x01 && b[2] === 0x00 && b[3] === 0x00) return 'reserved'; // Teredo
  if (b[0] === 0x01 && isZero(1, 8)) return 'reserved'; // discard-only 100::/64
  return null;
}

function v4ToInt(ip: string): number {
  return ip.split('.').reduce((acc, part) => ((acc << 8) | Number(part)) >>> 0, 0);
}

function v6ToBytes(ip: string): number[] {
  // A dotted IPv4 tail (`::ffff:1.2.3.4`) becomes two hex groups, then `::` is expanded.
  const text = ip
    .split('%')[0]!
    .replace(
      /(\d+)\.(\d+)\.(\d+)\.(\d+)$/,
      (_, a: string, b: string, c: string, d: string) =>
        `${((+a << 8) | +b).toString(16)}:${((+c << 8) | +d).toString(16)}`,
    );
  const [head = '', rest] = text.split('::');
  const groupsOf = (part: string) => (part ? part.split(':') : []);
  const left = groupsOf(head);
  const right = groupsOf(rest ?? '');
  const middle =
    rest === undefined
      ? []
      : new Array<string>(Math.max(0, 8 - left.length - right.length)).fill('0');
  const bytes: number[] = [];
  for (const group of [...left, ...middle, ...right].slice(0, 8)) {
    const value = parseInt(group, 16) || 0;
    bytes.push((value >> 8) & 255, value & 255);
  }
  return bytes;
}
