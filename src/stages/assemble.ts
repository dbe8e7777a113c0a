/** Builds every system of the platform for one environment, each construct in its stage. */
import type { Environment } from '../config/generated/environment';
import { Platform } from './platform';
import { addShipshape } from './systems/shipshape';
import { addZenWatcher } from './systems/zen-watcher';
import { addRuntimePlane } from './systems/runtime-plane';
import { addSre } from './systems/sre';
import { addRuntimeComponents } from './systems/runtime-components';

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
