import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { pullCrds, saveCrds } from '../../cluster/crd-pull';
import { InputError } from '../../lib/errors';
import { CLUSTER_FLAGS, connectFromFlags } from './cluster-flags';
import type { CliIo } from '../io';

export const SCHEMAS_USAGE = `schemas pull --context NAME [--out DIR] [--kubeconfig FILE] [--request-timeout 15s]
      Save the cluster's CustomResourceDefinitions as YAML files in DIR (default crds/), for offline
      \`validate --crds DIR\` runs. Read-only. Exit 0 saved, 2 error.`;

const DEFAULT_OUT = 'crds';

export async function runSchemas(args: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'pull')
    throw new InputError(
      `schemas needs a subcommand: ${sub === undefined ? 'none given' : `got "${sub}"`}, expected "pull" (\`plimsoll ${SCHEMAS_USAGE.split('\n')[0]}\`)`,
    );
  const { context, kubeconfig, 'request-timeout': requestTimeout } = CLUSTER_FLAGS;
  const { values } = parseArgs({
    args: rest,
    options: { context, kubeconfig, 'request-timeout': requestTimeout, out: { type: 'string' } },
    strict: true,
    allowPositionals: false,
  });
  if (!values.context)
    throw new InputError(
      'schemas pull needs --context NAME (the kubeconfig context of the cluster whose CRDs to save; explicit, so the wrong cluster is never read)',
    );
  const client = await connectFromFlags('schemas pull', values, io);
  const crds = await pullCrds(client);
  const out = values.out ?? DEFAULT_OUT;
  const files = saveCrds(crds, resolve(out), `context ${client.context} (${client.server})`);
  const kinds = crds.reduce((n, c) => n + c.kinds.length, 0);
  io.stdout.write(
    `saved ${files.length} CustomResourceDefinition${files.length === 1 ? '' : 's'} (${kinds} group/version/kind${kinds === 1 ? '' : 's'} with a schema) ` +
      `from context ${client.context} to ${out}; validate with \`plimsoll validate PATH --crds ${out}\`\n`,
  );
  return 0;
}
