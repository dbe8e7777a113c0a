/**
 * The shapes every gate check shares. A check yields minimal findings (where and what); `runGate` adds the check
 * id as the finding's rule and produces the validator's Report, so gates print and exit exactly like `validate`.
 */
import type { FindingSeverity } from '../check/types';
import type { CheckMeta } from '../check/meta';

export interface GateFinding {
  /** @default 'error' */
  readonly severity?: FindingSeverity;
  /** Display path of the file the finding is about ('' when there is none). */
  readonly file: string;
  readonly line: number | null;
  /** JSON pointer into the file's machine-readable part, or '' for a line in prose. @default '' */
  readonly path?: string;
  readonly message: string;
}

/** A check's meta (id `evidence-*` or `release-*`) and the code that runs it. */
export interface GateCheck<C> extends CheckMeta {
  check(ctx: C): Iterable<GateFinding>;
}

/** What every gate context tracks for the report's summary. */
export interface GateTally {
  /** Display paths of every file the checks read. */
  readonly filesRead: Set<string>;
  /** Kubernetes objects inspected (the release gate's image check), for the summary. */
  objects: number;
}
