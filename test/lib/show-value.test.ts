import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hashValue, showValue } from '../../src/lib/show-value';

describe('showValue', () => {
  it('shows small values as JSON', () => {
    expect(showValue({ a: [1, 'x', null] })).toBe('{"a":[1,"x",null]}');
    expect(showValue(undefined)).toBe('nothing');
  });

  it('never serializes more than it shows', () => {
    const wide = Array.from({ length: 200_000 }, (_, i) => ({ [`k${i}`]: 'v'.repeat(100) }));
    const long = 'x'.repeat(5_000_000);
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    for (const v of [wide, long, deep, { [long]: 1 }]) {
      const shown = showValue(v);
      expect(shown.length).toBeLessThanOrEqual(80);
      expect(shown.endsWith('...')).toBe(true);
    }
  });
});

describe('hashValue', () => {
  it('equals the sha256 of JSON.stringify, without building the string', () => {
    for (const v of [{ a: 1, b: [true, null, 'x'], c: { d: undefined, e: 2.5 } }, [undefined, 1], 'x', 3]) {
      expect(hashValue(v)).toBe(createHash('sha256').update(JSON.stringify(v)).digest('hex'));
    }
  });
});
