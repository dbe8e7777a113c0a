import { defineRule } from './types';
import type { InventoryItem, RuleFinding } from '../check/types';
import { obj, strings } from './lib/values';

interface Options {
  allowedServiceAccounts: string[];
  anyServiceAccount: boolean;
}

/** Status subresources a role may update or patch (e.g. ["ingesters/status"]). */
function statusWrites(role: InventoryItem): string[] {
  const out: string[] = [];
  for (const rule of Array.isArray(role.object.rules) ? role.object.rules.map(obj) : []) {
    const verbs = strings(rule.verbs);
    if (!verbs.some((v) => v === 'update' || v === 'patch' || v === '*')) continue;
    for (const r of strings(rule.resources)) if (r === '*' || r.endsWith('/status')) out.push(r);
  }
  return out;
}

export default defineRule<Options>({
  meta: {
    id: 'rbac-status-write',
    description:
      'Update or patch on a */status subresource is bound to a subject other than the controller service accounts the policy names (status integrity: only the controller writes status).',
    remediation: 'Bind status writes only to the controller’s ServiceAccount; give users and other components read access to status.',
    category: 'security',
    scope: 'inventory',
    defaultSeverity: 'error',
    optionsSchema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        allowedServiceAccounts: {
          description: 'The controllers allowed to write status, as system:serviceaccount:<namespace>:<name> (never a User or Group).',
          type: 'array',
          items: { type: 'string', pattern: '^system:serviceaccount:[a-z0-9-]+:[a-z0-9.-]+$' },
          default: [],
        },
        anyServiceAccount: {
          description:
            "Let every ServiceAccount write status, flagging only users and groups (the minimal preset: upstream operators write their own resources' status).",
          type: 'boolean',
          default: false,
        },
      },
    },
  },
  *check({ inventory, options }): Iterable<RuleFinding> {
    for (const b of inventory.ofKind('RoleBinding', 'ClusterRoleBinding')) {
      const ref = obj(b.object.roleRef);
      if (typeof ref.name !== 'string') continue;
      const roles = ref.kind === 'ClusterRole' ? inventory.find('ClusterRole', '', ref.name) : inventory.find('Role', b.namespace, ref.name);
      const writes = roles.flatMap(statusWrites);
      if (!writes.length) continue;
      const subjects = Array.isArray(b.object.subjects) ? b.object.subjects.map(obj) : [];
      for (let i = 0; i < subjects.length; i++) {
        const s = subjects[i];
        if (s.kind === 'ServiceAccount') {
          const id = `system:serviceaccount:${typeof s.namespace === 'string' ? s.namespace : b.namespace}:${String(s.name)}`;
          if (options.anyServiceAccount || options.allowedServiceAccounts.includes(id)) continue;
          const allowed = options.allowedServiceAccounts.length
            ? `only ${options.allowedServiceAccounts.join(', ')} may`
            : 'the policy names no controller that may (rbac-status-write allowedServiceAccounts)';
          yield { item: b, path: `/subjects/${i}`, message: `${id} may write ${writes.join(', ')} through ${String(ref.kind)} ${ref.name}; ${allowed}` };
        } else {
          yield {
            item: b,
            path: `/subjects/${i}`,
            message: `${String(s.kind)} ${String(s.name)} may write ${writes.join(', ')} through ${String(ref.kind)} ${ref.name}; status writes belong to controller ServiceAccounts only`,
          };
        }
      }
    }
  },
});
