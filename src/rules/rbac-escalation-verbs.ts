import { defineRule } from './types';
import type { RuleFinding } from '../check/types';
import { ALLOWED_ROLES_SCHEMA, describeGrant, roleGrants, type Sensitive } from './lib/rbac';

interface Options {
  allowedRoles: string[];
}

// The verbs RBAC made for getting around itself: bind grants any role one can name, escalate edits a role beyond
// one's own permissions, impersonate acts as another user, group or ServiceAccount.
const SENSITIVITIES: readonly Sensitive[] = [
  { resources: new Map([['rbac.authorization.k8s.io', ['roles', 'clusterroles']]]), verbs: ['bind', 'escalate'] },
  { resources: new Map([['', ['users', 'groups', 'serviceaccounts']]]), verbs: ['impersonate'] },
  { resources: new Map([['authentication.k8s.io', ['uids', 'userextras']]]), verbs: ['impersonate'], subresourcesToo: true },
];

export default defineRule<Options>({
  meta: {
    id: 'rbac-escalation-verbs',
    description:
      'A Role or ClusterRole grants bind or escalate on roles/clusterroles, or impersonate on users, groups, ServiceAccounts, uids or userextras: RBAC’s own escalation paths, to any permission (resourceNames narrow the grant but it stays one: bind on the ClusterRole named cluster-admin is cluster-admin).',
    model: 'A grant that needs a `*` (verbs: ["*"]) is left to rbac-wildcard when that rule runs.',
    remediation:
      'Bind the roles the subject needs in the manifests instead of granting bind/escalate, and give impersonation only to break-glass roles; an operator that manages RBAC by design goes in allowedRoles.',
    category: 'security',
    scope: 'object',
    defaultSeverity: 'error',
    optionsSchema: { type: 'object', additionalProperties: false, properties: { allowedRoles: ALLOWED_ROLES_SCHEMA } },
  },
  *check({ inventory, options, activeRules, namespaces }): Iterable<RuleFinding> {
    for (const { role, grant } of roleGrants(inventory.ofKind('Role', 'ClusterRole'), SENSITIVITIES, {
      allowedRoles: options.allowedRoles,
      activeRules,
      namespaces,
    })) {
      yield { item: role, path: `/rules/${grant.index}`, message: `${describeGrant(role, grant)}; expected no RBAC escalation verbs outside allowedRoles` };
    }
  },
});
