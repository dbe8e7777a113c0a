/** What every verify check shares: the cluster, the rendered objects, their live state (fetched once), the clock. */
import type { ClusterClient, JsonObject } from '../client';
import type { RenderedDist, RenderedItem } from '../rendered';
import type { CheckId } from './runbooks';
import type { CheckMeta } from '../../check/meta';

export interface VerifyContext {
  readonly client: ClusterClient;
  readonly rendered: RenderedDist;
  readonly now: Date;
  /** The live object of a rendered one, null when missing; throws KindNotServedError. Fetched once per object. */
  fetch(item: RenderedItem): Promise<JsonObject | null>;
  /** As fetch, but null also when the kind is not served (cluster-object-exists reports that). */
  live(item: RenderedItem): Promise<JsonObject | null>;
}

export interface VerifyFinding {
  readonly item: RenderedItem;
  /** JSON pointer into the live object ('' for the object as a whole). */
  readonly path?: string;
  readonly message: string;
  /** @default 'error' */
  readonly severity?: 'error' | 'warning';
}

/** A check's meta (id `cluster-*`, with a runbook section) and the code that runs it. */
export interface VerifyCheck extends CheckMeta {
  readonly id: CheckId;
  run(ctx: VerifyContext): Promise<VerifyFinding[]>;
}

export const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
export const itemsOfKind = (ctx: VerifyContext, ...kinds: string[]): RenderedItem[] => ctx.rendered.items.filter((i) => kinds.includes(i.kind));
