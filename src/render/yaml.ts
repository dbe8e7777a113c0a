/**
 * Deterministic YAML: apiVersion, kind, metadata first, every other key sorted, no anchors, no line folding.
 * Emitted as YAML 1.1 so strings such as "yes", "on" or "0777" are quoted: Kubernetes' YAML reader (go-yaml)
 * would otherwise read them as booleans or octal numbers.
 */
import { stringify } from 'yaml';

const HEAD_KEYS = ['apiVersion', 'kind', 'metadata'];

function sortValue(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortValue);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) out[key] = sortValue(v);
    }
    return out;
  }
  return value;
}

export function canonicalObject(object: Record<string, unknown>): Record<string, unknown> {
  const sorted = sortValue(object) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const key of HEAD_KEYS) if (key in sorted) out[key] = sorted[key];
  for (const key of Object.keys(sorted)) if (!HEAD_KEYS.includes(key)) out[key] = sorted[key];
  return out;
}

export function toYaml(value: unknown): string {
  return stringify(value, { version: '1.1', lineWidth: 0, minContentWidth: 0, aliasDuplicateObjects: false, indentSeq: true });
}
