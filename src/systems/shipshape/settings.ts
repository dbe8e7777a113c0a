/**
 * The shipshape settings of an environment with every default of schemas/environment.schema.json
 * (#/properties/shipshape) filled in, so the schema stays the one place the runbook's defaults are written down.
 */
import type { Environment } from '../../config/generated/environment';
import { sectionWithDefaults, type DeepRequired } from '../../config/section-defaults';

export type ShipshapeSettings = DeepRequired<NonNullable<Environment['shipshape']>>;

export function shipshapeSettings(env: Readonly<Environment>): ShipshapeSettings {
  // Every shipshape setting has a schema default, so nothing is left optional.
  return sectionWithDefaults(env, 'shipshape') as ShipshapeSettings;
}
