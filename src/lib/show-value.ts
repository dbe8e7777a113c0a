import { createHash } from 'node:crypto';

/** How many characters of a value a message shows. */
export const SHOW_LIMIT = 80;

/**
 * The value as JSON for a message, cut at `limit` characters. Serializes only what it shows: a value from the
 * input can be megabytes, or (through aliases) far larger once expanded, and a message must stay one line.
 */
export function showValue(value: unknown, limit = SHOW_LIMIT): string {
  if (value === undefined) return 'nothing';
  let out = '';
  const walk = (v: unknown): boolean => {
    if (out.length > limit) return false;
    if (v === null || typeof v !== 'object') {
      const text = typeof v === 'string' && v.length > limit ? `${v.slice(0, limit + 1)}` : v;
      out += JSON.stringify(text) ?? String(v);
    } else if (Array.isArray(v)) {
      out += '[';
      for (let i = 0; i < v.length; i++) {
        if (i) out += ',';
        if (!walk(v[i])) return false;
      }
      out += ']';
    } else {
      out += '{';
      let first = true;
      for (const k in v) {
        if (!Object.prototype.hasOwnProperty.call(v, k)) continue;
        out += `${first ? '' : ','}${JSON.stringify(k.length > limit ? k.slice(0, limit + 1) : k)}:`;
        first = false;
        if (!walk((v as Record<string, unknown>)[k])) return false;
      }
      out += '}';
    }
    return out.length <= limit;
  };
  walk(value);
  return out.length > limit ? `${out.slice(0, limit - 3)}...` : out;
}

/**
 * sha256 of a JSON value's canonical serialization (keys in insertion order, as JSON.stringify), fed to the hash
 * piece by piece so no string the size of the value is ever built.
 */
export function hashValue(value: unknown): string {
  const hash = createHash('sha256');
  const walk = (v: unknown): void => {
    if (v === null || typeof v !== 'object') hash.update(JSON.stringify(v) ?? 'null');
    else if (Array.isArray(v)) {
      hash.update('[');
      for (let i = 0; i < v.length; i++) {
        if (i) hash.update(',');
        walk(v[i] === undefined ? null : v[i]);
      }
      hash.update(']');
    } else {
      hash.update('{');
      let first = true;
      for (const k in v) {
        if (!Object.prototype.hasOwnProperty.call(v, k)) continue;
        const child = (v as Record<string, unknown>)[k];
        if (child === undefined || typeof child === 'function') continue;
        hash.update(`${first ? '' : ','}${JSON.stringify(k)}:`);
        first = false;
        walk(child);
      }
      hash.update('}');
    }
  };
  walk(value);
  return hash.digest('hex');
}
