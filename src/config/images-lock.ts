/**
 * images.lock.json: component → `repository@sha256:…`. The only place an image reference may come from; a
 * construct asking for a component the lock does not have is a build error naming the lock file.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseJson } from '../lib/json';
import { schemaProblems, schemaValidator } from './schemas';
import { InputError } from '../lib/errors';
import { displayPath, PROJECT_ROOT } from '../lib/paths';
import { closest } from '../lib/suggest';
import { PINNED_DIGEST } from '../lib/image-ref';

export const IMAGES_LOCK_FILE = join(PROJECT_ROOT, 'images.lock.json');

export interface ImageLockEntry {
  readonly image: string;
  readonly origin: 'own' | 'third-party';
  readonly pin: 'released' | 'example';
  readonly source: string;
}

export class ImagesLock {
  constructor(
    public readonly entries: Readonly<Record<string, ImageLockEntry>>,
    public readonly file = IMAGES_LOCK_FILE,
  ) {}

  /** The pinned reference of `component`. */
  public image(component: string): string {
    const entry = this.entries[component];
    if (!entry) {
      const hint = closest(component, Object.keys(this.entries));
      throw new InputError(
        `${displayPath(this.file)}: no image for component "${component}"${hint ? `; did you mean "${hint}"?` : ''} (add it with its digest)`,
      );
    }
    return entry.image;
  }

  /**
   * The same lock with every image rewritten by digest to `registry` (an air-gapped environment's internal
   * Harbor; handbook §7): constructs keep asking `image('<component>')` and get the mirrored reference.
   */
  public mirroredTo(registry: string): ImagesLock {
    return new MirroredImagesLock(this.entries, this.file, registry);
  }

  /** The lock entry's own reference of `component` (what the mirror copies from). */
  public sourceImage(component: string): string {
    return ImagesLock.prototype.image.call(this, component);
  }

  /** Components whose pin is still an example (the release gate reports these). */
  public examplePins(): string[] {
    return Object.keys(this.entries)
      .filter((c) => this.entries[c].pin === 'example')
      .sort();
  }
}

/** `registry.k8s.io/kubectl:v1.28@sha256:…` → `{ host: 'registry.k8s.io', path: 'kubectl', digest: 'sha256:…' }`. */
export function splitImage(image: string): { host: string; path: string; digest: string } {
  const m = PINNED_DIGEST.exec(image);
  if (!m) throw new InputError(`image ${image} is not pinned by digest; only digest-pinned images can be mirrored`);
  const name = image.slice(0, m.index).replace(/:[^/:]+$/, '');
  const first = name.split('/')[0];
  const hasHost = name.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost');
  const host = hasHost ? first : 'docker.io';
  let path = hasHost ? name.slice(first.length + 1) : name;
  if (host === 'docker.io' && !path.includes('/')) path = `library/${path}`;
  return { host, path, digest: m[1] };
}

/**
 * `image` pulled from `registry` by digest: the source registry host is replaced by `registry` (host[/project]),
 * the repository path kept, the tag dropped (the digest is what is pulled):
 * `docker.io/kubezen/zen-watcher:1.2.1@sha256:f8…` → `harbor.internal/mirror/kubezen/zen-watcher@sha256:f8…`.
 */
export function mirrorImage(image: string, registry: string): string {
  const { path, digest } = splitImage(image);
  return `${registry.replace(/\/+$/, '')}/${path}@${digest}`;
}

class MirroredImagesLock extends ImagesLock {
  constructor(
    entries: Readonly<Record<string, ImageLockEntry>>,
    file: string,
    public readonly registry: string,
  ) {
    super(entries, file);
    // Two source repositories that land on one mirrored repository would overwrite each other in Harbor.
    const sourceOf = new Map<string, { component: string; source: string }>();
    for (const [component, entry] of Object.entries(entries).sort(([a], [b]) => a.localeCompare(b))) {
      const { host, path } = splitImage(entry.image);
      const source = `${host}/${path}`;
      const seen = sourceOf.get(path);
      if (seen && seen.source !== source) {
        throw new InputError(
          `${displayPath(file)}: components "${seen.component}" (${seen.source}) and "${component}" (${source}) would both be mirrored to ${registry}/${path}; rename one repository`,
        );
      }
      sourceOf.set(path, { component, source });
    }
  }

  public override image(component: string): string {
    return mirrorImage(super.image(component), this.registry);
  }
}

let cached: ImagesLock | undefined;

export function loadImagesLock(file = IMAGES_LOCK_FILE): ImagesLock {
  if (file === IMAGES_LOCK_FILE && cached) return cached;
  let data: unknown;
  try {
    data = parseJson(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new InputError(`cannot read ${displayPath(file)}: ${(err as Error).message}`);
  }
  const validate = schemaValidator('images-lock');
  if (!validate(data)) {
    const lines = schemaProblems(validate.errors, data).map((p) => `  ${displayPath(file)}: ${p.path}: ${p.message}`);
    throw new InputError(`invalid images lock:\n${lines.join('\n')}`);
  }
  const lock = new ImagesLock((data as { images: Record<string, ImageLockEntry> }).images, file);
  if (file === IMAGES_LOCK_FILE) cached = lock;
  return lock;
}
