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
      throw new InputError(`${displayPath(this.file)}: no image for component "${component}"${hint ? `; did you mean "${hint}"?` : ''} (add it with its digest)`);
    }
    return entry.image;
  }

  /** Components whose pin is still an example (the release gate reports these). */
  public examplePins(): string[] {
    return Object.keys(this.entries).filter((c) => this.entries[c].pin === 'example').sort();
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
