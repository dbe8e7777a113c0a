import type { Environment } from '../../config/generated/environment';
import type { GateTally } from '../types';

export interface EvidenceContext extends GateTally {
  /** Absolute path of the artifacts folder. */
  readonly artifactsDir: string;
  /** The target environment, loaded and validated like synth loads it. */
  readonly env: Readonly<Environment>;
  /** Absolute path of environments/<env>.ts. */
  readonly envFile: string;
}
