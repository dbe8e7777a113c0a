/**
 * What a Role or ClusterRole rule grants, for the RBAC escalation rules (rbac-secrets-read, rbac-pod-create,
 * rbac-escalation-verbs): which of the sensitive (group, resource, verb) triples a rule entry matches, and whether it
 * needs a `*` to match. A grant reached only through a wildcard is rbac-wildcard's finding when that rule runs (it
 * names the wildcard, which is what to change); when it does not run, the escalation rule reports it itself.
 */
import type { InventoryItem } from '../../check/types';
import { arr, obj, strings } from './values';
import { glob } from '../../check/waiver-set';
import { placeNamespaced, type ApplyNamespaces } from '../../lib/apply-namespace';

export interface Sensitive {
  /** API group → resources (exact names, subresources as `pods/exec`). */
  readonly resources: ReadonlyMap<string, readonly string[]>;
  readonly verbs: readonly string[];
  /** A rule entry with resourceNames grants only those objects: not a finding (reading named Secrets is the remedy). */
  readonly resourceNamesExempt?: boolean;
  /** A resource also matches its subresources (`userextras` matches `userextras/scopes`). */
  readonly subresourcesToo?: boolean;
}

export interface Grant {
  /** Index in the role's `rules`. */
  readonly index: number;
  /** The sensitive resources and verbs the entry grants, in the order the sensitivity lists them. */
  readonly resources: string[];
  readonly verbs: string[];
  /** True when some `*` (apiGroups, resources or verbs) is needed for the grant. */
  readonly viaWildcard: boolean;
}

/** Every rule entry of a Role or ClusterRole that grants a sensitive verb on a sensitive resource. */
export function* sensitiveGrants(role: InventoryItem, sensitive: Sensitive): Iterable<Grant> {
  const rules = arr(role.object.rules);
  for (let index = 0; index < rules.length; index++) {
    const rule = obj(rules[index]);
    if (sensitive.resourceNamesExempt && strings(rule.resourceNames).length) continue;
    const groups = strings(rule.apiGroups);
    const resources = strings(rule.resources);
    const verbs = strings(rule.verbs);
    const grantedVerbs = sensitive.verbs.filter((v) => verbs.includes(v) || verbs.includes('*'));
    if (!grantedVerbs.length) continue;
    let viaWildcard = !sensitive.verbs.some((v) => verbs.includes(v));
    const grantedResources: string[] = [];
    let exact = false;
    for (const [group, names] of sensitive.resources) {
      const groupExact = groups.includes(group);
      if (!groupExact && !groups.includes('*')) continue;
      for (const name of names) {
        const named = sensitive.subresourcesToo ? resources.filter((r) => r === name || r.startsWith(`${name}/`)) : resources.filter((r) => r === name);
        // `*` is every resource; `*/exec` every resource's exec subresource (pods/* is not a valid form).
        const sub = name.includes('/') ? `*/${name.split('/')[1]}` : undefined;
        if (!named.length && !resources.includes('*') && !(sub && resources.includes(sub))) continue;
        grantedResources.push(...(named.length ? named : [name]));
        if (groupExact && named.length) exact = true;
      }
    }
    if (!grantedResources.length) continue;
    viaWildcard ||= !exact;
    yield { index, resources: grantedResources, verbs: grantedVerbs, viaWildcard };
  }
}

/**
 * The sensitive grants of a role's rule entries under several sensitivities, one per entry (resources and verbs
 * merged), leaving out those that need a `*` when rbac-wildcard reports them (`wildcardRuns`).
 */
export function grantsOf(role: InventoryItem, sensitivities: readonly Sensitive[], wildcardRuns: boolean): Grant[] {
  const byIndex = new Map<number, Grant>();
  for (const sensitive of sensitivities) {
    for (const grant of sensitiveGrants(role, sensitive)) {
      if (grant.viaWildcard && wildcardRuns) continue;
      const prev = byIndex.get(grant.index);
      if (!prev) byIndex.set(grant.index, grant);
      else
        byIndex.set(grant.index, {
          index: grant.index,
          resources: [...prev.resources, ...grant.resources],
          verbs: [...new Set([...prev.verbs, ...grant.verbs])],
          viaWildcard: prev.viaWildcard && grant.viaWildcard,
        });
    }
  }
  return [...byIndex.values()].sort((a, b) => a.index - b.index);
}

/**
 * The sensitive grants of `roles` outside the policy's allowedRoles, one per rule entry: the check loop of the
 * role-judging RBAC rules.
 */
export function* roleGrants(
  roles: readonly InventoryItem[],
  sensitivities: readonly Sensitive[],
  ctx: { readonly allowedRoles: readonly string[]; readonly activeRules?: ReadonlySet<string>; readonly namespaces?: ApplyNamespaces },
): Iterable<{ role: InventoryItem; grant: Grant }> {
  const allowed = globs(ctx.allowedRoles);
  const wildcardRuns = ctx.activeRules?.has('rbac-wildcard') ?? false;
  for (const role of roles) {
    if (roleExempt(role, allowed, ctx.namespaces)) continue;
    for (const grant of grantsOf(role, sensitivities, wildcardRuns)) yield { role, grant };
  }
}

/** `*`/`?` globs, compiled once per check run (never per object). */
export function globs(patterns: readonly string[]): RegExp[] {
  return patterns.map(glob);
}

/**
 * Whether a role is exempt by name: a pattern without `/` matches a ClusterRole's name or a Role's name in any
 * namespace; `<namespace>/<name>` matches a Role in that namespace.
 */
export function roleExempt(role: InventoryItem, patterns: readonly RegExp[], namespaces: ApplyNamespaces | undefined): boolean {
  if (!patterns.length) return false;
  const ns = role.kind === 'Role' ? landsIn(role, namespaces) : undefined;
  const qualified = ns === undefined ? undefined : `${ns}/${role.name}`;
  return patterns.some((p) => p.test(role.name) || (qualified !== undefined && p.test(qualified)));
}

/** The namespace a namespaced object lands in, or undefined when the input does not say (see src/lib/apply-namespace.ts). */
export function landsIn(item: InventoryItem, namespaces: ApplyNamespaces | undefined): string | undefined {
  const placed = placeNamespaced(item.namespace, item.file, namespaces);
  return placed.floating ? undefined : placed.namespace;
}

export const ALLOWED_ROLES_SCHEMA = {
  description:
    'Roles that may grant this, as `*`/`?` globs: a ClusterRole name, a Role name (any namespace) or `<namespace>/<name>` for a Role (e.g. the controller roles of an operator you run as shipped).',
  type: 'array',
  items: { type: 'string', minLength: 1 },
  default: [],
} as const;

/** "get, list on secrets" and where the wildcard was, for messages. */
export function describeGrant(role: InventoryItem, grant: Grant): string {
  return `${role.kind} ${role.name} grants ${grant.verbs.join(', ')} on ${grant.resources.join(', ')}${grant.viaWildcard ? ' (through a `*`)' : ''}`;
}
