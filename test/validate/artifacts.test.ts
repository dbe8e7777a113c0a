import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixtureDir, plimsoll, webDeployment } from '../helpers/cli';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** A Deployment the recommended policy reports (image-digest: the mutable tag :latest). */
const bad = webDeployment('registry.example.com/web:latest');
/** What synth renders as an artifact: YAML that is no Kubernetes object. */
const alertmanager = 'route:\n  receiver: default\nreceivers:\n  - name: default\n';

interface Entry {
  readonly path: string;
  readonly text: string;
  /** As listed in `files` (default: the text's sha256). */
  readonly sha256?: string;
  readonly type?: unknown;
}

/** An environment folder as synth writes it, `artifacts` listing `entries` (which `files` records too). */
function environment(entries: Entry[], extra: Record<string, string> = {}, objects: string[] = []): string {
  const manifest = {
    environment: 'lab',
    tier: 'lab',
    generator: 'plimsoll',
    order: [],
    files: entries.map((e) => ({ path: e.path, sha256: e.sha256 ?? sha256(e.text) })),
    objects: objects.map((file) => ({ apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shipshape', name: 'web', stage: null, file })),
    artifacts: entries.map((e) => ({ path: e.path, type: 'type' in e ? e.type : 'alertmanager-config' })),
  };
  return fixtureDir({ 'manifest.json': JSON.stringify(manifest), ...Object.fromEntries(entries.map((e) => [e.path, e.text])), ...extra });
}

async function json(dir: string, args: string[] = [dir]) {
  const r = await plimsoll(['validate', ...args, '--format', 'json']);
  return { ...r, report: JSON.parse(r.stdout) };
}

describe('manifest.json artifacts', () => {
  it('skips an artifact synth wrote, and counts and lists it (text, JSON, SARIF)', async () => {
    const dir = environment([{ path: 'alertmanager/alertmanager.yaml', text: alertmanager }], {
      'apps/app.yaml': webDeployment(`registry.example.com/web@sha256:${'b'.repeat(64)}`),
    });
    const { status, report } = await json(dir);
    expect(status).toBe(0);
    const file = join(dir, 'alertmanager/alertmanager.yaml');
    expect(report.summary).toMatchObject({ files: 1, skipped: 1 });
    expect(report.skipped).toEqual([{ file, reason: 'plimsoll artifact alertmanager-config', manifest: join(dir, 'manifest.json') }]);
    expect(report.inputWarnings).toEqual([]);
    const text = (await plimsoll(['validate', dir])).stdout;
    expect(text).toContain(`skipped 1 file: ${file} (plimsoll artifact alertmanager-config, ${join(dir, 'manifest.json')})`);
    const sarif = JSON.parse((await plimsoll(['validate', dir, '--format', 'sarif'])).stdout);
    expect(sarif.runs[0].properties.skipped).toEqual(report.skipped);
  });

  it('fails if an artifact named on the command line is skipped: it is validated', async () => {
    const dir = environment([{ path: 'alertmanager/alertmanager.yaml', text: alertmanager }]);
    const { report } = await json(dir, [join(dir, 'alertmanager/alertmanager.yaml')]);
    expect(report.summary).toMatchObject({ files: 1, skipped: 0 });
    expect(report.skipped).toEqual([]);
  });

  it('fails if a Kubernetes object named on the command line is skipped because a manifest.json up the tree lists it', async () => {
    const dir = environment([{ path: 'apps/app.yaml', text: bad }]);
    const r = await plimsoll(['validate', join(dir, 'apps/app.yaml')]);
    expect(r.status, r.stdout).toBe(1);
    expect(r.stdout).toContain('image-digest');
    expect(r.stdout).toContain('1 object in 1 file');
  });

  it('fails if a folder walk skips a listed file that holds a Kubernetes object, even with the right sha256', async () => {
    const dir = environment([{ path: 'apps/app.yaml', text: bad }]);
    const { status, report } = await json(dir);
    expect(status).toBe(1);
    expect(report.summary).toMatchObject({ files: 1, objects: 1, skipped: 0 });
    expect(report.findings.map((f: { rule: string }) => f.rule)).toContain('image-digest');
    expect(report.inputWarnings).toEqual([
      `${join(dir, 'manifest.json')}: artifact entry "apps/app.yaml" ignored: document 1 has apiVersion/kind: it is a Kubernetes object, and artifacts are not; ${join(dir, 'apps/app.yaml')} is validated as Kubernetes manifests`,
    ]);
    expect((await plimsoll(['validate', dir])).stdout).toContain('artifact entry "apps/app.yaml" ignored');
  });

  it('fails if an entry whose sha256 does not match the file is honoured', async () => {
    const dir = environment([{ path: 'alertmanager/alertmanager.yaml', text: alertmanager, sha256: 'c'.repeat(64) }]);
    const { report } = await json(dir);
    expect(report.summary).toMatchObject({ files: 1, skipped: 0 });
    expect(report.inputWarnings[0]).toContain(`\`files\` records sha256 ${'c'.repeat(64)}, but the file's content hashes to ${sha256(alertmanager)}`);
  });

  it('fails if an entry with no sha256 in `files`, a stage-folder path, an object file or no type is honoured', async () => {
    const cases: Array<[Entry, string[], string]> = [
      [{ path: 'alertmanager/a.yaml', text: alertmanager, sha256: '' }, [], '`files` records sha256 "" for it, expected the 64-hex-digit sha256'],
      [{ path: '00-apps/a.yaml', text: alertmanager }, [], 'the path is not one synth renders artifacts to'],
      [{ path: 'alertmanager/a.yaml', text: alertmanager }, ['alertmanager/a.yaml'], 'also lists it under `objects`'],
      [{ path: 'alertmanager/a.yaml', text: alertmanager, type: undefined }, [], 'its `type` is missing, expected a kebab-case artifact type'],
    ];
    for (const [entry, objects, why] of cases) {
      const dir = environment([entry], {}, objects);
      const { report } = await json(dir);
      expect(report.summary.skipped, why).toBe(0);
      expect(report.inputWarnings, why).toHaveLength(1);
      expect(report.inputWarnings[0], why).toContain(why);
    }
  });

  it('ignores a manifest.json that does not say generator: plimsoll (no environment, no artifact skipped)', async () => {
    const dir = environment([{ path: 'alertmanager/alertmanager.yaml', text: alertmanager }]);
    writeFileSync(
      join(dir, 'manifest.json'),
      JSON.stringify({ environment: 'lab', tier: 'lab', artifacts: [{ path: 'alertmanager/alertmanager.yaml', type: 'x' }] }),
    );
    const { report } = await json(dir);
    // It is JSON without a Kubernetes object, listed as such; the file it names is validated.
    expect(report.summary).toMatchObject({ files: 1, skipped: 1 });
    expect(report.skipped).toEqual([{ file: join(dir, 'manifest.json'), reason: 'JSON that holds no Kubernetes object' }]);
  });
});
