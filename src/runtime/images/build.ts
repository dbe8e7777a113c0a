/**
 * Reproducible OCI images of the runtime components, without a container daemon:
 * 1. esbuild bundles the component into one file (no timestamps, paths relative to the project root);
 * 2. a root filesystem is assembled from Debian's packages (`apt-get download` of the pinned versions in
 *    base-packages.json, each checked against its sha256, unpacked with `dpkg-deb -x`, no maintainer scripts)
 *    plus the bundle, an /etc/passwd with the non-root user 65532 and nothing else; every mtime is the epoch;
 * 3. buildah (`from scratch`, vfs storage in a temporary folder) copies it in as root-owned files, sets the
 *    non-root user and entrypoint, and commits with `--timestamp 0 --identity-label=false --omit-history` to an
 *    OCI layout.
 * The same sources, packages and buildah version give the same manifest digest; images.lock.json records it and
 * `plimsoll gate release` rebuilds to compare.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
  lutimesSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { PROJECT_ROOT } from '../../lib/paths';
import { EXACT_DIGEST } from '../../lib/image-ref';
import { acquireLock } from '../../lib/lock-file';
import { PLIMSOLL_VERSION } from '../../version';
import basePackages from './base-packages.json';
import { IMAGE_PREFIX, IMAGE_USER, type RuntimeComponent } from './components';

export interface BasePackage {
  readonly name: string;
  readonly version: string;
  readonly architecture: string;
  readonly file: string;
  readonly size: number;
  readonly sha256: string;
}

export const BASE_PACKAGES: readonly BasePackage[] = basePackages.packages;
export const BASE_PACKAGES_FILE = 'src/runtime/images/base-packages.json';
/** Where downloaded packages are kept between builds (checked against their sha256 on every use). */
export const DEFAULT_CACHE_DIR = join(PROJECT_ROOT, 'build', 'cache', 'debs');
export const DEFAULT_OUT_DIR = join(PROJECT_ROOT, 'build', 'images');
/** Tools a build needs on the machine. */
export const IMAGE_TOOLS = ['buildah', 'apt-get', 'dpkg-deb'] as const;

export class ImageBuildError extends Error {}

export interface BuildOptions {
  /** Parent folder of the OCI layouts (`<outDir>/<component>`). @default build/images */
  readonly outDir?: string;
  /** @default build/cache/debs */
  readonly cacheDir?: string;
  /** Progress lines. @default - silent */
  readonly log?: (line: string) => void;
}

export interface BuiltImage {
  readonly component: RuntimeComponent;
  /** The OCI image layout folder. */
  readonly layout: string;
  readonly tag: string;
  /** Manifest digest, `sha256:<64 hex>`. */
  readonly digest: string;
  /** `<repository>:<tag>@<digest>`: the images.lock.json entry. */
  readonly reference: string;
  /** sha256 of the bundled main.js. */
  readonly bundleSha256: string;
}

