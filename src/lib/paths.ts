import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/**
 * The Plimsoll checkout or installed package root (schemas/, policies/ and environments/ live here): the nearest
 * folder above this file whose package.json is Plimsoll's. Found, not assumed, because this code runs both from
 * src/ (through tsx) and bundled into lib/.
 */
function findRoot(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && JSON.parse(readFileSync(pkg, 'utf8')).name === 'plimsoll') return dir;
    // A runtime component's image has no package.json: it reads nothing relative to the project.
    if (dirname(dir) === dir) return resolve(start, '..', '..');
  }
}

export const PROJECT_ROOT = findRoot(__dirname);

/** A path as people want to read it in messages: relative to the cwd when inside it, absolute otherwise. */
export function displayPath(path: string): string {
  const rel = relative(process.cwd(), path);
  if (rel === '') return '.';
  return rel.startsWith('..') ? resolve(path) : rel;
}
