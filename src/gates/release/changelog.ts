/** CHANGELOG.md (Keep a Changelog) has a dated, non-empty entry for package.json's version. */
import { join } from 'node:path';
import { displayPath } from '../../lib/paths';
import type { GateCheck, GateFinding } from '../types';
import type { ReleaseContext } from './context';

/** `## [1.2.3] - 2026-01-31` (brackets optional); group 1 the version, group 2 the rest. */
const ENTRY = /^\[?v?([0-9][^\]\s]*)\]?(.*)$/;

const check: GateCheck<ReleaseContext> = {
  id: 'release-changelog',
  description: "CHANGELOG.md has a dated, non-empty `## [<version>] - YYYY-MM-DD` entry for package.json's version.",
  remediation: "Add a `## [<version>] - YYYY-MM-DD` entry for package.json's version to CHANGELOG.md listing what was Added, Changed, Fixed or Removed.",
  category: 'hygiene',
  *check(ctx): Iterable<GateFinding> {
    const path = join(ctx.root, 'CHANGELOG.md');
    const file = displayPath(path);
    const doc = ctx.markdown(path);
    const heading = `## [${ctx.version}] - YYYY-MM-DD`;
    if (!doc) {
      yield { file, line: null, message: `no CHANGELOG.md: add one (Keep a Changelog) with a \`${heading}\` entry for package.json's version ${ctx.version}` };
      return;
    }
    const entries = doc.headings.filter((h) => h.level === 2).map((h) => ({ h, m: ENTRY.exec(h.text) }));
    const index = entries.findIndex((e) => e.m?.[1] === ctx.version);
    if (index < 0) {
      const released = entries.filter((e) => e.m).map((e) => e.m![1]);
      yield {
        file,
        line: entries[0]?.h.line ?? 1,
        message: `no entry for ${ctx.version} (package.json version); add \`${heading}\`${released.length ? ` (entries found: ${released.join(', ')})` : ''}`,
      };
      return;
    }
    const { h, m } = entries[index];
    if (!/^\s*-\s*\d{4}-\d{2}-\d{2}\b/.test(m![2]))
      yield { file, line: h.line, message: `the ${ctx.version} entry has no release date: write it as \`${heading}\`` };
    const end = entries[index + 1]?.h.line ?? Infinity;
    const body = doc.prose.filter((l) => l.number > h.line && l.number < end && l.text.trim() && !/^\s*#/.test(l.text));
    if (!body.length) yield { file, line: h.line, message: `the ${ctx.version} entry is empty: list what was Added, Changed, Fixed or Removed` };
  },
};

export default check;
