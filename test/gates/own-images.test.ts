import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ownImageFindings, type OwnImagesInput } from '../../src/gates/release/own-images';
import { RUNTIME_COMPONENTS } from '../../src/runtime/images/components';
import type { BuiltImage } from '../../src/runtime/images/build';
import { ROOT } from '../helpers/cli';

const lockText = readFileSync(join(ROOT, 'images.lock.json'), 'utf8');
const entries = JSON.parse(lockText).images;
const guard = RUNTIME_COMPONENTS.find((c) => c.lockKey === 'plimsoll-admission-guard')!;

/** A builder that "builds" exactly what the lock says, except for `differ`. */
function builder(differ: Record<string, string> = {}): OwnImagesInput['build'] {
  return (c) =>
    ({ component: c, layout: '/x', tag: '0.1.0', digest: '', bundleSha256: '', reference: differ[c.lockKey] ?? entries[c.lockKey].image }) as BuiltImage;
}

function run(overrides: Partial<OwnImagesInput> = {}) {
  return [
    ...ownImageFindings({
      entries,
      lockFile: 'images.lock.json',
      lockText,
      components: RUNTIME_COMPONENTS,
      build: builder(),
      missingTools: [],
      skipRequested: false,
      ...overrides,
    }),
  ];
}

describe('release-own-images', () => {
  it('passes when every own component rebuilds to its lock digest', () => {
    expect(run()).toEqual([]);
  });

  it('fails if a fresh build gives another digest, at the lock entry, saying how to update lock and dist', () => {
    const other = `${guard.repository}:0.1.0@sha256:${'9'.repeat(64)}`;
    const findings = run({ build: builder({ [guard.lockKey]: other }) });
    expect(findings).toEqual([
      {
        file: 'images.lock.json',
        line: lockText.split('\n').findIndex((l) => l.includes('"plimsoll-admission-guard"')) + 1,
        path: '/images/plimsoll-admission-guard',
        message: `plimsoll-admission-guard: images.lock.json has ${entries[guard.lockKey].image} but a fresh build of these sources gives ${other}; run \`npm run build:images -- --update-lock\`, then \`npm run synth\`, and commit both`,
      },
    ]);
  });

  it('fails if a component is missing from the lock or is not origin own', () => {
    const { [guard.lockKey]: _gone, ...rest } = entries;
    expect(run({ entries: rest }).map((f) => f.message)).toEqual([expect.stringMatching(/^no images.lock.json entry for plimsoll-admission-guard/)]);
    const thirdParty = { ...entries, [guard.lockKey]: { ...entries[guard.lockKey], origin: 'third-party' } };
    expect(run({ entries: thirdParty })[0].message).toMatch(/its origin is "third-party"; set origin "own"/);
  });

  it('fails if buildah is missing, never silently; PLIMSOLL_SKIP_IMAGE_BUILD=1 makes it a NOT VERIFIED warning', () => {
    const failing = run({ missingTools: ['buildah'] });
    expect(failing).toEqual([
      expect.objectContaining({
        message: expect.stringMatching(
          /^cannot rebuild plimsoll-admission-guard, plimsoll-evidence-bundler, plimsoll-cli to verify their lock digests: buildah not installed \(apt-get install -y buildah\), or set PLIMSOLL_SKIP_IMAGE_BUILD=1/,
        ),
      }),
    ]);
    expect(failing[0].severity).toBeUndefined();
    const skipped = run({ missingTools: ['buildah'], skipRequested: true });
    expect(skipped).toEqual([expect.objectContaining({ severity: 'warning', message: expect.stringMatching(/^NOT VERIFIED: /) })]);
    expect(run({ skipRequested: true })[0]).toMatchObject({
      severity: 'warning',
      message: expect.stringMatching(/^NOT VERIFIED: .*\(PLIMSOLL_SKIP_IMAGE_BUILD=1\)$/),
    });
  });

  it('a failed build is an error naming the failure', () => {
    const findings = run({
      build: () => {
        throw new Error('apt-get download exited 100');
      },
    });
    expect(findings.map((f) => f.message)).toEqual([
      'plimsoll-admission-guard: the image build failed, so its lock digest is unverified: apt-get download exited 100',
      'plimsoll-evidence-bundler: the image build failed, so its lock digest is unverified: apt-get download exited 100',
      'plimsoll-cli: the image build failed, so its lock digest is unverified: apt-get download exited 100',
    ]);
  });

  it('outside the checkout the components are built from, says so as info', () => {
    expect(run({ notHere: '/tmp/copy is not the Plimsoll checkout' })).toEqual([
      {
        severity: 'info',
        file: 'images.lock.json',
        line: null,
        message: 'plimsoll-admission-guard, plimsoll-evidence-bundler, plimsoll-cli not rebuilt: /tmp/copy is not the Plimsoll checkout',
      },
    ]);
  });
});
