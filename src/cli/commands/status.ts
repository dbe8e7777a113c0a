import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { loadRendered } from '../../cluster/rendered';
import { formatStatusJson, formatStatusText, stageStatus, statusExitCode } from '../../cluster/status';
import { InputError } from '../../lib/errors';
import { CLUSTER_FLAGS, CLUSTER_FLAGS_USAGE, connectFromFlags, headerLine, requireEnvAndContext } from './cluster-flags';
import type { CliIo } from '../io';

export const STATUS_USAGE = `status ${CLUSTER_FLAGS_USAGE} [--dist DIR] [--format text|json]
      Each stage's Flux Kustomization: Ready condition and revision in canonical order, marking the first stage
      that blocks the rest. Exit 0 all Ready, 1 a stage is not Ready, 2 error.`;

export async function runStatus(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { ...CLUSTER_FLAGS, dist: { type: 'string' }, format: { type: 'string', default: 'text' } },
    strict: true,
    allowPositionals: false,
  });
  if (values.format !== 'text' && values.format !== 'json') throw new InputError(`unknown --format "${values.format}"; expected text or json`);
  const { env } = requireEnvAndContext('status', values);
  const rendered = loadRendered(env, values.dist ? resolve(values.dist) : undefined);
  const client = await connectFromFlags('status', values, io);
  const result = await stageStatus(client, rendered);
  io.stdout.write(
    values.format === 'json'
      ? formatStatusJson(result, { environment: env, context: client.context, server: client.server })
      : formatStatusText(result, headerLine('status', env, client)),
  );
  return statusExitCode(result);
}
