import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { evidenceGate, DEFAULT_ARTIFACTS_DIR, EVIDENCE_CHECKS } from '../../gates/evidence';
import { releaseGate, RELEASE_CHECKS } from '../../gates/release';
import { formatReport, REPORT_FORMATS, useColor, type ReportFormat } from '../../validate/format';
import { InputError } from '../../lib/errors';
import type { Report } from '../../check/types';
import { CHECKS_DOC, type CheckMeta } from '../../check/meta';
import type { CliIo } from '../io';

export const GATE_USAGE = `gate evidence --environment NAME [--artifacts DIR] [--environments DIR] [--format ${REPORT_FORMATS.join('|')}]
      Strict production evidence: capacity baselines, latest DR drill, security controls and controller egress
      handoff in DIR (default ${DEFAULT_ARTIFACTS_DIR}/) accepted and complete for the environment.
  gate release [--format ${REPORT_FORMATS.join('|')}]
      Release metadata (changelog, version constant, tag), digest-pinned images matching images.lock.json,
      doc links and anchors, and canonical order blocks against dist/<env>/ORDER; run in the project root.`;

function format(value: string | undefined): ReportFormat {
  if (!REPORT_FORMATS.includes(value as ReportFormat)) throw new InputError(`unknown --format "${value}"; expected one of ${REPORT_FORMATS.join(', ')}`);
  return value as ReportFormat;
}

/** `report` of the gate that ran `checks`, in `fmt`, like validate's. */
function print(report: Report, fmt: ReportFormat, checks: readonly CheckMeta[], io: CliIo): number {
  io.stdout.write(formatReport(report, fmt, { color: useColor(io.stdout), checks, checksDoc: CHECKS_DOC }));
  return report.summary.errors > 0 ? 1 : 0;
}

export function runGate(args: string[], io: CliIo): number {
  const [which, ...rest] = args;
  if (which === 'evidence') {
    const { values } = parseArgs({
      args: rest,
      options: {
        environment: { type: 'string' },
        artifacts: { type: 'string' },
        environments: { type: 'string' },
        format: { type: 'string', default: 'text' },
      },
      strict: true,
      allowPositionals: false,
    });
    const fmt = format(values.format);
    if (!values.environment) throw new InputError('gate evidence needs --environment NAME (e.g. `plimsoll gate evidence --environment prod-fsn`)');
    const report = evidenceGate({
      environment: values.environment,
      artifactsDir: values.artifacts,
      environmentsDir: values.environments && resolve(values.environments),
    });
    return print(report, fmt, EVIDENCE_CHECKS, io);
  }
  if (which === 'release') {
    const { values } = parseArgs({ args: rest, options: { format: { type: 'string', default: 'text' } }, strict: true, allowPositionals: false });
    const fmt = format(values.format);
    return print(releaseGate(), fmt, RELEASE_CHECKS, io);
  }
  throw new InputError(`${which ? `unknown gate "${which}"` : 'which gate?'}; expected evidence or release:\n  ${GATE_USAGE}`);
}
