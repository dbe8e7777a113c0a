/**
 * Every object under validation, indexed once (by kind, by kind/namespace/name) so cross-object rules are
 * lookups, not nested scans. Pod templates are indexed by label where selectors need them (src/rules/lib/selectors.ts).
 */
import type { InputProblem, InventoryItem, K8sObject, StageRef } from './types';

function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

export function makeItem(object: K8sObject, file: string, doc: number, stage?: StageRef, pointer?: string): InventoryItem {
  const meta = object.metadata && typeof object.metadata === 'object' ? object.metadata : undefined;
  return {
    object,
    file,
    doc,
    ...(pointer ? { pointer } : {}),
    stage,
    apiVersion: str(object.apiVersion),
    kind: str(object.kind),
    name: str(meta?.name),
    namespace: str(meta?.namespace),
  };
}

/** `item` with another object in its place (a view of it): same file, document, pointer and stage. */
export function withObject(item: InventoryItem, object: K8sObject): InventoryItem {
  if (object === item.object) return item;
  const view = makeItem(object, item.file, item.doc, item.stage, item.pointer);
  return item.patch ? { ...view, patch: true } : view;
}

/** What tells two items apart within one input: file, document and, for a List entry, its pointer. */
export function itemKey(item: Pick<InventoryItem, 'file' | 'doc' | 'pointer'>): string {
  return `${item.file}\0${item.doc}\0${item.pointer ?? ''}`;
}

/** Label map of an object or template metadata, string values only. */
export function labelsOf(metadata: unknown): Record<string, string> {
  const labels = (metadata as { labels?: unknown } | undefined)?.labels;
  if (!labels || typeof labels !== 'object' || Array.isArray(labels)) return {};
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(labels)) if (typeof v === 'string') out[k] = v;
  return out;
}

export class Inventory {
  private readonly kinds = new Map<string, InventoryItem[]>();
  // Built on first use: not every input needs it, and on 50,000 objects it costs real time.
  private namesIndex?: Map<string, InventoryItem[]>;

  constructor(
    public readonly items: readonly InventoryItem[],
    /** Input that did not load as objects; reported by the parse-error rule. */
    public readonly problems: readonly InputProblem[] = [],
  ) {
    for (const item of items) push(this.kinds, item.kind, item);
  }

  private get names(): Map<string, InventoryItem[]> {
    if (!this.namesIndex) {
      this.namesIndex = new Map();
      for (const item of this.items) push(this.namesIndex, `${item.kind}\0${item.namespace}\0${item.name}`, item);
    }
    return this.namesIndex;
  }

  public ofKind(...kinds: string[]): InventoryItem[] {
    return kinds.flatMap((k) => this.kinds.get(k) ?? []);
  }

  /** Objects of `kind` named `name` in `namespace` ('' for cluster-scoped). */
  public find(kind: string, namespace: string, name: string): InventoryItem[] {
    return this.names.get(`${kind}\0${namespace}\0${name}`) ?? [];
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
