import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { settingsOf } from '../systems/runtime-plane/helpers';
import { zastavaRuntimeValues } from '../../src/systems/runtime-plane';
import { PROMTOOL, requireTool } from '../helpers/tools';
import { plimsoll, ROOT, snapshotTree, tempDir } from '../helpers/cli';

const promtool = requireTool(PROMTOOL);
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

async function kit(env: string, out = join(tempDir('plimsoll-kit-'), 'kit')): Promise<string> {
  const r = await plimsoll(['offline-kit', '--env', env, '--out', out]);
  expect(r.status, r.stderr).toBe(0);
  expect(r.stdout).toContain('8 files');
  return out;
}

describe('plimsoll offline-kit', () => {
  it('writes the runbook bundle deterministically, also over a previous kit', async () => {
    const a = await kit('prod-fsn');
    const b = await kit('prod-fsn');
    const files = snapshotTree(a);
    expect([...files.keys()].sort()).toEqual([
      'SHA256SUMS',
      'docs/ops/zastava-runtime-grafana-dashboard.json',
      'docs/ops/zastava-runtime-prometheus-rules.yaml',
      'images.json',
      'manifest.json',
      'node-agent/zastava-node-agent.yaml',
      'platform-images.json',
      'zastava-runtime.values.yaml',
    ]);
    expect(snapshotTree(b)).toEqual(files);
    await kit('lab', a);
    expect(snapshotTree(a)).not.toEqual(files);
    await kit('prod-fsn', a);
    expect(snapshotTree(a)).toEqual(files);
  });

  it('lists every file with its sha256 in manifest.json and SHA256SUMS', async () => {
    const dir = await kit('lab');
    const files = snapshotTree(dir);
    const manifest = JSON.parse(files.get('manifest.json')!.toString());
    expect(manifest).toMatchObject({ bundle: 'zastava-runtime', generator: 'plimsoll offline-kit', environment: 'lab' });
    expect(manifest.files.map((f: any) => f.path)).toEqual([...files.keys()].filter((p) => p !== 'manifest.json' && p !== 'SHA256SUMS').sort());
    for (const f of manifest.files) {
      expect(sha256(Buffer.from(files.get(f.path)!, 'latin1')), f.path).toBe(f.sha256);
      expect(files.get(f.path)!.length).toBe(f.bytes);
    }
    const sums = files
      .get('SHA256SUMS')!
      .toString()
      .trim()
      .split('\n')
      .map((l) => l.split('  '));
    expect(sums.map(([, p]) => p)).toEqual([...files.keys()].filter((p) => p !== 'SHA256SUMS').sort());
    for (const [hash, path] of sums) expect(sha256(Buffer.from(files.get(path)!, 'latin1')), path).toBe(hash);
    const check = spawnSync('sha256sum', ['-c', 'SHA256SUMS'], { cwd: dir, encoding: 'utf8' });
    if (!check.error) expect(check.status, check.stdout + check.stderr).toBe(0);
  });

  it.skipIf(promtool === 'skip')('ships a rules file that passes promtool check rules', async () => {
    const dir = await kit('prod-fsn');
    const r = spawnSync('promtool', ['check', 'rules', join(dir, 'docs/ops/zastava-runtime-prometheus-rules.yaml')], { encoding: 'utf8' });
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain('SUCCESS: 12 rules found');
  });

  it('ships the same dashboard the cluster gets and values with secrets by name only', async () => {
    for (const env of ['lab', 'prod-fsn']) {
      const dir = await kit(env);
      const dashboard = readFileSync(join(dir, 'docs/ops/zastava-runtime-grafana-dashboard.json'), 'utf8');
      const cm = parse(readFileSync(join(ROOT, 'dist', env, '06-monitoring/configmap_stellaops_zastava-runtime-dashboard.yaml'), 'utf8'));
      expect(dashboard).toBe(cm.data['zastava-runtime-grafana-dashboard.json']);
      const values = readFileSync(join(dir, 'zastava-runtime.values.yaml'), 'utf8');
      expect(parse(values)).toEqual(zastavaRuntimeValues(settingsOf(env)));
      for (const secret of ['zastava-authority-dpop', 'zastava-authority-mtls', 'zastava-webhook-tls']) expect(values).toContain(secret);
      expect(values).not.toMatch(/PRIVATE KEY|stringData|^\s*data:/m);
      const agent = parse(readFileSync(join(dir, 'node-agent/zastava-node-agent.yaml'), 'utf8'));
      expect(agent.logShipper.inputs[0].path).toBe('/var/log/stellaops/runtime/*.ndjson');
      const images = JSON.parse(readFileSync(join(dir, 'images.json'), 'utf8')).images;
      expect(images.map((i: any) => i.component)).toEqual(['zastava-observer', 'zastava-webhook', 'scanner-worker']);
      for (const i of images) expect(i.image).toMatch(/@sha256:[0-9a-f]{64}$/);
    }
  });

  it('fails with exit 2 without --env, for an unknown environment, and over a folder that is not a kit', async () => {
    expect((await plimsoll(['offline-kit'])).status).toBe(2);
    const unknown = await plimsoll(['offline-kit', '--env', 'nope', '--out', join(tempDir(), 'k')]);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('unknown environment "nope"');
    const dir = tempDir();
    mkdirSync(join(dir, 'mine'));
    writeFileSync(join(dir, 'mine', 'notes.txt'), 'keep me');
    const r = await plimsoll(['offline-kit', '--env', 'lab', '--out', join(dir, 'mine')]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('is not an offline kit written by plimsoll');
    expect([...snapshotTree(dir).keys()]).toEqual(['mine/notes.txt']);
  });
});
