/** YAML and JSON as kubectl reads them: JSON lines, `.json` files in folders, standard input, `<<` merge keys. */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadPolicy, validatePaths } from '../../src/validate';
import { parseManifestText } from '../../src/validate/load';
import { PositionCache } from '../../src/validate/locate';
import { BIN, ROOT, tempDir } from '../helpers/cli';

const CONFIG_MAP_JSON = `{
  "apiVersion": "v1",
  "kind": "ConfigMap",
  "metadata": {
    "name": "settings",
    "namespace": "app"
  },
  "data": {
    "mode": 1
  }
}
`;

const options = () => ({ policy: loadPolicy(), noWaivers: true, now: new Date('2026-06-01T00:00:00Z') });
const lines = (report: ReturnType<typeof validatePaths>) => report.findings.map((f) => [f.rule, f.line, f.path]);

describe('JSON documents', () => {
  it('fails if a finding in a .json file is not at the line of its path', () => {
    const dir = tempDir('plimsoll-json-');
    writeFileSync(join(dir, 'cm.json'), CONFIG_MAP_JSON);
    expect(lines(validatePaths([join(dir, 'cm.json')], options()))).toEqual([
      ['required-labels', 4, '/metadata/labels'],
      ['schema', 9, '/data/mode'],
    ]);
  });

  it('fails if a JSON-style flow document inside YAML, or a List in JSON, is located at its first line', () => {
    const text = `---\n${CONFIG_MAP_JSON}---\n{"apiVersion": "v1", "kind": "List",\n "items": [\n  {"apiVersion": "v1", "kind": "ConfigMap",\n   "metadata": {"name": "x"}}]}\n`;
    const positions = new PositionCache(
      () => text,
      () => 2,
    );
    expect(positions.lineOf('f', 0, '/data/mode')).toBe(10);
    expect(positions.lineOf('f', 1, '/items/0/metadata')).toBe(17);
    expect(parseManifestText(text, 'f').objects.map((o) => o.pointer)).toEqual([undefined, '/items/0']);
  });

  it('validates .json files in folders that hold Kubernetes objects, and skips and lists the other JSON', () => {
    const dir = tempDir('plimsoll-json-folder-');
    mkdirSync(join(dir, 'app'));
    writeFileSync(join(dir, 'app', 'cm.json'), CONFIG_MAP_JSON);
    writeFileSync(join(dir, 'app', 'list.json'), JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [JSON.parse(CONFIG_MAP_JSON)] }));
    writeFileSync(join(dir, 'app', 'broken.json'), '{"apiVersion": "v1", "kind": "ConfigMap",\n');
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'x', version: '1.0.0' }));
    writeFileSync(join(dir, 'tsconfig.json'), '{\n  // comments: not JSON, and no Kubernetes object\n  "compilerOptions": {}\n}\n');
    writeFileSync(join(dir, 'dashboard.json'), JSON.stringify({ title: 'd', panels: [{ kind: 'graph' }] }));
    const report = validatePaths([dir], options());
    expect(report.summary.files).toBe(3);
    expect(report.summary.objects).toBe(2);
    expect(report.findings.filter((f) => f.rule === 'parse-error').map((f) => f.file)).toEqual([join(dir, 'app', 'broken.json')]);
    expect(report.skipped).toEqual(
      ['dashboard.json', 'package.json', 'tsconfig.json'].map((f) => ({ file: join(dir, f), reason: 'JSON that holds no Kubernetes object' })),
    );
    // A file named on the command line is validated whatever it holds.
    const named = validatePaths([join(dir, 'package.json')], options());
    expect(named.summary.files).toBe(1);
    expect(named.skipped).toBeUndefined();
    expect(named.findings.map((f) => [f.rule, f.path])).toContainEqual(['schema', '']);
  });
});

