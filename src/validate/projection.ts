/**
 * What inventory-scope rules see of a workload: its metadata, replicas, selector, update strategy, pod template metadata and the pod
 * spec's relations (service account, host network, affinity, spread, volumes) — never its containers. Object-scope rules
 * judge containers; inventory rules relate objects to each other.
 * Keeping the view small is what lets large inputs validate in parallel: workers ship only this back.
 * Both the single-threaded and the parallel path give inventory rules this same view, so results never differ.
 */
import { podSpecOf } from '../lib/pod-specs';
import { Inventory, withObject } from '../check/inventory';
import type { InventoryItem, K8sObject } from '../check/types';

/** Pod spec fields inventory rules relate to other objects (ServiceAccounts, bindings, NetworkPolicies, claims) or to the spread and rollout of replicas. */
const POD_RELATIONS = [
  'serviceAccountName',
  'serviceAccount',
  'automountServiceAccountToken',
  'hostNetwork',
  'affinity',
  'topologySpreadConstraints',
  'volumes',
] as const;

export function inventoryView(item: InventoryItem): K8sObject {
  const pod = podSpecOf(item);
  if (!pod || item.kind === 'Pod') return item.object;
  const spec = (item.object.spec ?? {}) as Record<string, unknown>;
  const view: Record<string, unknown> = { apiVersion: item.object.apiVersion, kind: item.object.kind, metadata: item.object.metadata };
  // The pod spec's relations to other objects and nodes only; containers stay with the object rules.
  const podView: Record<string, unknown> = {};
  for (const key of POD_RELATIONS) if (pod.spec[key] !== undefined) podView[key] = pod.spec[key];
  const templateMeta = { metadata: pod.metadata, spec: podView };
  if (item.kind === 'CronJob') {
    view.spec = { jobTemplate: { spec: { template: templateMeta } } };
  } else {
    view.spec = { replicas: spec.replicas, selector: spec.selector, strategy: spec.strategy, updateStrategy: spec.updateStrategy, template: templateMeta };
  }
  return view as K8sObject;
}

/** The inventory-rule view of a whole inventory (same files, docs and problems). */
export function projectInventory(inventory: Inventory): Inventory {
  return new Inventory(
    inventory.items.map((i) => withObject(i, inventoryView(i))),
    inventory.problems,
  );
}
