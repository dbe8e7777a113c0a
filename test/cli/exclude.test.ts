/**
 * #18 Deliver 2: `validate --exclude GLOB` (repeatable). Excluded paths are never read (a malformed or dangling
 * one gives no finding), named files included, standard input never; the summary counts them; the incremental cache
 * and --context follow; the globs match as lib/glob.ts documents, checked against Node's own path.matchesGlob.
 */
import { symlinkSync } from 'node:fs';
import { join, matchesGlob } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileGlob, PathExcluder } from '../../src/lib/glob';
import { fixtureDir, plimsoll, plimsollProcess, tempDir } from '../helpers/cli';

const configMap = (name: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ${name}, namespace: team}\ndata: {k: v}\n`;
/** A finding under any policy: a Service port that is not a number. */
const badService = (name: string) => `apiVersion: v1\nkind: Service\nmetadata: {name: ${name}, namespace: team}\nspec: {ports: [{port: "x"}]}\n`;

function tree(): string {
  const dir = fixtureDir({
    'apps/web.yaml': configMap('web'),
    'apps/web.secret.yaml': badService('secret'),
    'apps/deep/er/api.yml': configMap('api'),
    'charts/vendor/templates/bad.yaml': 'a: [unclosed\n',
    'charts/vendor/values.json': '{"apiVersion": "v1", "kind": "ConfigMap"',
    'tests/broken.yaml': ': : :\n\t- nope',
  });
  symlinkSync(join(dir, 'nowhere.yaml'), join(dir, 'tests', 'dangling.yaml'));
  return dir;
}

async function json(args: string[], cwd: string) {
  const r = await plimsoll(['validate', ...args, '--format', 'json', '--policy', 'minimal', '--no-cache'], { cwd });
  expect(r.stderr).toBe('');
  return { status: r.status, report: JSON.parse(r.stdout) };
}

const files = (report: { findings: Array<{ file: string }> }) => [...new Set(report.findings.map((f) => f.file))].sort();

describe('validate --exclude', () => {
  it('leaves matching files and folders of a walk unread, counted in the summary', async () => {
    const dir = tree();
    const all = await json(['.'], dir);
    // Without --exclude every bad file is a finding: the test below would see them if they were read.
    expect(files(all.report)).toEqual([
      'apps/web.secret.yaml',
      'charts/vendor/templates/bad.yaml',
      'charts/vendor/values.json',
      'tests/broken.yaml',
      'tests/dangling.yaml',
    ]);
    expect(all.report.summary.excluded).toBeUndefined();

    const some = await json(['.', '--exclude', 'charts/**', '--exclude', 'tests', '--exclude', '*.secret.yaml'], dir);
    expect(some.status).toBe(0);
    expect(some.report.findings).toEqual([]);
    expect(some.report.summary).toMatchObject({ files: 2, objects: 2, excluded: 5, errors: 0 });

    const text = await plimsoll(
      ['validate', '.', '--policy', 'minimal', '--no-cache', '--exclude', 'charts/', '--exclude', './tests/**', '--exclude', '*.secret.*'],
      {
        cwd: dir,
      },
    );
    expect(text.stdout).toBe('0 errors, 0 warnings, 0 waived · 2 objects in 2 files · 5 files excluded\n');
    // A pattern that matches nothing says so by its count.
    expect((await plimsoll(['validate', 'apps/web.yaml', '--summary', '--no-cache', '--exclude', 'nothing/**'], { cwd: dir })).stdout).toContain(
      '· 1 object in 1 file · 0 files excluded',
    );
  });

  it('applies to files named on the command line, ** spans folders, {a,b} alternatives; never to standard input', async () => {
    const dir = tree();
    const named = await json(['apps/web.secret.yaml', 'apps/web.yaml', 'apps/deep/er/api.yml', '--exclude', 'apps/**/*.{yml,secret.yaml}'], dir);
    expect(named.report.findings).toEqual([]);
    expect(named.report.summary).toMatchObject({ files: 1, excluded: 2 });
    const deep = await json(['apps', '--exclude', 'apps/**/api.yml', '--exclude', '**/web.secret.yaml'], dir);
    expect(deep.report.summary).toMatchObject({ files: 1, excluded: 2 });
    // A glob relative to the working folder: from apps/ the same files are `deep/...`.
    expect((await json(['.', '--exclude', 'deep/er/*.yml'], join(dir, 'apps'))).report.summary).toMatchObject({ files: 2, excluded: 1 });
    expect((await json(['.', '--exclude', 'apps/deep/er/*.yml'], join(dir, 'apps'))).report.summary).toMatchObject({ files: 3, excluded: 0 });

    const stdin = plimsollProcess(['validate', '-', '--exclude', '*', '--exclude', '**', '--policy', 'minimal', '--no-cache', '--format', 'json'], {
      cwd: dir,
      input: badService('piped'),
    });
    expect(stdin.status, stdin.stderr).toBe(1);
    expect(JSON.parse(stdin.stdout).summary).toMatchObject({ files: 1, errors: 1, excluded: 0 });
  });

  it('leaves excluded files out of --context too', async () => {
    const dir = fixtureDir({
      'in/web.yaml': configMap('web'),
      'ctx/a.yaml': configMap('a'),
      'ctx/skip/b.yaml': configMap('b'),
      'ctx/skip/broken.yaml': 'a: [',
    });
    const r = await json(['in', '--context', 'ctx', '--exclude', 'ctx/skip'], dir);
    expect(r.report.findings).toEqual([]);
    expect(r.report.summary).toMatchObject({ files: 1, contextFiles: 1, excluded: 0 });
  });

  it('with the incremental cache: excluded files are not taken from it, and come back when no longer excluded', async () => {
    const dir = tree();
    const cache = tempDir();
    const run = async (...exclude: string[]) => {
      const r = await plimsoll(
        ['validate', 'apps', '--format', 'json', '--policy', 'minimal', '--cache-dir', cache, ...exclude.flatMap((e) => ['--exclude', e])],
        {
          cwd: dir,
        },
      );
      return JSON.parse(r.stdout);
    };
    const first = await run();
    expect(files(first)).toEqual(['apps/web.secret.yaml']);
    const excluded = await run('*.secret.yaml');
    expect(excluded.findings).toEqual([]);
    expect(excluded.summary).toMatchObject({ files: 2, objects: 2, excluded: 1 });
    expect(await run()).toEqual(first);
  });

  it('usage: documented in --help, a misspelling gets its did-you-mean, a bad glob is a one-line usage error', async () => {
    const help = await plimsoll(['validate', '--help']);
    expect(help.stdout).toContain('[--exclude GLOB]...');
    expect(help.stdout).toContain('--exclude GLOB: files and folders not read, named ones too');
    const typo = await plimsoll(['validate', '.', '--exlude', 'x']);
    expect(typo.stderr).toBe('plimsoll validate: unknown option --exlude; did you mean --exclude? (plimsoll validate --help)\n');
    const bad = await plimsoll(['validate', '.', '--exclude', 'a/{b,c'], { cwd: tree() });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toBe('plimsoll validate: --exclude "a/{b,c": unclosed "{"; expected {a,b}, or \\{ for the character\n');
    expect((await plimsoll(['validate', '.', '--exclude', ''], { cwd: tree() })).stderr).toBe('plimsoll validate: --exclude needs a glob, got an empty one\n');
  });
});

describe('the --exclude glob', () => {
  const patterns = [
    'a/*.yaml',
    'a/**/*.yaml',
    '**/*.yaml',
    'a/b/c.yaml',
    'a/?.yaml',
    'a/[bc].yaml',
    'a/[!b].yaml',
    'a/[a-c]?/*',
    'a/*.{yaml,yml}',
    '**/x/**',
    'x/**/y/*.json',
    'a/b*c/d.yaml',
    '*/b.yaml',
    '../up/*.yaml',
  ];
  const paths = [
    'a/b.yaml',
    'a/c.yaml',
    'a/b/c.yaml',
    'a/b/c/d.yaml',
    'b.yaml',
    'a/b.yml',
    'a/bc.yaml',
    'x/y/z.json',
    'x/y/q/z.json',
    'q/x/r.yaml',
    'a/bxc/d.yaml',
    'a/bb/e',
    'x/y/z.yml',
    '../up/f.yaml',
    'up/f.yaml',
  ];
  /** Node's reading of a pattern with a `/`, plus the folder rule: the path or a folder above it matches. */
  const node = (pattern: string, path: string) => path.split('/').some((_, i, parts) => matchesGlob(parts.slice(0, i + 1).join('/'), pattern));

  it.each(patterns)('%s matches what path.matchesGlob matches (a folder taking what it holds)', (pattern) => {
    const ours = compileGlob(pattern);
    expect(paths.filter((p) => ours(p))).toEqual(paths.filter((p) => node(pattern, p)));
  });

  it('a glob without / matches a name at any depth; a trailing /, ./ and \\ escapes are what they are in gitignore', () => {
    const m = (pattern: string) => paths.filter(compileGlob(pattern));
    expect(m('*.yml')).toEqual(['a/b.yml', 'x/y/z.yml']);
    expect(m('b')).toEqual(['a/b/c.yaml', 'a/b/c/d.yaml']);
    expect(m('y/')).toEqual(['x/y/z.json', 'x/y/q/z.json', 'x/y/z.yml']);
    expect(m('./a/b')).toEqual(['a/b/c.yaml', 'a/b/c/d.yaml']);
    expect(compileGlob('a/\\*.yaml')('a/*.yaml')).toBe(true);
    expect(compileGlob('a/\\*.yaml')('a/b.yaml')).toBe(false);
    expect(compileGlob('a/**')('a')).toBe(true);
    expect(compileGlob('*')('a/b')).toBe(true);
    expect(compileGlob('a.yaml')('a-yaml')).toBe(false);
    // A name matches outside the working folder too; `**` never climbs out of it.
    expect(compileGlob('*.secret.yaml')('../other/x.secret.yaml')).toBe(true);
    expect(compileGlob('**/*.secret.yaml')('../other/x.secret.yaml')).toBe(false);
  });

  it('relative globs are read from the working folder, absolute ones against the absolute path', () => {
    const e = new PathExcluder(['sub/*.yaml', '/abs/**/x.yaml'], '/work/here');
    expect(e.excludes('sub/a.yaml')).toBe(true);
    expect(e.excludes('/work/here/sub/a.yaml')).toBe(true);
    expect(e.excludes('/work/sub/a.yaml')).toBe(false);
    expect(e.excludes('/abs/1/2/x.yaml')).toBe(true);
    expect(e.excludes('../../abs/x.yaml')).toBe(true);
  });
});
