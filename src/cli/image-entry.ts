/**
 * The plimsoll-cli image's entry point (src/runtime/images/components.ts), bundled to /opt/plimsoll/cli/main.js:
 * what bin/plimsoll.js does in a checkout or an installed package, without its choice between lib/ and src/.
 */
import { main } from './main';

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error && err.stack ? err.stack : String(err)}\n`);
    process.exitCode = 70;
  },
);
