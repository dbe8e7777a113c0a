import { defineRule } from './types';
import type { RuleFinding } from '../check/types';
import { arr, obj } from './lib/values';
import { globs, landsIn } from './lib/rbac';

interface Options {
  clusterRoles: string[];
  allowedSubjects: string[];
}

export default defineRule<Options>({
  meta: {
    id: 'rbac-cluster-admin',
    description:
      'A RoleBinding or ClusterRoleBinding binds cluster-admin (or another ClusterRole the policy lists) to a subject the policy does not allow: every permission on the cluster, or on the namespace through a RoleBinding (CIS 5.1.1).',
    remediation:
      'Bind a role with the resources and verbs the subject needs; a subject that must be cluster-admin (a break-glass group) goes in allowedSubjects.',
    category: 'security',
    scope: 'object',
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
  *check({ inventory, options, namespaces }): Iterable<RuleFinding> {
    const allowed = globs(options.allowedSubjects);
    for (const b of inventory.ofKind('RoleBinding', 'ClusterRoleBinding')) {
      const ref = obj(b.object.roleRef);
      if (ref.kind !== 'ClusterRole' || typeof ref.name !== 'string' || !options.clusterRoles.includes(ref.name)) continue;
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
          message: `${b.kind} ${b.name} makes ${String(s.kind ?? '?')} ${id} ${ref.name} of ${scope}; expected a narrower role or the subject in allowedSubjects`,
        };
      }
    }
  },
});
