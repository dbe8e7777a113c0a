import { InputError } from '../../lib/errors';
import { completionScript, SHELLS, type Shell } from '../completion-scripts';
import { commandTable } from '../usage-table';
import type { CliIo } from '../io';

export const COMPLETION_USAGE = `completion bash|zsh|fish
      Print the shell completion script (commands, subcommands, flags, --format values, --env names, paths):
      bash: source <(plimsoll completion bash) in ~/.bashrc; zsh: plimsoll completion zsh > "\${fpath[1]}/_plimsoll";
      fish: plimsoll completion fish > ~/.config/fish/completions/plimsoll.fish.`;

export async function runCompletion(args: string[], io: CliIo): Promise<number> {
  const [shell, ...rest] = args;
  if (!SHELLS.includes(shell as Shell) || rest.length)
    throw new InputError(`completion needs one shell: ${shell === undefined ? 'none given' : `got "${args.join(' ')}"`}, expected ${SHELLS.join(', ')}`);
  const { usage } = await import('../main.js');
  io.stdout.write(completionScript(shell as Shell, commandTable(await usage())));
  return 0;
}

/**
 * What a completion script asks at TAB time: `env [DIR]`, the environment names (of DIR, default the project's
 * environments/), one a line. Never an error: a shell completing shows nothing rather than a message.
 */
export async function runComplete(args: string[], io: CliIo): Promise<number> {
  if (args[0] !== 'env') return 0;
  const { listEnvironments, DEFAULT_ENVIRONMENTS_DIR } = await import('../../environments/load-environment.js');
  try {
    for (const name of listEnvironments(args[1] || DEFAULT_ENVIRONMENTS_DIR)) io.stdout.write(`${name}\n`);
  } catch {
    // no environments folder: nothing to offer
  }
  return 0;
}
