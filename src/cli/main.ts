/**
 * The `plimsoll` command line. Exit codes (a contract other tools rely on): 0 no error findings, 1 error
 * findings, 2 usage or input error.
 */
import { InputError } from '../lib/errors';
import { PLIMSOLL_VERSION } from '../version';

/** Every command's usage; the command modules are loaded for it only when it is shown. */
export function usage(): string {
  const { GATE_USAGE } = require('./commands/gate') as typeof import('./commands/gate');
  const { RESOLVE_USAGE } = require('./commands/resolve') as typeof import('./commands/resolve');
  const { DIFF_USAGE } = require('./commands/diff') as typeof import('./commands/diff');
  const { VERIFY_USAGE } = require('./commands/verify') as typeof import('./commands/verify');
  const { STATUS_USAGE } = require('./commands/status') as typeof import('./commands/status');
  const { EVIDENCE_USAGE } = require('./commands/evidence') as typeof import('./commands/evidence');
  const { SCHEMAS_USAGE } = require('./commands/schemas') as typeof import('./commands/schemas');
  const { VALIDATE_USAGE } = require('./commands/validate') as typeof import('./commands/validate');
  return `usage: plimsoll <command> [options]

commands:
  synth [--env NAME]... [--out DIR] [--environments DIR] [--policy FILE]
      Render environments into DIR (default dist/), validated first; nothing is written on error.
  ${VALIDATE_USAGE}
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
  ${SCHEMAS_USAGE}
  --version
      Print the Plimsoll version.

exit codes: 0 no error findings, 1 error findings, 2 usage or input error (for the live-cluster commands also an
unreachable cluster, rejected credentials or missing RBAC)`;
}

type Command = (args: string[]) => number | Promise<number>;

// Loaded on demand (require, which the bundle keeps lazy): `validate` need not load cdk8s, nor `synth` the
// Kubernetes client.
const COMMANDS: Record<string, () => Command> = {
  synth: () => (require('./commands/synth') as typeof import('./commands/synth')).runSynth,
  validate: () => (require('./commands/validate') as typeof import('./commands/validate')).runValidate,
  order: () => (require('./commands/order') as typeof import('./commands/order')).runOrder,
  rules: () => (require('./commands/rules') as typeof import('./commands/rules')).runRules,
  'offline-kit': () => (require('./commands/offline-kit') as typeof import('./commands/offline-kit')).runOfflineKit,
  gate: () => (require('./commands/gate') as typeof import('./commands/gate')).runGate,
  resolve: () => (require('./commands/resolve') as typeof import('./commands/resolve')).runResolve,
  diff: () => (require('./commands/diff') as typeof import('./commands/diff')).runDiff,
  verify: () => (require('./commands/verify') as typeof import('./commands/verify')).runVerify,
  status: () => (require('./commands/status') as typeof import('./commands/status')).runStatus,
  evidence: () => (require('./commands/evidence') as typeof import('./commands/evidence')).runEvidence,
  schemas: () => (require('./commands/schemas') as typeof import('./commands/schemas')).runSchemas,
};

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(`${usage()}\n`);
    return command ? 0 : 2;
  }
  if (command === '--version') {
    process.stdout.write(`${PLIMSOLL_VERSION}\n`);
    return 0;
  }
  const load = Object.prototype.hasOwnProperty.call(COMMANDS, command) ? COMMANDS[command] : undefined;
  if (!load) {
    process.stderr.write(`plimsoll: unknown command "${command}"\n\n${usage()}\n`);
    return 2;
  }
  try {
    return await load()(rest);
  } catch (err) {
    if (err instanceof InputError) {
      process.stderr.write(`plimsoll ${command}: ${err.message}\n`);
      return 2;
    }
    // util.parseArgs reports bad flags with these codes: a usage error, not a crash.
    const code = (err as NodeJS.ErrnoException).code;
    if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`plimsoll ${command}: ${(err as Error).message}\n\n${usage()}\n`);
      return 2;
    }
    throw err;
  }
}
