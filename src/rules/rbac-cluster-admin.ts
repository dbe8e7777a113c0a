import { defineRule } from './types';
import type { InventoryItem, RuleFinding } from '../check/types';
import { arr, obj, strings } from './lib/values';
import { globs, landsIn } from './lib/rbac';

const EVERY_VERB = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'];

/** A role with a rule granting every verb on every resource of every API group: cluster-admin under another name. */
function grantsEverything(role: InventoryItem): boolean {
  return arr(role.object.rules).some((r) => {
    const rule = obj(r);
    const verbs = strings(rule.verbs);
    return (
      strings(rule.apiGroups).includes('*') && strings(rule.resources).includes('*') && (verbs.includes('*') || EVERY_VERB.every((v) => verbs.includes(v)))
    );
  });
}

interface Options {
  clusterRoles: string[];
  allowedSubjects: string[];
}

export default defineRule<Options>({
  meta: {
    id: 'rbac-cluster-admin',
    description:
      'A RoleBinding or ClusterRoleBinding binds cluster-admin (or another ClusterRole the policy lists, or a role of the input that grants every verb on every resource) to a subject the policy does not allow: every permission on the cluster, or on the namespace through a RoleBinding (CIS 5.1.1).',
    model:
      'A role of the input is cluster-admin in effect when one rule grants apiGroups, resources and verbs `*` (or get, list, watch, create, update, patch and delete); such a role is rbac-wildcard’s finding when that rule runs, so only a binding by name is reported then.',
    remediation:
      'Bind a role with the resources and verbs the subject needs; a subject that must be cluster-admin (a break-glass group) goes in allowedSubjects.',
    category: 'security',
    scope: 'inventory',
    defaultSeverity: 'error',
    optionsSchema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        clusterRoles: {
          description: 'ClusterRoles judged as cluster-admin, by exact name.',
          type: 'array',
          items: { type: 'string', minLength: 1 },
          default: ['cluster-admin'],
        },
        allowedSubjects: {
          description:
            'Subjects that may be bound, as `*`/`?` globs over the name the API server authorizes: `system:serviceaccount:<namespace>:<name>` for a ServiceAccount, the name for a User or Group.',
          type: 'array',
          items: { type: 'string', minLength: 1 },
          default: [],
        },
      },
    },
  },
  *check({ inventory, options, namespaces, activeRules }): Iterable<RuleFinding> {
    const allowed = globs(options.allowedSubjects);
    const wildcardRuns = activeRules?.has('rbac-wildcard') ?? false;
    // By name only: a ClusterRole is cluster-scoped, whatever `metadata.namespace` it was written with.
    const clusterRoles = new Map<string, InventoryItem[]>();
    if (!wildcardRuns) for (const r of inventory.ofKind('ClusterRole')) clusterRoles.set(r.name, [...(clusterRoles.get(r.name) ?? []), r]);
    for (const b of inventory.ofKind('RoleBinding', 'ClusterRoleBinding')) {
      const ref = obj(b.object.roleRef);
      if ((ref.kind !== 'ClusterRole' && ref.kind !== 'Role') || typeof ref.name !== 'string') continue;
      const byName = ref.kind === 'ClusterRole' && options.clusterRoles.includes(ref.name);
      const inEffect =
        !byName &&
        !wildcardRuns &&
        (ref.kind === 'ClusterRole' ? (clusterRoles.get(ref.name) ?? []) : inventory.find('Role', b.namespace, ref.name)).some(grantsEverything);
      if (!byName && !inEffect) continue;
      const what = byName ? ref.name : `cluster-admin in effect (${ref.kind} ${ref.name} grants every verb on every resource)`;
      const bindingNs = b.kind === 'RoleBinding' ? landsIn(b, namespaces) : undefined;
      const scope =
        b.kind === 'ClusterRoleBinding' ? 'the whole cluster' : bindingNs === undefined ? 'the namespace it is applied in' : `namespace ${bindingNs}`;
      const subjects = arr(b.object.subjects).map(obj);
      for (let i = 0; i < subjects.length; i++) {
        const s = subjects[i];
        const name = String(s.name ?? '?');
        // A ServiceAccount subject without a namespace is rejected by the API server; judge it where the binding lands.
        const saNs = typeof s.namespace === 'string' && s.namespace ? s.namespace : (bindingNs ?? '?');
        const id = s.kind === 'ServiceAccount' ? `system:serviceaccount:${saNs}:${name}` : name;
        if (allowed.some((p) => p.test(id))) continue;
        yield {
          item: b,
          path: `/subjects/${i}`,
          message: `${b.kind} ${b.name} makes ${String(s.kind ?? '?')} ${id} ${what} of ${scope}; expected a narrower role or the subject in allowedSubjects`,
        };
      }
    }
  },
});
