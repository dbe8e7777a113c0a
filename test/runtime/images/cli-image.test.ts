/**
 * The plimsoll-cli image: built with buildah from these sources it has the images.lock.json digest, and run with
 * runc (as its non-root user, read-only root file system, no network) it validates a folder bind-mounted read-only
 * at its working directory /work, as a CI job would run it. The tools must be installed (`.ci/run` installs them);
 * PLIMSOLL_SKIP_IMAGES=1 skips this file, announced.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildImage, type BuiltImage } from '../../../src/runtime/images/build';
import { CLI_COMPONENT } from '../../../src/runtime/images/components';
import { ROOT } from '../../helpers/cli';
import { requireTool, type Tool } from '../../helpers/tools';
import { tempDir } from '../helpers';

const tool = (command: string, install: string): Tool => ({ command, install, optOut: 'PLIMSOLL_SKIP_IMAGES' });
const TOOLS = [tool('buildah', 'apt-get install -y buildah'), tool('umoci', 'apt-get install -y umoci'), tool('runc', 'apt-get install -y runc')];
const mode = TOOLS.map(requireTool).includes('skip') ? 'skip' : 'run';

const GOOD = `apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
  namespace: shop
  labels: {app.kubernetes.io/name: shop, app.kubernetes.io/part-of: shop}
data: {mode: fast}
`;
const BAD = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
        - {name: web, image: 'nginx:latest'}
`;

describe.skipIf(mode === 'skip')('plimsoll-cli image (buildah, umoci, runc)', () => {
  const work = tempDir('plimsoll-cli-image-');
  let built: BuiltImage;
  const bundle = join(work, 'bundle');
  const runcRoot = join(work, 'runc');
  let runs = 0;

  beforeAll(() => {
    built = buildImage(CLI_COMPONENT, { outDir: join(work, 'out') });
    const r = spawnSync('umoci', ['unpack', '--image', `${built.layout}:${built.tag}`, bundle], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
  }, 240_000);

  /** Runs the image's entrypoint with `args`, `folder` bind-mounted read-only at /work. */
  function run(folder: string, args: string[]): { status: number | null; stdout: string; stderr: string } {
    chmodSync(folder, 0o755);
    const spec = JSON.parse(readFileSync(join(bundle, 'config.json'), 'utf8'));
    spec.process.terminal = false;
    spec.process.args = [...spec.process.args.slice(0, 2), ...args];
    spec.root.readonly = true;
    spec.mounts = spec.mounts.filter((m: { destination: string }) => m.destination !== '/work');
    spec.mounts.push({ destination: '/work', type: 'bind', source: folder, options: ['rbind', 'ro'] });
    writeFileSync(join(bundle, 'config.json'), JSON.stringify(spec));
    const r = spawnSync('runc', ['--root', runcRoot, 'run', '--bundle', bundle, `plimsoll-cli-test-${process.pid}-${runs++}`], { encoding: 'utf8' });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
  }

  function folder(files: Record<string, string>): string {
    const dir = tempDir('plimsoll-cli-image-in-');
    for (const [name, text] of Object.entries(files)) {
      writeFileSync(join(dir, name), text);
      chmodSync(join(dir, name), 0o644);
    }
    return dir;
  }

  it('is the images.lock.json entry: the same sources give the same digest', () => {
    const lock = JSON.parse(readFileSync(join(ROOT, 'images.lock.json'), 'utf8'));
    expect(lock.images['plimsoll-cli']).toMatchObject({ origin: 'own', pin: 'released', image: built.reference });
    const spec = JSON.parse(readFileSync(join(bundle, 'config.json'), 'utf8'));
    expect(spec.process).toMatchObject({ user: { uid: 65532, gid: 65532 }, cwd: '/work', args: ['/usr/bin/node', '/opt/plimsoll/cli/main.js'] });
  });

  it('validates a mounted folder: exit 1 with the findings of a bad manifest, in text and JSON, exit 0 on a clean one', () => {
    const dir = folder({ 'good.yaml': GOOD, 'bad.yaml': BAD });
    const text = run(dir, ['validate', '.']);
    expect(text.status, text.stderr).toBe(1);
    expect(text.stdout).toContain('bad.yaml');
    expect(text.stdout).toMatch(/image "nginx:latest" has the mutable tag :latest; pin it by @sha256 digest {2}image-digest · Deployment shop\/web/);
    expect(text.stdout).toMatch(/^\d+ errors, \d+ warnings?, 0 waived · 2 objects in 2 files$/m);
    const json = JSON.parse(run(dir, ['validate', '.', '--format', 'json']).stdout);
    expect(json.summary).toMatchObject({ files: 2, objects: 2 });
    expect(new Set(json.findings.map((f: { file: string }) => f.file))).toEqual(new Set(['bad.yaml']));
    expect(json.findings.map((f: { rule: string }) => f.rule)).toEqual(expect.arrayContaining(['image-digest', 'pod-security', 'resources', 'probes']));
    const clean = run(folder({ 'good.yaml': GOOD }), ['validate', '.']);
    expect(clean.stderr).toBe('');
    expect(clean.stdout).toMatch(/^0 errors, 0 warnings, 0 waived · 1 object in 1 file$/m);
    expect(clean.status).toBe(0);
  });

  it('reads its rule catalogue and version, and says which commands it does not have instead of crashing', () => {
    expect(run(folder({}), ['--version']).stdout.trim()).toBe(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version);
    const rules = JSON.parse(run(folder({}), ['rules', 'list', '--format', 'json']).stdout);
    expect(rules.length).toBeGreaterThan(20);
    const project = tempDir('plimsoll-cli-image-project-');
    for (const part of ['environments', 'schemas', 'policies']) cpSync(join(ROOT, part), join(project, part), { recursive: true });
    mkdirSync(join(project, 'out'));
    const synth = run(project, ['synth', '--environments', 'environments', '--out', '/tmp/out']);
    expect(synth.stderr).toMatch(/^plimsoll synth: needs the package (tsx|typescript|esbuild), which this installation does not have/);
    expect(synth.stderr).not.toMatch(/\n\s+at /);
    expect(synth.status).toBe(2);
  });
});
