/**
 * The registry: every system of the platform, in the order they are added. The order of objects within a stage
 * does not depend on it, but a system may look at what earlier ones rendered (runtime-components enforces the
 * namespaces of the systems before it), so runtime-components comes last (its admission guard enforces the apps' namespaces too).
 */
import type { Environment } from '../config/generated/environment';
import type { SchemaProblem } from '../config/schemas';
import type { Platform } from '../stages/platform';
import type { System } from '../stages/system';
import { InputError, SettingError, SystemSettingError } from '../lib/errors';
import { shipshape } from './shipshape/system';
import { zenWatcher } from './zen-watcher/system';
import { runtimePlane } from './runtime-plane/system';
import { sre } from './sre/system';
import { apps } from './apps/system';
import { runtimeComponents } from './runtime-components/system';

export type { System } from '../stages/system';

// Method parameters are bivariant, so a System<S> of any settings type fits System<unknown>.
export const SYSTEMS: ReadonlyArray<System<unknown>> = [shipshape, zenWatcher, runtimePlane, sre, apps, runtimeComponents];

/**
 * Adds every system's constructs to `platform`. Constructs throw plain Errors naming the bad value; those values
 * come from the environment, so they are reported as its input errors, naming the environment and the system.
 */
export function addSystems(platform: Platform): void {
  for (const system of SYSTEMS) {
    try {
      system.add(platform, system.settings(platform.env));
      platform.claim(system.key);
    } catch (err) {
      if (err instanceof SettingError) throw new SystemSettingError(platform.env.name, system.key, err.message, err.setting);
      if (err instanceof InputError || !(err instanceof Error)) throw err;
      throw new SystemSettingError(platform.env.name, system.key, err.message);
    }
  }
}

/** Every system's invariants for `env`, in registry order. */
export function systemInvariants(env: Readonly<Environment>): SchemaProblem[] {
  return SYSTEMS.flatMap((system) => [...(system.invariants?.(env, system.settings(env)) ?? [])]);
}
