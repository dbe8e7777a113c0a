import { describe, expect, it } from 'vitest';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadImagesLock, mirrorImage, ImagesLock } from '../../src/config/images-lock';
import { plimsoll, ROOT, tempDir } from '../helpers/cli';
import { editedEnvironments, inSre, objectsIn } from '../systems/sre/helpers';
import { withOverride } from '../helpers/environments';
import { errorsOf, gateJson } from '../gates/helpers';

const HARBOR = 'harbor.hel.acme.internal/mirror';
const PLATFORM_POLICY = join(ROOT, 'policies/platform.yaml');

/** prod-hel, air-gapped behind HARBOR (sealed runtime, as the invariants require). */
function airGappedPeers(): string {
  return editedEnvironments('prod-hel', (t) =>
    withOverride(inSre(`airGap: { enabled: true, registry: '${HARBOR}' },`)(t), 'runtime: { ...production.runtime, sealed: true }'),
  );
}

/** A policy extending the platform's with allowed-registries for prod-hel. */
function policy(registries: string[] | null): string {
  const file = join(tempDir('plimsoll-policy-'), 'airgap.yaml');
  const override = registries
    ? `environments:\n  prod-hel:\n    rules:\n      allowed-registries:\n        severity: error\n        options:\n          registries: [${registries.join(', ')}]\n`
    : '';
  writeFileSync(file, `extends: ${PLATFORM_POLICY}\n${override}`);
  return file;
}

const images = (dir: string) =>
  objectsIn(dir).flatMap(({ object: o }) => {
    const pod = o.kind === 'CronJob' ? o.spec?.jobTemplate?.spec?.template?.spec : o.spec?.template?.spec;
    return [...(pod?.initContainers ?? []), ...(pod?.containers ?? [])].map((c: any) => c.image as string);
  });

describe('image mirroring', () => {
  it('rewrites by digest to the internal registry: host replaced, repository path kept, tag dropped', () => {
    const d = `sha256:${'a'.repeat(64)}`;
    expect(mirrorImage(`docker.io/kubezen/zen-watcher:1.2.1@${d}`, HARBOR)).toBe(`${HARBOR}/kubezen/zen-watcher@${d}`);
    expect(mirrorImage(`nginx:1.25@${d}`, `${HARBOR}/`)).toBe(`${HARBOR}/library/nginx@${d}`);
    expect(mirrorImage(`registry.example:5000/team/app@${d}`, 'harbor.local:8443')).toBe(`harbor.local:8443/team/app@${d}`);
    expect(() => mirrorImage('nginx:1.25', HARBOR)).toThrow('image nginx:1.25 is not pinned by digest; only digest-pinned images can be mirrored');
  });

  it('is one mechanism for every construct: the lock the Platform hands out', () => {
    const lock = loadImagesLock();
    const mirrored = lock.mirroredTo(HARBOR);
    for (const component of Object.keys(lock.entries)) {
      expect(mirrored.image(component)).toBe(mirrorImage(lock.image(component), HARBOR));
      expect(mirrored.sourceImage(component)).toBe(lock.image(component));
    }
  });

  it('fails if two source repositories would land on one mirrored repository', () => {
    const d = `sha256:${'b'.repeat(64)}`;
    const lock = new ImagesLock({
      a: { image: `registry.one.example/team/app@${d}`, origin: 'own', pin: 'example', source: 'a' },
      b: { image: `registry.two.example/team/app@${d}`, origin: 'own', pin: 'example', source: 'b' },
    });
    expect(() => lock.mirroredTo(HARBOR)).toThrow(
      `components "a" (registry.one.example/team/app) and "b" (registry.two.example/team/app) would both be mirrored to ${HARBOR}/team/app`,
    );
  });
});

