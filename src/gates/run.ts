/** Runs gate checks and turns their findings into the validator's Report (same formats, same exit codes). */
import { InputError } from '../lib/errors';
import { makeReport } from '../validate/engine';
import type { Finding, Report } from '../check/types';
import { checkFinding, crashFinding } from '../check/finding';
import type { GateCheck, GateTally } from './types';

export function runGate<C extends GateTally>(checks: ReadonlyArray<GateCheck<C>>, ctx: C): Report {
  const findings: Finding[] = [];
  for (const check of checks) {
    try {
      for (const f of check.check(ctx)) {
        findings.push(checkFinding(check, f.severity ?? 'error', { file: f.file, line: f.line, object: null, path: f.path ?? '' }, f.message));
      }
    } catch (err) {
      // Bad input (an unreadable lock, an unknown environment) is the user's to fix: exit 2, not a finding.
      if (err instanceof InputError) throw err;
      findings.push(crashFinding(check, (err as Error).message));
    }
  }
  findings.sort((a, b) => a.file.localeCompare(b.file) || (a.line ?? 0) - (b.line ?? 0) || a.rule.localeCompare(b.rule) || a.message.localeCompare(b.message));
  return makeReport(findings, ctx.filesRead.size, ctx.objects);
}
