/**
 * What a system is to the platform: its settings (its section of the environment, schema defaults applied by
 * sectionWithDefaults), the invariants the schema cannot say, and where its constructs go. The registry
 * (src/systems/index.ts) lists every system; nothing else needs to know one.
 */
import type { Environment } from '../config/generated/environment';
import type { SchemaProblem } from '../config/schemas';
import type { Platform } from './platform';

export interface System<S> {
  /** The system's folder under src/systems/; named in messages. */
  readonly key: string;
  /** The system's settings for `env`, every schema default applied (src/config/section-defaults.ts). */
  settings(env: Readonly<Environment>): S;
  /** Problems the schema cannot express, checked when an environment is loaded, each with the JSON path to point at. */
  invariants?(env: Readonly<Environment>, settings: S): readonly SchemaProblem[];
  /** Creates the system's constructs in the platform's stages. */
  add(platform: Platform, settings: S): void;
}
