import { parseArgs } from 'node:util';
import { validatePaths, loadPolicy, RECOMMENDED_POLICY } from '../../validate';
import { formatReport, REPORT_FORMATS, useColor, type ReportFormat } from '../../validate/format';
import { InputError } from '../../lib/errors';

export function runValidate(args: string[]): number {
  const { values, positionals } = parseArgs({
    args,
    options: {
      format: { type: 'string', default: 'text' },
      policy: { type: 'string' },
      env: { type: 'string' },
      tier: { type: 'string' },
    },
    strict: true,
    allowPositionals: true,
  });
  if (!positionals.length) throw new InputError('validate needs at least one file or folder (e.g. `plimsoll validate dist/`)');
  if (!REPORT_FORMATS.includes(values.format as ReportFormat)) throw new InputError(`unknown --format "${values.format}"; expected one of ${REPORT_FORMATS.join(', ')}`);
  if (values.tier !== undefined && values.tier !== 'lab' && values.tier !== 'production') throw new InputError(`unknown --tier "${values.tier}"; expected lab or production`);
  if ((values.env === undefined) !== (values.tier === undefined)) throw new InputError('--env and --tier go together: the policy overrides are chosen by both');
  const policy = loadPolicy(values.policy ?? RECOMMENDED_POLICY);
  const environment = values.env ? { name: values.env, tier: values.tier as 'lab' | 'production' } : undefined;
  const report = validatePaths(positionals, { policy, environment });
  process.stdout.write(formatReport(report, values.format as ReportFormat, useColor(process.stdout)));
  return report.summary.errors > 0 ? 1 : 0;
}
