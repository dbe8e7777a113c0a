import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { loadRendered } from '../../cluster/rendered';
import { DEFAULT_FIELD_MANAGER, diffEnvironment, diffExitCode, formatDiffJson, formatDiffText } from '../../cluster/diff';
import { InputError } from '../../lib/errors';
import { CLUSTER_FLAGS, CLUSTER_FLAGS_USAGE, connectFromFlags, headerLine, requireEnvAndContext } from './cluster-flags';
import type { CliIo } from '../io';

export const DIFF_USAGE = `diff ${CLUSTER_FLAGS_USAGE} [--dist DIR] [--field-manager NAME] [--format text|json]
      Server-side dry-run apply of every rendered object, stage by stage, and a diff of what would change
      (field manager default ${DEFAULT_FIELD_MANAGER}, as Flux applies). Secrets are never printed.
      Exit 0 no difference, 1 differences, 2 error (like flux diff).`;

export async function runDiff(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { ...CLUSTER_FLAGS, dist: { type: 'string' }, 'field-manager': { type: 'string' }, format: { type: 'string', default: 'text' } },
    strict: true,
    allowPositionals: false,
  });
  if (values.format !== 'text' && values.format !== 'json') throw new InputError(`unknown --format "${values.format}"; expected text or json`);
  const { env } = requireEnvAndContext('diff', values);
  const rendered = loadRendered(env, values.dist ? resolve(values.dist) : undefined);
  const client = await connectFromFlags('diff', values, io);
  const result = await diffEnvironment(client, rendered, { fieldManager: values['field-manager'] });
  io.stdout.write(
    values.format === 'json'
      ? formatDiffJson(result, { environment: env, context: client.context, server: client.server })
      : formatDiffText(result, headerLine('diff', env, client)),
  );
  return diffExitCode(result);
}
