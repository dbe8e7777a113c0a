/**
 * The globs of `validate --exclude`, gitignore-like. Node's path.matchesGlob would do for the syntax but prints an
 * ExperimentalWarning on Node 20 on every run, so this is a small matcher of the same syntax (the tests check it
 * against path.matchesGlob):
 *
 * - a pattern is matched against a path relative to the working folder, `/`-separated, without a leading `./`
 *   (outside the working folder the path starts with `../`); an absolute pattern against the absolute path;
 * - `*` is any run of characters but `/`, `?` one character but `/`, `[abc]`, `[a-z]`, `[!a]` one of a set,
 *   `{yaml,yml}` one of the alternatives, `**` as a whole segment any number of folders (none too); `\` escapes;
 * - a pattern without a `/` (but a trailing one) matches a file or folder name at any depth (as `**​/NAME` does, and
 *   in folders outside the working folder too); `**` spans folders below where it stands, never a `..`;
 * - a pattern that matches a folder matches everything under it (`vendor`, `charts/**`, `test/fixtures/`).
 *
 * `*` and `?` match a leading dot too (the walk skips dot-entries anyway; a named `.x.yaml` is excluded by `*.yaml`).
 */
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { InputError } from './errors';

/** The regular-expression source of one glob segment list, `**` segments included. */
function globSource(pattern: string, original: string): string {
  let out = '';
  let braces = 0;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\' && i + 1 < pattern.length) {
      out += escapeRegExp(pattern[++i]);
    } else if (c === '*') {
      const start = i === 0 || pattern[i - 1] === '/';
      let j = i;
      while (pattern[j + 1] === '*') j++;
      const end = j + 1 === pattern.length || pattern[j + 1] === '/';
      if (j > i && start && end) {
        // `**` segment: `a/**/b` is a/b, a/x/b, a/x/y/b; a trailing `a/**` is a and everything under it.
        if (j + 1 === pattern.length) out = out.endsWith('/') ? `${out.slice(0, -1)}(?:/(?!\\.\\.(?:/|$)).*)?` : '(?!\\.\\.(?:/|$)).*';
        else {
          out += '(?:(?!\\.\\.(?:/|$))[^/]*/)*'; // not `..`, as in path.matchesGlob: `**` stays below where it starts
          j++; // the `/` after `**` is part of the group
        }
      } else out += '[^/]*';
      i = j;
    } else if (c === '?') out += '[^/]';
    else if (c === '[') {
      const close = pattern.indexOf(']', i + 2);
      if (close < 0) out += '\\[';
      else {
        let body = pattern.slice(i + 1, close);
        const negate = body[0] === '!' || body[0] === '^';
        if (negate) body = body.slice(1);
        out += `(?!/)[${negate ? '^' : ''}${body.replace(/[\\\]^]/g, (m) => `\\${m}`)}]`;
        i = close;
      }
    } else if (c === '{') {
      braces++;
      out += '(?:';
    } else if (c === ',' && braces > 0) out += '|';
    else if (c === '}' && braces > 0) {
      braces--;
      out += ')';
    } else out += escapeRegExp(c);
  }
  if (braces > 0) throw new InputError(`--exclude "${original}": unclosed "{"; expected {a,b}, or \\{ for the character`);
  return out;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Whether `path` (relative, `/`-separated) matches `pattern` by the rules above, folders included. */
export function compileGlob(pattern: string): (path: string) => boolean {
  if (pattern.trim() === '') throw new InputError('--exclude needs a glob, got an empty one');
  let p = pattern.replace(/^(?:\.\/)+/, '').replace(/\/+$/, '');
  const whole = new RegExp(`^${globSource(p, pattern)}$`);
  // A name: any folder or file name of the path, outside the working folder too (`../other/x.secret.yaml`).
  if (!p.includes('/')) return (path) => path.split('/').some((name) => name !== '..' && whole.test(name));
  return (path) => {
    // The path and each folder above it: a match of a folder covers what it holds.
    const parts = path.split('/');
    for (let n = parts.length; n > 0; n--) if (whole.test(parts.slice(0, n).join('/'))) return true;
    return false;
  };
}

/** Decides which input paths `--exclude` leaves out; paths are given as the CLI got them or as a walk found them. */
export class PathExcluder {
  private readonly relative: Array<(path: string) => boolean>;
  private readonly absolute: Array<(path: string) => boolean>;
  constructor(
    readonly patterns: readonly string[],
    private readonly cwd = process.cwd(),
  ) {
    this.relative = patterns.filter((p) => !isAbsolute(p)).map(compileGlob);
    this.absolute = patterns.filter((p) => isAbsolute(p)).map((p) => compileGlob(p.split(sep).join('/')));
  }

  excludes(path: string): boolean {
    const full = resolve(this.cwd, path);
    const rel = relative(this.cwd, full).split(sep).join('/');
    return this.relative.some((m) => m(rel)) || this.absolute.some((m) => m(full.split(sep).join('/')));
  }
}
