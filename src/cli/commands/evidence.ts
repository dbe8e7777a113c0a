import { InputError } from '../../lib/errors';
import { EVIDENCE_BUNDLE_USAGE, runEvidenceBundle } from '../../runtime/evidence-bundler/cli';
import type { CliIo } from '../io';

export const EVIDENCE_USAGE = EVIDENCE_BUNDLE_USAGE;

/** `plimsoll evidence bundle ...`: the runtime evidence bundler (src/runtime/evidence-bundler). */
export function runEvidence(args: string[], io: CliIo): number {
  const [sub, ...rest] = args;
  if (sub !== 'bundle') throw new InputError(`unknown evidence command ${JSON.stringify(sub ?? '')}; expected: ${EVIDENCE_BUNDLE_USAGE.split('\n')[0]}`);
  return runEvidenceBundle(rest, io.stdout);
}
