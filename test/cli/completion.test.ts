/**
 * #18 Deliver 2: `plimsoll completion bash|zsh|fish`, generated from the usage (src/cli/usage-table.ts). Each
 * script is run in its real shell: bash through COMP_WORDS and the registered function, zsh with compadd and
 * _files recorded, fish through `complete -C`. The shells are required (test/helpers/tools.ts).
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { usage } from '../../src/cli/main';
import { commandTable } from '../../src/cli/usage-table';
import { completionScript } from '../../src/cli/completion-scripts';
import { BIN, fixtureDir, plimsoll, tempDir } from '../helpers/cli';
import { BASH, FISH, requireTool, ZSH, type Tool } from '../helpers/tools';

const ENVIRONMENTS = fixtureDir({ 'alpha.ts': '', 'beta.ts': '', '_shared.ts': '', 'types.d.ts': '' });

async function script(shell: string): Promise<string> {
  const r = await plimsoll(['completion', shell]);
  expect(r.status, r.stderr).toBe(0);
  const file = join(tempDir(), `plimsoll.${shell}`);
  writeFileSync(file, r.stdout);
  return file;
}

/** `shell -c code` with `plimsoll` a function running this checkout's bin (so `__complete` calls reach it). */
function run(tool: Tool, code: string): string {
  const r = spawnSync(tool.command, ['-c', code], { encoding: 'utf8', env: { ...process.env, PLIMSOLL_BIN: BIN } });
  expect(r.status, r.stderr).toBe(0);
  return r.stdout;
}

