/** src/version.ts's PLIMSOLL_VERSION (what the CLI and runtime components report) equals package.json's version. */
import { join } from 'node:path';
import { displayPath } from '../../lib/paths';
import type { GateCheck, GateFinding } from '../types';
import type { ReleaseContext } from './context';

export const VERSION_FILE = 'src/version.ts';
const CONSTANT = /\bPLIMSOLL_VERSION\s*(?::\s*string\s*)?=\s*(['"`])([^'"`]*)\1/;

const check: GateCheck<ReleaseContext> = {
  id: 'release-version-constant',
  description: `PLIMSOLL_VERSION in ${VERSION_FILE}, the version the CLI and runtime components report, equals package.json's version.`,
  remediation: `Set PLIMSOLL_VERSION in ${VERSION_FILE} to package.json's version (both change together on a release).`,
  category: 'correctness',
  *check(ctx): Iterable<GateFinding> {
    const path = join(ctx.root, VERSION_FILE);
    const file = displayPath(path);
    const text = ctx.read(path);
    if (text === undefined) {
      yield { file, line: null, message: `no ${VERSION_FILE}: export const PLIMSOLL_VERSION = '${ctx.version}'; so running components can report the release` };
      return;
    }
    const m = CONSTANT.exec(text);
    if (!m) {
      yield { file, line: null, message: `no \`PLIMSOLL_VERSION = '<version>'\` string constant found; expected '${ctx.version}'` };
      return;
    }
    if (m[2] !== ctx.version) {
      const line = text.slice(0, m.index).split('\n').length;
      yield { file, line, message: `PLIMSOLL_VERSION is '${m[2]}' but package.json's version is ${ctx.version}; set it to '${ctx.version}'` };
    }
  },
};

export default check;
