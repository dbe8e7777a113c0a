import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { plimsoll, ROOT, tempDir } from '../helpers/cli';
import { edit, errorsOf, gateJson, lineOf } from './helpers';

/** The parts of the project the release gate reads, copied to a temp folder (not a git checkout). */
function project(): string {
  const dir = tempDir('plimsoll-release-');
  // Everything README and docs may link to, and what the checks read.
  for (const p of ['package.json', 'CHANGELOG.md', 'README.md', 'images.lock.json', 'docs', 'dist', 'environments', 'policies', 'schemas', 'src']) {
    cpSync(join(ROOT, p), join(dir, p), { recursive: true });
  }
  return dir;
}

async function release(dir: string) {
  const r = await gateJson(['release'], { cwd: dir });
  expect(r.stderr).toBe('');
  return { ...r, errors: errorsOf(r.report) };
}

function git(dir: string, ...args: string[]): void {
  const r = spawnSync(
    'git',
    ['-c', 'user.name=Plimsoll Test', '-c', 'user.email=test@plimsoll.invalid', '-c', 'commit.gpgsign=false', '-c', 'tag.gpgsign=false', ...args],
    { cwd: dir, encoding: 'utf8' },
  );
  expect(r.status, r.stderr).toBe(0);
}

const D = (c: string) => `sha256:${c.repeat(64)}`;

