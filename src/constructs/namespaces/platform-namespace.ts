import { Construct } from 'constructs';
import * as kplus from 'cdk8s-plus-28';

/** Pod Security Standards level (https://kubernetes.io/docs/concepts/security/pod-security-standards/). */
export type PodSecurityLevel = 'restricted' | 'baseline' | 'privileged';

export interface PlatformNamespaceProps {
  /** Namespace name; public and stable (renaming it recreates everything inside). */
  readonly name: string;
  /**
   * Pod Security level enforced, audited and warned on.
   * @default 'restricted'
   */
  readonly podSecurity?: PodSecurityLevel;
  /**
   * Kubernetes minor version the Pod Security level is pinned to, so a cluster upgrade does not silently
   * tighten or loosen it.
   * @default 'v1.28'
   */
  readonly podSecurityVersion?: string;
  /**
   * Label the namespace for Istio sidecar injection (`istio-injection: enabled`).
   * @default false
   */
  readonly istioInjection?: boolean;
  /**
   * Extra metadata labels (platform labels, ownership).
   * @default - none
   */
  readonly labels?: Record<string, string>;
  /**
   * Why a level weaker than restricted is needed; required for baseline and privileged so the exception is
   * written down where it is made.
   * @default - none (only allowed with 'restricted')
   */
  readonly podSecurityReason?: string;
}

/** A Namespace with Pod Security admission labels: the only kind of object the namespaces stage emits. */
export class PlatformNamespace extends Construct {
  public readonly namespace: kplus.Namespace;

  constructor(scope: Construct, id: string, props: PlatformNamespaceProps) {
    super(scope, id);
    const level = props.podSecurity ?? 'restricted';
    if (level !== 'restricted' && !props.podSecurityReason) {
      throw new Error(`namespace ${props.name}: podSecurity "${level}" needs a podSecurityReason saying why restricted is not enough`);
    }
    const version = props.podSecurityVersion ?? 'v1.28';
    const labels: Record<string, string> = {
      ...props.labels,
      'pod-security.kubernetes.io/enforce': level,
      'pod-security.kubernetes.io/enforce-version': version,
      'pod-security.kubernetes.io/audit': level,
      'pod-security.kubernetes.io/audit-version': version,
      'pod-security.kubernetes.io/warn': level,
      'pod-security.kubernetes.io/warn-version': version,
    };
    if (props.istioInjection) labels['istio-injection'] = 'enabled';
    this.namespace = new kplus.Namespace(this, 'Resource', {
      metadata: {
        name: props.name,
        labels,
        annotations: props.podSecurityReason ? { 'plimsoll.dev/pod-security-reason': props.podSecurityReason } : undefined,
      },
    });
  }
}
