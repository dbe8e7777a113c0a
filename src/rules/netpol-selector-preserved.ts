import { defineRule } from './types';
import { showValue } from '../lib/show-value';
import type { RuleFinding } from '../check/types';
import { obj, type Obj } from './lib/values';

interface ExternalPeer {
  name: string;
  namespaceSelector: Record<string, string>;
  podSelector: Record<string, string>;
}

interface Options {
  peers: ExternalPeer[];
}

function sameLabels(a: Obj, b: Record<string, string>): boolean {
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => a[k] === b[k]);
}

/** The peer a selector is meant to be: one that shares a label pair with it. */
function intended(podLabels: Obj, nsLabels: Obj, peers: ExternalPeer[]): ExternalPeer | undefined {
  return peers.find(
    (p) =>
      Object.entries(p.podSelector).some(([k, v]) => podLabels[k] === v) ||
      (Object.keys(p.podSelector).length === 0 && Object.entries(p.namespaceSelector).some(([k, v]) => nsLabels[k] === v)),
  );
}

const EXTERNAL_PEER_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'namespaceSelector', 'podSelector'],
  properties: {
    name: { type: 'string' },
    namespaceSelector: { type: 'object', additionalProperties: { type: 'string' } },
    podSelector: { type: 'object', additionalProperties: { type: 'string' } },
  },
};

export default defineRule<Options>({
  meta: {
    id: 'netpol-selector-preserved',
    description:
      'A NetworkPolicy peer meant for an external component (the ingress gateway, cluster DNS) does not select exactly that component’s labels, e.g. after a kustomize label transform added its own labels to the selector.',
    remediation:
      'Keep external peers’ namespaceSelector and podSelector exactly as the policy lists them; do not apply commonLabels-style transforms to NetworkPolicy selectors.',
    category: 'correctness',
    scope: 'object',
    defaultSeverity: 'error',
    optionsSchema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        peers: {
          description: 'External peers and their exact selectors (matchLabels).',
          type: 'array',
          items: EXTERNAL_PEER_SCHEMA,
          default: [
            { name: 'Istio ingress gateway', namespaceSelector: { 'kubernetes.io/metadata.name': 'istio-system' }, podSelector: { istio: 'ingressgateway' } },
            { name: 'cluster DNS', namespaceSelector: { 'kubernetes.io/metadata.name': 'kube-system' }, podSelector: { 'k8s-app': 'kube-dns' } },
          ],
        },
      },
    },
  },
  *check({ inventory, options }): Iterable<RuleFinding> {
    for (const np of inventory.ofKind('NetworkPolicy')) {
      const spec = obj(np.object.spec);
      for (const [direction, field] of [
        ['ingress', 'from'],
        ['egress', 'to'],
      ] as const) {
        const rules = Array.isArray(spec[direction]) ? (spec[direction] as unknown[]) : [];
        for (let r = 0; r < rules.length; r++) {
          const peers = obj(rules[r])[field];
          if (!Array.isArray(peers)) continue;
          for (let p = 0; p < peers.length; p++) {
            const peer = obj(peers[p]);
            if (!peer.podSelector && !peer.namespaceSelector) continue;
            const podLabels = obj(obj(peer.podSelector).matchLabels);
            const nsLabels = obj(obj(peer.namespaceSelector).matchLabels);
            const target = intended(podLabels, nsLabels, options.peers);
            if (!target) continue;
            const at = `/spec/${direction}/${r}/${field}/${p}`;
            if (!sameLabels(podLabels, target.podSelector) || obj(peer.podSelector).matchExpressions) {
              yield {
                item: np,
                path: `${at}/podSelector`,
                message: `peer for ${target.name} selects pods ${showValue(podLabels, 200)}; expected exactly ${JSON.stringify(target.podSelector)}`,
              };
            }
            if (!sameLabels(nsLabels, target.namespaceSelector) || obj(peer.namespaceSelector).matchExpressions) {
              yield {
                item: np,
                path: `${at}/namespaceSelector`,
                message: `peer for ${target.name} selects namespaces ${showValue(nsLabels, 200)}; expected exactly ${JSON.stringify(target.namespaceSelector)}`,
              };
            }
          }
        }
      }
    }
  },
});
