import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { loadEnvironment, DEFAULT_ENVIRONMENTS_DIR } from '../../environments/load-environment';
import { loadImagesLock } from '../../config/images-lock';
import { InputError } from '../../lib/errors';
import { renderOfflineKit, writeOfflineKit } from '../../render/offline-kit';
import { renderEnvironment } from '../../render/render-environment';
import { loadPeers } from '../../environments/peers';
import type { CliIo } from '../io';

/** Writes the offline kit of one environment (Zastava runbook §5, plus every platform image) with its sha256 manifest. */
export function runOfflineKit(args: string[], io: CliIo): number {
  const { values } = parseArgs({
    args,
    options: { env: { type: 'string' }, out: { type: 'string' }, environments: { type: 'string' } },
    strict: true,
    allowPositionals: false,
  });
  if (!values.env) throw new InputError('offline-kit needs --env NAME');
  const dir = values.environments ? resolve(values.environments) : DEFAULT_ENVIRONMENTS_DIR;
  const { env } = loadEnvironment(values.env, dir);
  const out = values.out ?? `offline-kit/zastava-runtime-${env.name}`;
  const files = renderOfflineKit(env, loadImagesLock(), renderEnvironment(env, loadPeers(env, dir)));
  writeOfflineKit(resolve(out), files);
  io.stdout.write(`${out}: ${files.size} files (verify with: cd ${out} && sha256sum -c SHA256SUMS)\n`);
  return 0;
}
