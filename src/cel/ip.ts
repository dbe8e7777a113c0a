/**
 * IP addresses and CIDR ranges for CEL (the `ip` and `cidr` libraries of Kubernetes CEL). As Kubernetes does, an
 * IPv4-mapped IPv6 address and an IPv6 zone are not IP addresses here.
 */

export class IP {
  constructor(public readonly bytes: Uint8Array) {}

  public get family(): 4 | 6 {
    return this.bytes.length === 4 ? 4 : 6;
  }

  public static parse(text: string): IP | undefined {
    if (text.includes('.') && !text.includes(':')) return parseV4(text);
    if (text.includes(':') && !text.includes('%')) return parseV6(text);
    return undefined;
  }

  public equals(other: IP): boolean {
    return this.bytes.length === other.bytes.length && this.bytes.every((b, i) => b === other.bytes[i]);
  }

  public isUnspecified(): boolean {
    return this.bytes.every((b) => b === 0);
  }

  public isLoopback(): boolean {
    if (this.family === 4) return this.bytes[0] === 127;
    return this.bytes.slice(0, 15).every((b) => b === 0) && this.bytes[15] === 1;
  }

  public isLinkLocalMulticast(): boolean {
    if (this.family === 4) return this.bytes[0] === 224 && this.bytes[1] === 0 && this.bytes[2] === 0;
    return this.bytes[0] === 0xff && (this.bytes[1] & 0x0f) === 0x02;
  }

  public isLinkLocalUnicast(): boolean {
    if (this.family === 4) return this.bytes[0] === 169 && this.bytes[1] === 254;
    return this.bytes[0] === 0xfe && (this.bytes[1] & 0xc0) === 0x80;
  }

  public isMulticast(): boolean {
    return this.family === 4 ? this.bytes[0] >= 224 && this.bytes[0] < 240 : this.bytes[0] === 0xff;
  }

  /** Go's net.IP.IsGlobalUnicast: none of the special kinds above, nor the IPv4 broadcast address. */
  public isGlobalUnicast(): boolean {
    const broadcast = this.family === 4 && this.bytes.every((b) => b === 255);
    return !broadcast && !this.isUnspecified() && !this.isLoopback() && !this.isMulticast() && !this.isLinkLocalUnicast();
  }

  /** Canonical text: dotted decimal, or RFC 5952 (lower case, the longest run of zero groups as ::). */
  public toString(): string {
    if (this.family === 4) return [...this.bytes].join('.');
    const groups: number[] = [];
    for (let i = 0; i < 16; i += 2) groups.push((this.bytes[i] << 8) | this.bytes[i + 1]);
    let best = -1;
    let bestLen = 1;
    for (let i = 0; i < 8;) {
      if (groups[i] !== 0) {
        i++;
        continue;
      }
      let j = i;
      while (j < 8 && groups[j] === 0) j++;
      if (j - i > bestLen) [best, bestLen] = [i, j - i];
      i = j;
    }
    const hex = groups.map((g) => g.toString(16));
    if (best < 0) return hex.join(':');
    return `${hex.slice(0, best).join(':')}::${hex.slice(best + bestLen).join(':')}`;
  }
}

function parseV4(text: string): IP | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  const bytes = new Uint8Array(4);
  for (let i = 0; i < 4; i++) {
    // Leading zeros are ambiguous (octal in some parsers): Go and Kubernetes reject them.
    if (!/^(0|[1-9][0-9]{0,2})$/.test(parts[i]) || Number(parts[i]) > 255) return undefined;
    bytes[i] = Number(parts[i]);
  }
  return new IP(bytes);
}

function parseV6(text: string): IP | undefined {
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const groups = (s: string): number[] | undefined => {
    if (s === '') return [];
    const out: number[] = [];
    const parts = s.split(':');
    for (let i = 0; i < parts.length; i++) {
      const p = parts[i];
      if (i === parts.length - 1 && p.includes('.')) {
        const v4 = parseV4(p);
        if (!v4) return undefined;
        out.push((v4.bytes[0] << 8) | v4.bytes[1], (v4.bytes[2] << 8) | v4.bytes[3]);
      } else if (/^[0-9a-fA-F]{1,4}$/.test(p)) out.push(parseInt(p, 16));
      else return undefined;
    }
    return out;
  };
  const head = groups(halves[0]);
  const tail = halves.length === 2 ? groups(halves[1]) : [];
  if (!head || !tail) return undefined;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;
  const all = [...head, ...new Array<number>(halves.length === 2 ? missing : 0).fill(0), ...tail];
  const bytes = new Uint8Array(16);
  all.forEach((g, i) => {
    bytes[2 * i] = g >> 8;
    bytes[2 * i + 1] = g & 0xff;
  });
  // IPv4-mapped IPv6 (::ffff:a.b.c.d) is ambiguous between the families: Kubernetes rejects it.
  if (bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff) return undefined;
  return new IP(bytes);
}

export class CIDR {
  constructor(
    public readonly ip: IP,
    public readonly prefix: number,
  ) {}

  public static parse(text: string): CIDR | undefined {
    const slash = text.indexOf('/');
    if (slash < 0) return undefined;
    const ip = IP.parse(text.slice(0, slash));
    const bits = text.slice(slash + 1);
    if (!ip || !/^(0|[1-9][0-9]{0,2})$/.test(bits)) return undefined;
    const prefix = Number(bits);
    if (prefix > ip.bytes.length * 8) return undefined;
    return new CIDR(ip, prefix);
  }

  public masked(): CIDR {
    const bytes = new Uint8Array(this.ip.bytes);
    for (let i = 0; i < bytes.length; i++) {
      const keep = Math.max(0, Math.min(8, this.prefix - 8 * i));
      bytes[i] &= (0xff << (8 - keep)) & 0xff;
    }
    return new CIDR(new IP(bytes), this.prefix);
  }

  public containsIP(ip: IP): boolean {
    if (ip.family !== this.ip.family) return false;
    return new CIDR(ip, this.prefix).masked().ip.equals(this.masked().ip);
  }

  public containsCIDR(other: CIDR): boolean {
    return other.prefix >= this.prefix && this.containsIP(other.ip);
  }

  public equals(other: CIDR): boolean {
    return this.prefix === other.prefix && this.ip.equals(other.ip);
  }

  public toString(): string {
    return `${this.ip.toString()}/${this.prefix}`;
  }
}
