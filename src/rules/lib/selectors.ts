/**
 * Label selectors (matchLabels + matchExpressions, or a plain map as Services use) and a per-inventory index of
 * pod templates by namespace, so "which workloads does this select" is a lookup, not a scan of everything.
 */
import type { Inventory } from '../../check/inventory';
import type { InventoryItem } from '../../check/types';
import { BUILTIN_POD_TEMPLATES, type PodTemplateModel } from '../../lib/pod-specs';
import { arr, obj } from './values';

export interface Selector {
  readonly matchLabels?: Record<string, unknown>;
  readonly matchExpressions?: Array<{ key?: unknown; operator?: unknown; values?: unknown }>;
}

/** A label selector as parsed, with wrong shapes read as empty (the schema rule reports them). */
export function selectorOf(v: unknown): Selector {
  const s = obj(v);
  return { matchLabels: obj(s.matchLabels), matchExpressions: arr(s.matchExpressions).map(obj) };
}

export function matches(selector: Selector, labels: Record<string, unknown>): boolean {
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) if (labels[k] !== v) return false;
  for (const e of selector.matchExpressions ?? []) {
    const key = String(e.key);
    const values = Array.isArray(e.values) ? e.values.map(String) : [];
    const has = Object.prototype.hasOwnProperty.call(labels, key);
    switch (e.operator) {
      case 'In':
        if (!has || !values.includes(String(labels[key]))) return false;
        break;
      case 'NotIn':
        if (has && values.includes(String(labels[key]))) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}

/** True when the selector would select everything (no constraints). */
export function isEmptySelector(selector: Selector): boolean {
  return !Object.keys(selector.matchLabels ?? {}).length && !(selector.matchExpressions ?? []).length;
}

export interface PodTemplate {
  readonly item: InventoryItem;
  readonly labels: Record<string, unknown>;
}

interface NamespaceTemplates {
  readonly all: PodTemplate[];
  /** label key → value → templates carrying it, built per key when a selector first asks: the rarest pair narrows the candidates. */
  readonly byKey: Map<string, Map<string, PodTemplate[]>>;
}

const templateIndex = new WeakMap<Inventory, Map<string, NamespaceTemplates>>();

function indexOf(inventory: Inventory, model: PodTemplateModel): Map<string, NamespaceTemplates> {
  let index = templateIndex.get(inventory);
  if (index) return index;
  index = new Map();
  for (const item of inventory.items) {
    // Every pod template, with a pod spec or not: a template of labels only still makes the pods a selector means.
    for (const pod of model.templatesOf(item)) {
      const raw = pod.metadata?.labels;
      const labels = raw && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
      let ns = index.get(item.namespace);
      if (!ns) index.set(item.namespace, (ns = { all: [], byKey: new Map() }));
      ns.all.push({ item, labels });
    }
  }
  templateIndex.set(inventory, index);
  return index;
}

function withLabel(ns: NamespaceTemplates, key: string, value: unknown): PodTemplate[] {
  let byValue = ns.byKey.get(key);
  if (!byValue) {
    byValue = new Map();
    for (const t of ns.all) {
      if (!Object.prototype.hasOwnProperty.call(t.labels, key)) continue;
      const v = String(t.labels[key]);
      const list = byValue.get(v);
      if (list) list.push(t);
      else byValue.set(v, [t]);
    }
    ns.byKey.set(key, byValue);
  }
  return byValue.get(String(value)) ?? [];
}

export function selectedTemplates(inventory: Inventory, namespace: string, selector: Selector, model: PodTemplateModel = BUILTIN_POD_TEMPLATES): PodTemplate[] {
  const ns = indexOf(inventory, model).get(namespace);
  if (!ns) return [];
  let candidates = ns.all;
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) {
    const bucket = withLabel(ns, k, v);
    if (bucket.length < candidates.length) candidates = bucket;
  }
  return candidates.filter((t) => matches(selector, t.labels));
}
