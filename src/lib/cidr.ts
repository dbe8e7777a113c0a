/** CIDR parsing and containment for IPv4 and IPv6, exact (BigInt), no dependencies. */

export interface Cidr {
  readonly version: 4 | 6;
  /** Network address with host bits as given (not masked). */
  readonly address: bigint;
  readonly prefix: number;
}

const V4_OCTET = '(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])';
const V4 = new RegExp(`^${V4_OCTET}(\\.${V4_OCTET}){3}$`);

function parseV4(text: string): bigint | undefined {
  if (!V4.test(text)) return undefined;
  return text.split('.').reduce((acc, octet) => (acc << 8n) | BigInt(Number(octet)), 0n);
}

function parseV6(text: string): bigint | undefined {
  if (!/^[0-9a-fA-F:.]+$/.test(text)) return undefined;
  // An embedded IPv4 tail (::ffff:1.2.3.4) is rewritten as its two hex groups.
  const lastColon = text.lastIndexOf(':');
  if (text.includes('.')) {
    const v4 = parseV4(text.slice(lastColon + 1));
    if (v4 === undefined) return undefined;
    text = `${text.slice(0, lastColon + 1)}${(v4 >> 16n).toString(16)}:${(v4 & 0xffffn).toString(16)}`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const groups = (part: string): string[] => (part ? part.split(':') : []);
  const left = groups(halves[0]);
  const right = halves.length === 2 ? groups(halves[1]) : [];
  if ([...left, ...right].some((g) => !/^[0-9a-fA-F]{1,4}$/.test(g))) return undefined;
  const missing = 8 - left.length - right.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;
  const all = [...left, ...Array<string>(missing).fill('0'), ...right];
  return all.reduce((acc, g) => (acc << 16n) | BigInt(`0x${g}`), 0n);
}

/** Parses `a.b.c.d/n` or `x:y::z/n`; undefined when it is not a CIDR. */
export function parseCidr(text: string): Cidr | undefined {
  const slash = text.indexOf('/');
  if (slash < 0) return undefined;
  const addr = text.slice(0, slash);
  const prefixText = text.slice(slash + 1);
  if (!/^(0|[1-9][0-9]{0,2})$/.test(prefixText)) return undefined;
  const prefix = Number(prefixText);
  const v4 = parseV4(addr);
  if (v4 !== undefined) return prefix <= 32 ? { version: 4, address: v4, prefix } : undefined;
  const v6 = addr.includes(':') ? parseV6(addr) : undefined;
  if (v6 !== undefined) return prefix <= 128 ? { version: 6, address: v6, prefix } : undefined;
  return undefined;
}

function width(c: Cidr): number {
  return c.version === 4 ? 32 : 128;
}

function network(c: Cidr, prefix: number): bigint {
  const shift = BigInt(width(c) - prefix);
  return (c.address >> shift) << shift;
}

/** True when every address of `inner` lies inside `outer`. */
export function cidrContains(outer: Cidr, inner: Cidr): boolean {
  return outer.version === inner.version && inner.prefix >= outer.prefix && network(inner, outer.prefix) === network(outer, outer.prefix);
}

/** True when both denote the same network (host bits ignored). */
export function cidrEquals(a: Cidr, b: Cidr): boolean {
  return a.version === b.version && a.prefix === b.prefix && network(a, a.prefix) === network(b, b.prefix);
}

/** True when `c` has bits set after its prefix (10.0.0.1/8): a typo for a network or a host, never a network. */
export function hasHostBits(c: Cidr): boolean {
  return network(c, c.prefix) !== c.address;
}

/** `c` with its host bits cleared, as text (IPv6 uncompressed): the network `c` was probably meant to be. */
export function networkText(c: Cidr): string {
  const address = network(c, c.prefix);
  const parts =
    c.version === 4
      ? [24n, 16n, 8n, 0n].map((s) => ((address >> s) & 0xffn).toString()).join('.')
      : [112n, 96n, 80n, 64n, 48n, 32n, 16n, 0n].map((s) => ((address >> s) & 0xffffn).toString(16)).join(':');
  return `${parts}/${c.prefix}`;
}
