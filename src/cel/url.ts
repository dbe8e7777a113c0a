/**
 * URLs for CEL (the `url` library of Kubernetes CEL, after Go's url.ParseRequestURI): an absolute URI
 * (`https://example.com:80/path?q=v`) or an absolute path (`/path`); anything else is not a URL. The authority is
 * split by hand, since WHATWG URL drops default ports and Kubernetes keeps them (`getHost()` of `https://h:443/` is `h:443`).
 */

// scheme ":" ["//" authority] path ["?" query] ["#" fragment]
const ABSOLUTE = /^([a-zA-Z][a-zA-Z0-9+.-]*):(?:\/\/([^/?#]*))?([^?#]*)(?:\?([^#]*))?(?:#.*)?$/;
const PATH = /^(\/[^?#]*)(?:\?([^#]*))?(?:#.*)?$/;

export class URLValue {
  constructor(
    public readonly text: string,
    public readonly scheme: string,
    public readonly host: string,
    public readonly path: string,
    public readonly query: string,
  ) {}

  public static parse(text: string): URLValue | undefined {
    // Go rejects control characters anywhere and spaces outside the path.
    if (/[\x00-\x1f\x7f]/.test(text)) return undefined;
    const abs = ABSOLUTE.exec(text);
    if (abs) {
      const [, scheme, authority = '', path, query = ''] = abs;
      const host = authority.includes('@') ? authority.slice(authority.lastIndexOf('@') + 1) : authority;
      if (/\s/.test(host) || (host.startsWith('[') && !/^\[[0-9a-fA-F:.]+\](:[0-9]*)?$/.test(host))) return undefined;
      if (!host.startsWith('[') && host.split(':').length > 2) return undefined;
      if (host.includes(':') && !/:[0-9]*$/.test(host)) return undefined;
      return new URLValue(text, scheme.toLowerCase(), host, decode(path), query);
    }
    const rel = PATH.exec(text);
    if (rel) return new URLValue(text, '', '', decode(rel[1]), rel[2] ?? '');
    return undefined;
  }

  public get hostname(): string {
    if (this.host.startsWith('[')) return this.host.slice(1, this.host.indexOf(']'));
    const colon = this.host.indexOf(':');
    return colon < 0 ? this.host : this.host.slice(0, colon);
  }

  public get port(): string {
    const m = /:([0-9]*)$/.exec(this.host.startsWith('[') ? this.host.slice(this.host.indexOf(']')) : this.host);
    return m ? m[1] : '';
  }

  /** The path percent-encoded as Go's URL.EscapedPath does. */
  public get escapedPath(): string {
    return this.path.replace(/[^A-Za-z0-9\-._~!$&'()*+,;=:@/]/g, (c) =>
      [...new TextEncoder().encode(c)].map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join(''),
    );
  }

  /** The query as Go's URL.Query(): each key to its values in order. */
  public get queryMap(): Record<string, string[]> {
    const out: Record<string, string[]> = {};
    if (!this.query) return out;
    for (const part of this.query.split('&')) {
      if (!part) continue;
      const eq = part.indexOf('=');
      const key = decode(eq < 0 ? part : part.slice(0, eq), true);
      const value = eq < 0 ? '' : decode(part.slice(eq + 1), true);
      (out[key] ??= []).push(value);
    }
    return out;
  }
}

function decode(s: string, plus = false): string {
  try {
    return decodeURIComponent(plus ? s.replace(/\+/g, ' ') : s);
  } catch {
    return s;
  }
}
