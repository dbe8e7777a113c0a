import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { loadRendered } from '../../cluster/rendered';
import { verifyEnvironment, VERIFY_CHECKS } from '../../cluster/verify';
import { formatReport, REPORT_FORMATS, useColor, type ReportFormat } from '../../validate/format';
import { InputError } from '../../lib/errors';
import { CHECKS_DOC } from '../../check/meta';
import { CLUSTER_FLAGS, CLUSTER_FLAGS_USAGE, connectFromFlags, requireEnvAndContext } from './cluster-flags';
import type { CliIo } from '../io';

export const VERIFY_USAGE = `verify ${CLUSTER_FLAGS_USAGE} [--dist DIR] [--format ${REPORT_FORMATS.join('|')}]
      Post-deploy checks against the live cluster: every rendered object exists, workloads available, running
      image digests equal the rendered ones, webhooks registered with ready endpoints, CRDs Established, Leases
      fresh, PDB headroom, HPA conditions, Certificates Ready with > 7 days left. Read-only.`;

export async function runVerify(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { ...CLUSTER_FLAGS, dist: { type: 'string' }, format: { type: 'string', default: 'text' } },
    strict: true,
    allowPositionals: false,
  });
  if (!REPORT_FORMATS.includes(values.format as ReportFormat))
    throw new InputError(`unknown --format "${values.format}"; expected one of ${REPORT_FORMATS.join(', ')}`);
  const { env } = requireEnvAndContext('verify', values);
  const rendered = loadRendered(env, values.dist ? resolve(values.dist) : undefined);
  const client = await connectFromFlags('verify', values, io);
  const report = await verifyEnvironment(client, rendered);
  io.stdout.write(formatReport(report, values.format as ReportFormat, { color: useColor(io.stdout), checks: VERIFY_CHECKS, checksDoc: CHECKS_DOC }));
  return report.summary.errors > 0 ? 1 : 0;
}
