/**
 * Slow (about ten seconds): builds the admission-guard image with buildah under umask 077, checks it has the lock's
 * manifest digest, inspects it with skopeo, unpacks it with umoci and runs it with runc (as root, on the host network with
 * a read-only root file system, config and certificate bind-mounted read-only as the Deployment mounts them), then
 * sends it real AdmissionReviews over HTTPS on loopback. The tools must be installed (`.ci/run` installs them);
 * PLIMSOLL_SKIP_IMAGES=1 skips this file, announced.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildImage, type BuiltImage } from '../../../src/runtime/images/build';
import { componentByName } from '../../../src/runtime/images/components';
import { ROOT } from '../../helpers/cli';
import { requireTool, type Tool } from '../../helpers/tools';
import { compliantPod, guardConfig, podCreate, post, selfSignedCertificate, tempDir, unsignedPod, call } from '../helpers';

const tool = (command: string, install: string): Tool => ({ command, install, optOut: 'PLIMSOLL_SKIP_IMAGES' });
const TOOLS = [
  tool('buildah', 'apt-get install -y buildah'),
  tool('skopeo', 'apt-get install -y skopeo'),
  tool('umoci', 'apt-get install -y umoci'),
  tool('runc', 'apt-get install -y runc'),
];
const mode = TOOLS.map(requireTool).includes('skip') ? 'skip' : 'run';
const IMAGE_CONFIG_DIR = '/etc/plimsoll/admission-guard/config';
const IMAGE_TLS_DIR = '/etc/plimsoll/admission-guard/tls';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

function sh(command: string, args: string[]): string {
  const r = spawnSync(command, args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${command} ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return r.stdout;
}

describe.skipIf(mode === 'skip')('admission-guard image (buildah, skopeo, umoci, runc)', () => {
  const work = tempDir('plimsoll-image-test-');
  const component = componentByName('admission-guard')!;
  let first: BuiltImage;
  let container: ChildProcess | undefined;
  const runcRoot = join(work, 'runc');
  const id = `plimsoll-guard-test-${process.pid}`;
  let output = '';
  let port = 0;
  let metricsPort = 0;
  let ca: Buffer;

  beforeAll(() => {
    // Under another umask than the lock's build (npm run build:images, umask 022): modes must not depend on it.
    const umask = process.umask(0o077);
    try {
      first = buildImage(component, { outDir: join(work, 'a') });
    } finally {
      process.umask(umask);
    }
  }, 240_000);

  afterAll(() => {
    if (container) {
      spawnSync('runc', ['--root', runcRoot, 'kill', id, 'KILL']);
      spawnSync('runc', ['--root', runcRoot, 'delete', '--force', id]);
    }
    rmSync(work, { recursive: true, force: true });
  });

  it('a build in another process, under umask 077, gives the manifest digest images.lock.json has', () => {
    expect(first.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(first.reference).toBe(`${component.repository}:0.1.0@${first.digest}`);
    const lock = JSON.parse(readFileSync(join(ROOT, 'images.lock.json'), 'utf8'));
    expect(lock.images[component.lockKey].image, 'images.lock.json is stale: npm run build:images -- --update-lock').toBe(first.reference);
  });

  it('skopeo inspect: OCI manifest with that digest, linux/amd64, non-root user, node entrypoint, epoch timestamps', () => {
    const image = JSON.parse(sh('skopeo', ['inspect', `oci:${first.layout}:0.1.0`]));
    expect(image).toMatchObject({ Digest: first.digest, Architecture: 'amd64', Os: 'linux', Created: '1970-01-01T00:00:00Z' });
    expect(image.Labels).toEqual({
      'org.opencontainers.image.title': 'plimsoll-admission-guard',
      'org.opencontainers.image.version': '0.1.0',
      'org.opencontainers.image.description': 'the Plimsoll admission guard (src/runtime/admission-guard)',
    });
    expect(image.Layers).toHaveLength(1);
    const config = JSON.parse(sh('skopeo', ['inspect', '--config', `oci:${first.layout}:0.1.0`]));
    expect(config.config).toMatchObject({
      User: '65532:65532',
      Entrypoint: ['/usr/bin/node', '/opt/plimsoll/admission-guard/main.js'],
      Env: ['NODE_ENV=production'],
    });
    expect(config.history ?? []).toEqual([]);
    const raw = JSON.parse(sh('skopeo', ['inspect', '--raw', `oci:${first.layout}:0.1.0`]));
    expect(raw.mediaType).toBe('application/vnd.oci.image.manifest.v1+json');
  });

  it('runs under runc and answers a real AdmissionReview over HTTPS: the unsigned Pod denied, the trusted one allowed', async () => {
    const bundle = join(work, 'bundle');
    sh('umoci', ['unpack', '--image', `${first.layout}:0.1.0`, bundle]);
    // What the Deployment mounts: the ConfigMap and the TLS secret, read-only, readable by uid 65532.
    const configDir = join(work, 'config');
    const tlsDir = join(work, 'tls');
    mkdirSync(configDir);
    mkdirSync(tlsDir);
    ({ cert: ca } = selfSignedCertificate(tlsDir));
    port = await freePort();
    metricsPort = await freePort();
    writeFileSync(
      join(configDir, 'config.json'),
      JSON.stringify(
        guardConfig({
          server: { host: '127.0.0.1', port, metricsPort, logLevel: 'INFO', tlsCertFile: `${IMAGE_TLS_DIR}/tls.crt`, tlsKeyFile: `${IMAGE_TLS_DIR}/tls.key` },
        }),
      ),
    );
    for (const d of [work, configDir, tlsDir]) chmodSync(d, 0o755);
    for (const f of [join(configDir, 'config.json'), join(tlsDir, 'tls.crt'), join(tlsDir, 'tls.key')]) chmodSync(f, 0o644);
    const spec = JSON.parse(readFileSync(join(bundle, 'config.json'), 'utf8'));
    expect(spec.process.user).toEqual({ uid: 65532, gid: 65532 });
    spec.process.terminal = false;
    spec.root.readonly = true;
    // Loopback of the host: the test talks to it directly.
    spec.linux.namespaces = spec.linux.namespaces.filter((n: { type: string }) => n.type !== 'network');
    spec.mounts.push(
      { destination: IMAGE_CONFIG_DIR, type: 'bind', source: configDir, options: ['rbind', 'ro'] },
      { destination: IMAGE_TLS_DIR, type: 'bind', source: tlsDir, options: ['rbind', 'ro'] },
    );
    writeFileSync(join(bundle, 'config.json'), JSON.stringify(spec));
    container = spawn('runc', ['--root', runcRoot, 'run', '--bundle', bundle, id], { stdio: ['ignore', 'pipe', 'pipe'] });
    container.stdout!.on('data', (d) => (output += d));
    container.stderr!.on('data', (d) => (output += d));
    let exited: number | null = null;
    container.on('exit', (code) => (exited = code ?? -1));

    const deadline = Date.now() + 30_000;
    let ready = false;
    while (!ready && Date.now() < deadline && exited === null) {
      try {
        ready = (await call(port, { method: 'GET', path: '/readyz', ca })).status === 200;
      } catch {
        await new Promise((r) => setTimeout(r, 200));
      }
    }
    expect(ready, `guard not ready (exit ${exited}); output:\n${output}`).toBe(true);

    const denied = (await post(port, podCreate(unsignedPod()), { ca })).json();
    expect(denied).toMatchObject({
      apiVersion: 'admission.k8s.io/v1',
      kind: 'AdmissionReview',
      response: { uid: 'uid-1', allowed: false, status: { code: 403 } },
    });
    expect(denied.response.status.details.causes.map((c: { reason: string }) => c.reason)).toEqual(
      expect.arrayContaining(['trusted-image', 'image-digest', 'pod-security', 'required-labels']),
    );
    const allowed = (await post(port, podCreate(compliantPod()), { ca })).json();
    expect(allowed.response).toEqual({ uid: 'uid-1', allowed: true });

    // Its log lines are JSON on stdout, from Debian's Node 18 inside the image (they reach us through a pipe: wait).
    const logged = Date.now() + 10_000;
    while (!output.includes('"msg":"admission deny"') && Date.now() < logged) await new Promise((r) => setTimeout(r, 50));
    const lines = output
      .split('\n')
      .filter((l) => l.startsWith('{') && l.endsWith('}'))
      .map((l) => JSON.parse(l));
    expect(lines.find((l) => l.msg === 'admission guard listening')).toMatchObject({
      level: 'INFO',
      logger: 'plimsoll.admission-guard',
      version: '0.1.0',
      port,
    });
    expect(lines.find((l) => l.msg === 'admission deny')).toMatchObject({ uid: 'uid-1', decision: 'deny', namespace: 'shop' });
    expect(output).not.toMatch(/Warning:|Error:/);
  }, 120_000);
});
