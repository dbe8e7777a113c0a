import { defineRule } from './types';
import type { RuleFinding } from '../check/types';
import { ALLOWED_ROLES_SCHEMA, describeGrant, landsIn, roleGrants, type Sensitive } from './lib/rbac';

interface Options {
  namespacedRoles: boolean;
  allowedRoles: string[];
}

// list and watch return every Secret's data, not only names; get needs the name, which is often guessable.
const SECRETS: Sensitive = { resources: new Map([['', ['secrets']]]), verbs: ['get', 'list', 'watch'], resourceNamesExempt: true };

export default defineRule<Options>({
  meta: {
    id: 'rbac-secrets-read',
    description:
      'A Role or ClusterRole grants get, list or watch on Secrets without resourceNames: whoever is bound reads every Secret in scope, ServiceAccount tokens and other components’ credentials included (CIS 5.1.2).',
    model:
      'A ClusterRole is judged as if bound cluster-wide (every namespace’s Secrets); a Role reads its own namespace’s. A rule with resourceNames reads only those Secrets and is not a finding. A grant that needs a `*` is left to rbac-wildcard when that rule runs.',
    remediation:
      'Name the Secrets the component needs in resourceNames, or grant the read in a Role in the one namespace that holds them; an operator that must read Secrets cluster-wide goes in allowedRoles.',
    category: 'security',
    scope: 'object',
    defaultSeverity: 'error',
    optionsSchema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        namespacedRoles: {
          description:
            'Also judge Roles (one namespace’s Secrets). The recommended preset judges ClusterRoles only: a Role reading its own namespace’s Secrets is how most applications and operators read their configuration.',
          type: 'boolean',
          default: true,
        },
        allowedRoles: ALLOWED_ROLES_SCHEMA,
      },
    },
  },
  *check({ inventory, options, activeRules, namespaces }): Iterable<RuleFinding> {
    const roles = options.namespacedRoles ? inventory.ofKind('Role', 'ClusterRole') : inventory.ofKind('ClusterRole');
    for (const { role, grant } of roleGrants(roles, [SECRETS], { allowedRoles: options.allowedRoles, activeRules, namespaces })) {
      const ns = role.kind === 'Role' ? landsIn(role, namespaces) : undefined;
      const scope =
        role.kind === 'ClusterRole'
          ? 'every namespace it is bound in (all of them through a ClusterRoleBinding)'
          : ns === undefined
            ? 'the namespace it is applied in'
            : `namespace ${ns}`;
      yield {
        item: role,
        path: `/rules/${grant.index}`,
        message: `${describeGrant(role, grant)}: reads the Secrets of ${scope}; expected resourceNames or no read access to Secrets`,
      };
    }
  },
});
