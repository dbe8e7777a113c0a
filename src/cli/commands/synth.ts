import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { synth } from '../../render/synth';
import { InputError } from '../../lib/errors';
import { formatText, useColor } from '../../validate/format';
import type { CliIo } from '../io';

/** Each line of a report indented under its heading (not the empty ones, nor after the last newline). */
const indent = (text: string) => text.replace(/^(?=.)/gm, '  ');

export function runSynth(args: string[], io: CliIo): number {
  const { values } = parseArgs({
    args,
    options: {
      env: { type: 'string', multiple: true, default: [] },
      out: { type: 'string', default: 'dist' },
      environments: { type: 'string' },
      policy: { type: 'string' },
      'lock-timeout': { type: 'string' },
    },
    strict: true,
    allowPositionals: false,
  });
  // Seconds to wait for another synth writing the same --out folder (flag, else PLIMSOLL_SYNTH_LOCK_TIMEOUT, else 60).
  const lockTimeout = values['lock-timeout'] ?? process.env.PLIMSOLL_SYNTH_LOCK_TIMEOUT ?? '60';
  if (!/^\d+(\.\d+)?$/.test(lockTimeout)) throw new InputError(`--lock-timeout must be a number of seconds, got "${lockTimeout}"`);
  const result = synth({
    environments: values.env,
    outDir: resolve(values.out),
    environmentsDir: values.environments && resolve(values.environments),
    policyFile: values.policy,
    cdk8sOutDir: process.env.CDK8S_OUTDIR,
    lockTimeoutMs: Number(lockTimeout) * 1000,
    onMessage: (line) => io.stderr.write(`plimsoll synth: ${line}\n`),
  });
  const color = useColor(io.stderr);
  for (const [name, report] of result.reports) {
    const s = report.summary;
    // Waived findings are counted here and listed by `plimsoll validate`; synth lists what needs action.
    const actionable = { ...report, findings: report.findings.filter((f) => !f.waived) };
    if (s.errors || s.warnings) io.stderr.write(`${name}:\n${indent(formatText(actionable, color))}`);
    else if (s.waived) io.stderr.write(`${name}: 0 errors, 0 warnings, ${s.waived} waived (see \`plimsoll validate ${values.out}/${name}\`)\n`);
  }
  const disagreements = result.peerParity.summary.errors;
  if (disagreements) io.stderr.write(`peer parity:\n${indent(formatText(result.peerParity, color))}`);
  if (!result.written) {
    const why = disagreements
      ? `${disagreements} peer disagreement${disagreements > 1 ? 's' : ''}${[...result.reports.values()].some((r) => r.summary.errors) ? ' and error findings' : ''}`
      : 'error findings';
    io.stderr.write(`plimsoll synth: ${why} above; nothing was written (${values.out} is unchanged)\n`);
    return 1;
  }
  for (const r of result.rendered) {
    io.stdout.write(
      `${values.out}/${r.name}: ${r.objects.length} objects in ${r.order.length} stage${r.order.length === 1 ? '' : 's'} (${r.order.join(' → ')})\n`,
    );
  }
  return 0;
}
