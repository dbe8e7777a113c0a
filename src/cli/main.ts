/**
 * The `plimsoll` command line. Exit codes (a contract other tools rely on): 0 no error findings, 1 error
 * findings, 2 usage or input error.
 */
import { InputError } from '../lib/errors';
import { PLIMSOLL_VERSION } from '../version';
import { closest } from '../lib/suggest';
import { processIo, type CliIo } from './io';
import { commandFlags, usageEntries } from './usage-table';

/** Every command's usage; the command modules are loaded for it only when it is shown. */
export async function usage(): Promise<string> {
  const { GATE_USAGE } = await import('./commands/gate.js');
  const { RESOLVE_USAGE } = await import('./commands/resolve.js');
  const { DIFF_USAGE } = await import('./commands/diff.js');
  const { VERIFY_USAGE } = await import('./commands/verify.js');
  const { STATUS_USAGE } = await import('./commands/status.js');
  const { EVIDENCE_USAGE } = await import('./commands/evidence.js');
  const { SCHEMAS_USAGE } = await import('./commands/schemas.js');
  const { GRAPH_USAGE } = await import('./commands/graph.js');
  const { CHECKS_USAGE } = await import('./commands/checks.js');
  const { VALIDATE_USAGE } = await import('./commands/validate.js');
  const { COMPLETION_USAGE } = await import('./commands/completion.js');
  return `usage: plimsoll <command> [options]

commands:
  synth [--env NAME]... [--out DIR] [--environments DIR] [--policy FILE]
      Render environments into DIR (default dist/), validated first; nothing is written on error.
  ${VALIDATE_USAGE}
  order --env NAME [--environments DIR]
      Print the stage folders of an environment in apply order.
  ${GRAPH_USAGE}
  rules list [--format text|markdown|json] [--policy FILE]
      List every rule with its description, remediation and options; with --policy, the policy's own
      custom rules too.
  ${CHECKS_USAGE}
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
  ${COMPLETION_USAGE}
  --version
      Print the Plimsoll version.

exit codes: 0 no error findings, 1 error findings, 2 usage or input error (for the live-cluster commands also an
unreachable cluster, rejected credentials or missing RBAC)`;
}

type Command = (args: string[], io: CliIo) => number | Promise<number>;

// Loaded on demand (import(), which the bundle keeps lazy): `validate` need not load cdk8s, nor `synth` the
// Kubernetes client.
const COMMANDS: Record<string, () => Promise<Command>> = {
  synth: async () => (await import('./commands/synth.js')).runSynth,
  validate: async () => (await import('./commands/validate.js')).runValidate,
  order: async () => (await import('./commands/order.js')).runOrder,
  graph: async () => (await import('./commands/graph.js')).runGraph,
  rules: async () => (await import('./commands/rules.js')).runRules,
  checks: async () => (await import('./commands/checks.js')).runChecks,
  'offline-kit': async () => (await import('./commands/offline-kit.js')).runOfflineKit,
  gate: async () => (await import('./commands/gate.js')).runGate,
  resolve: async () => (await import('./commands/resolve.js')).runResolve,
  diff: async () => (await import('./commands/diff.js')).runDiff,
  verify: async () => (await import('./commands/verify.js')).runVerify,
  status: async () => (await import('./commands/status.js')).runStatus,
  evidence: async () => (await import('./commands/evidence.js')).runEvidence,
  schemas: async () => (await import('./commands/schemas.js')).runSchemas,
  completion: async () => (await import('./commands/completion.js')).runCompletion,
  // What the completion scripts ask at TAB time (not in the usage): `__complete env [DIR]`.
  __complete: async () => (await import('./commands/completion.js')).runComplete,
};

/**
 * One command's part of the usage: every entry (an entry starts at two spaces) whose first word is `command`, so a
 * command's --help and the full usage are the same text.
 */
export async function commandUsage(command: string): Promise<string> {
  const own = usageEntries(await usage()).filter((e) => e[0].trim().split(/\s/)[0] === command);
  return `usage: plimsoll ${own.map((e) => e.map((l) => l.replace(/^  /, '')).join('\n')).join('\n')}`;
}

/** `--help`/`-h` before any `--`: the command's own usage is wanted, not a run. */
const wantsHelp = (args: readonly string[]) => {
  const end = args.indexOf('--');
  return (end < 0 ? args : args.slice(0, end)).some((a) => a === '--help' || a === '-h');
};

/**
 * The whole CLI for one argument list, writing to `io`; returns the exit code. Tests call it in-process; `main`
 * is the process's.
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    io.stdout.write(`${await usage()}\n`);
    return command ? 0 : 2;
  }
  if (command === '--version') {
    io.stdout.write(`${PLIMSOLL_VERSION}\n`);
    return 0;
  }
  const load = Object.prototype.hasOwnProperty.call(COMMANDS, command) ? COMMANDS[command] : undefined;
  if (!load) {
    io.stderr.write(`plimsoll: unknown command "${command}"\n\n${await usage()}\n`);
    return 2;
  }
  if (wantsHelp(rest)) {
    io.stdout.write(`${await commandUsage(command)}\n`);
    return 0;
  }
  try {
    return await (
      await load()
    )(rest, io);
  } catch (err) {
    if (err instanceof InputError) {
      io.stderr.write(`plimsoll ${command}: ${err.message}\n`);
      return 2;
    }
    // util.parseArgs reports bad flags with these codes: a usage error, not a crash.
    const code = (err as NodeJS.ErrnoException).code;
    // An installation without a command's dependencies (the plimsoll-cli image leaves out synth's and the live
    // commands'): say which, not a stack trace.
    const missing = code === 'MODULE_NOT_FOUND' ? /Cannot find module '((?:@[^/']+\/)?[^/']+)/.exec((err as Error).message)?.[1] : undefined;
    if (missing && !missing.startsWith('.') && !missing.startsWith('/')) {
      io.stderr.write(
        `plimsoll ${command}: needs the package ${missing}, which this installation does not have (the plimsoll-cli image has the offline commands only; run it from a checkout or the npm package)\n`,
      );
      return 2;
    }
    if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS')) {
      // One line a person can act on: the option, the nearest one the command has, and where its usage is.
      const unknown = code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' ? /'(-{1,2}[^']+)'/.exec((err as Error).message)?.[1] : undefined;
      const flag = unknown?.replace(/=.*/, '');
      const hint = flag
        ? closest(
            flag,
            commandFlags(await usage(), command).filter((f) => f !== flag),
          )
        : undefined;
      const what = unknown ? `unknown option ${unknown}${hint ? `; did you mean ${hint}?` : ''}` : (err as Error).message.split('\n')[0];
      io.stderr.write(`plimsoll ${command}: ${what} (plimsoll ${command} --help)\n`);
      return 2;
    }
    throw err;
  }
}

/** The process's CLI: bin/plimsoll.js sets the exit code from it, and 70 with the stack for anything it throws. */
export function main(argv: string[]): Promise<number> {
  return runCli(argv, processIo());
}
