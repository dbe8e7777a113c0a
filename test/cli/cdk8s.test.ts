import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { ROOT, snapshotTree, tempDir } from '../helpers/cli';
import { shippedEnvironments } from '../helpers/environments';

describe('npx cdk8s synth', () => {
  it('cdk8s.yaml runs plimsoll synth', () => {
    const config = parse(readFileSync(join(ROOT, 'cdk8s.yaml'), 'utf8'));
    expect(config.app).toBe('node bin/plimsoll.js synth');
    expect(config.output).toBe('cdk8s.out');
  });

  it('renders dist/ and one <env>.k8s.yaml per environment through the cdk8s CLI', () => {
    const out = tempDir();
    const flat = join(tempDir(), 'cdk8s.out');
    const cli = join(ROOT, 'node_modules', '.bin', 'cdk8s');
    // cdk8s-cli asks registry.npmjs.org for a newer version on every run (cached 30 min in ~/.cdk8s-cli.version);
    // offline that prints a child's stack trace and "A new version undefined". README's invocation turns it off:
    // a cached "newer" version in a HOME of its own would be announced if it were still on.
    const home = tempDir();
    writeFileSync(join(home, '.cdk8s-cli.version'), '999.0.0');
    const r = spawnSync(cli, ['synth', '--no-check-upgrade', '--app', `node bin/plimsoll.js synth --out ${out}`, '--output', flat], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, HOME: home },
    });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).not.toMatch(/new version|cdk8s-cli is available|^\s+at /m);
    expect(readdirSync(flat).sort()).toEqual(shippedEnvironments().map((e) => `${e}.k8s.yaml`));
    const docs = parseAllDocuments(readFileSync(join(flat, 'prod-fsn.k8s.yaml'), 'utf8')).map((d) => d.toJS());
    const manifest = JSON.parse(readFileSync(join(out, 'prod-fsn', 'manifest.json'), 'utf8'));
    expect(docs.length).toBe(manifest.objects.filter((o: { stage: string | null }) => o.stage).length);
    expect(snapshotTree(out)).toEqual(snapshotTree(join(ROOT, 'dist')));
  });
});
