/**
 * What a reference between objects can resolve to, indexed once per run: objects by kind and name where they will
 * land (src/lib/apply-namespace.ts: a floating object may land anywhere), the objects every cluster has
 * (cluster-builtins.ts), and the pods the input will make run — pod templates with the labels their controllers
 * add (pod-labels.ts) and the pods of operator resources (operator-pods.ts).
 */
import type { Inventory } from '../../check/inventory';
import type { InventoryItem } from '../../check/types';
import { placeNamespaced, type ApplyNamespaces, type Placement } from '../../lib/apply-namespace';
import { apiGroup, CLUSTER_SCOPED_KINDS } from '../../lib/kinds';
import { BUILTIN_SERVICES, isBuiltinObject } from './cluster-builtins';
import { controllerLabels, labelMap, mayMatch, replicaBound, type PodLabels } from './pod-labels';
import { operatorPodLabels, operatorRecipe } from './operator-pods';
import { BUILTIN_POD_TEMPLATES, type PodTemplateModel } from '../../lib/pod-specs';
import { isMade, madeObjects, type MadeObject } from './made-objects';
import { isEmptySelector, type Selector } from './selectors';
import { obj } from './values';

export interface PodSource {
  /** The object whose controller or operator makes the pods. */
  readonly item: InventoryItem;
  readonly labels: PodLabels;
}

/** Pod sources of one namespace, with a per-label-key index built when a selector first asks for that key. */
class PodBucket {
  public readonly all: PodSource[] = [];
  private readonly byKey = new Map<string, { exact: Map<string, PodSource[]>; tested: PodSource[] }>();

  /** The sources that can carry `key=value` (exact value, or a value only known by a test). */
  public carrying(key: string, value: string): PodSource[] {
    let index = this.byKey.get(key);
    if (!index) {
      index = { exact: new Map(), tested: [] };
      for (const s of this.all) {
        const v = s.labels.get(key);
        if (typeof v === 'function') index.tested.push(s);
        else if (v !== undefined) (index.exact.get(v) ?? index.exact.set(v, []).get(v)!).push(s);
      }
      this.byKey.set(key, index);
    }
    const exact = index.exact.get(value) ?? [];
    return index.tested.length ? [...exact, ...index.tested] : exact;
  }
}

/** API groups of custom resources: dotted, and not a Kubernetes API group (`*.k8s.io`, which runs no pods of its own). */
function isCustomResource(item: InventoryItem): boolean {
  const group = apiGroup(item.apiVersion);
  return group.includes('.') && !group.endsWith('k8s.io') && item.kind !== 'CustomResourceDefinition';
}

const keyOf = (kind: string, name: string) => `${kind}\0${name}`;

/** Objects controllers make from the input, by kind and name, and those named by an ordinal (a StatefulSet's claims). */
interface MadeIndex {
  readonly exact: Map<string, InventoryItem[]>;
  readonly ordinal: Array<{ item: InventoryItem; made: MadeObject }>;
}
interface KindPlaces {
  readonly namespaces: Set<string>;
  floating: boolean;
}

/** Where a reference points: a namespace (null: any), and whether floating objects (apply-namespace.ts) count there. */
export interface Target {
  readonly namespace: string | null;
  readonly floating: boolean;
}

/** An object made outside the input (a policy's `externalObjects`): a name, and a namespace (any when absent), a trailing `*` matching a prefix. */
export interface ExternalObject {
  readonly kind: string;
  readonly namespace?: string;
  readonly name: string;
}

const globMatch = (pattern: string, value: string): boolean => (pattern.endsWith('*') ? value.startsWith(pattern.slice(0, -1)) : pattern === value);

/** Whether an object placed at `p` is in `target` (cluster-scoped objects are in every one). */
const placedIn = (p: Placement, target: Target): boolean =>
  p.floating ? target.floating : p.namespace === '' || target.namespace === null || p.namespace === target.namespace;

export class References {
  private readonly placements = new Map<InventoryItem, Placement>();
  private readonly customClusterScoped: Set<string>;
  private readonly createdNamespaces: Set<string>;
  private names?: Map<string, InventoryItem[]>;
  private pods?: { byNamespace: Map<string, PodBucket>; floating: PodBucket };
  private services?: InventoryItem[];
  private customResources?: InventoryItem[];
  private made?: MadeIndex;
  private kindPlaces?: Map<string, KindPlaces>;

  constructor(
    private readonly inventory: Inventory,
    private readonly namespaces: ApplyNamespaces | undefined,
    private readonly externalNamespaces: readonly string[],
    private readonly model: PodTemplateModel = BUILTIN_POD_TEMPLATES,
    private readonly externalObjects: readonly ExternalObject[] = [],
  ) {
    // Custom kinds are cluster-scoped when a CRD of the input says so.
    this.customClusterScoped = new Set();
    for (const crd of inventory.ofKind('CustomResourceDefinition')) {
      const spec = obj(crd.object.spec);
      const kind = obj(spec.names).kind;
      if (spec.scope === 'Cluster' && typeof spec.group === 'string' && typeof kind === 'string') this.customClusterScoped.add(`${spec.group}/${kind}`);
    }
    this.createdNamespaces = new Set(inventory.ofKind('Namespace').map((n) => n.name));
  }

