/** Builds every system of the platform for one environment, each construct in its stage. */
import type { Environment } from '../config/generated/environment';
import { Platform } from '../stages/platform';
import { addShipshape } from './shipshape/system';
import { addZenWatcher } from './zen-watcher/system';
import { addRuntimePlane } from './runtime-plane/system';
import { addSre } from './sre/system';
import { addRuntimeComponents } from './runtime-components/system';

/** Systems in the order they are added (the order of objects within a stage does not depend on it). */
const SYSTEMS: ReadonlyArray<(platform: Platform) => void> = [
  addShipshape,
  addZenWatcher,
  addRuntimePlane,
  addSre,
  addRuntimeComponents,
];

export function assemblePlatform(env: Readonly<Environment>, peers: ReadonlyArray<Readonly<Environment>> = []): Platform {
  const platform = new Platform(env, undefined, peers);
  for (const addSystem of SYSTEMS) addSystem(platform);
  return platform;
}
