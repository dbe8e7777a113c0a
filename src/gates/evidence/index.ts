/**
 * `plimsoll gate evidence`: the runbook's strict production evidence gate. Reads the operations artifacts
 * (docs/operations-artifacts/ by default) and fails unless each shows accepted, complete evidence for the target
 * environment.
 */
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { DEFAULT_ENVIRONMENTS_DIR, loadEnvironment } from '../../environments/load-environment';
import { InputError } from '../../lib/errors';
import { displayPath } from '../../lib/paths';
import type { Report } from '../../check/types';
import { runGate } from '../run';
import type { GateCheck } from '../types';
import type { EvidenceContext } from './context';
import capacity from './capacity';
import drDrill from './dr-drill';
import securityControls from './security-controls';
import controllerEgress from './controller-egress';

export const DEFAULT_ARTIFACTS_DIR = 'docs/operations-artifacts';

export const EVIDENCE_CHECKS: ReadonlyArray<GateCheck<EvidenceContext>> = [capacity, drDrill, securityControls, controllerEgress];

export interface EvidenceOptions {
  readonly environment: string;
  /** @default docs/operations-artifacts (from the current directory) */
  readonly artifactsDir?: string;
  /** @default the shipped environments/ */
  readonly environmentsDir?: string;
}

export function evidenceGate(options: EvidenceOptions): Report {
  const { env, file } = loadEnvironment(options.environment, options.environmentsDir ?? DEFAULT_ENVIRONMENTS_DIR);
  const artifactsDir = resolve(options.artifactsDir ?? DEFAULT_ARTIFACTS_DIR);
  if (!existsSync(artifactsDir) || !statSync(artifactsDir).isDirectory()) {
    throw new InputError(`artifacts folder ${displayPath(artifactsDir)} does not exist (choose one with --artifacts DIR)`);
  }
  return runGate(EVIDENCE_CHECKS, { artifactsDir, env, envFile: file, filesRead: new Set(), objects: 0 });
}
