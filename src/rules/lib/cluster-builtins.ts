/**
 * Objects every conformant cluster has without anyone applying them, so a reference to one is never dangling:
 * the API server's `default/kubernetes` Service (and its Endpoints), the `default` ServiceAccount and the
 * `kube-root-ca.crt` ConfigMap of every namespace, the built-in namespaces, and the RBAC bootstrap policy
 * (kubernetes plugin/pkg/auth/authorizer/rbac/bootstrappolicy: the user-facing ClusterRoles, every `system:`
 * ClusterRole and ClusterRoleBinding, and the namespaced Roles and RoleBindings of kube-system and kube-public).
 */
import type { InventoryItem, K8sObject } from '../../check/types';

export const BUILTIN_NAMESPACES: readonly string[] = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

/** Cluster-scoped RBAC the API server bootstraps: exact names, and the `system:` prefix it reserves for itself. */
const BUILTIN_CLUSTER_ROLES: readonly string[] = ['cluster-admin', 'admin', 'edit', 'view'];
const BUILTIN_CLUSTER_ROLE_BINDINGS: readonly string[] = ['cluster-admin'];
const SYSTEM_PREFIX = 'system:';

/**
 * Namespaced bootstrap RBAC: namespace → Role names. Each Role has a RoleBinding of the same name, except that
 * the binding of a Role not named `system:…` is `system::<role>`.
 */
const BOOTSTRAP_ROLES: Readonly<Record<string, readonly string[]>> = {
  'kube-system': [
    'extension-apiserver-authentication-reader',
    'system::leader-locking-kube-controller-manager',
    'system::leader-locking-kube-scheduler',
    'system:controller:bootstrap-signer',
    'system:controller:cloud-provider',
    'system:controller:token-cleaner',
  ],
  'kube-public': ['system:controller:bootstrap-signer'],
};
const BOOTSTRAP_ROLE_BINDINGS: Readonly<Record<string, readonly string[]>> = Object.fromEntries(
  Object.entries(BOOTSTRAP_ROLES).map(([ns, roles]) => [ns, roles.map((r) => (r.startsWith(SYSTEM_PREFIX) ? r : `system::${r}`))]),
);

/** Objects the namespace controller puts in every namespace: kind → names. */
const IN_EVERY_NAMESPACE: Readonly<Record<string, readonly string[]>> = {
  ServiceAccount: ['default'],
  ConfigMap: ['kube-root-ca.crt'],
};

/** The API server's own Service, as selectors and ServiceMonitors see it (labels and port name are fixed). */
const API_SERVER_SERVICE: K8sObject = {
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'kubernetes', namespace: 'default', labels: { component: 'apiserver', provider: 'kubernetes' } },
  spec: { type: 'ClusterIP', ports: [{ name: 'https', port: 443, protocol: 'TCP' }] },
};

/** Services every cluster has, with the labels and ports a ServiceMonitor may select, as inventory items. */
export const BUILTIN_SERVICES: readonly InventoryItem[] = [
  { object: API_SERVER_SERVICE, file: '(every cluster)', doc: 0, apiVersion: 'v1', kind: 'Service', name: 'kubernetes', namespace: 'default' },
];

/** Whether some namespace of `byNamespace` (or `namespace`, when known) holds `name`. */
function inNamespace(byNamespace: Readonly<Record<string, readonly string[]>>, namespace: string | null, name: string): boolean {
  return namespace === null ? Object.values(byNamespace).some((names) => names.includes(name)) : (byNamespace[namespace]?.includes(name) ?? false);
}

/**
 * Whether every cluster has the object `kind` `namespace`/`name` (namespace '' for cluster-scoped kinds, null for
 * "whichever namespace a floating reference lands in").
 */
export function isBuiltinObject(kind: string, namespace: string | null, name: string): boolean {
  switch (kind) {
    case 'Namespace':
      return BUILTIN_NAMESPACES.includes(name);
    case 'ClusterRole':
      return BUILTIN_CLUSTER_ROLES.includes(name) || name.startsWith(SYSTEM_PREFIX);
    case 'ClusterRoleBinding':
      return BUILTIN_CLUSTER_ROLE_BINDINGS.includes(name) || name.startsWith(SYSTEM_PREFIX);
    case 'Role':
      return inNamespace(BOOTSTRAP_ROLES, namespace, name);
    case 'RoleBinding':
      return inNamespace(BOOTSTRAP_ROLE_BINDINGS, namespace, name);
    case 'Service':
    case 'Endpoints':
      return (namespace === null || namespace === 'default') && name === 'kubernetes';
    default:
      return IN_EVERY_NAMESPACE[kind]?.includes(name) ?? false;
  }
}