  /** Built-in cluster-scoped kinds by name; custom ones by `group/kind` from the input's CRDs. */
  public isClusterScoped(kind: string, apiVersion = ''): boolean {
    return CLUSTER_SCOPED_KINDS.has(kind) || (this.customClusterScoped.size > 0 && this.customClusterScoped.has(`${apiGroup(apiVersion)}/${kind}`));
  }

  /** Where `item` lands when applied. */
  public placement(item: InventoryItem): Placement {
    let p = this.placements.get(item);
    if (!p) {
      p = this.isClusterScoped(item.kind, item.apiVersion) ? { namespace: '', floating: false } : placeNamespaced(item.namespace, item.file, this.namespaces);
      this.placements.set(item, p);
    }
    return p;
  }

  /**
   * Where a reference from `from` points: the namespace it names, else `from`'s own (null: wherever a floating
   * `from` lands). Floating objects may be in the named namespace: the input may be applied into it.
   */
  public target(from: InventoryItem, named?: unknown): Target {
    const p = this.placement(from);
    if (typeof named === 'string' && named) return { namespace: named, floating: true };
    return { namespace: p.floating ? null : p.namespace, floating: true };
  }

  /**
   * Namespaces a search of `from` lists (a ServiceMonitor's namespaceSelector.matchNames). Listing says "these, not
   * mine" (its own needs no list), and all floating objects land in one namespace with `from`, so a floating `from`
   * does not find floating objects there.
   */
  public searched(from: InventoryItem, listed: string): Target {
    return { namespace: listed, floating: !this.placement(from).floating };
  }

  /**
   * Managed outside this input (the rule's externalNamespaces), so what is not in the input is not judged there —
   * unless the input creates the Namespace itself, which makes it the input's.
   */
  public isExternal(namespace: string | null): boolean {
    return namespace !== null && this.externalNamespaces.includes(namespace) && !this.createdNamespaces.has(namespace);
  }

  /** Objects of `kind` named `name` in `target`. */
  public find(kind: string, target: Target, name: string): InventoryItem[] {
    if (!this.names) {
      this.names = new Map();
      for (const item of this.inventory.items) {
        const k = keyOf(item.kind, item.name);
        (this.names.get(k) ?? this.names.set(k, []).get(k)!).push(item);
      }
    }
    return (this.names.get(keyOf(kind, name)) ?? []).filter((item) => placedIn(this.placement(item), target));
  }

  /**
   * Whether the object exists in the input, in every cluster, is made by a controller from an object of the input
   * (made-objects.ts), or is listed as made outside it.
   */
  public exists(kind: string, target: Target, name: string): boolean {
    return this.find(kind, target, name).length > 0 || this.existsOutsideInput(kind, target, name);
  }

  /** Whether every cluster has the object, a controller makes it from the input, or the policy lists it as made elsewhere. */
  public existsOutsideInput(kind: string, target: Target, name: string): boolean {
    if (isBuiltinObject(kind, this.isClusterScoped(kind) ? '' : target.namespace, name)) return true;
    return this.madeIn(kind, target, name) || this.isExternalObject(kind, target, name);
  }

  /** Listed as made outside the input; a floating reference matches only entries for any namespace. */
  private isExternalObject(kind: string, target: Target, name: string): boolean {
    return this.externalObjects.some(
      (o) =>
        o.kind === kind &&
        globMatch(o.name, name) &&
        (o.namespace === undefined || o.namespace === '*' || (target.namespace !== null && globMatch(o.namespace, target.namespace))),
    );
  }

  private madeIn(kind: string, target: Target, name: string): boolean {
    const { made } = this.madeIndex();
    if ((made.exact.get(keyOf(kind, name)) ?? []).some((item) => placedIn(this.placement(item), target))) return true;
    return made.ordinal.some(({ item, made: m }) => m.kind === kind && isMade(m, name) && placedIn(this.placement(item), target));
  }

  /** What controllers make from the input (made-objects.ts), and where the input has or makes objects of each kind: one pass. */
  private madeIndex(): { made: MadeIndex; kindPlaces: Map<string, KindPlaces> } {
    if (!this.made || !this.kindPlaces) {
      const made: MadeIndex = { exact: new Map(), ordinal: [] };
      const kindPlaces = new Map<string, KindPlaces>();
      const note = (k: string, p: Placement) => {
        const places = kindPlaces.get(k) ?? kindPlaces.set(k, { namespaces: new Set(), floating: false }).get(k)!;
        if (p.floating) places.floating = true;
        else places.namespaces.add(p.namespace);
      };
      for (const item of this.inventory.items) {
        const p = this.placement(item);
        note(item.kind, p);
        for (const m of madeObjects(item)) {
          note(m.kind, p);
          if (m.ordinalAfter) made.ordinal.push({ item, made: m });
          else {
            const k = keyOf(m.kind, m.name);
            (made.exact.get(k) ?? made.exact.set(k, []).get(k)!).push(item);
          }
        }
      }
      this.made = made;
      this.kindPlaces = kindPlaces;
    }
    return { made: this.made, kindPlaces: this.kindPlaces };
  }

