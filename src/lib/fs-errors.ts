import { getSystemErrorMap } from 'node:util';
import { InputError } from './errors';
import { displayPath } from './paths';

/**
 * A filesystem error (disk full, read-only, permission, a file where a folder should be) is about the user's
 * machine, not a bug: it becomes an InputError (exit 2, no stack) naming the path and errno, e.g.
 * `cannot write dist/lab/x.yaml: EACCES (permission denied)`. Anything without an errno code is rethrown as is.
 */
export function fsError(err: unknown, verb: string, path: string): Error {
  const e = err as NodeJS.ErrnoException;
  if (typeof e?.code !== 'string' || !/^E[A-Z0-9]+$/.test(e.code)) return err as Error;
  const description = [...getSystemErrorMap().values()].find(([name]) => name === e.code)?.[1] ?? e.code;
  return new InputError(`cannot ${verb} ${displayPath(path)}: ${e.code} (${description})`);
}

/** Runs `fn`, turning a filesystem error into fsError(err, verb, path). */
export function withFsErrors<T>(verb: string, path: string, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    throw fsError(err, verb, path);
  }
}
