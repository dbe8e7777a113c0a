/**
 * The packages the custom-resource catalog is read from (sources.json), as folders of their published files.
 *
 * They are not devDependencies: their releases declare `engines: node >=22` for the code they ship, which the
 * catalog never runs (it reads their .d.ts as text), and installing them made every `npm ci` on Node 20 warn
 * (EBADENGINE). So each is fetched with `npm pack NAME@VERSION` (npm's cache first, the registry when not there),
 * its tarball checked against the integrity in sources.json, and unpacked into
 * node_modules/.cache/plimsoll-schema-sources/<set>/node_modules/NAME, beside each other as an install would place
 * them (the declarations import one another). `<set>` hashes the pins, so a changed pin is a new folder.
 */
import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..', '..');
const SOURCES_FILE = join(__dirname, 'sources.json');

export interface SourcePin {
  readonly version: string;
  /** The tarball's `sha512-<base64>`, as npm records it (`npm view NAME@VERSION dist.integrity`). */
  readonly integrity: string;
}

export function sourcePins(): Record<string, SourcePin> {
  return (JSON.parse(readFileSync(SOURCES_FILE, 'utf8')) as { packages: Record<string, SourcePin> }).packages;
}

/** The folder every pinned package is unpacked into, fetching the ones not there yet. */
export function sourcesRoot(cacheDir = join(ROOT, 'node_modules', '.cache', 'plimsoll-schema-sources'), pins = sourcePins()): string {
  const set = createHash('sha256').update(JSON.stringify(pins)).digest('hex').slice(0, 16);
  const modules = join(cacheDir, set, 'node_modules');
  for (const [name, pin] of Object.entries(pins)) {
    const dir = join(modules, name);
    if (!existsSync(join(dir, 'package.json'))) unpack(name, pin, dir);
  }
  return modules;
}

function unpack(name: string, pin: SourcePin, dir: string): void {
  const work = `${dir}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  mkdirSync(work, { recursive: true });
  try {
    const spec = `${name}@${pin.version}`;
    // --prefer-offline: a tarball npm has cached is used without asking the registry (the integrity check below
    // is what makes it the pinned one).
    const pack = spawnSync('npm', ['pack', spec, '--json', '--prefer-offline', '--pack-destination', work], { encoding: 'utf8' });
    if (pack.status !== 0) {
      const why = `${pack.stderr ?? ''}${pack.error?.message ?? ''}`.trim().split('\n').pop();
      throw new Error(`cannot fetch schema source ${spec} with npm pack (${why}); it needs the npm registry or npm's cache once`);
    }
    const tarball = join(work, (JSON.parse(pack.stdout) as Array<{ filename: string }>)[0].filename);
    const integrity = `sha512-${createHash('sha512').update(readFileSync(tarball)).digest('base64')}`;
    if (integrity !== pin.integrity)
      throw new Error(`schema source ${spec}: tarball integrity ${integrity}, scripts/schemas/sources.json pins ${pin.integrity}`);
    const files = join(work, 'package');
    mkdirSync(files);
    const tar = spawnSync('tar', ['-xzf', tarball, '-C', files, '--strip-components=1'], { encoding: 'utf8' });
    if (tar.status !== 0) throw new Error(`schema source ${spec}: cannot unpack ${tarball}: ${tar.stderr || tar.error?.message}`);
    mkdirSync(dirname(dir), { recursive: true });
    try {
      renameSync(files, dir);
    } catch (err) {
      // Another run unpacked it first: theirs is the same bytes.
      if (!existsSync(join(dir, 'package.json'))) throw err;
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
