/**
 * Every object under validation, indexed once (by kind, by namespace/name, by label) so cross-object rules are
 * lookups, not nested scans.
 */
import type { InputProblem, InventoryItem, K8sObject, StageRef } from './types';

function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

export function makeItem(object: K8sObject, file: string, doc: number, stage?: StageRef): InventoryItem {
  const meta = object.metadata && typeof object.metadata === 'object' ? object.metadata : undefined;
  return {
    object,
    file,
    doc,
    stage,
    apiVersion: str(object.apiVersion),
    kind: str(object.kind),
    name: str(meta?.name),
    namespace: str(meta?.namespace),
  };
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
  // Built on first use: most inputs need only some of them, and on 50,000 objects each costs real time.
  private namesIndex?: Map<string, InventoryItem[]>;
  private labelsIndex?: Map<string, InventoryItem[]>;

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

  private get labels(): Map<string, InventoryItem[]> {
    if (!this.labelsIndex) {
      this.labelsIndex = new Map();
      for (const item of this.items) for (const [k, v] of Object.entries(labelsOf(item.object.metadata))) push(this.labelsIndex, `${k}=${v}`, item);
    }
    return this.labelsIndex;
  }

  public ofKind(...kinds: string[]): InventoryItem[] {
    return kinds.flatMap((k) => this.kinds.get(k) ?? []);
  }

  /** Objects of `kind` named `name` in `namespace` ('' for cluster-scoped). */
  public find(kind: string, namespace: string, name: string): InventoryItem[] {
    return this.names.get(`${kind}\0${namespace}\0${name}`) ?? [];
  }

  /** Objects whose metadata labels include every pair of `selector` (matchLabels semantics). */
  public withLabels(selector: Record<string, string>): InventoryItem[] {
    const pairs = Object.entries(selector);
    if (!pairs.length) return [...this.items];
    const candidates = pairs
      .map(([k, v]) => this.labels.get(`${k}=${v}`) ?? [])
      .sort((a, b) => a.length - b.length)[0];
    return candidates.filter((item) => {
      const own = labelsOf(item.object.metadata);
      return pairs.every(([k, v]) => own[k] === v);
    });
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
