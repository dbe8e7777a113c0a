/**
 * What inventory-scope rules see of a workload: its metadata, replicas, selector, update strategy, pod template
 * metadata, the pod spec's relations (service account, token mount, host network, affinity, spread, volumes) and
 * what it names of other objects (dangling-reference: the ConfigMap, Secret and claim sources of env `valueFrom` and
 * `envFrom`, container port names; a StatefulSet's serviceName and claim templates) — never images, commands,
 * probes or literal env values. Object-scope rules judge containers; inventory rules relate objects to each other.
 * Keeping the view small is what lets large inputs validate in parallel: workers ship only this back.
 * Both the single-threaded and the parallel path give inventory rules this same view, so results never differ.
 */
import { BUILTIN_POD_TEMPLATES, CONTAINER_LISTS, type PodTemplateModel } from '../lib/pod-specs';
import { Inventory, withObject } from '../check/inventory';
import { obj } from '../rules/lib/values';
import type { InventoryItem, K8sObject } from '../check/types';

/** The fields of `o` that are set, among `keys`. */
function pick(o: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of keys) if (o[k] !== undefined) out[k] = o[k];
  return out;
}

/** Whether the inventory rules see less of the item than the object (a workload: its containers are left out). */
export function isProjected(item: InventoryItem, model: PodTemplateModel = BUILTIN_POD_TEMPLATES): boolean {
  return item.kind !== 'Pod' && model.templatesOf(item).length > 0;
}

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

/**
 * Of a pod spec, its relations to other objects and nodes, and of its containers what names other objects; list
 * entries keep their index (an empty one in place of the rest), so paths stay true.
 */
function podRelations(raw: unknown): Record<string, unknown> {
  const spec = obj(raw);
  const out = pick(spec, POD_RELATIONS);
  for (const list of CONTAINER_LISTS) {
    const containers = spec[list];
    if (!Array.isArray(containers)) continue;
    out[list] = containers.map((entry) => {
      const c = obj(entry);
      const view = pick(c, ['name', 'ports', 'envFrom']);
      // Literal values stay behind (they are most env entries, and may be credentials).
      if (Array.isArray(c.env) && c.env.some((e) => obj(e).valueFrom !== undefined))
        view.env = c.env.map((e) => (obj(e).valueFrom === undefined ? {} : pick(obj(e), ['name', 'valueFrom'])));
      return view;
    });
  }
  return out;
}

/** A pod template as inventory rules see it: its metadata, and its spec's relations where it has a spec. */
const templateView = (metadata: unknown, spec: unknown) => ({ metadata, ...(spec ? { spec: podRelations(spec) } : {}) });

export function inventoryView(item: InventoryItem, model: PodTemplateModel = BUILTIN_POD_TEMPLATES): K8sObject {
  if (item.kind === 'Pod') return item.object;
  const templates = model.templatesOf(item);
  if (!templates.length) return item.object;
  const spec = (item.object.spec ?? {}) as Record<string, unknown>;
  if (item.kind === 'CronJob') {
    const t = templates[0];
    return {
      apiVersion: item.object.apiVersion,
      kind: item.object.kind,
      metadata: item.object.metadata,
      spec: { jobTemplate: { spec: { template: templateView(t.metadata, t.spec) } } },
    };
  }
  if (BUILTIN_POD_TEMPLATES.holdsPods(item)) {
    const t = templates[0];
    const view = {
      replicas: spec.replicas,
      selector: spec.selector,
      strategy: spec.strategy,
      updateStrategy: spec.updateStrategy,
      template: templateView(t.metadata, t.spec),
    };
    if (item.kind === 'StatefulSet') {
      const claims = Array.isArray(spec.volumeClaimTemplates)
        ? spec.volumeClaimTemplates.map((c) => ({ metadata: { name: obj(obj(c).metadata).name } }))
        : undefined;
      Object.assign(view, pick({ serviceName: spec.serviceName, volumeClaimTemplates: claims }, ['serviceName', 'volumeClaimTemplates']));
    }
    return { apiVersion: item.object.apiVersion, kind: item.object.kind, metadata: item.object.metadata, spec: view };
  }
  // A custom resource's templates sit anywhere in it: the whole object (operators' recipes read other fields),
  // with each template's spec cut to its relations.
  const copy = structuredClone(item.object) as Record<string, unknown>;
  for (const t of templates) {
    if (!t.spec) continue;
    const steps = t.path
      .split('/')
      .slice(1, -1)
      .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
    let at: Record<string, unknown> = copy;
    for (const s of steps) at = at[s] as Record<string, unknown>;
    at.spec = podRelations(t.spec);
  }
  return copy as K8sObject;
}

/** The inventory-rule view of a whole inventory (same files, docs and problems). */
export function projectInventory(inventory: Inventory, model?: PodTemplateModel): Inventory {
  return new Inventory(
    inventory.items.map((i) => withObject(i, inventoryView(i, model))),
    inventory.problems,
  );
}
