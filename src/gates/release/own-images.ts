/**
 * The project's own runtime components (src/runtime/images/components.ts) are rebuilt (`npm run build:images`,
 * reproducible) and each manifest digest must equal its images.lock.json entry: what the constructs deploy is
 * what these sources build. Without buildah the check fails and says how to install it; PLIMSOLL_SKIP_IMAGE_BUILD=1
 * turns that into a warning that the digests were not verified. Never skipped silently.
 */
import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ImageLockEntry } from '../../config/images-lock';
import { displayPath, PROJECT_ROOT } from '../../lib/paths';
import { toPointer } from '../../lib/json-pointer';
import { yamlPositions } from '../../validate/locate';
import { buildImage, missingImageTools, type BuiltImage } from '../../runtime/images/build';
import { RUNTIME_COMPONENTS, type RuntimeComponent } from '../../runtime/images/components';
import type { GateCheck, GateFinding } from '../types';
import type { ReleaseContext } from './context';

export const SKIP_IMAGE_BUILD_VARIABLE = 'PLIMSOLL_SKIP_IMAGE_BUILD';

export interface OwnImagesInput {
  readonly entries: Readonly<Record<string, ImageLockEntry>>;
  /** Display path of the lock and its text (for lines). */
  readonly lockFile: string;
  readonly lockText: string;
  readonly components: readonly RuntimeComponent[];
  /** Builds a component (a fresh, reproducible build); throws on failure. */
  readonly build: (component: RuntimeComponent) => BuiltImage;
  /** Tools missing on this machine. */
  readonly missingTools: readonly string[];
  readonly skipRequested: boolean;
  /** Why no build is possible here (the gate runs outside the checkout the components are built from). */
  readonly notHere?: string;
}

export function* ownImageFindings(input: OwnImagesInput): Iterable<GateFinding> {
  const lines = yamlPositions(input.lockText);
  const at = (key: string) => ({ file: input.lockFile, line: lines.lineOf(0, toPointer(['images', key])), path: toPointer(['images', key]) });
  const present = input.components.filter((c) => {
    const entry = input.entries[c.lockKey];
    return entry && entry.origin === 'own';
  });
  for (const c of input.components.filter((x) => !present.includes(x))) {
    const entry = input.entries[c.lockKey];
    yield {
      file: input.lockFile,
      line: entry ? at(c.lockKey).line : null,
      path: entry ? at(c.lockKey).path : '',
      message: entry
        ? `${c.lockKey} is built by this repository (${c.description}) but its origin is "${entry.origin}"; set origin "own" (npm run build:images -- --update-lock)`
        : `no images.lock.json entry for ${c.lockKey} (${c.description}): run \`npm run build:images -- --update-lock\` and \`npm run synth\``,
    };
  }
  if (!present.length) return;
  const names = present.map((c) => c.lockKey).join(', ');
  if (input.notHere) {
    yield { severity: 'info', file: input.lockFile, line: null, message: `${names} not rebuilt: ${input.notHere}` };
    return;
  }
  if (input.missingTools.length) {
    const why = `${input.missingTools.join(', ')} not installed (apt-get install -y buildah)`;
    if (input.skipRequested) {
      yield {
        severity: 'warning',
        file: input.lockFile,
        line: null,
        message: `NOT VERIFIED: the lock digests of ${names} were not compared with a fresh build: ${why}; skipped because ${SKIP_IMAGE_BUILD_VARIABLE}=1`,
      };
    } else {
      yield {
        file: input.lockFile,
        line: null,
        message: `cannot rebuild ${names} to verify their lock digests: ${why}, or set ${SKIP_IMAGE_BUILD_VARIABLE}=1 to skip this check (reported as a warning)`,
      };
    }
    return;
  }
  if (input.skipRequested) {
    yield {
      severity: 'warning',
      file: input.lockFile,
      line: null,
      message: `NOT VERIFIED: the lock digests of ${names} were not compared with a fresh build (${SKIP_IMAGE_BUILD_VARIABLE}=1)`,
    };
    return;
  }
  for (const c of present) {
    const locked = input.entries[c.lockKey].image;
    let built: BuiltImage;
    try {
      built = input.build(c);
    } catch (err) {
      yield { ...at(c.lockKey), message: `${c.lockKey}: the image build failed, so its lock digest is unverified: ${(err as Error).message}` };
      continue;
    }
    if (built.reference !== locked) {
      yield {
        ...at(c.lockKey),
        message: `${c.lockKey}: images.lock.json has ${locked} but a fresh build of these sources gives ${built.reference}; run \`npm run build:images -- --update-lock\`, then \`npm run synth\`, and commit both`,
      };
    }
  }
}

function sameFolder(a: string, b: string): boolean {
  try {
    return realpathSync(a) === realpathSync(b);
  } catch {
    return false;
  }
}

const check: GateCheck<ReleaseContext> = {
  id: 'release-own-images',
  description: `Each runtime component this repository builds (npm run build:images) has the images.lock.json digest a fresh, reproducible build gives; without buildah it fails unless ${SKIP_IMAGE_BUILD_VARIABLE}=1 (then a warning).`,
  remediation: `Rebuild the components (\`npm run build:images\`) and commit the images.lock.json digests it writes; install buildah, skopeo, umoci and runc where they are missing, or set ${SKIP_IMAGE_BUILD_VARIABLE}=1 to release without the comparison (a warning says so).`,
  category: 'security',
  *check(ctx): Iterable<GateFinding> {
    const lock = ctx.lock();
    const out = mkdtempSync(join(tmpdir(), 'plimsoll-gate-images-'));
    try {
      yield* ownImageFindings({
        entries: lock.entries,
        lockFile: displayPath(lock.file),
        lockText: ctx.read(lock.file) ?? '',
        components: RUNTIME_COMPONENTS,
        build: (c) => buildImage(c, { outDir: out }),
        missingTools: missingImageTools(),
        skipRequested: process.env[SKIP_IMAGE_BUILD_VARIABLE] === '1',
        notHere: sameFolder(ctx.root, PROJECT_ROOT)
          ? undefined
          : `${displayPath(ctx.root)} is not the Plimsoll checkout the components are built from (${PROJECT_ROOT}); run the gate there`,
      });
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  },
};

export default check;
