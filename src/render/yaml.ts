/** Deterministic manifests: apiVersion, kind, metadata first, every other key sorted (YAML itself: src/lib/yaml.ts). */
export { toYaml } from '../lib/yaml';

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
