import { relative, resolve } from 'node:path';

/** The Plimsoll checkout or installed package root (schemas/, policies/ and environments/ live here). */
export const PROJECT_ROOT = resolve(__dirname, '..', '..');

/** A path as people want to read it in messages: relative to the cwd when inside it, absolute otherwise. */
export function displayPath(path: string): string {
  const rel = relative(process.cwd(), path);
  if (rel === '') return '.';
  return rel.startsWith('..') ? resolve(path) : rel;
}
