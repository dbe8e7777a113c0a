/**
 * What CEL rules need to know of the objects they judge, shared by a policy's custom rules and admission-policy:
 * the fields an expression reads (to point a finding at), and the admission request an object of the input stands for.
 */
import type { InventoryItem } from '../check/types';

const FIELD = /\bobject((?:\.[A-Za-z_][A-Za-z0-9_]*)+)/g;

/**
 * JSON pointers of the fields the expression reads (`object.spec.replicas` → /spec/replicas), longest first: a
 * finding points at the deepest of them that the object has, since that is what the expression judged.
 */
export function fieldsRead(expression: string): string[] {
  const out = new Set<string>();
  for (const m of expression.matchAll(FIELD)) out.add(m[1].split('.').slice(1).join('/'));
  return [...out].map((p) => `/${p}`).sort((a, b) => b.split('/').length - a.split('/').length);
}

export function deepest(object: unknown, pointers: readonly string[]): string {
  let best = '';
  for (const pointer of pointers) {
    let at: unknown = object;
    let reached = '';
    for (const key of pointer.slice(1).split('/')) {
      if (!at || typeof at !== 'object' || !Object.hasOwn(at, key)) break;
      at = (at as Record<string, unknown>)[key];
      reached += `/${key}`;
    }
    if (reached.split('/').length > best.split('/').length) best = reached;
  }
  return best;
}

/** A built-in kind's resource name: its lower-case plural (networkpolicies, ingresses, endpoints). */
export function builtinPlural(kind: string): string {
  const lower = kind.toLowerCase();
  if (lower === 'endpoints') return lower;
  if (/(s|x|ch|sh)$/.test(lower)) return `${lower}es`;
  if (/[^aeiou]y$/.test(lower)) return `${lower.slice(0, -1)}ies`;
  return `${lower}s`;
}

/**
 * The request an object of the input stands for offline: its creation by whoever applies the input (no user, no
 * groups). `plural` is the kind's resource name where the caller knows it (a CRD's), else the built-in plural.
 */
export function offlineRequest(item: InventoryItem, operation: 'CREATE' | 'UPDATE' = 'CREATE', plural = builtinPlural(item.kind)): Record<string, unknown> {
  const [group, version] = item.apiVersion.includes('/') ? item.apiVersion.split('/') : ['', item.apiVersion];
  return {
    operation,
    name: item.name,
    namespace: item.namespace,
    kind: { group, version, kind: item.kind },
    resource: { group, version, resource: plural },
    requestKind: { group, version, kind: item.kind },
    requestResource: { group, version, resource: plural },
    userInfo: { username: '', groups: [] },
    dryRun: false,
  };
}
