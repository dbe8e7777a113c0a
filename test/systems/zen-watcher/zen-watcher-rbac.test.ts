import { describe, expect, it } from 'vitest';
import { ZenWatcherRbac } from '../../../src/systems/zen-watcher';
import { all, guide, only, synth } from './helpers';

// "Controller RBAC" and "End User RBAC → Correct: End users can only read status", as written in the guide.
const CONTROLLER_RULES = guide(`
rules:
  # Read/write access to Observations CRD (for creating observations)
  - apiGroups: ["zen.kube-zen.io"]
    resources: ["observations"]
    verbs: ["get", "list", "watch", "create", "update", "patch", "delete"]
  # Read-only access to Ingester CRD (spec only)
  - apiGroups: ["zen.kube-zen.io"]
    resources: ["ingesters"]
    verbs: ["get", "list", "watch"]
  # Status subresource access for Ingester (controller-only)
  - apiGroups: ["zen.kube-zen.io"]
    resources: ["ingesters/status"]
    verbs: ["get", "update", "patch"]
`).rules;
const END_USER_RULES = guide(`
rules:
  - apiGroups: ["zen.kube-zen.io"]
    resources: ["ingesters", "observations"]
    verbs: ["get", "list", "watch"]  # Read-only, no status write
`).rules;

describe('ZenWatcherRbac', () => {
  it("defaults: the guide's controller ClusterRole verbatim, bound to the zen-watcher ServiceAccount", () => {
    const objects = synth((chart) => new ZenWatcherRbac(chart, 'rbac', { namespace: 'zen-system', leaseNames: ['zen-watcher-leader-election'] }));
    expect(only(objects, 'ClusterRole', 'zen-watcher').rules).toEqual(CONTROLLER_RULES);
    const binding = only(objects, 'ClusterRoleBinding', 'zen-watcher');
    expect(binding.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'zen-watcher' });
    expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: 'zen-watcher', namespace: 'zen-system' }]);
    const sa = only(objects, 'ServiceAccount', 'zen-watcher');
    expect(sa.metadata.namespace).toBe('zen-system');
    expect(sa.automountServiceAccountToken).toBe(true);
  });

  it('defaults: the end-user ClusterRole only reads, and nothing but the controller may write status', () => {
    const objects = synth((chart) => new ZenWatcherRbac(chart, 'rbac', { namespace: 'zen-system', leaseNames: ['zen-watcher-leader-election'] }));
    const viewer = only(objects, 'ClusterRole', 'zen-watcher-viewer');
    expect(viewer.rules).toEqual(END_USER_RULES);
    // No binding grants it (end users are bound by their own teams); it carries no status resource at all.
    expect(JSON.stringify(viewer)).not.toContain('/status');
    const statusWriters = [...all(objects, 'ClusterRole'), ...all(objects, 'Role')].filter((r) =>
      r.rules.some(
        (rule: any) => rule.resources.some((res: string) => res.endsWith('/status')) && rule.verbs.some((v: string) => v === 'update' || v === 'patch'),
      ),
    );
    expect(statusWriters.map((r) => r.metadata.name)).toEqual(['zen-watcher']);
  });

  it('never grants a wildcard', () => {
    const objects = synth((chart) => new ZenWatcherRbac(chart, 'rbac', { namespace: 'zen-system', leaseNames: ['a-leader-election', 'b-leader-election'] }));
    for (const role of [...all(objects, 'ClusterRole'), ...all(objects, 'Role')]) {
      for (const rule of role.rules) {
        for (const field of ['apiGroups', 'resources', 'verbs']) expect(rule[field], `${role.metadata.name} ${field}`).not.toContain('*');
      }
    }
  });

  it('defaults: leader election may create Leases and get/update/patch only the named ones', () => {
    const objects = synth((chart) => new ZenWatcherRbac(chart, 'rbac', { namespace: 'zen-system', leaseNames: ['zen-watcher-leader-election'] }));
    const role = only(objects, 'Role', 'zen-watcher-leader-election');
    expect(role.metadata.namespace).toBe('zen-system');
    expect(role.rules).toEqual([
      { apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['create'] },
      { apiGroups: ['coordination.k8s.io'], resources: ['leases'], resourceNames: ['zen-watcher-leader-election'], verbs: ['get', 'update', 'patch'] },
    ]);
    const binding = only(objects, 'RoleBinding', 'zen-watcher-leader-election');
    expect(binding.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'zen-watcher-leader-election' });
    expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: 'zen-watcher', namespace: 'zen-system' }]);
  });

  it('custom: names and one Lease per shard', () => {
    let user = '';
    const objects = synth((chart) => {
      user = new ZenWatcherRbac(chart, 'rbac', {
        namespace: 'zen-ops',
        leaseNames: ['zen-watcher-prod-leader-election', 'zen-watcher-dev-leader-election'],
        serviceAccountName: 'watcher',
        controllerRoleName: 'watcher-controller',
        viewerRoleName: 'watcher-read',
        labels: { team: 'sec' },
      }).serviceAccountUser;
    });
    expect(user).toBe('system:serviceaccount:zen-ops:watcher');
    expect(only(objects, 'ClusterRole', 'watcher-controller').metadata.labels).toEqual({ team: 'sec' });
    only(objects, 'ClusterRole', 'watcher-read');
    expect(only(objects, 'ClusterRoleBinding', 'watcher-controller').subjects).toEqual([{ kind: 'ServiceAccount', name: 'watcher', namespace: 'zen-ops' }]);
    expect(only(objects, 'Role').rules[1].resourceNames).toEqual(['zen-watcher-prod-leader-election', 'zen-watcher-dev-leader-election']);
  });

  it('fails if no Lease is named', () => {
    expect(() => synth((chart) => new ZenWatcherRbac(chart, 'rbac', { namespace: 'zen-system', leaseNames: [] }))).toThrow('leaseNames is empty');
  });
});