/** The tools a build needs that are not on PATH (empty when a build can run). */
export function missingImageTools(): string[] {
  return IMAGE_TOOLS.filter((tool) => spawnSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' }).status !== 0);
}

function run(command: string, args: readonly string[], options: { cwd?: string; input?: string } = {}): string {
  const r = spawnSync(command, args, { cwd: options.cwd, encoding: 'utf8', input: options.input, maxBuffer: 64 * 1024 * 1024 });
  if (r.error) throw new ImageBuildError(`${command} ${args.join(' ')}: ${r.error.message}`);
  if (r.status !== 0)
    throw new ImageBuildError(
      `${command} ${args.slice(0, 6).join(' ')}${args.length > 6 ? ' …' : ''} exited ${r.status}: ${(r.stderr || r.stdout).trim().split('\n').slice(-5).join(' | ')}`,
    );
  return r.stdout;
}

function sha256(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

/** Downloads (or finds in the cache) every pinned package; a wrong sha256 is an error, never used. */
export function fetchBasePackages(cacheDir = DEFAULT_CACHE_DIR, log: (line: string) => void = () => undefined): string[] {
  mkdirSync(cacheDir, { recursive: true });
  const missing = BASE_PACKAGES.filter((p) => !existsSync(join(cacheDir, p.file)) || sha256(join(cacheDir, p.file)) !== p.sha256);
  if (missing.length) {
    log(`downloading ${missing.length} Debian package${missing.length === 1 ? '' : 's'} with apt-get download`);
    const staging = mkdtempSync(join(cacheDir, '.download-'));
    try {
      try {
        run('apt-get', ['download', ...missing.map((p) => `${p.name}=${p.version}`)], { cwd: staging });
      } catch (err) {
        throw new ImageBuildError(
          `${(err as Error).message}\n(the pinned versions must be downloadable: run \`apt-get update\`; if Debian has superseded a version, update ${BASE_PACKAGES_FILE} as its comment says)`,
        );
      }
      for (const p of missing) {
        const got = join(staging, p.file);
        if (!existsSync(got)) throw new ImageBuildError(`apt-get download did not produce ${p.file} for ${p.name}=${p.version}`);
        const sum = sha256(got);
        if (sum !== p.sha256)
          throw new ImageBuildError(`${p.file}: sha256 ${sum} differs from the pin ${p.sha256} in ${BASE_PACKAGES_FILE}; refusing to use it`);
        renameSync(got, join(cacheDir, p.file));
      }
    } finally {
      rmSync(staging, { recursive: true, force: true });
    }
  }
  return BASE_PACKAGES.map((p) => join(cacheDir, p.file));
}

/** Downloads the packages at the pinned versions and returns the pins with their current sha256, size and file. */
export function repinBasePackages(log: (line: string) => void = () => undefined): BasePackage[] {
  const staging = mkdtempSync(join(tmpdir(), 'plimsoll-repin-'));
  try {
    log(`downloading ${BASE_PACKAGES.length} packages`);
    run('apt-get', ['download', ...BASE_PACKAGES.map((p) => `${p.name}=${p.version}`)], { cwd: staging });
    const files = readdirSync(staging);
    return BASE_PACKAGES.map((p) => {
      const file = files.find((f) => f.startsWith(`${p.name}_`) && f.endsWith('.deb'));
      if (!file) throw new ImageBuildError(`apt-get download did not produce a file for ${p.name}=${p.version}`);
      return { ...p, file, size: statSync(join(staging, file)).size, sha256: sha256(join(staging, file)) };
    });
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

/** esbuild: one CommonJS file for Node 18 (Debian bookworm's nodejs), deterministic. */
export function bundleComponent(component: RuntimeComponent, outFile: string, entry = component.entry): void {
  // Loaded lazily: only image builds need it.
  const esbuild = require('esbuild') as typeof import('esbuild');
  const result = esbuild.buildSync({
    entryPoints: [join(PROJECT_ROOT, entry)],
    external: [...(component.external ?? [])],
    absWorkingDir: PROJECT_ROOT,
    outfile: outFile,
    bundle: true,
    platform: 'node',
    target: 'node18',
    format: 'cjs',
    charset: 'utf8',
    legalComments: 'none',
    sourcemap: false,
    logLevel: 'silent',
    write: true,
  });
  if (result.errors.length) throw new ImageBuildError(`esbuild ${entry}: ${result.errors.map((e) => e.text).join('; ')}`);
}

function walk(dir: string, visit: (path: string) => void): void {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (lstatSync(path).isDirectory()) walk(path, visit);
    visit(path);
  }
}

/**
 * The pinned packages unpacked (`dpkg-deb -x`, docs removed), once per set of packages: a folder beside their cache
 * named by their sha256s, which every build copies (`cp -a`) instead of unpacking ~110 MB of xz again (about 1 s a
 * build). Unpacked under a lock into a temporary folder and renamed, so a concurrent build waits and sees it whole.
 */
function extractedBase(debs: readonly string[]): string {
  // The pinned sha256 of a package fetchBasePackages has just checked; any other file is hashed here.
  const pinned = new Map(BASE_PACKAGES.map((p) => [p.file, p.sha256]));
  const key = createHash('sha256')
    .update(JSON.stringify(debs.map((d) => [basename(d), pinned.get(basename(d)) ?? sha256(d)])))
    .digest('hex')
    .slice(0, 24);
  const base = join(dirname(debs[0] ?? DEFAULT_CACHE_DIR), '..', `rootfs-${key}`);
  // Only a complete tree is ever renamed to `base`.
  if (existsSync(base)) return base;
  // One build unpacks while concurrent ones wait for it (their own unpacking would be the same work again).
  const release = acquireLock(`${base}.lock`, { timeoutMs: 300_000, onMessage: () => undefined });
  if (existsSync(base)) {
    release();
    return base;
  }
  const staging = mkdtempSync(`${base}.tmp-`);
  try {
    chmodSync(staging, 0o755);
    for (const deb of debs) run('dpkg-deb', ['-x', deb, staging]);
    for (const unused of ['usr/share/doc', 'usr/share/man', 'usr/share/lintian', 'usr/share/info'])
      rmSync(join(staging, unused), { recursive: true, force: true });
    renameSync(staging, base);
  } finally {
    rmSync(staging, { recursive: true, force: true });
    release();
  }
  return base;
}

/** The root filesystem: Debian's node and libraries, the user database, the component under /opt/plimsoll. */
export function assembleRootfs(component: RuntimeComponent, rootfs: string, debs: readonly string[]): string {
  mkdirSync(rootfs, { recursive: true });
  // Modes must not depend on the builder's umask.
  chmodSync(rootfs, 0o755);
  run('cp', ['-a', `${extractedBase(debs)}/.`, rootfs]);
  // Each folder created here gets an explicit mode (mkdir's would follow the umask), its parents too.
  const dir = (path: string, mode = 0o755) => {
    const parts = path.split('/').filter(Boolean);
    parts.forEach((_, i) => {
      const at = join(rootfs, ...parts.slice(0, i + 1));
      if (existsSync(at)) return;
      mkdirSync(at);
      chmodSync(at, i === parts.length - 1 ? mode : 0o755);
    });
    chmodSync(join(rootfs, path), mode);
  };
  const file = (path: string, content: string | Buffer, mode = 0o644) => {
    dir(dirname(path));
    writeFileSync(join(rootfs, path), content);
    chmodSync(join(rootfs, path), mode);
  };
  file('etc/passwd', 'root:x:0:0:root:/root:/usr/sbin/nologin\nnonroot:x:65532:65532:nonroot:/nonexistent:/usr/sbin/nologin\n');
  file('etc/group', 'root:x:0:\nnonroot:x:65532:\n');
  // Debian's node reads the system CA bundle at start and warns when it is missing; the components make no
  // outgoing TLS connections, so it is present and empty.
  file('etc/ssl/certs/ca-certificates.crt', '');
  dir('tmp', 0o1777);
  if (component.workingDir && component.workingDir !== '/') dir(component.workingDir.slice(1));
  const home = `${IMAGE_PREFIX}/${component.name}`.slice(1);
  dir(home);
  bundleComponent(component, join(rootfs, home, 'main.js'));
  for (const extra of component.extraEntries ?? []) bundleComponent(component, join(rootfs, home, extra.to), extra.entry);
  for (const asset of component.assets) {
    dir(dirname(join(home, asset.to)));
    cpSync(join(PROJECT_ROOT, asset.from), join(rootfs, home, asset.to), { recursive: true });
  }
  for (const [path, content] of Object.entries(component.generatedFiles ?? {})) file(join(home, path), content);
  walk(join(rootfs, home), (path) => chmodSync(path, lstatSync(path).isDirectory() ? 0o755 : 0o644));
  walk(rootfs, (path) => lutimesSync(path, 0, 0));
  lutimesSync(rootfs, 0, 0);
  return sha256(join(rootfs, home, 'main.js'));
}

/** Builds one component's image into `<outDir>/<name>` (an OCI layout tagged with the version). */
export function buildImage(component: RuntimeComponent, options: BuildOptions = {}): BuiltImage {
  const log = options.log ?? (() => undefined);
  const missing = missingImageTools();
  if (missing.length) throw new ImageBuildError(`cannot build images: ${missing.join(', ')} not installed (apt-get install -y buildah dpkg apt)`);
  const debs = fetchBasePackages(options.cacheDir ?? DEFAULT_CACHE_DIR, log);
  const outDir = options.outDir ?? DEFAULT_OUT_DIR;
  mkdirSync(outDir, { recursive: true });
  const work = mkdtempSync(join(tmpdir(), `plimsoll-image-${component.name}-`));
  const storage = ['--storage-driver', 'vfs', '--root', join(work, 'storage'), '--runroot', join(work, 'run')];
  try {
    log(`${component.name}: bundling ${component.entry} and assembling the root filesystem`);
    const bundleSha256 = assembleRootfs(component, join(work, 'rootfs'), debs);
    log(`${component.name}: buildah from scratch, copy, commit`);
    const container = run('buildah', [...storage, 'from', '--quiet', 'scratch']).trim();
    run('buildah', [...storage, 'copy', '--quiet', '--chown', '0:0', container, `${join(work, 'rootfs')}/`, '/']);
    run('buildah', [
      ...storage,
      'config',
      '--user',
      IMAGE_USER,
      '--workingdir',
      component.workingDir ?? '/',
      '--env',
      'NODE_ENV=production',
      '--entrypoint',
      JSON.stringify(['/usr/bin/node', `${IMAGE_PREFIX}/${component.name}/main.js`]),
      '--cmd',
      '[]',
      '--label',
      `org.opencontainers.image.title=${component.lockKey}`,
      '--label',
      `org.opencontainers.image.version=${PLIMSOLL_VERSION}`,
      '--label',
      `org.opencontainers.image.description=${component.description}`,
      container,
    ]);
    const layout = join(work, 'layout');
    run('buildah', [
      ...storage,
      'commit',
      '--quiet',
      '--rm',
      '--format',
      'oci',
      '--timestamp',
      '0',
      '--identity-label=false',
      '--omit-history',
      container,
      `oci:${layout}:${PLIMSOLL_VERSION}`,
    ]);
    const index = JSON.parse(readFileSync(join(layout, 'index.json'), 'utf8')) as { manifests: Array<{ digest: string }> };
    const digest = index.manifests[0]?.digest;
    if (!digest || !EXACT_DIGEST.test(digest)) throw new ImageBuildError(`${component.name}: no manifest digest in the OCI layout index`);
    const target = join(outDir, component.name);
    rmSync(target, { recursive: true, force: true });
    cpSync(layout, target, { recursive: true });
    log(`${component.name}: ${component.repository}:${PLIMSOLL_VERSION}@${digest}`);
    return { component, layout: target, tag: PLIMSOLL_VERSION, digest, reference: `${component.repository}:${PLIMSOLL_VERSION}@${digest}`, bundleSha256 };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
