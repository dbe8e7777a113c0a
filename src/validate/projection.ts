/**
 * What inventory-scope rules see of a workload: its metadata, replicas, selector, pod template metadata, and what its
 * pod spec names of other objects (dangling-reference: the ServiceAccount, the ConfigMap, Secret and claim sources
 * of volumes, env `valueFrom` and `envFrom`, container port names; a StatefulSet's serviceName and claim templates) —
 * never images, commands, probes or literal env values. Object-scope rules judge containers; inventory rules relate
 * objects to each other.
 * Keeping the view small is what lets large inputs validate in parallel: workers ship only this back.
 * Both the single-threaded and the parallel path give inventory rules this same view, so results never differ.
 */
import { CONTAINER_LISTS, podSpecOf } from '../lib/pod-specs';
import { Inventory, withObject } from '../check/inventory';
import type { InventoryItem, K8sObject } from '../check/types';

const asObj = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});

/** The fields of `o` that are set, among `keys`. */
function pick(o: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of keys) if (o[k] !== undefined) out[k] = o[k];
  return out;
}

const VOLUME_REFERENCES = ['name', 'configMap', 'secret', 'persistentVolumeClaim', 'projected'] as const;

/** What a pod spec names of other objects; list entries keep their index (an empty one in place of the rest), so paths stay true. */
function referencesOf(spec: Record<string, unknown>): Record<string, unknown> {
  const out = pick(spec, ['serviceAccountName', 'serviceAccount']);
  if (Array.isArray(spec.volumes)) out.volumes = spec.volumes.map((v) => pick(asObj(v), VOLUME_REFERENCES));
  for (const list of CONTAINER_LISTS) {
    const containers = spec[list];
    if (!Array.isArray(containers)) continue;
    out[list] = containers.map((raw) => {
      const c = asObj(raw);
      const view = pick(c, ['name', 'ports', 'envFrom']);
      // Literal values stay behind (they are most env entries, and may be credentials).
      if (Array.isArray(c.env) && c.env.some((e) => asObj(e).valueFrom !== undefined))
        view.env = c.env.map((e) => (asObj(e).valueFrom === undefined ? {} : pick(asObj(e), ['name', 'valueFrom'])));
      return view;
    });
  }
  return out;
}

export function inventoryView(item: InventoryItem): K8sObject {
  const pod = podSpecOf(item);
  if (!pod || item.kind === 'Pod') return item.object;
  const spec = (item.object.spec ?? {}) as Record<string, unknown>;
  const view: Record<string, unknown> = { apiVersion: item.object.apiVersion, kind: item.object.kind, metadata: item.object.metadata };
  const templateMeta = { metadata: pod.metadata, spec: referencesOf(pod.spec) };
  if (item.kind === 'CronJob') {
    view.spec = { jobTemplate: { spec: { template: templateMeta } } };
  } else {
    view.spec = { replicas: spec.replicas, selector: spec.selector, template: templateMeta };
    if (item.kind === 'StatefulSet') {
      const claims = Array.isArray(spec.volumeClaimTemplates)
        ? spec.volumeClaimTemplates.map((t) => ({ metadata: { name: asObj(asObj(t).metadata).name } }))
        : undefined;
      Object.assign(view.spec as object, pick({ serviceName: spec.serviceName, volumeClaimTemplates: claims }, ['serviceName', 'volumeClaimTemplates']));
    }
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
