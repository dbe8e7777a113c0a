/**
 * What the availability rules share: which workloads keep several pods (replicas, or an autoscaler that scales
 * them), indexed once per run by where the objects land (src/lib/apply-namespace.ts), and name patterns compiled once.
 */
import type { Inventory } from '../../check/inventory';
import type { InventoryItem } from '../../check/types';
import type { ApplyNamespaces, Placement } from '../../lib/apply-namespace';
import { placeNamespaced } from '../../lib/apply-namespace';
import { glob } from '../../check/waiver-set';
import { obj } from './values';

/** Kinds that keep a set of interchangeable long-running pods behind `spec.replicas`. */
export const REPLICATED_KINDS: ReadonlySet<string> = new Set(['Deployment', 'StatefulSet']);

/** An autoscaler of a workload: a HorizontalPodAutoscaler, or a KEDA ScaledObject (which makes one). */
export interface Scaler {
  readonly item: InventoryItem;
  /** The fewest pods it scales to (HPA minReplicas default 1; KEDA minReplicaCount default 0). */
  readonly min: number;
  readonly max: number;
  /** Pointer of its minimum in the scaler. */
  readonly minPath: string;
}

/** Same namespace, or both floating (all floating objects land in one namespace). */
const placeKey = (p: Placement): string => (p.floating ? '\u0001' : p.namespace);
const targetKey = (p: Placement, kind: string, name: string): string => `${placeKey(p)}\0${kind}\0${name}`;

function num(v: unknown, fallback: number): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : fallback;
}

export class Workloads {
  private readonly scalers = new Map<string, Scaler>();

  constructor(
    inventory: Inventory,
    private readonly namespaces: ApplyNamespaces | undefined,
  ) {
    for (const hpa of inventory.ofKind('HorizontalPodAutoscaler')) {
      const spec = obj(hpa.object.spec);
      const ref = obj(spec.scaleTargetRef);
      if (typeof ref.kind !== 'string' || typeof ref.name !== 'string') continue;
      const scaler = { item: hpa, min: num(spec.minReplicas, 1), max: num(spec.maxReplicas, 1), minPath: '/spec/minReplicas' };
      this.scalers.set(targetKey(this.placement(hpa), ref.kind, ref.name), scaler);
    }
    for (const so of inventory.ofKind('ScaledObject')) {
      if (!so.apiVersion.startsWith('keda.sh/')) continue;
      const spec = obj(so.object.spec);
      const ref = obj(spec.scaleTargetRef);
      if (typeof ref.name !== 'string') continue;
      const kind = typeof ref.kind === 'string' ? ref.kind : 'Deployment';
      const scaler = { item: so, min: num(spec.minReplicaCount, 0), max: num(spec.maxReplicaCount, 100), minPath: '/spec/minReplicaCount' };
      this.scalers.set(targetKey(this.placement(so), kind, ref.name), scaler);
    }
  }

  /** Where a namespaced object lands. */
  public placement(item: InventoryItem): Placement {
    return placeNamespaced(item.namespace, item.file, this.namespaces);
  }

  /** The same-namespace key two objects share when they land together. */
  public placeKey(item: InventoryItem): string {
    return placeKey(this.placement(item));
  }

  /** Whether the input has any autoscaler. */
  public get anyScaler(): boolean {
    return this.scalers.size > 0;
  }

  /** The autoscaler that scales `item`, if the input has one. */
  public scalerOf(item: InventoryItem): Scaler | undefined {
    return this.scalers.get(targetKey(this.placement(item), item.kind, item.name));
  }

  /**
   * How many pods `item` keeps at most, as far as the input says: an autoscaler's maximum, else `spec.replicas`
   * (default 1); undefined when not a number (a template placeholder: not judged).
   */
  public mostReplicas(item: InventoryItem): number | undefined {
    const scaler = this.scalerOf(item);
    if (scaler) return scaler.max;
    const replicas = obj(item.object.spec).replicas;
    if (replicas === undefined) return 1;
    return typeof replicas === 'number' ? replicas : undefined;
  }

  /** Whether `item` is a Deployment/StatefulSet meant to run several pods (replicas > 1, or autoscaled beyond one). */
  public isReplicated(item: InventoryItem): boolean {
    if (!REPLICATED_KINDS.has(item.kind) || item.patch) return false;
    return (this.mostReplicas(item) ?? 0) > 1;
  }
}

/** `*`/`?` glob patterns compiled once: whether a name matches one of them. */
export function namePatterns(patterns: readonly string[]): (name: string) => boolean {
  const exact = new Set(patterns.filter((p) => !/[*?]/.test(p)));
  const globs = patterns.filter((p) => /[*?]/.test(p)).map(glob);
  return (name) => exact.has(name) || globs.some((g) => g.test(name));
}

/** `key=value` option entries (labels, annotations) as pairs, split at the first `=`. */
export function keyValuePairs(entries: readonly string[]): ReadonlyArray<readonly [string, string]> {
  return entries.map((e) => [e.slice(0, e.indexOf('=')), e.slice(e.indexOf('=') + 1)] as const);
}
