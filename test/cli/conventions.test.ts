/**
 * #18 Deliver 2 (in part): the conventions of kubectl and kubeconform — every command's own usage on --help and -h
 * (exit 0), an unknown flag as one line naming the nearest flag, `rules list --format json`, and NO_COLOR /
 * FORCE_COLOR.
 */
import { describe, expect, it } from 'vitest';
import { RULES } from '../../src/rules';
import { commandUsage } from '../../src/cli/main';
import { fixtureDir, plimsoll, plimsollProcess } from '../helpers/cli';

const COMMANDS = [
  'synth',
  'validate',
  'order',
  'graph',
  'rules',
  'checks',
  'offline-kit',
  'gate',
  'resolve',
  'diff',
  'verify',
  'status',
  'evidence',
  'schemas',
  'completion',
];

describe('--help and -h', () => {
  it.each(COMMANDS)('%s: its own usage, exit 0, nothing run', async (command) => {
    for (const flag of ['--help', '-h']) {
      const r = await plimsoll([command, flag]);
      expect(r.status, r.stderr).toBe(0);
      expect(r.stderr).toBe('');
      expect(r.stdout.startsWith(`usage: plimsoll ${command}`)).toBe(true);
      // Only this command's entries of the full usage.
      expect(r.stdout).not.toContain('exit codes:');
      expect(r.stdout.split('\n').length).toBeGreaterThan(1);
    }
  });

  it('a subcommand asks the same (gate release -h, schemas pull --help), and --help after -- is an argument', async () => {
    expect((await plimsoll(['gate', 'release', '-h'])).stdout).toContain('gate release [--format');
    expect((await plimsoll(['schemas', 'pull', '--help'])).stdout).toMatch(/^usage: plimsoll schemas pull/);
    expect(await commandUsage('gate')).toContain('gate evidence --environment NAME');
    const r = await plimsoll(['validate', '--', '--help']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--help');
  });
});

describe('unknown options', () => {
  it('are one line naming the nearest option of the command and where its usage is, exit 2', async () => {
    const r = await plimsoll(['validate', 'dist', '--formt', 'json']);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('plimsoll validate: unknown option --formt; did you mean --format? (plimsoll validate --help)\n');
    const far = await plimsoll(['synth', '--zzzzzzzz']);
    expect(far.stderr).toBe('plimsoll synth: unknown option --zzzzzzzz (plimsoll synth --help)\n');
  });
});

describe('rules list --format json', () => {
  it('is every rule with its meta and what each preset makes of it', async () => {
    const r = await plimsoll(['rules', 'list', '--format', 'json']);
    expect(r.status).toBe(0);
    const rules = JSON.parse(r.stdout) as Array<{ id: string; description: string; remediation: string; presets: Record<string, string> }>;
    expect(rules.map((x) => x.id)).toEqual(RULES.map((x) => x.meta.id));
    expect(rules.find((x) => x.id === 'image-digest')!.presets).toEqual({ minimal: 'warning', recommended: 'error', strict: 'error' });
    expect(rules.every((x) => x.description && x.remediation)).toBe(true);
  });
});

describe('colors', () => {
  const bad = ['validate', '-', '--policy', 'minimal'];
  const input = 'apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec: {ports: [{port: "x"}]}\n';
  it('off when not a terminal; FORCE_COLOR turns them on; NO_COLOR wins', () => {
    const plain = plimsollProcess(bad, { input, env: { NO_COLOR: '', FORCE_COLOR: '' } });
    expect(plain.stdout).not.toContain('\x1b[');
    const forced = plimsollProcess(bad, { input, env: { NO_COLOR: '', FORCE_COLOR: '1' } });
    expect(forced.stdout).toContain('\x1b[31merror');
    const both = plimsollProcess(bad, { input, env: { NO_COLOR: '1', FORCE_COLOR: '1' } });
    expect(both.stdout).not.toContain('\x1b[');
  });
});

describe('what the text report lists', () => {
  const files = {
    'a.yaml':
      'apiVersion: v1\nkind: Service\nmetadata: {name: s, namespace: x, annotations: {plimsoll.dev/waive.schema: "a test of waivers"}}\nspec: {ports: [{port: "x"}]}\n',
    'b.yaml': 'apiVersion: v1\nkind: Service\nmetadata: {name: t, namespace: x}\nspec: {ports: [{port: "y"}]}\n',
  };
  it('waived findings only with --show-waived (always counted); -q errors only; --summary the counts; json everything', async () => {
    const dir = fixtureDir(files);
    const run = async (...flags: string[]) => (await plimsoll(['validate', dir, '--policy', 'minimal', ...flags])).stdout;
    const plain = await run();
    expect(plain).not.toContain('a test of waivers');
    expect(plain).toMatch(/1 waived \(--show-waived lists them\)/);
    expect(plain).toContain('b.yaml');
    const shown = await run('--show-waived');
    expect(shown).toContain('waived: a test of waivers');
    const quiet = await run('-q');
    expect(quiet.split('\n').filter((l) => /^\s+\d+\s+(warning|waived)/.test(l))).toEqual([]);
    expect(quiet).toMatch(/\d+\s+error\s/);
    const summary = await run('--summary');
    expect(summary.trim().split('\n')).toHaveLength(1);
    expect(summary).toMatch(/^\d+ errors?, \d+ warnings?, 1 waived · 2 objects in 2 files\n$/);
    const json = JSON.parse(await run('--format', 'json', '--summary'));
    expect(json.findings.some((f: { waived?: string }) => f.waived === 'a test of waivers')).toBe(true);
  });
});