describe('an air-gapped peer', () => {
  it('pulls every image from its Harbor by the same digests as its peer, and the policy enforces the registry', async () => {
    const envs = airGappedPeers();
    const out = tempDir();
    const r = await plimsoll(['synth', '--out', out, '--environments', envs, '--policy', policy([HARBOR])]);
    expect(r.status, r.stderr).toBe(0);
    const hel = images(join(out, 'prod-hel'));
    const fsn = images(join(out, 'prod-fsn'));
    expect(hel.length).toBeGreaterThan(5);
    for (const image of hel) expect(image.startsWith(`${HARBOR}/`), image).toBe(true);
    const digest = (i: string) => i.slice(i.indexOf('@'));
    expect(hel.map(digest).sort()).toEqual(fsn.map(digest).sort());
    expect(JSON.parse(readFileSync(join(out, 'prod-hel/manifest.json'), 'utf8')).airGap).toEqual({ registry: HARBOR });

    // allowed-registries holds for prod-hel: an image from anywhere else is an error.
    const file = join(out, 'prod-hel/07-controller/cronjob_catalyst-system_gdpr-data-retention.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace(`${HARBOR}/catalyst/gdpr-controller`, 'registry.acme.example/catalyst/gdpr-controller'));
    const v = await plimsoll(['validate', join(out, 'prod-hel'), '--format', 'json', '--policy', policy([HARBOR])]);
    expect(v.status).toBe(1);
    expect(
      JSON.parse(v.stdout)
        .findings.filter((f: any) => f.rule === 'allowed-registries')
        .map((f: any) => f.message),
    ).toEqual([
      `image registry.acme.example/catalyst/gdpr-controller@${loadImagesLock().entries['gdpr-controller'].image.split('@')[1]} comes from registry.acme.example; allowed: ${HARBOR}`,
    ]);
  });

  it('fails synth (exit 2) unless the policy restricts the environment to exactly its registry', async () => {
    const envs = airGappedPeers();
    for (const registries of [null, ['harbor.other.internal/mirror']]) {
      const r = await plimsoll(['synth', '--out', tempDir(), '--environments', envs, '--policy', policy(registries)]);
      expect(r.status).toBe(2);
      expect(r.stderr).toContain(`environment prod-hel is air-gapped (sre.airGap.registry ${HARBOR}) but policy`);
      expect(r.stderr).toContain(`registries: [${HARBOR}]`);
    }
  });

  it('offline-kit lists every image digest it needs, mirrored, with where each comes from', async () => {
    const envs = airGappedPeers();
    const out = join(tempDir(), 'kit');
    const r = await plimsoll(['offline-kit', '--env', 'prod-hel', '--environments', envs, '--out', out]);
    expect(r.status, r.stderr).toBe(0);
    const list = JSON.parse(readFileSync(join(out, 'platform-images.json'), 'utf8'));
    expect(list).toMatchObject({ environment: 'prod-hel', airGapped: true, registry: HARBOR });
    const lock = loadImagesLock();
    expect(list.images.map((i: any) => i.component)).toEqual([
      'gdpr-controller',
      'kubectl',
      'plimsoll-admission-guard',
      'plimsoll-evidence-bundler',
      'scanner-worker',
      'shipshape-controller',
      'shipshape-helloworld',
      'zastava-observer',
      'zastava-webhook',
      'zen-watcher',
    ]);
    for (const i of list.images) {
      expect(i.source).toBe(lock.entries[i.component].image);
      expect(i.image).toBe(mirrorImage(i.source, HARBOR));
      expect(i.digest).toBe(i.source.split('@')[1]);
      expect(i.usedBy.length).toBeGreaterThan(0);
    }
  });
});

describe('the release gate on an air-gapped environment', () => {
  it("accepts the lock's images mirrored to the registry manifest.json names, and nothing else", async () => {
    const dir = tempDir('plimsoll-release-airgap-');
    for (const p of ['package.json', 'CHANGELOG.md', 'README.md', 'images.lock.json', 'docs', 'environments', 'policies', 'schemas', 'src'])
      cpSync(join(ROOT, p), join(dir, p), { recursive: true });
    const envs = airGappedPeers();
    const synth = await plimsoll(['synth', '--out', join(dir, 'dist'), '--environments', envs, '--policy', policy([HARBOR])]);
    expect(synth.status, synth.stderr).toBe(0);
    const ok = await gateJson(['release'], { cwd: dir });
    expect(errorsOf(ok.report)).toEqual([]);
    expect(ok.status).toBe(0);

    const file = join(dir, 'dist/prod-hel/05-runtime/daemonset_stellaops_zastava-observer.yaml');
    const source = loadImagesLock().entries['zastava-observer'].image;
    writeFileSync(file, readFileSync(file, 'utf8').replace(mirrorImage(source, HARBOR), source));
    const bad = await gateJson(['release'], { cwd: dir });
    expect(bad.status).toBe(1);
    expect(errorsOf(bad.report).map((e) => e.message)).toEqual([
      `DaemonSet stellaops/zastava-observer container "observer": image ${source} is not an entry of images.lock.json mirrored to ${HARBOR} (the environment is air-gapped); re-run synth so every image comes from the lock through the mirror`,
    ]);
  });
});
