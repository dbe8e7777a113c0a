/**
 * The git tag: when HEAD carries a version tag it must be v<package.json version>. An untagged HEAD (every commit
 * before the release) is reported as info, not a failure.
 */
import { spawnSync } from 'node:child_process';
import { realpathSync } from 'node:fs';
import { displayPath } from '../../lib/paths';
import type { GateCheck, GateFinding } from '../types';
import type { ReleaseContext } from './context';

function git(root: string, args: string[]): string | undefined {
  const r = spawnSync('git', args, { cwd: root, encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

const check: GateCheck<ReleaseContext> = {
  id: 'release-tag',
  description: 'When HEAD is tagged with a version, the tag is v<package.json version>.',
  remediation: 'Tag the release commit v<package.json version>, or bump package.json (and CHANGELOG.md, PLIMSOLL_VERSION) to the version the tag names.',
  category: 'hygiene',
  *check(ctx): Iterable<GateFinding> {
    const where = { file: displayPath(ctx.packageFile), line: ctx.versionLine, path: '/version' };
    const expected = `v${ctx.version}`;
    const top = git(ctx.root, ['rev-parse', '--show-toplevel']);
    if (!top || realpathSync(top) !== realpathSync(ctx.root)) {
      yield { ...where, severity: 'info', message: `not the root of a git checkout, so the tag was not checked; a release is tagged ${expected}` };
      return;
    }
    const tags = (git(ctx.root, ['tag', '--points-at', 'HEAD']) ?? '').split('\n').filter((t) => /^v?\d+\.\d+/.test(t));
    if (!tags.length) {
      yield { ...where, severity: 'info', message: `HEAD is not tagged; when it is released, the tag must be ${expected}` };
      return;
    }
    for (const tag of tags.filter((t) => t !== expected)) {
      yield {
        ...where,
        message: `HEAD is tagged ${tag} but package.json's version is ${ctx.version}: the tag must be ${expected} (or bump the version, changelog and PLIMSOLL_VERSION)`,
      };
    }
  },
};

export default check;
