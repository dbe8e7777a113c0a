/**
 * #18 Deliver 1: the package installs into another repository and its CLI works there — the bundle in lib/, no
 * src/ and no tsx at run time, only the package's dependencies installed (no devDependencies).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, tempDir } from '../helpers/cli';

const npm = (cwd: string, args: string[]) =>
  spawnSync('npm', args, { cwd, encoding: 'utf8', env: { ...process.env, npm_config_audit: 'false', npm_config_fund: 'false' } });

describe('npm pack + install into another project', () => {
  it('npx plimsoll validate works from the installed tarball, without src/ or tsx', () => {
    const packs = tempDir('plimsoll-pack-');
    // lib/ as `npm ci` built it (prepare); --ignore-scripts, so packing does not rebuild lib/ under the other tests.
    expect(existsSync(join(ROOT, 'lib', 'plimsoll.cjs')), 'lib/ is built by npm ci (npm run build)').toBe(true);
    const pack = npm(ROOT, ['pack', '--ignore-scripts', '--pack-destination', packs]);
    expect(pack.status, pack.stderr).toBe(0);
    const [tarball] = readdirSync(packs).filter((f) => f.endsWith('.tgz'));
    expect(tarball).toMatch(/^plimsoll-\d+\.\d+\.\d+\.tgz$/);

    const project = tempDir('plimsoll-consumer-');
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true }));
    const install = npm(project, ['install', '--save-dev', '--prefer-offline', join(packs, tarball)]);
    expect(install.status, install.stderr).toBe(0);
    const installed = join(project, 'node_modules', 'plimsoll');
    expect(existsSync(join(installed, 'lib', 'plimsoll.cjs'))).toBe(true);
    expect(existsSync(join(installed, 'src', 'cli'))).toBe(false);
    // No devDependency of Plimsoll came along (vitest, the cdk8s CLI, the Kubernetes enum declarations), nor a CRD
    // model package (schema sources, scripts/schemas/sources.ts).
    for (const dev of ['vitest', 'cdk8s-cli', 'kubernetes-models', '@kubernetes-models/istio', 'json-schema-to-typescript'])
      expect(existsSync(join(project, 'node_modules', dev)), dev).toBe(false);
    // Nor is tsx needed to validate: remove it and run.
    rmSync(join(project, 'node_modules', 'tsx'), { recursive: true, force: true });

    writeFileSync(join(project, 'ok.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: app, namespace: shop}\ndata: {a: "1"}\n');
    writeFileSync(
      join(project, 'bad.yaml'),
      'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: shop}\nspec:\n  replicas: "two"\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec: {containers: [{name: web, image: "nginx@sha256:' +
        'a'.repeat(64) +
        '"}]}\n',
    );
    const npx = (args: string[], input?: string) =>
      spawnSync('npx', ['--no-install', 'plimsoll', ...args], { cwd: project, encoding: 'utf8', input, env: { ...process.env, NO_COLOR: '1' } });
    const version = npx(['--version']);
    expect(version.status, version.stderr).toBe(0);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    const ok = npx(['validate', 'ok.yaml', '--policy', 'minimal']);
    expect(ok.status, ok.stdout + ok.stderr).toBe(0);
    const bad = npx(['validate', 'bad.yaml', '--policy', 'minimal']);
    expect(bad.status, bad.stdout + bad.stderr).toBe(1);
    expect(bad.stdout).toMatch(/bad\.yaml\n\s+5\s+error\s+.*replicas/);
    const stdin = npx(['validate', '-', '--policy', 'minimal'], 'apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec: {ports: [{port: "x"}]}\n');
    expect(stdin.status).toBe(1);
  }, 240_000);
});