describe('standard input', () => {
  const run = (args: string[], input: string) => {
    const r = spawnSync(process.execPath, [BIN, 'validate', ...args, '--format', 'json', '--no-waivers'], {
      cwd: ROOT,
      input,
      encoding: 'utf8',
      timeout: 60_000,
      env: { ...process.env, NO_COLOR: '1' },
    });
    return { status: r.status, stderr: r.stderr, report: r.stdout ? JSON.parse(r.stdout) : undefined };
  };

  it('fails if `-` does not read YAML from stdin as <stdin>, with lines, beside other paths', () => {
    const dir = tempDir('plimsoll-stdin-');
    writeFileSync(join(dir, 'cm.json'), CONFIG_MAP_JSON);
    const yaml = '# rendered by helm\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: from-helm\n  namespace: app\ndata:\n  n: 2\n';
    const r = run(['-', join(dir, 'cm.json')], yaml);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(1);
    expect(r.report.summary).toMatchObject({ files: 2, objects: 2 });
    const stdin = r.report.findings.filter((f: { file: string }) => f.file === '<stdin>');
    expect(stdin.map((f: { rule: string; line: number; path: string }) => [f.rule, f.line, f.path])).toEqual([
      ['required-labels', 5, '/metadata/labels'],
      ['schema', 9, '/data/n'],
    ]);
  });

  it('fails if JSON or broken input on stdin is not reported with its line', () => {
    const json = run(['-'], CONFIG_MAP_JSON);
    expect(json.report.findings.map((f: { file: string; line: number }) => [f.file, f.line])).toEqual([
      ['<stdin>', 4],
      ['<stdin>', 9],
    ]);
    const broken = run(['-'], 'apiVersion: v1\nkind: [\n');
    expect(broken.status).toBe(1);
    expect(broken.report.findings).toEqual([expect.objectContaining({ rule: 'parse-error', file: '<stdin>', line: expect.any(Number) })]);
  });
});

describe('merge keys', () => {
  const MERGED =
    'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: m\n  namespace: n\n  labels: &base {app.kubernetes.io/name: m, tier: "1"}\n  annotations:\n    <<: [*base, {tier: "2", extra: "x"}]\n    tier: "3"\ndata:\n  <<: {k: v}\n  j: w\n';
  const RESOLVED = { 'app.kubernetes.io/name': 'm', tier: '3', extra: 'x' };

  it('fails if `<<` is not resolved by js-yaml, or resolved otherwise by the recovering parser', () => {
    const fast = parseManifestText(MERGED, 'm.yaml');
    expect(fast.documents).toBe(1);
    expect(fast.objects[0].object.metadata?.annotations).toEqual(RESOLVED);
    expect(fast.objects[0].object.data).toEqual({ k: 'v', j: 'w' });
    // A broken second document sends the whole file to the recovering parser.
    const slow = parseManifestText(`${MERGED}---\nkind: [\n`, 'm.yaml');
    expect(slow.documents).toBeUndefined();
    expect(slow.objects).toEqual(fast.objects);
  });

  it('fails if a `<<` of something not a mapping is not a parse error with its line on either path', () => {
    const bad = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: q}\ndata:\n  <<: 1\n';
    for (const text of [bad, `${bad}---\nkind: [\n`]) {
      const { objects, problems } = parseManifestText(text, 'b.yaml');
      expect(objects).toEqual([]);
      expect(problems[0]).toEqual({ file: 'b.yaml', line: 5, message: 'document 1: Merge sources must be maps or map aliases' });
    }
  });

  it('fails if rules see `<<` instead of the merged keys (a merged label counts; no unknown field "<<")', () => {
    const dir = tempDir('plimsoll-merge-');
    writeFileSync(
      join(dir, 'm.yaml'),
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  <<: {labels: {app.kubernetes.io/name: m}}\n  name: m\n  namespace: n\ndata: {a: b}\n',
    );
    expect(lines(validatePaths([dir], options()))).toEqual([]);
  });
});
