/**
 * The `plimsoll` command line. Exit codes (a contract other tools rely on): 0 no error findings, 1 error
 * findings, 2 usage or input error.
 */
import { InputError } from '../lib/errors';
import { runSynth } from './commands/synth';
import { runValidate } from './commands/validate';
import { runOrder } from './commands/order';
import { runRules } from './commands/rules';
import { runOfflineKit } from './commands/offline-kit';
import { runGate, GATE_USAGE } from './commands/gate';
import { runResolve, RESOLVE_USAGE } from './commands/resolve';
import { runDiff, DIFF_USAGE } from './commands/diff';
import { runVerify, VERIFY_USAGE } from './commands/verify';
import { runStatus, STATUS_USAGE } from './commands/status';
import { runEvidence, EVIDENCE_USAGE } from './commands/evidence';
import { PLIMSOLL_VERSION } from '../version';

export const USAGE = `usage: plimsoll <command> [options]

commands:
  synth [--env NAME]... [--out DIR] [--environments DIR] [--policy FILE]
      Render environments into DIR (default dist/), validated first; nothing is written on error.
  validate PATH... [--format text|json|sarif|junit] [--policy FILE] [--env NAME --tier lab|production]
           [--waivers FILE | --no-waivers]
      Validate any Kubernetes YAML files or folders.
  order --env NAME [--environments DIR]
      Print the stage folders of an environment in apply order.
  rules list [--format text|markdown]
      List every rule with its description, remediation and options.
  offline-kit --env NAME [--out DIR] [--environments DIR]
      Write the offline kit (Zastava Prometheus rules, Grafana dashboard, sample values, image list, node-agent
      config; every image digest the environment runs) with a sha256 manifest into DIR (default
      offline-kit/zastava-runtime-NAME).
  ${GATE_USAGE}
  ${RESOLVE_USAGE}
  ${DIFF_USAGE}
  ${VERIFY_USAGE}
  ${STATUS_USAGE}
  ${EVIDENCE_USAGE}
  --version
      Print the Plimsoll version.

exit codes: 0 no error findings, 1 error findings, 2 usage or input error (for the live-cluster commands also an
unreachable cluster, rejected credentials or missing RBAC)`;

const COMMANDS: Record<string, (args: string[]) => number | Promise<number>> = {
  synth: runSynth,
  validate: runValidate,
  order: runOrder,
  rules: runRules,
  'offline-kit': runOfflineKit,
  gate: runGate,
  resolve: runResolve,
  diff: runDiff,
  verify: runVerify,
  status: runStatus,
  evidence: runEvidence,
};

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return command ? 0 : 2;
  }
  if (command === '--version') {
    process.stdout.write(`${PLIMSOLL_VERSION}\n`);
    return 0;
  }
  const run = COMMANDS[command];
  if (!run) {
    process.stderr.write(`plimsoll: unknown command "${command}"\n\n${USAGE}\n`);
    return 2;
  }
  try {
    return await run(rest);
  } catch (err) {
    if (err instanceof InputError) {
      process.stderr.write(`plimsoll ${command}: ${err.message}\n`);
      return 2;
    }
    // util.parseArgs reports bad flags with these codes: a usage error, not a crash.
    const code = (err as NodeJS.ErrnoException).code;
    if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`plimsoll ${command}: ${(err as Error).message}\n\n${USAGE}\n`);
      return 2;
    }
    throw err;
  }
}
