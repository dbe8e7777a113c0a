import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { loadEnvironment, DEFAULT_ENVIRONMENTS_DIR } from '../../environments/load-environment';
import { renderEnvironment } from '../../render/render-environment';
import { loadPeers } from '../../environments/peers';
import { InputError } from '../../lib/errors';
import type { CliIo } from '../io';

/** Prints the apply order computed from the sources (what dist/<env>/ORDER holds after synth). */
export function runOrder(args: string[], io: CliIo): number {
  const { values } = parseArgs({ args, options: { env: { type: 'string' }, environments: { type: 'string' } }, strict: true });
  if (!values.env) throw new InputError('order needs --env NAME');
  const dir = values.environments ? resolve(values.environments) : DEFAULT_ENVIRONMENTS_DIR;
  const { env } = loadEnvironment(values.env, dir);
  io.stdout.write(`${renderEnvironment(env, loadPeers(env, dir)).order.join('\n')}\n`);
  return 0;
}
