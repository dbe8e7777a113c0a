/**
 * Built-in API versions Kubernetes has deprecated and stopped serving, from the Kubernetes deprecation guide
 * (kubernetes.io/docs/reference/using-api/deprecation-guide), as Pluto lists them: what replaces each and since
 * when. The `deprecated-api` rule reports them; the `schema` rule reports a removed one only where deprecated-api
 * does not (one finding per object). Written by hand: the bundled schemas start at 1.28, and most of these were
 * gone long before.
 */
import { compareKubernetesVersions } from './versions';

export interface Replacement {
  /** The apiVersion to use instead (same kind), or a sentence when there is no API to move to. */
  readonly use: string;
  /** The release that first serves it. */
  readonly since: string;
}

export interface ApiLifecycle {
  readonly apiVersion: string;
  readonly kinds: readonly string[];
  /** The release that deprecated it (only needed where a bundled release still serves it). */
  readonly deprecated?: string;
  /** The first release that no longer serves it. */
  readonly removed: string;
  /** Oldest first; the newest the target serves is named. */
  readonly replacements: readonly Replacement[];
}

const APPS = { use: 'apps/v1', since: '1.9' };
const FLOWCONTROL_KINDS = ['FlowSchema', 'PriorityLevelConfiguration'];
const FLOWCONTROL = [
  { use: 'flowcontrol.apiserver.k8s.io/v1beta3', since: '1.26' },
  { use: 'flowcontrol.apiserver.k8s.io/v1', since: '1.29' },
];
const NO_PSP = { use: 'Pod Security Admission (the pod-security.kubernetes.io/* namespace labels); PodSecurityPolicy has no successor API', since: '1.23' };

export const API_LIFECYCLE: readonly ApiLifecycle[] = [
  { apiVersion: 'extensions/v1beta1', kinds: ['DaemonSet', 'Deployment', 'ReplicaSet'], removed: '1.16', replacements: [APPS] },
  { apiVersion: 'extensions/v1beta1', kinds: ['NetworkPolicy'], removed: '1.16', replacements: [{ use: 'networking.k8s.io/v1', since: '1.8' }] },
  { apiVersion: 'extensions/v1beta1', kinds: ['PodSecurityPolicy'], removed: '1.16', replacements: [NO_PSP] },
  { apiVersion: 'extensions/v1beta1', kinds: ['Ingress'], removed: '1.22', replacements: [{ use: 'networking.k8s.io/v1', since: '1.19' }] },
  { apiVersion: 'apps/v1beta1', kinds: ['Deployment', 'StatefulSet', 'ControllerRevision'], removed: '1.16', replacements: [APPS] },
  { apiVersion: 'apps/v1beta2', kinds: ['DaemonSet', 'Deployment', 'ReplicaSet', 'StatefulSet', 'ControllerRevision'], removed: '1.16', replacements: [APPS] },
  {
    apiVersion: 'admissionregistration.k8s.io/v1beta1',
    kinds: ['MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration'],
    removed: '1.22',
    replacements: [{ use: 'admissionregistration.k8s.io/v1', since: '1.16' }],
  },
  {
    apiVersion: 'apiextensions.k8s.io/v1beta1',
    kinds: ['CustomResourceDefinition'],
    removed: '1.22',
    replacements: [{ use: 'apiextensions.k8s.io/v1', since: '1.16' }],
  },
  { apiVersion: 'apiregistration.k8s.io/v1beta1', kinds: ['APIService'], removed: '1.22', replacements: [{ use: 'apiregistration.k8s.io/v1', since: '1.10' }] },
  { apiVersion: 'authentication.k8s.io/v1beta1', kinds: ['TokenReview'], removed: '1.22', replacements: [{ use: 'authentication.k8s.io/v1', since: '1.6' }] },
  {
    apiVersion: 'authorization.k8s.io/v1beta1',
    kinds: ['LocalSubjectAccessReview', 'SelfSubjectAccessReview', 'SelfSubjectRulesReview', 'SubjectAccessReview'],
    removed: '1.22',
    replacements: [{ use: 'authorization.k8s.io/v1', since: '1.6' }],
  },
  {
    apiVersion: 'certificates.k8s.io/v1beta1',
    kinds: ['CertificateSigningRequest'],
    removed: '1.22',
    replacements: [{ use: 'certificates.k8s.io/v1', since: '1.19' }],
  },
  { apiVersion: 'coordination.k8s.io/v1beta1', kinds: ['Lease'], removed: '1.22', replacements: [{ use: 'coordination.k8s.io/v1', since: '1.14' }] },
  {
    apiVersion: 'networking.k8s.io/v1beta1',
    kinds: ['Ingress', 'IngressClass'],
    removed: '1.22',
    replacements: [{ use: 'networking.k8s.io/v1', since: '1.19' }],
  },
  {
    apiVersion: 'rbac.authorization.k8s.io/v1beta1',
    kinds: ['ClusterRole', 'ClusterRoleBinding', 'Role', 'RoleBinding'],
    removed: '1.22',
    replacements: [{ use: 'rbac.authorization.k8s.io/v1', since: '1.8' }],
  },
  { apiVersion: 'scheduling.k8s.io/v1beta1', kinds: ['PriorityClass'], removed: '1.22', replacements: [{ use: 'scheduling.k8s.io/v1', since: '1.14' }] },
  {
    apiVersion: 'storage.k8s.io/v1beta1',
    kinds: ['CSIDriver', 'CSINode', 'StorageClass', 'VolumeAttachment'],
    removed: '1.22',
    replacements: [{ use: 'storage.k8s.io/v1', since: '1.19' }],
  },
  { apiVersion: 'batch/v1beta1', kinds: ['CronJob'], removed: '1.25', replacements: [{ use: 'batch/v1', since: '1.21' }] },
  { apiVersion: 'discovery.k8s.io/v1beta1', kinds: ['EndpointSlice'], removed: '1.25', replacements: [{ use: 'discovery.k8s.io/v1', since: '1.21' }] },
  { apiVersion: 'events.k8s.io/v1beta1', kinds: ['Event'], removed: '1.25', replacements: [{ use: 'events.k8s.io/v1', since: '1.19' }] },
  { apiVersion: 'autoscaling/v2beta1', kinds: ['HorizontalPodAutoscaler'], removed: '1.25', replacements: [{ use: 'autoscaling/v2', since: '1.23' }] },
  { apiVersion: 'policy/v1beta1', kinds: ['PodDisruptionBudget'], removed: '1.25', replacements: [{ use: 'policy/v1', since: '1.21' }] },
  { apiVersion: 'policy/v1beta1', kinds: ['PodSecurityPolicy'], removed: '1.25', replacements: [NO_PSP] },
  { apiVersion: 'node.k8s.io/v1beta1', kinds: ['RuntimeClass'], removed: '1.25', replacements: [{ use: 'node.k8s.io/v1', since: '1.20' }] },
  { apiVersion: 'flowcontrol.apiserver.k8s.io/v1beta1', kinds: FLOWCONTROL_KINDS, removed: '1.26', replacements: FLOWCONTROL },
  { apiVersion: 'autoscaling/v2beta2', kinds: ['HorizontalPodAutoscaler'], removed: '1.26', replacements: [{ use: 'autoscaling/v2', since: '1.23' }] },
  { apiVersion: 'storage.k8s.io/v1beta1', kinds: ['CSIStorageCapacity'], removed: '1.27', replacements: [{ use: 'storage.k8s.io/v1', since: '1.24' }] },
  { apiVersion: 'flowcontrol.apiserver.k8s.io/v1beta2', kinds: FLOWCONTROL_KINDS, deprecated: '1.26', removed: '1.29', replacements: FLOWCONTROL },
  { apiVersion: 'flowcontrol.apiserver.k8s.io/v1beta3', kinds: FLOWCONTROL_KINDS, deprecated: '1.29', removed: '1.32', replacements: FLOWCONTROL.slice(1) },
];

