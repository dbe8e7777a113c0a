import { defineRule } from './types';
import { matches, selectorOf, type Selector } from './lib/selectors';
import { Workloads } from './lib/workloads';
import { podSpecOf } from '../lib/pod-specs';
import { apiGroup } from '../lib/kinds';
import type { InventoryItem, RuleFinding } from '../check/types';
import { obj, strings } from './lib/values';

type Direction = 'Ingress' | 'Egress';

interface Options {
  policyTypes: Direction[];
  judgeNamespacesWithoutPolicies: boolean;
}

interface Policy {
  /** 'all': every pod of the namespace (an empty podSelector, or an engine whose selectors are not read). */
  readonly selector: Selector | 'all';
  readonly directions: ReadonlySet<Direction>;
}

const BOTH: ReadonlySet<Direction> = new Set(['Ingress', 'Egress']);

/** Directions a NetworkPolicy isolates: its policyTypes, or Ingress plus Egress when it has egress rules (the API's default). */
function directionsOf(spec: Record<string, unknown>): ReadonlySet<Direction> {
  const listed = strings(spec.policyTypes).filter((t): t is Direction => t === 'Ingress' || t === 'Egress');
  if (listed.length) return new Set(listed);
  return spec.egress !== undefined ? BOTH : new Set(['Ingress']);
}

/** Policies of other engines that apply cluster-wide: the pods they select are not judged from manifests. */
const CLUSTER_WIDE = new Set([
  'cilium.io/CiliumClusterwideNetworkPolicy',
  'crd.projectcalico.org/GlobalNetworkPolicy',
  'projectcalico.org/GlobalNetworkPolicy',
]);

function policyOf(item: InventoryItem): Policy | undefined {
  const group = apiGroup(item.apiVersion);
  const spec = obj(item.object.spec);
  if (item.kind === 'NetworkPolicy' && group === 'networking.k8s.io') return { selector: selectorOf(spec.podSelector), directions: directionsOf(spec) };
  // Cilium selects endpoints by pod labels like a NetworkPolicy; Calico's selector expressions are not read (taken to select all).
  if (item.kind === 'CiliumNetworkPolicy' && group === 'cilium.io') return { selector: selectorOf(spec.endpointSelector), directions: BOTH };
  if (item.kind === 'NetworkPolicy' && (group === 'crd.projectcalico.org' || group === 'projectcalico.org')) return { selector: 'all', directions: BOTH };
  return undefined;
}

export default defineRule<Options>({
  meta: {
    id: 'netpol-coverage',
    description:
      'A pod is selected by no NetworkPolicy of the input, so it accepts traffic from every pod of the cluster (and sends anywhere, when egress is required).',
    model:
      'A pod is covered for a direction of `policyTypes` when a policy landing in its namespace selects its template labels and isolates that direction (policyTypes, else Ingress, plus Egress when the policy has egress rules); a default-deny policy (empty podSelector) covers every pod of its namespace. CiliumNetworkPolicy endpointSelectors count like podSelectors; a Calico NetworkPolicy covers its namespace. With a cluster-wide policy in the input (CiliumClusterwideNetworkPolicy, Calico GlobalNetworkPolicy) nothing is judged. hostNetwork pods are not judged (NetworkPolicy does not apply to them). Policies outside the input are not seen: in a namespace with no policy in the input the finding is a warning (they may be kept elsewhere), and with `judgeNamespacesWithoutPolicies: false` such namespaces are not judged at all.',
    remediation:
      'Add a default-deny NetworkPolicy (`podSelector: {}`, policyTypes Ingress and Egress) to the namespace and policies allowing the traffic each workload needs, or a policy selecting the pods that were left out.',
    category: 'security',
    scope: 'inventory',
    defaultSeverity: 'error',
    optionsSchema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        policyTypes: {
          description: 'Directions every pod must be isolated in.',
          type: 'array',
          items: { enum: ['Ingress', 'Egress'] },
          uniqueItems: true,
          default: ['Ingress'],
        },
        judgeNamespacesWithoutPolicies: {
          description: 'Also judge pods of namespaces where the input has no NetworkPolicy (a warning: the policies may live elsewhere).',
          type: 'boolean',
          default: true,
        },
      },
    },
  },
  *check({ inventory, options, namespaces }): Iterable<RuleFinding> {
    const workloads = new Workloads(inventory, namespaces);
    const policies = new Map<string, Policy[]>();
    for (const item of inventory.items) {
      if (CLUSTER_WIDE.has(`${apiGroup(item.apiVersion)}/${item.kind}`)) return;
      const policy = policyOf(item);
      if (!policy) continue;
      const key = workloads.placeKey(item);
      (policies.get(key) ?? policies.set(key, []).get(key)!).push(policy);
    }
    for (const item of inventory.items) {
      const pod = podSpecOf(item);
      if (!pod || pod.spec.hostNetwork === true) continue;
      const here = policies.get(workloads.placeKey(item));
      if (!here && !options.judgeNamespacesWithoutPolicies) continue;
      const labels = obj(pod.metadata?.labels);
      const selecting = (here ?? []).filter((p) => p.selector === 'all' || matches(p.selector, labels));
      const open = options.policyTypes.filter((d) => !selecting.some((p) => p.directions.has(d)));
      if (!open.length) continue;
      const p = workloads.placement(item);
      const where = p.floating ? 'where it is applied' : `in namespace ${p.namespace}`;
      const what = open.join(' and ').toLowerCase();
      yield {
        item,
        path: pod.metadataPath,
        ...(here ? {} : { severity: 'warning' as const }),
        message: here
          ? `no NetworkPolicy in the input isolates ${what} for pods of ${item.kind} ${item.name}; the input has NetworkPolicies ${where}, none selecting these pods for ${what}`
          : `no NetworkPolicy in the input selects pods of ${item.kind} ${item.name}: the input has none ${where}; expected a policy (a default-deny at least) isolating their ${what}`,
      };
    }
  },
});
