/** Waivers as the engine applies them: matching by rule and kind/namespace/name globs, and expiry. */
import type { InventoryItem } from './types';

export interface Waiver {
  readonly rule: string;
  readonly match: { readonly kind?: string; readonly namespace?: string; readonly name?: string };
  readonly reason: string;
  readonly owner: string;
  /** YYYY-MM-DD, the last day it applies. */
  readonly expires: string;
  readonly file: string;
  readonly line: number | null;
}

/** A `*`/`?` glob as an anchored regular expression (waiver matches, rules' name patterns). */
export function glob(pattern: string): RegExp {
  return new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
  );
}

export class WaiverSet {
  private readonly compiled: Array<{ waiver: Waiver; kind?: RegExp; namespace?: RegExp; name?: RegExp }>;

  constructor(public readonly waivers: readonly Waiver[] = []) {
    this.compiled = waivers.map((waiver) => ({
      waiver,
      kind: waiver.match.kind === undefined ? undefined : glob(waiver.match.kind),
      namespace: waiver.match.namespace === undefined ? undefined : glob(waiver.match.namespace),
      name: waiver.match.name === undefined ? undefined : glob(waiver.match.name),
    }));
  }

  /** The first waiver for `rule` that covers `item` (expired ones included: the caller decides). */
  public find(rule: string, item: InventoryItem): Waiver | undefined {
    return this.compiled.find(
      (c) =>
        c.waiver.rule === rule &&
        (!c.kind || c.kind.test(item.kind)) &&
        (!c.namespace || c.namespace.test(item.namespace)) &&
        (!c.name || c.name.test(item.name)),
    )?.waiver;
  }
}

/** A waiver is valid through its expiry date, in UTC. */
export function isExpired(waiver: Waiver, now: Date): boolean {
  return waiver.expires < now.toISOString().slice(0, 10);
}
