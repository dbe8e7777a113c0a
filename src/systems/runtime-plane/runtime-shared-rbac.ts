/**
 * Shared read-only RBAC of the runtime namespaces (docs/runbooks/runtime-alignment-scanner-zastava.md §3: "Namespace
 * allowlist scanner-runtime/zastava-runtime; service accounts share RBAC for pods/exec, pods/log, nodes/proxy
 * (read-only)"). One ServiceAccount per allowlisted namespace; both are bound to the same two ClusterRoles:
 * pods, pods/log, pods/exec through a RoleBinding in each allowlisted namespace only, and nodes/proxy (cluster
 * scoped) through a ClusterRoleBinding. Verbs are explicit and never include create, update, patch or delete.
 *
 * Caveat, kept visible on purpose: on Kubernetes 1.28 `get` on pods/exec and nodes/proxy is not strictly read-only —
 * the API server and the kubelet authorise WebSocket exec upgrades as `get`. The note asks for these subresources;
 * the flags scanner.runtime.capture.enabled / zastava.attach.enabled decide whether the components use them.
 */
import { Construct } from 'constructs';
import * as kplus from 'cdk8s-plus-28';
import { RUNTIME_NAMESPACE_ALLOWLIST } from './settings';

export const PODS_READ_ROLE = 'stellaops-runtime-pods-read';
export const NODES_READ_ROLE = 'stellaops-runtime-nodes-read';
/** Why the two roles may reach into pods (docs/runbooks/runtime-alignment-scanner-zastava.md §3). */
export const RUNTIME_RBAC_WAIVER =
  'runtime alignment runbook §3: the runtime namespaces share RBAC for pods/exec, pods/log and nodes/proxy; the capture/attach feature flags decide whether it is used';

/** The rules, in the order rendered. */
export const PODS_READ_RULES: kplus.k8s.PolicyRule[] = [
  { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch'] },
  { apiGroups: [''], resources: ['pods/log'], verbs: ['get'] },
  { apiGroups: [''], resources: ['pods/exec'], verbs: ['get'] },
];
export const NODES_READ_RULES: kplus.k8s.PolicyRule[] = [
  { apiGroups: [''], resources: ['nodes'], verbs: ['get', 'list', 'watch'] },
  { apiGroups: [''], resources: ['nodes/proxy'], verbs: ['get'] },
];

export interface RuntimeSharedRbacProps {
  /** Metadata labels of the object named `name` in `namespace` (cluster-scoped objects: no namespace). */
  readonly labels: (name: string, namespace?: string) => Record<string, string>;
  /**
   * Namespaces whose ServiceAccount (named like the namespace) shares the RBAC, and where the pod rules apply.
   * @default ['scanner-runtime', 'zastava-runtime']
   */
  readonly namespaces?: readonly string[];
}

export class RuntimeSharedRbac extends Construct {
  public readonly serviceAccounts: kplus.ServiceAccount[] = [];

  constructor(scope: Construct, id: string, props: RuntimeSharedRbacProps) {
    super(scope, id);
    const namespaces = [...(props.namespaces ?? RUNTIME_NAMESPACE_ALLOWLIST)];
    if (!namespaces.length) throw new Error('RuntimeSharedRbac needs at least one namespace in the allowlist');
    const subjects: kplus.k8s.Subject[] = namespaces.map((ns) => ({ kind: 'ServiceAccount', name: ns, namespace: ns }));
    for (const ns of namespaces) {
      this.serviceAccounts.push(
        new kplus.ServiceAccount(this, `ServiceAccount-${ns}`, {
          metadata: { name: ns, namespace: ns, labels: props.labels(ns, ns) },
          // Runtime capture pods use the API (pods/log, pods/exec, nodes/proxy) with this identity.
          automountToken: true,
        }),
      );
    }
    // get on pods/exec and nodes/proxy reaches into pods (rbac-pod-create): the runbook asks for exactly these, so the
    // finding is waived on these two roles only, with the reason in view.
    const annotations = { 'plimsoll.dev/waive.rbac-pod-create': RUNTIME_RBAC_WAIVER };
    new kplus.k8s.KubeClusterRole(this, 'PodsRead', {
      metadata: { name: PODS_READ_ROLE, labels: props.labels(PODS_READ_ROLE), annotations },
      rules: PODS_READ_RULES,
    });
    new kplus.k8s.KubeClusterRole(this, 'NodesRead', {
      metadata: { name: NODES_READ_ROLE, labels: props.labels(NODES_READ_ROLE), annotations },
      rules: NODES_READ_RULES,
    });
    for (const ns of namespaces) {
      new kplus.k8s.KubeRoleBinding(this, `PodsRead-${ns}`, {
        metadata: { name: PODS_READ_ROLE, namespace: ns, labels: props.labels(PODS_READ_ROLE, ns) },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: PODS_READ_ROLE },
        subjects,
      });
    }
    new kplus.k8s.KubeClusterRoleBinding(this, 'NodesReadBinding', {
      metadata: { name: NODES_READ_ROLE, labels: props.labels(NODES_READ_ROLE) },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: NODES_READ_ROLE },
      subjects,
    });
  }
}
