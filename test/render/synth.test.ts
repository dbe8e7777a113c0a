import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { STAGES, stageDir } from '../../src/stages/stages';
import { plimsoll, ROOT, snapshotTree, tempDir } from '../helpers/cli';
import { copyOfShippedSynth, shippedSynth } from '../helpers/shipped-synth';

async function synthTo(out: string, extra: string[] = []) {
  return await plimsoll(['synth', '--out', out, ...extra]);
}

describe('plimsoll synth', () => {
  it('renders the same bytes twice, and the bytes committed in dist/', async () => {
    const a = (await shippedSynth()).out;
    const b = tempDir();
    expect((await synthTo(b)).status).toBe(0);
    const first = snapshotTree(a);
    expect(first.size).toBeGreaterThan(0);
    expect(snapshotTree(b)).toEqual(first);
    expect(snapshotTree(join(ROOT, 'dist')), 'dist/ is stale: run `npm run synth` and commit').toEqual(first);
  });

  it('writes manifest.json whose hashes match every file, and ORDER in canonical order', async () => {
    const { out } = await shippedSynth();
    for (const env of ['lab', 'prod-fsn']) {
      const dir = join(out, env);
      const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
      const files = [...snapshotTree(dir).keys()].filter((f) => f !== 'manifest.json').sort();
      expect(manifest.files.map((f: { path: string }) => f.path)).toEqual(files);
      for (const f of manifest.files) {
        expect(
          createHash('sha256')
            .update(readFileSync(join(dir, f.path)))
            .digest('hex'),
          f.path,
        ).toBe(f.sha256);
      }
      const order = readFileSync(join(dir, 'ORDER'), 'utf8').trim().split('\n');
      expect(order).toEqual(manifest.order);
      const canonical = STAGES.map(stageDir);
      expect(order.map((o) => canonical.indexOf(o))).toEqual([...order.map((o) => canonical.indexOf(o))].sort((x, y) => x - y));
      expect(order.every((o) => canonical.includes(o))).toBe(true);
      for (const obj of manifest.objects) expect(existsSync(join(dir, obj.file)), obj.file).toBe(true);
    }
  });

  it('chains one Flux Kustomization per stage with dependsOn, wait and the environment source', async () => {
    const out = tempDir();
    expect((await synthTo(out, ['--env', 'prod-fsn'])).status).toBe(0);
    const dir = join(out, 'prod-fsn');
    const order = readFileSync(join(dir, 'ORDER'), 'utf8').trim().split('\n');
    const fluxFiles = parse(readFileSync(join(dir, 'flux/kustomization.yaml'), 'utf8')).resources as string[];
    const kustomizations = fluxFiles.map((f) => parse(readFileSync(join(dir, 'flux', f), 'utf8')));
    expect(kustomizations.map((k) => k.spec.path)).toEqual(order.map((o) => `./dist/prod-fsn/${o}`));
    kustomizations.forEach((k, i) => {
      expect(k.apiVersion).toBe('kustomize.toolkit.fluxcd.io/v1');
      expect(k.spec.sourceRef).toEqual({ kind: 'GitRepository', name: 'flux-system', namespace: 'flux-system' });
      expect(k.spec.interval).toBe('5m');
      expect(k.spec.prune).toBe(true);
      expect(k.spec.dependsOn).toEqual(i === 0 ? undefined : [{ name: kustomizations[i - 1].metadata.name }]);
      const stage = STAGES.find((s) => stageDir(s) === order[i])!;
      expect(k.spec.wait).toBe(stage.wait);
    });
    expect(kustomizations[0].metadata.name).toBe('plimsoll-00-namespaces');
    expect(kustomizations[0].spec.wait).toBe(true);
  });

  it('renders the shipshape namespace with Pod Security and Istio labels, and no construct hashes', () => {
    const text = readFileSync(join(ROOT, 'dist/prod-fsn/00-namespaces/namespace_shipshape.yaml'), 'utf8');
    const ns = parse(text);
    expect(ns.metadata.name).toBe('shipshape');
    expect(ns.metadata.labels['pod-security.kubernetes.io/enforce']).toBe('restricted');
    expect(ns.metadata.labels['istio-injection']).toBe('enabled');
    expect(ns.metadata.labels['plimsoll.dev/deployment']).toBe('hz-fsn-rtz-prod');
    expect(text).not.toMatch(/cdk8s\.io\/metadata\.addr|-c8[0-9a-f]{6}/);
  });

  it('fails with exit 2 on an invalid environment and leaves the output byte-for-byte untouched', async () => {
    const out = await copyOfShippedSynth();
    const before = snapshotTree(out);
    const envs = tempDir();
    cpSync(join(ROOT, 'environments'), envs, { recursive: true });
    // The overlay imports types from ../src: keep that path valid from the temp folder.
    cpSync(join(ROOT, 'src'), join(envs, '..', 'src'), { recursive: true, force: true });
    const file = join(envs, 'base/production.ts');
    writeFileSync(file, readFileSync(file, 'utf8').replace("provider: 'generic'", "provider: 'openstack'"));
    const r = await synthTo(out, ['--environments', envs]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(
      /base\/production\.ts:\d+ \(shared base of prod-fsn\): \/provider: got "openstack", expected one of "eks", "gke", "aks", "generic"/,
    );
    expect(snapshotTree(out)).toEqual(before);
  });

  it('fails with exit 1 on error findings, lists them, and writes nothing', async () => {
    const out = await copyOfShippedSynth();
    const before = snapshotTree(out);
    const policy = join(tempDir(), 'strict.yaml');
    writeFileSync(policy, `extends: ${join(ROOT, 'policies/platform.yaml')}\nrules:\n  required-labels:\n    options:\n      keys: [owner.example.com/team]\n`);
    const r = await synthTo(out, ['--policy', policy]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('missing label owner.example.com/team');
    expect(r.stderr).toMatch(/namespace_shipshape\.yaml/);
    expect(r.stderr).toContain('nothing was written');
    expect(snapshotTree(out)).toEqual(before);
  });

  it('rejects an invalid policy with exit 2, naming the file, line and path', async () => {
    const policy = join(tempDir(), 'bad.yaml');
    writeFileSync(policy, 'rules:\n  placeholder-cidr:\n    options:\n      exact: [not-a-cidr]\n  image-digset: error\n');
    const r = await synthTo(tempDir(), ['--policy', policy]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('unknown rule "image-digset"; did you mean "image-digest"?');
    expect(r.stderr).toMatch(/bad\.yaml:5: \/rules\/image-digset/);
  });

  it('touches nothing outside the output folder', async () => {
    const parent = tempDir();
    const out = join(parent, 'dist');
    writeFileSync(join(parent, 'sibling.txt'), 'keep');
    expect((await synthTo(out)).status).toBe(0);
    expect([...snapshotTree(parent).keys()].filter((f) => !f.startsWith('dist/'))).toEqual(['sibling.txt']);
  });
});