/** A rendered environment `web` with one Deployment whose image is `image`. */
function renderWeb(dir: string, image: string): string {
  const rel = '10-app/deployment_shipshape_web.yaml';
  mkdirSync(join(dir, 'dist/web/10-app'), { recursive: true });
  writeFileSync(
    join(dir, 'dist/web', rel),
    [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata:',
      '  name: web',
      '  namespace: shipshape',
      'spec:',
      '  template:',
      '    spec:',
      '      initContainers:',
      `        - name: migrate`,
      `          image: registry.acme.example/platform/web@${D('a')}`,
      '      containers:',
      '        - name: web',
      `          image: ${image}`,
      '',
    ].join('\n'),
  );
  writeFileSync(join(dir, 'dist/web/ORDER'), '10-app\n');
  writeFileSync(
    join(dir, 'dist/web/manifest.json'),
    JSON.stringify(
      {
        environment: 'web',
        order: ['10-app'],
        files: [],
        objects: [{ apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shipshape', name: 'web', stage: 'app', file: rel }],
      },
      null,
      2,
    ),
  );
  return `dist/web/${rel}`;
}

/** Adds `images` to the copied lock, released pins of the shipped lock kept so the real dist/ still matches. */
function lock(dir: string, images: Record<string, { image: string; pin: 'example' | 'released' }>): void {
  const current = JSON.parse(readFileSync(join(dir, 'images.lock.json'), 'utf8')) as { images: Record<string, { pin: string }> };
  const shipped = Object.fromEntries(Object.entries(current.images).map(([k, v]) => [k, { ...v, pin: 'released' }]));
  const added = Object.fromEntries(Object.entries(images).map(([k, v]) => [k, { ...v, origin: 'third-party', source: `${k} runbook` }]));
  writeFileSync(join(dir, 'images.lock.json'), `${JSON.stringify({ images: { ...shipped, ...added } }, null, 2)}\n`);
}

describe('plimsoll gate release', () => {
  it('passes on the project itself (exit 0), saying the untagged HEAD is not a failure', async () => {
    // The images are not rebuilt here: each image test (test/runtime/images/) builds its component and compares it
    // with the lock, and .ci/run ends with the full `gate release`, rebuilds included.
    const r = await plimsoll(['gate', 'release'], { env: { PLIMSOLL_SKIP_IMAGE_BUILD: '1' } });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    // Example pins in the shipped lock are warnings, never failures.
    expect(r.stdout).toMatch(/^0 errors, \d+ warnings?, 0 waived · \d+ objects in \d+ files$/m);
    expect(r.stdout).toContain('NOT VERIFIED: the lock digests of plimsoll-admission-guard, plimsoll-evidence-bundler, plimsoll-cli were not compared');
  });

  it('passes on a copy of the project and reports what it could not check as info, not failure', async () => {
    const { status, report } = await release(project());
    expect(status).toBe(0);
    expect(report.findings.filter((f) => f.severity !== 'warning')).toEqual([
      {
        rule: 'release-own-images',
        severity: 'info',
        file: 'images.lock.json',
        line: null,
        object: null,
        path: '',
        message: expect.stringMatching(
          /^plimsoll-admission-guard, plimsoll-evidence-bundler, plimsoll-cli not rebuilt: .* is not the Plimsoll checkout the components are built from \(.*\); run the gate there$/,
        ),
      },
      {
        rule: 'release-tag',
        severity: 'info',
        file: 'package.json',
        line: 3,
        object: null,
        path: '/version',
        message: 'not the root of a git checkout, so the tag was not checked; a release is tagged v0.1.0',
      },
    ]);
    expect(report.summary.errors).toBe(0);
    // Warnings can only be example pins of the shipped lock.
    for (const w of report.findings.filter((f) => f.severity === 'warning')) expect(w.message).toMatch(/ is an example pin /);
  });

  it('exits 2 on usage errors and an unreadable package.json', async () => {
    expect((await plimsoll(['gate', 'release', '--format', 'xml'])).status).toBe(2);
    expect((await plimsoll(['gate', 'release', 'extra'])).status).toBe(2);
    const empty = tempDir();
    const r = await plimsoll(['gate', 'release'], { cwd: empty });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/cannot read package.json: the release gate runs in the project's root folder/);
    writeFileSync(join(empty, 'package.json'), '{"version": "one"}');
    expect((await plimsoll(['gate', 'release'], { cwd: empty })).stderr).toMatch(/package.json: version "one" is not a semantic version/);
  });

  describe('version metadata', () => {
    it('fails if package.json, CHANGELOG.md and PLIMSOLL_VERSION disagree (a version mismatch)', async () => {
      const dir = project();
      edit(dir, 'package.json', '"version": "0.1.0"', '"version": "0.2.0"');
      const { status, errors } = await release(dir);
      expect(status).toBe(1);
      expect(errors).toEqual([
        expect.objectContaining({
          rule: 'release-changelog',
          file: 'CHANGELOG.md',
          line: lineOf(dir, 'CHANGELOG.md', '## [Unreleased]'),
          message: 'no entry for 0.2.0 (package.json version); add `## [0.2.0] - YYYY-MM-DD` (entries found: 0.1.0)',
        }),
        expect.objectContaining({
          rule: 'release-version-constant',
          file: 'src/version.ts',
          line: lineOf(dir, 'src/version.ts', 'PLIMSOLL_VERSION ='),
          message: "PLIMSOLL_VERSION is '0.1.0' but package.json's version is 0.2.0; set it to '0.2.0'",
        }),
      ]);
    });

    it('fails if only the version constant lags behind', async () => {
      const dir = project();
      edit(dir, 'src/version.ts', "PLIMSOLL_VERSION = '0.1.0'", "PLIMSOLL_VERSION = '0.0.9'");
      expect((await release(dir)).errors.map((e) => [e.rule, e.message])).toEqual([
        ['release-version-constant', "PLIMSOLL_VERSION is '0.0.9' but package.json's version is 0.1.0; set it to '0.1.0'"],
      ]);
      rmSync(join(dir, 'src/version.ts'));
      expect((await release(dir)).errors.map((e) => e.message)).toEqual([
        expect.stringMatching(/^no src\/version.ts: export const PLIMSOLL_VERSION = '0.1.0';/),
      ]);
    });

    it('fails if the changelog entry is undated or empty, or there is no changelog', async () => {
      const dir = project();
      edit(dir, 'CHANGELOG.md', '## [0.1.0] - 2026-11-22', '## [0.1.0]');
      expect((await release(dir)).errors.map((e) => e.message)).toEqual(['the 0.1.0 entry has no release date: write it as `## [0.1.0] - YYYY-MM-DD`']);
      writeFileSync(join(dir, 'CHANGELOG.md'), '# Changelog\n\n## [0.1.0] - 2026-11-22\n\n### Added\n\n## [0.0.1] - 2026-01-01\n\n- first\n');
      expect((await release(dir)).errors).toEqual([
        expect.objectContaining({ line: 3, message: 'the 0.1.0 entry is empty: list what was Added, Changed, Fixed or Removed' }),
      ]);
      rmSync(join(dir, 'CHANGELOG.md'));
      edit(dir, 'README.md', '[CHANGELOG.md](CHANGELOG.md)', 'CHANGELOG.md');
      expect((await release(dir)).errors.map((e) => e.message)).toEqual([
        "no CHANGELOG.md: add one (Keep a Changelog) with a `## [0.1.0] - YYYY-MM-DD` entry for package.json's version 0.1.0",
      ]);
    });

    it('checks the tag of HEAD in a git checkout: v<version> passes, another version fails, none is info', async () => {
      const dir = project();
      git(dir, 'init', '-q');
      git(dir, 'add', '-A');
      git(dir, 'commit', '-q', '-m', 'release');
      const untagged = await release(dir);
      expect(untagged.status).toBe(0);
      // (release-own-images says, as info, that a copy is not where the components are built.)
      const notOwnImages = (f: { rule: string }) => f.rule !== 'release-own-images';
      expect(untagged.report.findings.filter((f) => f.severity !== 'warning').filter(notOwnImages)).toEqual([
        expect.objectContaining({ rule: 'release-tag', severity: 'info', message: 'HEAD is not tagged; when it is released, the tag must be v0.1.0' }),
      ]);
      const text = (await plimsoll(['gate', 'release'], { cwd: dir })).stdout;
      expect(text).toContain('package.json\n      3  info     HEAD is not tagged; when it is released, the tag must be v0.1.0  release-tag · /version\n');
      expect(text).toMatch(/^0 errors, \d+ warnings?, 0 waived · \d+ objects in \d+ files\n$/m);
      git(dir, 'tag', 'v0.1.0');
      git(dir, 'tag', 'deployed-fsn');
      const tagged = await release(dir);
      expect(tagged.status).toBe(0);
      expect(tagged.report.findings.filter((f) => f.severity !== 'warning').filter(notOwnImages)).toEqual([]);
      git(dir, 'tag', '-d', 'v0.1.0');
      git(dir, 'tag', 'v0.2.0');
      const wrong = await release(dir);
      expect(wrong.status).toBe(1);
      expect(wrong.errors).toEqual([
        expect.objectContaining({
          rule: 'release-tag',
          file: 'package.json',
          line: 3,
          path: '/version',
          message: "HEAD is tagged v0.2.0 but package.json's version is 0.1.0: the tag must be v0.1.0 (or bump the version, changelog and PLIMSOLL_VERSION)",
        }),
      ]);
    });
  });

  describe('images', () => {
    const WEB = `registry.acme.example/platform/web@${D('a')}`;
    const NGINX = `docker.io/library/nginx:1.27@${D('b')}`;

    it('passes when every rendered image is the lock entry of its component; example pins are warnings', async () => {
      const dir = project();
      renderWeb(dir, NGINX);
      lock(dir, {
        web: { image: WEB, pin: 'released' },
        nginx: { image: NGINX, pin: 'example' },
        'unused-sidecar': { image: `registry.example/unused-sidecar@${D('c')}`, pin: 'example' },
      });
      const { status, report } = await release(dir);
      expect(status).toBe(0);
      expect(report.findings.filter((f) => f.severity === 'warning')).toEqual([
        expect.objectContaining({
          rule: 'release-image-pins',
          file: 'images.lock.json',
          line: lineOf(dir, 'images.lock.json', '"nginx"'),
          path: '/images/nginx',
          message: `nginx is an example pin (${NGINX}; nginx runbook), rendered in web: resolve and verify the released digest, then set pin to "released"`,
        }),
        expect.objectContaining({
          path: '/images/unused-sidecar',
          message: expect.stringMatching(/^unused-sidecar is an example pin .*, not rendered by any environment: /),
        }),
      ]);
      expect(report.summary.objects).toBeGreaterThan(1);
    });

    it.each([
      [
        'is not pinned by digest',
        'docker.io/library/nginx:1.27',
        'Deployment shipshape/web container "web": image docker.io/library/nginx:1.27 is not pinned by digest; take it from images.lock.json (component nginx) and re-run synth',
      ],
      [
        'differs from its lock entry',
        `docker.io/library/nginx:1.27@${D('d')}`,
        `Deployment shipshape/web container "web": image docker.io/library/nginx:1.27@${D('d')} differs from images.lock.json (nginx: docker.io/library/nginx:1.27@${D('b')}); re-run synth so the output matches the lock`,
      ],
      [
        'is not in the lock',
        `quay.io/other/thing@${D('e')}`,
        `Deployment shipshape/web container "web": image quay.io/other/thing@${D('e')} is not in images.lock.json; images must come from the lock (platform.images.image('<component>'))`,
      ],
    ])('fails if a rendered image %s', async (_what, image, message) => {
      const dir = project();
      const file = renderWeb(dir, image);
      lock(dir, { web: { image: WEB, pin: 'released' }, nginx: { image: NGINX, pin: 'released' } });
      const { status, errors } = await release(dir);
      expect(status).toBe(1);
      expect(errors).toEqual([
        expect.objectContaining({ rule: 'release-image-pins', file, line: 14, path: '/spec/template/spec/containers/0/image', message }),
      ]);
    });

    it('fails if an environment has no rendered output or the manifest lists a missing file', async () => {
      const dir = project();
      rmSync(join(dir, 'dist/lab'), { recursive: true });
      rmSync(join(dir, 'dist/prod-fsn/00-namespaces/namespace_shipshape.yaml'));
      expect((await release(dir)).errors.map((e) => [e.file, e.message])).toEqual([
        ['dist/lab', 'environment lab has no rendered output (no manifest.json): run `npm run synth` and commit dist/'],
        ['dist/prod-fsn/manifest.json', 'lists 00-namespaces/namespace_shipshape.yaml, which does not exist: re-run `npm run synth`'],
      ]);
    });

    it('exits 2 if images.lock.json is invalid', async () => {
      const dir = project();
      writeFileSync(join(dir, 'images.lock.json'), '{"images": {"web": {"image": "nginx:1"}}}');
      const r = await plimsoll(['gate', 'release'], { cwd: dir });
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(/invalid images lock/);
    });
  });

  describe('doc links', () => {
    it('fails on a broken anchor, naming the line and the closest heading', async () => {
      const dir = project();
      edit(dir, 'README.md', '(see [Tests](#tests))', '(see [Tests](#test))');
      const { status, errors } = await release(dir);
      expect(status).toBe(1);
      expect(errors).toEqual([
        expect.objectContaining({
          rule: 'release-doc-links',
          file: 'README.md',
          line: lineOf(dir, 'README.md', '(#test)'),
          path: '',
          message: 'broken anchor #test: this file has no heading with anchor #test; did you mean #tests?',
        }),
      ]);
    });

    it('fails on a broken anchor into another file, a missing file and a link out of the project', async () => {
      const dir = project();
      const doc = 'docs/operations-artifacts/README.md';
      edit(
        dir,
        doc,
        '[templates/](templates/)',
        '[templates/](templates/) [egress](../../README.md#release-gate) [gone](templates/capacity.md) [up](../../../elsewhere.md) [web](https://example.com/x#y)',
      );
      expect((await release(dir)).errors.map((e) => [e.file, e.line, e.message])).toEqual([
        [
          doc,
          lineOf(dir, doc, '#release-gate'),
          'broken anchor ../../README.md#release-gate: README.md has no heading with anchor #release-gate; did you mean #release-gates?',
        ],
        [doc, lineOf(dir, doc, '#release-gate'), 'broken link templates/capacity.md: docs/operations-artifacts/templates/capacity.md does not exist'],
        [doc, lineOf(dir, doc, '#release-gate'), expect.stringMatching(/^link \.\.\/\.\.\/\.\.\/elsewhere\.md points outside the project/)],
      ]);
    });
  });

  describe('canonical order blocks', () => {
    const block = (lines: string[]) => ['', 'Canonical order reference:', '```bash', "cat <<'EOF'", ...lines, 'EOF', '```', ''].join('\n');

    it('passes when a labelled block matches dist/<env>/ORDER, and fails when it drifted', async () => {
      const dir = project();
      const order = (env: string) =>
        readFileSync(join(dir, 'dist', env, 'ORDER'), 'utf8')
          .trim()
          .split('\n');
      writeFileSync(
        join(dir, 'docs/deploy.md'),
        `# Deploy\n${block(order('prod-fsn').map((o) => `dist/prod-fsn/${o}`))}\n\`\`\`text canonical-order=lab\n${order('lab').join('\n')}\n\`\`\`\n`,
      );
      expect((await release(dir)).status).toBe(0);
      writeFileSync(
        join(dir, 'docs/deploy.md'),
        `# Deploy\n${block(['dist/prod-fsn/20-istio-ingress', ...order('prod-fsn').map((o) => `dist/prod-fsn/${o}`)])}`,
      );
      const { status, errors } = await release(dir);
      expect(status).toBe(1);
      expect(errors).toEqual([
        expect.objectContaining({
          rule: 'release-order-drift',
          file: 'docs/deploy.md',
          line: lineOf(dir, 'docs/deploy.md', '20-istio-ingress'),
          message: 'canonical order drifted from dist/prod-fsn/ORDER: entry 1 is 20-istio-ingress, expected 00-namespaces',
        }),
      ]);
    });

    it('fails if a block lists runbook paths, stops early or names an environment without output', async () => {
      const dir = project();
      writeFileSync(join(join(dir, 'dist/lab/ORDER')), '00-namespaces\n30-overlays-test\n');
      writeFileSync(
        join(dir, 'docs/deploy.md'),
        [
          '# Deploy',
          '',
          '```sh canonical-order',
          'kubectl apply -k k8s/namespace',
          '```',
          '',
          '```text canonical-order=lab',
          '00-namespaces',
          '```',
          '',
          '```text canonical-order=staging',
          '00-namespaces',
          '```',
          '',
        ].join('\n'),
      );
      expect((await release(dir)).errors.map((e) => [e.line, e.message])).toEqual([
        [4, 'canonical order drifted from dist/lab/ORDER: entry 1 is namespace, expected 00-namespaces'],
        [4, 'canonical order drifted from dist/prod-fsn/ORDER: entry 1 is namespace, expected 00-namespaces'],
        [4, 'canonical order drifted from dist/prod-hel/ORDER: entry 1 is namespace, expected 00-namespaces'],
        [7, 'canonical order drifted from dist/lab/ORDER: the block stops before 30-overlays-test'],
        [11, 'canonical order block for staging, but dist/staging/ORDER does not exist: run `npm run synth` or name a rendered environment'],
      ]);
    });
  });
});