const byKey = new Map(API_LIFECYCLE.flatMap((entry) => entry.kinds.map((kind) => [`${entry.apiVersion}/${kind}`, entry] as const)));

export type LifecycleState =
  | { readonly state: 'removed'; readonly entry: ApiLifecycle; readonly replacement: Replacement }
  | { readonly state: 'deprecated'; readonly entry: ApiLifecycle; readonly replacement: Replacement };

/** The finding's message: "apps/v1beta1 Deployment was removed in Kubernetes 1.16; use apps/v1". */
export function lifecycleMessage(apiVersion: string, kind: string, found: LifecycleState): string {
  const { entry, replacement } = found;
  return found.state === 'removed'
    ? `${apiVersion} ${kind} was removed in Kubernetes ${entry.removed}; use ${replacement.use}`
    : `${apiVersion} ${kind} is deprecated since Kubernetes ${entry.deprecated} and goes away in ${entry.removed}; use ${replacement.use}`;
}

/** Where `apiVersion` `kind` stands in release `target`: removed, deprecated (still served), or undefined (fine). */
export function lifecycleIn(apiVersion: string, kind: string, target: string): LifecycleState | undefined {
  const entry = byKey.get(`${apiVersion}/${kind}`);
  if (!entry) return undefined;
  const served = entry.replacements.filter((r) => compareKubernetesVersions(r.since, target) <= 0);
  // The newest replacement the target serves; when it serves none yet, the first one there will be.
  const replacement = served[served.length - 1] ?? entry.replacements[0];
  if (compareKubernetesVersions(target, entry.removed) >= 0) return { state: 'removed', entry, replacement };
  if (entry.deprecated && compareKubernetesVersions(target, entry.deprecated) >= 0) return { state: 'deprecated', entry, replacement };
  return undefined;
}
