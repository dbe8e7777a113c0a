/**
 * The evidence-bundler image: built with buildah from these sources it has the images.lock.json digest, and run with
 * runc as the CronJob runs it (non-root, read-only root file system, no network; the claim mounted read-write) it
 * bundles the two streams it finds. The tools must be installed (`.ci/run` installs them); PLIMSOLL_SKIP_IMAGES=1
 * skips this file, announced.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildImage, type BuiltImage } from '../../../src/runtime/images/build';
import { componentByName } from '../../../src/runtime/images/components';
import { ROOT } from '../../helpers/cli';
import { requireTool, type Tool } from '../../helpers/tools';
import { tempDir } from '../helpers';

const tool = (command: string, install: string): Tool => ({ command, install, optOut: 'PLIMSOLL_SKIP_IMAGES' });
const TOOLS = [tool('buildah', 'apt-get install -y buildah'), tool('umoci', 'apt-get install -y umoci'), tool('runc', 'apt-get install -y runc')];
const mode = TOOLS.map(requireTool).includes('skip') ? 'skip' : 'run';

describe.skipIf(mode === 'skip')('evidence-bundler image (buildah, umoci, runc)', () => {
  const component = componentByName('evidence-bundler')!;
  const work = tempDir('plimsoll-bundler-image-');
  const bundle = join(work, 'bundle');
  let built: BuiltImage;

  beforeAll(() => {
    built = buildImage(component, { outDir: join(work, 'out') });
    const r = spawnSync('umoci', ['unpack', '--image', `${built.layout}:${built.tag}`, bundle], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
  }, 240_000);

  it('is the images.lock.json entry: the same sources give the same digest', () => {
    const lock = JSON.parse(readFileSync(join(ROOT, 'images.lock.json'), 'utf8'));
    expect(lock.images[component.lockKey].image, 'images.lock.json is stale: npm run build:images -- --update-lock').toBe(built.reference);
  });

  it('bundles the streams of a mounted claim under runc, as its non-root user', () => {
    const claim = tempDir('plimsoll-bundler-claim-');
    const incoming = join(claim, 'incoming');
    mkdirSync(incoming);
    const event = (workloadId: string, timestamp: string) =>
      `${JSON.stringify({ workloadId, namespace: 'shop', node: 'n1', edgeType: 'net', timestamp, imageDigest: `sha256:${'a'.repeat(64)}` })}\n`;
    writeFileSync(join(incoming, 'scanner.entrytrace.ndjson'), event('wl-2', '2025-12-08T10:00:00Z') + event('wl-1', '2025-12-08T10:01:00Z'));
    writeFileSync(join(incoming, 'zastava.runtime.ndjson'), event('wl-1', '2025-12-08T10:00:30Z') + 'not json\n');
    // The claim belongs to the image's user (the CronJob's fsGroup does that in a cluster).
    for (const path of [claim, incoming, ...readdirSync(incoming).map((f) => join(incoming, f))]) spawnSync('chown', ['65532:65532', path]);
    chmodSync(claim, 0o755);
    const spec = JSON.parse(readFileSync(join(bundle, 'config.json'), 'utf8'));
    expect(spec.process.user).toEqual({ uid: 65532, gid: 65532 });
    spec.process.terminal = false;
    spec.process.args = [...spec.process.args, '--in', '/claim/incoming', '--out', '/claim/offline', '--tmp-dir', '/claim', '--format', 'json'];
    spec.root.readonly = true;
    spec.mounts.push({ destination: '/claim', type: 'bind', source: claim, options: ['rbind', 'rw'] });
    writeFileSync(join(bundle, 'config.json'), JSON.stringify(spec));
    const r = spawnSync('runc', ['--root', join(work, 'runc'), 'run', '--bundle', bundle, `plimsoll-bundler-test-${process.pid}`], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const summary = JSON.parse(r.stdout);
    expect(summary).toMatchObject({ workloads: 2, quarantine: { count: 1 } });
    const [runId] = readdirSync(join(claim, 'offline'));
    const manifest = JSON.parse(readFileSync(join(claim, 'offline', runId, 'manifest.json'), 'utf8'));
    expect(manifest.workloads.map((w: { workloadId: string }) => w.workloadId)).toEqual(['wl-1', 'wl-2']);
  });
});
