/**
 * `npm run build:images [-- --component NAME]... [--out DIR] [--check | --update-lock] [--update-pins]`
 * Builds the runtime components' OCI images (src/runtime/images/build.ts) into build/images/<component>/.
 * --check        exit 1 when a built digest differs from its images.lock.json entry
 * --update-lock  write the built references into images.lock.json (origin own, pin released)
 * --update-pins  re-download the Debian packages at the versions in base-packages.json and rewrite their sha256
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { IMAGES_LOCK_FILE } from '../src/config/images-lock';
import { BASE_PACKAGES_FILE, buildImage, DEFAULT_OUT_DIR, ImageBuildError, repinBasePackages } from '../src/runtime/images/build';
import { componentByName, RUNTIME_COMPONENTS } from '../src/runtime/images/components';
import { PROJECT_ROOT } from '../src/lib/paths';

/** JSON as the lock file is written: 2-space indent, non-ASCII escaped, trailing newline. */
export function lockJson(data: unknown): string {
  return `${JSON.stringify(data, null, 2).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)}\n`;
}

function main(): number {
  const { values } = parseArgs({
    options: {
      component: { type: 'string', multiple: true },
      out: { type: 'string' },
      check: { type: 'boolean', default: false },
      'update-lock': { type: 'boolean', default: false },
      'update-pins': { type: 'boolean', default: false },
    },
    strict: true,
  });
  const log = (line: string) => process.stderr.write(`build:images: ${line}\n`);
  if (values['update-pins']) {
    const file = join(PROJECT_ROOT, BASE_PACKAGES_FILE);
    const doc = JSON.parse(readFileSync(file, 'utf8'));
    doc.packages = repinBasePackages(log);
    writeFileSync(file, `${JSON.stringify(doc, null, 2)}\n`);
    log(`rewrote ${BASE_PACKAGES_FILE}; review the sha256 changes before committing`);
  }
  const components = (values.component ?? RUNTIME_COMPONENTS.map((c) => c.name)).map((name) => {
    const c = componentByName(name);
    if (!c) throw new ImageBuildError(`unknown component ${name}; known: ${RUNTIME_COMPONENTS.map((x) => x.name).join(', ')}`);
    return c;
  });
  const lock = JSON.parse(readFileSync(IMAGES_LOCK_FILE, 'utf8')) as { images: Record<string, Record<string, unknown>> };
  let differ = 0;
  for (const component of components) {
    const started = Date.now();
    const built = buildImage(component, { outDir: values.out ?? DEFAULT_OUT_DIR, log });
    const locked = lock.images[component.lockKey]?.image;
    const same = locked === built.reference;
    process.stdout.write(
      `${component.lockKey} ${built.reference} (${((Date.now() - started) / 1000).toFixed(1)} s, OCI layout ${built.layout})${locked === undefined ? ' [not in the lock]' : same ? ' [matches the lock]' : ` [lock has ${locked}]`}\n`,
    );
    if (!same) differ++;
    lock.images[component.lockKey] = {
      image: built.reference,
      origin: 'own',
      pin: 'released',
      source: `Built by this repository: ${component.description}, \`npm run build:images\` (esbuild bundle on Debian bookworm's nodejs, ${BASE_PACKAGES_FILE}); \`plimsoll gate release\` rebuilds it and compares the digest.`,
    };
  }
  if (values['update-lock']) {
    lock.images = Object.fromEntries(Object.entries(lock.images).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    writeFileSync(IMAGES_LOCK_FILE, lockJson(lock));
    log(`updated images.lock.json; run \`npm run synth\` so dist/ uses the new digests`);
    return 0;
  }
  if (values.check && differ) {
    log(`${differ} image${differ === 1 ? '' : 's'} differ from images.lock.json: run \`npm run build:images -- --update-lock\` and \`npm run synth\``);
    return 1;
  }
  return 0;
}

if (require.main === module) {
  try {
    process.exitCode = main();
  } catch (err) {
    process.stderr.write(`build:images: ${err instanceof ImageBuildError ? err.message : (err as Error).stack}\n`);
    process.exitCode = 2;
  }
}