describe('the usage table', () => {
  it('reads commands, subcommands, flags and what their values are from the usage text', async () => {
    const table = commandTable(await usage());
    const validate = table.find((c) => c.command === 'validate')!;
    expect(validate.paths).toBe(true);
    const flag = (name: string) => validate.flags.find((f) => f.names.includes(name));
    expect(flag('--format')!.value).toEqual({ choices: ['text', 'json', 'sarif', 'junit', 'html'] });
    expect(flag('--policy')!.value).toEqual({ choices: ['minimal', 'recommended', 'strict'], paths: 'file' });
    expect(flag('--env')!.value).toEqual({ choices: [], environments: true });
    expect(flag('--quiet')!.names).toEqual(['-q', '--quiet']);
    expect(flag('--show-waived')!.value).toBeUndefined();
    expect(flag('--exclude')).toBeDefined();
    expect(table.filter((c) => c.command === 'gate').map((c) => c.sub)).toEqual(['evidence', 'release']);
    expect(table.filter((c) => c.command === 'completion').map((c) => c.sub)).toEqual(['bash', 'zsh', 'fish']);
    expect(table.some((c) => c.command.startsWith('-') || c.command.startsWith('__'))).toBe(false);
  });

  it('a flag added to a usage is in every script, with its values', () => {
    const table = commandTable('usage: x\n\ncommands:\n  frob PATH... [--widget round|square]\n           [--depot DIR]\n      Frob.\n');
    expect(table).toEqual([
      {
        command: 'frob',
        paths: true,
        flags: [
          { names: ['--widget'], value: { choices: ['round', 'square'] } },
          { names: ['--depot'], value: { choices: [], paths: 'dir' } },
        ],
      },
    ]);
    expect(completionScript('bash', table)).toContain(`'frob|--widget') COMPREPLY+=($(compgen -W 'round square' -- "$cur")); return ;;`);
    expect(completionScript('bash', table)).toContain(`'frob|--depot') compopt -o filenames 2>/dev/null; COMPREPLY+=($(compgen -d -- "$cur")); return ;;`);
    expect(completionScript('zsh', table)).toContain(`'frob|--widget') compadd -- 'round' 'square'; return ;;`);
    expect(completionScript('fish', table)).toContain(`complete -c plimsoll -n '__plimsoll_at frob' -l widget -x -a 'round square'`);
    expect(completionScript('fish', table)).toContain(`complete -c plimsoll -n '__plimsoll_at frob' -l depot -r -a "(__fish_complete_directories)"`);
  });

  it('usage errors and the hidden environment lister', async () => {
    const bad = await plimsoll(['completion', 'tcsh']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toBe('plimsoll completion: completion needs one shell: got "tcsh", expected bash, zsh, fish\n');
    expect((await plimsoll(['completion', '--help'])).stdout).toMatch(/^usage: plimsoll completion bash\|zsh\|fish/);
    expect((await plimsoll(['__complete', 'env', ENVIRONMENTS])).stdout).toBe('alpha\nbeta\n');
    expect((await plimsoll(['__complete', 'env'])).stdout).toBe('lab\nprod-fsn\nprod-hel\n');
    expect(await plimsoll(['__complete', 'env', join(ENVIRONMENTS, 'missing')])).toEqual({ status: 0, stdout: '', stderr: '' });
    expect((await usage()).includes('__complete')).toBe(false);
  });
});

describe.runIf(requireTool(BASH) === 'run')('bash', () => {
  it('completes commands, subcommands, flags, values, environments and paths', async () => {
    const file = await script('bash');
    const cwd = fixtureDir({ 'dist/a.yaml': '', 'docs/x.md': '' });
    const out = run(
      BASH,
      `cd ${cwd}
plimsoll() { node "$PLIMSOLL_BIN" "$@"; }
source ${file}
complete -p plimsoll
c() { COMP_WORDS=("$@"); COMP_CWORD=$(( \${#COMP_WORDS[@]} - 1 )); COMPREPLY=(); _plimsoll; echo "[$*] \${COMPREPLY[*]}"; }
c plimsoll val
c plimsoll validate --f
c plimsoll validate --format ''
c plimsoll validate --policy m
c plimsoll validate --ex
c plimsoll validate -
c plimsoll validate d
c plimsoll gate ''
c plimsoll gate release --
c plimsoll completion ''
c plimsoll synth --environments ${ENVIRONMENTS} --env ''
c plimsoll graph --format m
c plimsoll rules list --format ''`,
    ).split('\n');
    expect(out[0]).toBe('complete -o bashdefault -o default -F _plimsoll plimsoll');
    expect(out.slice(1, -1)).toEqual([
      '[plimsoll val] validate',
      '[plimsoll validate --f] --format',
      '[plimsoll validate --format ] text json sarif junit html',
      '[plimsoll validate --policy m] minimal',
      '[plimsoll validate --ex] --exclude',
      '[plimsoll validate -] --format --policy --env --tier --waivers --no-waivers --context --kubernetes-version --namespace --crds --no-cache --cache-dir --exclude --show-waived -q --quiet --summary -h --help',
      '[plimsoll validate d] dist docs',
      '[plimsoll gate ] evidence release',
      '[plimsoll gate release --] --format --help',
      '[plimsoll completion ] bash zsh fish',
      `[plimsoll synth --environments ${ENVIRONMENTS} --env ] alpha beta`,
      '[plimsoll graph --format m] mermaid',
      '[plimsoll rules list --format ] text markdown json',
    ]);
  });
});

describe.runIf(requireTool(ZSH) === 'run')('zsh', () => {
  it('parses (zsh -n) and offers the same words through compadd and _files', async () => {
    const file = await script('zsh');
    expect(spawnSync('zsh', ['-n', file], { encoding: 'utf8' }).status).toBe(0);
    const out = run(
      ZSH,
      `plimsoll() { node "$PLIMSOLL_BIN" "$@" }
compdef() { print -r -- "compdef $*" }
source ${file}
compadd() { [[ $1 == -- ]] && shift; print -r -- "$*" }
_files() { print -r -- "<files $*>" }
t() { words=("$@"); CURRENT=\${#words}; _plimsoll }
t plimsoll val
t plimsoll validate --format ''
t plimsoll validate d
t plimsoll gate ''
t plimsoll gate evidence --environment ''
t plimsoll synth --environments ${ENVIRONMENTS} --env ''
t plimsoll offline-kit --out ''`,
    ).split('\n');
    expect(out.slice(0, -1)).toEqual([
      'compdef _plimsoll plimsoll',
      'synth validate order graph rules checks offline-kit gate resolve diff verify status evidence schemas completion --help -h --version',
      'text json sarif junit html',
      '<files >',
      'evidence release',
      'lab prod-fsn prod-hel',
      'alpha beta',
      '<files -/>',
    ]);
  });
});

describe.runIf(requireTool(FISH) === 'run')('fish', () => {
  it('parses (fish --no-execute) and complete -C gives the commands, flags and values', async () => {
    const file = await script('fish');
    expect(spawnSync('fish', ['--no-execute', file], { encoding: 'utf8' }).status).toBe(0);
    const c = (line: string) =>
      run(FISH, `function plimsoll; node $PLIMSOLL_BIN $argv; end; source ${file}; complete -C '${line}'`)
        .split('\n')
        .filter(Boolean)
        .map((l) => l.split('\t')[0]);
    expect(c('plimsoll val')).toEqual(['validate']);
    expect(c('plimsoll validate --format ')).toEqual(['html', 'json', 'junit', 'sarif', 'text']);
    expect(c('plimsoll validate --sh')).toEqual(['--show-waived']);
    expect(c('plimsoll gate ')).toEqual(['evidence', 'release']);
    // `evidence` the command has its own subcommand; `gate evidence` has none.
    expect(c('plimsoll evidence ')).toEqual(['bundle']);
    expect(c('plimsoll gate evidence --environment ')).toEqual(['lab', 'prod-fsn', 'prod-hel']);
    expect(c(`plimsoll synth --environments ${ENVIRONMENTS} --env `)).toEqual(['alpha', 'beta']);
    expect(c('plimsoll completion ')).toEqual(['bash', 'fish', 'zsh']);
  });
});
