/** The evidence bundler's entry point in its image (the CronJob runs `node main.js <evidence bundle options>`). */
import { InputError } from '../../lib/errors';
import { runEvidenceBundle } from './cli';

if (require.main === module) {
  try {
    process.exitCode = runEvidenceBundle(process.argv.slice(2));
  } catch (err) {
    const input =
      err instanceof InputError ||
      (typeof (err as NodeJS.ErrnoException)?.code === 'string' && (err as NodeJS.ErrnoException).code!.startsWith('ERR_PARSE_ARGS'));
    process.stderr.write(`evidence-bundler: ${input ? (err as Error).message : ((err as Error)?.stack ?? String(err))}\n`);
    process.exitCode = input ? 2 : 1;
  }
}
