/**
 * Zen Watcher identity and permissions, exactly as the guide's "RBAC Hardening":
 * - the controller ClusterRole (observations CRUD; ingesters read; `ingesters/status` get/update/patch), bound to
 *   the `zen-watcher` ServiceAccount: the only identity that may write status
 *   (`system:serviceaccount:zen-system:zen-watcher`, the name the admission policy allows);
 * - an end-user ClusterRole that can only read ingesters and observations (no status write, no wildcard);
 * - leader election ("Leader Election Architecture", controller-runtime Lease lock): a namespaced Role on
 *   `coordination.k8s.io` leases. `create` cannot be limited by resourceNames, so it is a rule of its own;
 *   get/update/patch are limited to the named Leases.
 * Every verb is explicit; no rule uses `*`.
 */
import { Construct } from 'constructs';
import * as kplus from 'cdk8s-plus-28';
import { INGESTER, OBSERVATION, ZEN_API_GROUP } from './zen-watcher-crds';

export interface ZenWatcherRbacProps {
  /** Namespace of the ServiceAccount and the leader-election Role. */
  readonly namespace: string;
  /** Leases the instances elect leaders with (one per instance). */
  readonly leaseNames: readonly string[];
  /**
   * ServiceAccount name; with the namespace it is the status writer the admission policy allows.
   * @default 'zen-watcher'
   */
  readonly serviceAccountName?: string;
  /**
   * Name of the controller ClusterRole and its binding.
   * @default 'zen-watcher'
   */
  readonly controllerRoleName?: string;
  /**
   * Name of the end-user (read-only) ClusterRole.
   * @default 'zen-watcher-viewer'
   */
  readonly viewerRoleName?: string;
  /**
   * Metadata labels for every object (platform labels).
   * @default - none
   */
  readonly labels?: Record<string, string>;
}

export interface PolicyRule {
  readonly apiGroups: string[];
  readonly resources: string[];
  readonly verbs: string[];
  readonly resourceNames?: string[];
}

/** The guide's "Controller RBAC" rules, in its order. */
export const ZEN_WATCHER_CONTROLLER_RULES: readonly PolicyRule[] = [
  // Read/write access to Observations CRD (for creating observations)
  { apiGroups: [ZEN_API_GROUP], resources: [OBSERVATION.plural], verbs: ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'] },
  // Read-only access to Ingester CRD (spec only)
  { apiGroups: [ZEN_API_GROUP], resources: [INGESTER.plural], verbs: ['get', 'list', 'watch'] },
  // Status subresource access for Ingester (controller-only)
  { apiGroups: [ZEN_API_GROUP], resources: [`${INGESTER.plural}/status`], verbs: ['get', 'update', 'patch'] },
];

/** The guide's "End User RBAC → Correct: End users can only read status". */
export const ZEN_WATCHER_VIEWER_RULES: readonly PolicyRule[] = [
  { apiGroups: [ZEN_API_GROUP], resources: [INGESTER.plural, OBSERVATION.plural], verbs: ['get', 'list', 'watch'] },
];

export function leaderElectionRules(leaseNames: readonly string[]): PolicyRule[] {
  return [
    { apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['create'] },
    { apiGroups: ['coordination.k8s.io'], resources: ['leases'], resourceNames: [...leaseNames], verbs: ['get', 'update', 'patch'] },
  ];
}

export class ZenWatcherRbac extends Construct {
  public readonly serviceAccountName: string;
  /** `system:serviceaccount:<namespace>:<name>`: the identity the status-integrity policy allows. */
  public readonly serviceAccountUser: string;

  constructor(scope: Construct, id: string, props: ZenWatcherRbacProps) {
    super(scope, id);
    if (props.leaseNames.length === 0) throw new Error('ZenWatcherRbac: leaseNames is empty; give the leader-election Lease of every instance');
    const sa = props.serviceAccountName ?? 'zen-watcher';
    const controller = props.controllerRoleName ?? 'zen-watcher';
    const viewer = props.viewerRoleName ?? 'zen-watcher-viewer';
    const labels = props.labels;
    this.serviceAccountName = sa;
    this.serviceAccountUser = `system:serviceaccount:${props.namespace}:${sa}`;
    const subjects = [{ kind: 'ServiceAccount', name: sa, namespace: props.namespace }];

    // The watcher talks to the API server, so its token is mounted (the pod spec says so too).
    new kplus.k8s.KubeServiceAccount(this, 'service-account', {
      metadata: { name: sa, namespace: props.namespace, labels },
      automountServiceAccountToken: true,
    });

    new kplus.k8s.KubeClusterRole(this, 'controller-role', {
      metadata: { name: controller, labels },
      rules: ZEN_WATCHER_CONTROLLER_RULES.map((r) => ({ ...r })),
    });
    new kplus.k8s.KubeClusterRoleBinding(this, 'controller-binding', {
      // A policy that names no status writers (the recommended preset) still accepts the one binding that is the
      // controller's own, with the reason in view; policies/platform.yaml names it in allowedServiceAccounts.
      metadata: {
        name: controller,
        labels,
        annotations: {
          'plimsoll.dev/waive.rbac-status-write':
            'the zen-watcher ServiceAccount is the controller of the Observation and Ingester status it writes (Zen Watcher guide: status integrity)',
        },
      },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: controller },
      subjects,
    });

    new kplus.k8s.KubeClusterRole(this, 'viewer-role', {
      metadata: { name: viewer, labels },
      rules: ZEN_WATCHER_VIEWER_RULES.map((r) => ({ ...r })),
    });

    const lease = `${sa}-leader-election`;
    new kplus.k8s.KubeRole(this, 'leader-election-role', {
      metadata: { name: lease, namespace: props.namespace, labels },
      rules: leaderElectionRules(props.leaseNames),
    });
    new kplus.k8s.KubeRoleBinding(this, 'leader-election-binding', {
      metadata: { name: lease, namespace: props.namespace, labels },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: lease },
      subjects,
    });
  }
}