  /**
   * Whether the input makes objects of `kind` in `target` at all (for a floating reference: floating ones). Where it
   * makes none, a missing one is more likely made elsewhere (by hand, another repository, a chart's user) than misnamed.
   */
  public makesKindIn(kind: string, target: Target): boolean {
    const places = this.madeIndex().kindPlaces.get(kind);
    if (!places) return false;
    return target.namespace === null ? places.floating : places.namespaces.has(target.namespace);
  }

  /** Services that land in one of `namespaces` (null: any), the input's and every cluster's, in input order. */
  public servicesIn(namespaces: ReadonlySet<string> | null, floating: boolean): InventoryItem[] {
    this.services ??= [...this.inventory.ofKind('Service'), ...BUILTIN_SERVICES];
    return this.services.filter((s) => {
      const p = this.placement(s);
      return p.floating ? floating : namespaces === null || namespaces.has(p.namespace);
    });
  }

  private podIndex(): { byNamespace: Map<string, PodBucket>; floating: PodBucket } {
    if (this.pods) return this.pods;
    const autoscaled = new Set<string>();
    for (const hpa of this.inventory.ofKind('HorizontalPodAutoscaler')) {
      const ref = obj(obj(hpa.object.spec).scaleTargetRef);
      if (typeof ref.kind === 'string' && typeof ref.name === 'string') autoscaled.add(keyOf(ref.kind, ref.name));
    }
    const index = { byNamespace: new Map<string, PodBucket>(), floating: new PodBucket() };
    for (const item of this.inventory.items) {
      // Every pod template, with a pod spec or not (a template of labels only still makes pods a selector means).
      const templates = this.model.templatesOf(item);
      let sets: PodLabels[];
      if (templates.length) {
        // A custom resource a policy names whose operator Plimsoll knows: the operator's labels too.
        const recipe = operatorRecipe(item);
        const added = [
          ...controllerLabels(item, replicaBound(item, autoscaled.has(keyOf(item.kind, item.name)))),
          ...(recipe?.operatorLabels(item.name) ?? []),
        ];
        sets = templates.map((pod) => {
          const labels = labelMap(pod.metadata?.labels);
          for (const [k, v] of added) if (!labels.has(k)) labels.set(k, v);
          return labels;
        });
      } else {
        sets = operatorPodLabels(item);
      }
      if (!sets.length) continue;
      const p = this.placement(item);
      const bucket = p.floating
        ? index.floating
        : (index.byNamespace.get(p.namespace) ?? index.byNamespace.set(p.namespace, new PodBucket()).get(p.namespace)!);
      for (const labels of sets) bucket.all.push({ item, labels });
    }
    return (this.pods = index);
  }

  /** Pod sources in `target` whose pods `selector` may select. */
  public podsSelected(target: Target, selector: Selector): PodSource[] {
    const index = this.podIndex();
    const placed = target.namespace === null ? [...index.byNamespace.values()] : [index.byNamespace.get(target.namespace)];
    const buckets = target.floating ? [...placed, index.floating] : placed;
    const out: PodSource[] = [];
    for (const bucket of buckets) {
      if (!bucket) continue;
      let candidates = bucket.all;
      for (const [k, v] of Object.entries(selector.matchLabels ?? {})) {
        const carrying = bucket.carrying(k, String(v));
        if (carrying.length < candidates.length) candidates = carrying;
      }
      for (const s of candidates) if (mayMatch(selector, s.labels)) out.push(s);
    }
    return out;
  }

  /**
   * Whether the input surely runs pods in `target` (a pod template, or a custom resource an operator recipe knows):
   * for a named namespace, objects placed there (floating ones may land anywhere, so they say nothing about it);
   * for a floating reference (namespace null), the floating objects it lands with.
   */
  public runsPodsIn(target: Target): boolean {
    const index = this.podIndex();
    if (target.namespace === null) return index.floating.all.length > 0;
    return (index.byNamespace.get(target.namespace)?.all.length ?? 0) > 0;
  }

  /**
   * A custom resource in `target` that a selector matching no known pods seems to mean (its name is a selected
   * value, or its own labels match), whose operator's pod labels no recipe knows: the pods may well exist.
   */
  public unknownPodMaker(target: Target, selector: Selector): InventoryItem | undefined {
    if (isEmptySelector(selector)) return undefined;
    const values = new Set(Object.values(selector.matchLabels ?? {}).map(String));
    for (const e of selector.matchExpressions ?? []) if (e.operator === 'In' && Array.isArray(e.values)) for (const v of e.values) values.add(String(v));
    this.customResources ??= this.inventory.items.filter((item) => isCustomResource(item) && !operatorRecipe(item) && !this.model.holdsPods(item));
    return this.customResources.find((item) => {
      if (!placedIn(this.placement(item), target)) return false;
      return values.has(item.name) || mayMatch(selector, labelMap(obj(item.object.metadata).labels));
    });
  }
}
