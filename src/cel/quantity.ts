/**
 * Kubernetes resource quantities for CEL (the `quantity` library of Kubernetes CEL): `1.5Gi`, `500m`, `2e3` parsed
 * as resource.Quantity does, kept exact as a fraction of big integers so that `quantity('1Gi') == quantity('1024Mi')`
 * and comparisons never round.
 */

const BINARY: Record<string, bigint> = { Ki: 1n << 10n, Mi: 1n << 20n, Gi: 1n << 30n, Ti: 1n << 40n, Pi: 1n << 50n, Ei: 1n << 60n };
const DECIMAL: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
// resource.Quantity's grammar: <signedNumber><suffix>, suffix a binary or decimal SI suffix or a decimal exponent.
const QUANTITY = /^([+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+))(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]|[eE][+-]?[0-9]+)?$/;
const INT64_MAX = (1n << 63n) - 1n;
const INT64_MIN = -(1n << 63n);

const gcd = (a: bigint, b: bigint): bigint => {
  a = a < 0n ? -a : a;
  while (b) [a, b] = [b, a % b];
  return a;
};

export class Quantity {
  /** The value is num / den, den > 0, in lowest terms. */
  public readonly num: bigint;
  public readonly den: bigint;

  constructor(
    num: bigint,
    den: bigint,
    public readonly text: string,
  ) {
    if (den < 0n) [num, den] = [-num, -den];
    const g = gcd(num, den) || 1n;
    this.num = num / g;
    this.den = den / g;
  }

  /** Parses `text`; undefined when it is not a quantity. */
  public static parse(text: string): Quantity | undefined {
    const m = QUANTITY.exec(text);
    if (!m) return undefined;
    const [, number, suffix = ''] = m;
    const [whole, fraction = ''] = number.replace(/^[+-]/, '').split('.');
    let num = BigInt((whole || '0') + fraction) * (number.startsWith('-') ? -1n : 1n);
    let den = 10n ** BigInt(fraction.length);
    let exponent = 0;
    if (suffix in BINARY) num *= BINARY[suffix];
    else if (/^[eE]/.test(suffix)) exponent = Number(suffix.slice(1));
    else exponent = DECIMAL[suffix];
    if (Math.abs(exponent) > 1000) return undefined;
    if (exponent > 0) num *= 10n ** BigInt(exponent);
    else if (exponent < 0) den *= 10n ** BigInt(-exponent);
    return new Quantity(num, den, text);
  }

  public static of(value: bigint): Quantity {
    return new Quantity(value, 1n, String(value));
  }

  public compareTo(other: Quantity): bigint {
    const a = this.num * other.den;
    const b = other.num * this.den;
    return a < b ? -1n : a > b ? 1n : 0n;
  }

  public add(other: Quantity): Quantity {
    const q = new Quantity(this.num * other.den + other.num * this.den, this.den * other.den, '');
    return new Quantity(q.num, q.den, q.toString());
  }

  public negate(): Quantity {
    return new Quantity(-this.num, this.den, this.text.startsWith('-') ? this.text.slice(1) : `-${this.text}`);
  }

  public sign(): bigint {
    return this.num < 0n ? -1n : this.num > 0n ? 1n : 0n;
  }

  /** Whether it is a whole number within int64 (resource.Quantity's AsInt64 succeeds). */
  public isInteger(): boolean {
    return this.den === 1n && this.num <= INT64_MAX && this.num >= INT64_MIN;
  }

  public asInteger(): bigint {
    if (!this.isInteger()) throw new Error(`quantity ${this.text} is not an integer within int64`);
    return this.num;
  }

  public asApproximateFloat(): number {
    return Number(this.num) / Number(this.den);
  }

  /** The exact value in decimal notation, or the text it was written as. */
  public toString(): string {
    if (this.text) return this.text;
    if (this.den === 1n) return String(this.num);
    return String(this.asApproximateFloat());
  }
}
