import { resolve } from 'node:path';

/** The Plimsoll checkout or installed package root (schemas/, policies/ and environments/ live here). */
export const PROJECT_ROOT = resolve(__dirname, '..', '..');
