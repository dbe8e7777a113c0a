/**
 * The admission guard's entry point (the image runs `node main.js`): loads the configuration from
 * `--config FILE`, `PLIMSOLL_ADMISSION_CONFIG` or the mounted ConfigMap path, serves until SIGTERM/SIGINT, then
 * drains. Configuration problems exit 2 with a message; nothing else stops it.
 */
import { parseArgs } from 'node:util';
import { InputError } from '../../lib/errors';
import { PLIMSOLL_VERSION } from '../../version';
import { Logger, logLevelFrom } from '../lib/log';
import { loadGuardConfig } from './config';
import { AdmissionGuardServer } from './server';

export const DEFAULT_CONFIG_FILE = '/etc/plimsoll/admission-guard/config/config.json';

export async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { config: { type: 'string' }, version: { type: 'boolean', default: false } }, strict: true });
  if (values.version) {
    process.stdout.write(`${PLIMSOLL_VERSION}\n`);
    return 0;
  }
  const file = values.config ?? process.env.PLIMSOLL_ADMISSION_CONFIG ?? DEFAULT_CONFIG_FILE;
  const config = loadGuardConfig(file);
  const log = new Logger('plimsoll.admission-guard', process.env.LOG_LEVEL ? logLevelFrom(process.env.LOG_LEVEL) : config.server.logLevel);
  process.on('uncaughtException', (err) => log.error('uncaught exception (kept running)', { error: err }));
  process.on('unhandledRejection', (err) => log.error('unhandled rejection (kept running)', { error: err instanceof Error ? err : new Error(String(err)) }));
  const server = await AdmissionGuardServer.start(config, { log });
  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      log.info('shutting down', { signal });
      void server.close().then(resolve);
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
  });
  return 0;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err) => {
      const input = err instanceof InputError || (typeof err?.code === 'string' && err.code.startsWith('ERR_PARSE_ARGS'));
      process.stderr.write(
        `${JSON.stringify({ ts: new Date().toISOString(), level: 'ERROR', logger: 'plimsoll.admission-guard', msg: input ? err.message : `failed to start: ${err?.stack ?? err}` })}\n`,
      );
      process.exitCode = input ? 2 : 1;
    },
  );
}
