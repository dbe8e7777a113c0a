/**
 * The usage text (main.ts `usage()`) read as the CLI's one table of commands and flags: `--help` shows its entries,
 * the did-you-mean of an unknown option and `plimsoll completion` take their flags from it, so a flag added to a
 * command's usage is offered everywhere and nothing keeps a second list.
 *
 * An entry starts at two spaces; its synopsis is that line and the lines after it indented by more than six (the
 * description is indented by exactly six).
 */

/** The entries of the usage text, each its lines (first line first). */
export function usageEntries(text: string): string[][] {
  const entries: string[][] = [];
  for (const line of text.split('\n')) {
    if (/^  \S/.test(line)) entries.push([line]);
    else if (/^ {4,}\S/.test(line) && entries.length) entries[entries.length - 1].push(line);
    else if (line.trim() === '' || /^\S/.test(line)) entries.push([]);
  }
  return entries.filter((e) => e.length);
}

/** What a flag's value is, from its placeholder (`--format text|json`, `--out DIR`, `--env NAME`). */
export interface FlagValue {
  /** Literal values (`text|json`, `FILE|minimal|strict` gives minimal and strict). */
  readonly choices: readonly string[];
  /** FILE and PATH: any path; DIR: folders. */
  readonly paths?: 'file' | 'dir';
  /** `--env NAME`, `--environment NAME`: the names of environments/<name>.ts. */
  readonly environments?: boolean;
}

export interface FlagSpec {
  /** `--quiet`, or `-q` and `--quiet`. */
  readonly names: readonly string[];
  /** Undefined: a switch. */
  readonly value?: FlagValue;
}

export interface CommandSpec {
  readonly command: string;
  /** The subcommand the entry is for (`gate release`), or one of several positional words (`completion bash|zsh|fish`). */
  readonly sub?: string;
  readonly flags: readonly FlagSpec[];
  /** Takes file or folder arguments (`validate PATH...`). */
  readonly paths: boolean;
}

const PLACEHOLDER_PATHS: Record<string, 'file' | 'dir'> = { FILE: 'file', PATH: 'file', DIR: 'dir' };

function flagValue(flag: string, text: string): FlagValue {
  const parts = text.split('|');
  const choices = parts.filter((p) => /^[a-z0-9][a-z0-9.-]*$/.test(p));
  const paths = parts.map((p) => PLACEHOLDER_PATHS[p]).find(Boolean);
  const environments = (flag === '--env' || flag === '--environment') && parts.includes('NAME');
  return { choices, ...(paths ? { paths } : {}), ...(environments ? { environments } : {}) };
}

/** The flags of a synopsis in the order it names them, each once. */
function synopsisFlags(synopsis: string): FlagSpec[] {
  const flags = new Map<string, FlagSpec>();
  // `-q|--quiet`, or `--name`, then a value that is not the next flag, a `|` between flags, or a bracket.
  const flag = /(?<![\w-])(?:(-[a-zA-Z])\|)?(--[a-z][a-z0-9-]*)(?:[ =](?![-|])([^\s[\]()]+))?/g;
  for (const m of synopsis.matchAll(flag)) {
    const names = m[1] ? [m[1], m[2]] : [m[2]];
    if (!flags.has(m[2])) flags.set(m[2], { names, ...(m[3] ? { value: flagValue(m[2], m[3]) } : {}) });
  }
  return [...flags.values()];
}

/** Every command entry of the usage text (`--version` is a top-level flag, not a command). */
export function commandTable(usageText: string): CommandSpec[] {
  const table: CommandSpec[] = [];
  for (const entry of usageEntries(usageText)) {
    const synopsis = entry
      .filter((line, i) => i === 0 || /^ {7,}\S/.test(line))
      .map((l) => l.trim())
      .join(' ');
    const [command, second = ''] = synopsis.split(/\s+/);
    if (!/^[a-z]/.test(command)) continue;
    const subs = /^[a-z][a-z|-]*$/.test(second) ? second.split('|') : [undefined];
    const rest = synopsis.slice(command.length);
    for (const sub of subs) table.push({ command, ...(sub ? { sub } : {}), flags: synopsisFlags(rest), paths: /\bPATH\.\.\./.test(second) });
  }
  return table;
}

/** The flags of a command's entries (a command with subcommands: of all of them), for the did-you-mean. */
export function commandFlags(usageText: string, command: string): string[] {
  return [...new Set(commandTable(usageText).flatMap((c) => (c.command === command ? c.flags.flatMap((f) => f.names.filter((n) => n.startsWith('--'))) : [])))];
}
