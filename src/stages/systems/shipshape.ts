/**
 * Shipshape (runbook 003): "Namespace manifests are owned only by k8s/namespace" — the namespace is created in the
 * namespaces stage, labelled for Pod Security and Istio injection.
 */
import type { Platform } from '../platform';
import { PlatformNamespace } from '../../constructs/namespaces';
import { platformLabels } from '../../constructs/common/labels';

export const SHIPSHAPE_NAMESPACE = 'shipshape';

export function addShipshape(platform: Platform): void {
  new PlatformNamespace(platform.stage('namespaces'), 'shipshape', {
    name: SHIPSHAPE_NAMESPACE,
    podSecurity: 'restricted',
    // Sidecars under "restricted" need the Istio CNI node agent (no NET_ADMIN istio-init container).
    istioInjection: true,
    labels: platformLabels(platform.env, SHIPSHAPE_NAMESPACE, 'shipshape'),
  });
}
