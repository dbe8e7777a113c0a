import { defineRule } from './types';
import { keyValuePairs, namePatterns } from './lib/workloads';
import { placeNamespaced } from '../lib/apply-namespace';
import type { RuleFinding } from '../check/types';
import { obj, strings } from './lib/values';

interface Options {
  types: string[];
  allowedNamespaces: string[];
  internalAnnotations: string[];
}

const OPEN = new Set(['0.0.0.0/0', '::/0']);

export default defineRule<Options>({
  meta: {
    id: 'service-exposure',
    description:
      'A Service of type NodePort or LoadBalancer exposes its pods outside the cluster (on every node’s address, or through a cloud load balancer), past the ingress layer and its TLS and authentication.',
    model:
      'A LoadBalancer is internal, and not judged, when it carries one of `internalAnnotations` (`key=value`: the cloud providers’ internal load balancer annotations) or restricts `loadBalancerSourceRanges` to ranges other than 0.0.0.0/0 and ::/0. Services landing in `allowedNamespaces` (the ingress controllers’ namespaces) are not judged.',
    remediation:
      'Use a ClusterIP Service behind the Ingress or Gateway; a Service that must be reached from outside is made internal (the provider’s annotation, loadBalancerSourceRanges) or its namespace is listed in `allowedNamespaces`.',
    category: 'security',
    scope: 'object',
    defaultSeverity: 'error',
    optionsSchema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        types: {
          description: 'Service types that expose.',
          type: 'array',
          items: { enum: ['NodePort', 'LoadBalancer'] },
          uniqueItems: true,
          default: ['NodePort', 'LoadBalancer'],
        },
        allowedNamespaces: {
          description: 'Namespaces (`*`/`?` globs) whose Services may expose (the ingress controller’s).',
          type: 'array',
          items: { type: 'string' },
          default: [],
        },
        internalAnnotations: {
          description: 'Annotations (`key=value`) that make a LoadBalancer internal.',
          type: 'array',
          items: { type: 'string', pattern: '^[^=]+=.*$' },
          default: [
            'service.beta.kubernetes.io/aws-load-balancer-internal=true',
            'service.beta.kubernetes.io/aws-load-balancer-scheme=internal',
            'networking.gke.io/load-balancer-type=Internal',
            'cloud.google.com/load-balancer-type=Internal',
            'service.beta.kubernetes.io/azure-load-balancer-internal=true',
            'service.beta.kubernetes.io/oci-load-balancer-internal=true',
            'service.beta.kubernetes.io/openstack-internal-load-balancer=true',
            'service.kubernetes.io/ibm-load-balancer-cloud-provider-ip-type=private',
            'load-balancer.hetzner.cloud/disable-public-network=true',
          ],
        },
      },
    },
  },
  *check({ inventory, options, namespaces }): Iterable<RuleFinding> {
    const types = new Set(options.types);
    const allowed = namePatterns(options.allowedNamespaces);
    const internal = keyValuePairs(options.internalAnnotations);
    for (const item of inventory.ofKind('Service')) {
      const spec = obj(item.object.spec);
      const type = spec.type;
      if (typeof type !== 'string' || !types.has(type)) continue;
      const p = placeNamespaced(item.namespace, item.file, namespaces);
      if (!p.floating && allowed(p.namespace)) continue;
      if (type === 'LoadBalancer') {
        const annotations = obj(obj(item.object.metadata).annotations);
        if (internal.some(([k, v]) => String(annotations[k]) === v)) continue;
        const ranges = strings(spec.loadBalancerSourceRanges);
        if (ranges.length && !ranges.some((r) => OPEN.has(r.trim()))) continue;
      }
      const how = type === 'NodePort' ? 'on a port of every node' : 'through a public load balancer (no internal annotation, no loadBalancerSourceRanges)';
      yield {
        item,
        path: '/spec/type',
        message: `Service ${item.name} is type ${type}: reachable from outside the cluster ${how}; expected ClusterIP behind the Ingress, or a namespace listed in allowedNamespaces`,
      };
    }
  },
});
