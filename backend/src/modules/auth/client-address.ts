import { isIPv4, isIPv6 } from 'node:net';

/**
 * The key failed sign-ins are counted under for a client address: an IPv4 address as it is (also
 * when written IPv4-mapped, `::ffff:10.1.2.3`), an IPv6 address by its /64 network, since one host
 * commonly has a whole /64 to rotate through.
 */
export function clientAddressKey(ip: string | null | undefined): string {
  if (!ip) return 'unknown';
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped && isIPv4(mapped[1]!)) return mapped[1]!;
  if (isIPv4(ip)) return ip;
  if (!isIPv6(ip)) return 'unknown';
  const groups = expandIPv6(ip.split('%')[0]!);
  return `${groups.slice(0, 4).join(':')}::/64`;
}

/** Eight lower-case, unpadded hex groups (an embedded dotted IPv4 tail counts as two). */
function expandIPv6(ip: string): string[] {
  const toGroups = (part: string): string[] =>
    part
      .split(':')
      .filter(Boolean)
      .flatMap((group) => {
        if (!group.includes('.')) return [group];
        const [a, b, c, d] = group.split('.').map(Number) as [number, number, number, number];
        return [((a << 8) | b).toString(16), ((c << 8) | d).toString(16)];
      });
  const [head = '', tail] = ip.split('::');
  const left = toGroups(head);
  const right = tail === undefined ? [] : toGroups(tail);
  const zeros = Array<string>(8 - left.length - right.length).fill('0');
  return [...left, ...zeros, ...right].map((g) => parseInt(g, 16).toString(16));
}
