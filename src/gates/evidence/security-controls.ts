/**
 * Security-controls matrix: accepted result, no placeholder anywhere (front matter or prose; fenced transcripts
 * excepted), and dated, accepted rows for the runbook's controls in the target environment.
 */
import type { SecurityControlsValidation, SecurityControl } from '../../config/generated/evidence-security-controls';
import { findPlaceholder } from '../lib/placeholders';
import type { GateCheck, GateFinding } from '../types';
import type { EvidenceContext } from './context';
import { latestFor, readArtifact, statusFinding } from './artifact';

export const SECURITY_FILE = 'security-controls-validation.md';

/** Runbook "Audit Logging": dated, environment-specific evidence for encryption at rest and the audit-log sink. */
export const REQUIRED_CONTROLS = ['encryption-at-rest', 'audit-log-sink'];

const check: GateCheck<EvidenceContext> = {
  id: 'evidence-security-controls',
  description: `${SECURITY_FILE} has an accepted result, no placeholders left, and accepted ${REQUIRED_CONTROLS.join(' and ')} rows for the environment.`,
  remediation: `Validate the controls on the environment and fill in ${SECURITY_FILE} (template in docs/operations-artifacts/): an accepted result, accepted ${REQUIRED_CONTROLS.join(' and ')} rows for the environment, and no placeholder (TBD, TODO, PENDING, <...>) left.`,
  category: 'security',
  *check(ctx): Iterable<GateFinding> {
    const { artifact, findings } = readArtifact<SecurityControlsValidation>(ctx.artifactsDir, SECURITY_FILE, 'evidence-security-controls', ctx);
    yield* findings;
    if (!artifact) return;
    const { file, data, lineOf, doc } = artifact;
    const status = statusFinding(artifact, 'security matrix result');
    if (status) yield status;
    for (const { number, text } of doc.prose) {
      const found = findPlaceholder(text);
      if (found) yield { file, line: number, message: `placeholder ${JSON.stringify(found)} left in the matrix: fill it in or remove it` };
    }
    if (!artifact.valid) return;
    for (const control of REQUIRED_CONTROLS) {
      const rows = data.controls.filter((c) => c.control === control);
      const latest = latestFor<SecurityControl>(rows, ctx.env.name);
      if (!latest) {
        yield {
          file,
          line: lineOf('/controls'),
          path: '/controls',
          message: `no ${control} row for environment ${ctx.env.name}: validate the control there and record it`,
        };
        continue;
      }
      const index = data.controls.indexOf(latest.row);
      const result = statusFinding(artifact, `${control} result for ${ctx.env.name}`, undefined, `/controls/${index}/result`);
      if (result) yield result;
    }
  },
};

export default check;
