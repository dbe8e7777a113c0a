import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { loadEnvironment, DEFAULT_ENVIRONMENTS_DIR } from '../../config/load-environment';
import { loadImagesLock } from '../../config/images-lock';
import { InputError } from '../../lib/errors';
import { renderOfflineKit, writeOfflineKit } from '../../render/offline-kit';

/** Writes the Zastava runtime offline kit of one environment (runbook §5) with its sha256 manifest. */
export function runOfflineKit(args: string[]): number {
  const { values } = parseArgs({
    args,
    options: { env: { type: 'string' }, out: { type: 'string' }, environments: { type: 'string' } },
    strict: true,
    allowPositionals: false,
  });
  if (!values.env) throw new InputError('offline-kit needs --env NAME');
  const { env } = loadEnvironment(values.env, values.environments ? resolve(values.environments) : DEFAULT_ENVIRONMENTS_DIR);
  const out = values.out ?? `offline-kit/zastava-runtime-${env.name}`;
  const files = renderOfflineKit(env, loadImagesLock());
  writeOfflineKit(resolve(out), files);
  process.stdout.write(`${out}: ${files.size} files (verify with: cd ${out} && sha256sum -c SHA256SUMS)\n`);
  return 0;
}
