/**
 * #17 Deliver 6: what synth says about bad input. Each message is one line a person can act on (exit 2), never a
 * stack trace, and names the file or environment, the JSON path or system, the value and what was expected.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { fluxPathPrefixFor } from '../../src/render/synth';
import { plimsoll, ROOT, tempDir } from '../helpers/cli';
import { editedEnvironment, loadError } from '../helpers/environments';
import { ApiObject, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { Platform } from '../../src/stages/platform';
import { defaultRenderInputs } from '../../src/render/render-environment';
import { loadEnvironment } from '../../src/environments/load-environment';
import { SystemSettingError } from '../../src/lib/errors';

async function synthLab(envDir: string, out = tempDir()) {
  return await plimsoll(['synth', '--env', 'lab', '--environments', envDir, '--out', out]);
}

describe('synth input errors', () => {
  it('a value a construct rejects is one line naming the environment, the system and the setting, exit 2', async () => {
    const dir = editedEnvironment('lab', (t) => t.replace('admissionGuard: {', "admissionGuard: { namespaces: ['kube-system'],"));
    const r = await synthLab(dir);
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual([
      'plimsoll synth: environment lab, system runtime-components, setting /runtimeComponents/admissionGuard: admission guard webhook: namespaces must not include kube-system: exempt namespaces (kube-system, plimsoll-system) are never judged, so the guard can always be restarted; remove them',
    ]);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it.each([
    [
      'shipshape',
      (t: string) =>
        t.replace(
          'certificateIssuer: {',
          "monitoring: { prometheusPrincipal: 'cluster.local/ns/x/sa/y', ingressGatewayPrincipal: 'cluster.local/ns/x/sa/y' },\n    certificateIssuer: {",
        ),
      '/shipshape/monitoring',
      'are both "cluster.local/ns/x/sa/y"; /metrics would be public',
    ],
    [
      'zen-watcher',
      (t: string) => t.replace("pattern: 'single',", "pattern: 'single',\n    runbookBaseUrl: 'https://docs.example/zen/',"),
      '/zenWatcher/runbookBaseUrl',
      'runbookBaseUrl must be an http(s) URL without a trailing slash',
    ],
  ])('system %s names the setting a construct rejected', async (system, edit, setting, detail) => {
    const r = await synthLab(editedEnvironment('lab', edit));
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr).toContain(`plimsoll synth: environment lab, system ${system}, setting ${setting}: `);
    expect(r.stderr).toContain(detail);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('a TypeScript syntax error shows the location and message esbuild gives', () => {
    const dir = editedEnvironment('lab', (t) => t.replace('const lab', 'const lab = ;'));
    const message = loadError(dir, 'lab');
    const line =
      readFileSync(join(dir, 'lab.ts'), 'utf8')
        .split('\n')
        .findIndex((l) => l.includes('const lab = ;')) + 1;
    expect(message).toContain('cannot load environment');
    expect(message).toContain(`lab.ts:${line}:12: ERROR: Unexpected ";"`);
  });

  it('fails if two environments share a clusterId, naming every file that has it, with its line', async () => {
    const dir = editedEnvironment('lab', (t) => t.replace("clusterId: 'hz-fsn-rtz-lab'", "clusterId: 'hz-fsn-rtz-prod'"));
    const r = await plimsoll(['synth', '--environments', dir, '--out', tempDir()]);
    expect(r.status).toBe(2);
    const line =
      readFileSync(join(dir, 'lab.ts'), 'utf8')
        .split('\n')
        .findIndex((l) => l.includes("'hz-fsn-rtz-prod'")) + 1;
    expect(r.stderr).toContain(`lab.ts:${line}: /clusterId: got "hz-fsn-rtz-prod", expected a clusterId no other environment has (prod-fsn has it too)`);
    expect(r.stderr).toMatch(/prod-fsn\.ts:\d+: \/clusterId: got "hz-fsn-rtz-prod", expected a clusterId no other environment has \(lab has it too\)/);
  });

  it('fails if a CIDR has host bits set, suggesting the network', () => {
    const dir = editedEnvironment('prod-fsn', (t) => t.replace("nodeCidrs: ['10.48.0.0/20']", "nodeCidrs: ['10.48.0.1/20']"));
    const message = loadError(dir, 'prod-fsn');
    const line =
      readFileSync(join(dir, 'prod-fsn.ts'), 'utf8')
        .split('\n')
        .findIndex((l) => l.includes('10.48.0.1/20')) + 1;
    expect(message).toContain(
      `prod-fsn.ts:${line}: /nodeCidrs/0: got "10.48.0.1/20", expected a network address without host bits (10.48.0.0/20), or a /32 for one host`,
    );
  });
});

describe('synth --out and Flux paths', () => {
  it('paths are the output folder relative to the repository root (the working directory)', () => {
    expect(fluxPathPrefixFor('/repo/dist', '/repo')).toBe('./dist');
    expect(fluxPathPrefixFor('/repo/deploy/clusters', '/repo')).toBe('./deploy/clusters');
    expect(fluxPathPrefixFor('/elsewhere/out', '/repo')).toBeUndefined();
  });

  it('writes Flux Kustomization paths for --out DIR', async () => {
    const repo = tempDir('plimsoll-repo-');
    mkdirSync(join(repo, 'deploy'));
    const r = await plimsoll(['synth', '--env', 'lab', '--environments', join(ROOT, 'environments'), '--out', 'deploy/clusters'], { cwd: repo });
    expect(r.stderr).not.toContain('Error');
    expect(r.status).toBe(0);
    const flux = readFileSync(join(repo, 'deploy/clusters/lab/flux/kustomization_flux-system_plimsoll-00-namespaces.yaml'), 'utf8');
    expect(parse(flux).spec.path).toBe('./deploy/clusters/lab/00-namespaces');
  });
});

describe('errors cdk8s raises only at synthesis', () => {
  const platformWith = (add: (p: Platform) => void) => {
    const inputs = defaultRenderInputs();
    const env = loadEnvironment('lab').env;
    const platform = new Platform(env, {
      images: inputs.imagesLock,
      peers: [],
      policy: inputs.policy,
      waivers: inputs.waivers,
      waiversFile: inputs.waiversFile,
    });
    add(platform);
    platform.claim('throwaway');
    return platform;
  };

  /** What synthesize() throws (a SystemSettingError, or the test fails). */
  const synthError = (platform: Platform): Error => {
    try {
      platform.synthesize();
    } catch (e) {
      expect(e).toBeInstanceOf(SystemSettingError);
      return e as Error;
    }
    throw new Error('synthesize() did not fail');
  };

  it('a value that fails to resolve names the environment, the system that added it and the object', () => {
    const platform = platformWith((p) => {
      new ApiObject(p.stage('apps'), 'broken', {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'broken', namespace: 'shop' },
        data: {
          port: Lazy.any({
            produce: () => {
              throw new Error('port "web" is not declared on the container');
            },
          }),
        },
      });
    });
    const err = synthError(platform);
    expect(err.message).toBe('environment lab, system throwaway: ConfigMap shop/broken: port "web" is not declared on the container');
  });

  it('a failed construct validation is one line naming the system and the construct', () => {
    const platform = platformWith((p) => {
      const holder = new Construct(p.stage('apps'), 'shop');
      new ApiObject(holder, 'cm', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'shop-config', namespace: 'shop' } });
      holder.node.addValidation({ validate: () => ['replicas must be at least 2 in production'] });
    });
    const err = synthError(platform);
    expect(err.message).toBe('environment lab, system throwaway: construct apps/shop: replicas must be at least 2 in production');
    expect(err.message).not.toContain('\n');
  });
});
