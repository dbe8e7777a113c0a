/**
 * Every relative link in README.md and docs/**\/*.md resolves: the file or folder exists inside the project, and a
 * `#anchor` into Markdown names a heading (GitHub's slugs) or an HTML id there.
 */
import { existsSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { displayPath } from '../../lib/paths';
import { closest } from '../../lib/suggest';
import { linksIn } from '../../lib/markdown';
import type { GateCheck, GateFinding } from '../types';
import type { ReleaseContext } from './context';

/** `https:`, `mailto:`, `//host`: not ours to check offline. */
const EXTERNAL = /^(?:[a-z][a-z0-9+.-]*:|\/\/)/i;

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

const check: GateCheck<ReleaseContext> = {
  id: 'release-doc-links',
  description: 'Every relative link and #anchor in README.md and docs/**/*.md resolves to a file in the project and a heading there.',
  remediation:
    'Point the link at an existing file in the project and the #anchor at a heading there (GitHub anchor slugs: lower case, punctuation dropped, spaces as hyphens), or add the heading.',
  category: 'hygiene',
  *check(ctx): Iterable<GateFinding> {
    for (const { path, file, doc } of ctx.docs()) {
      for (const { target, line } of linksIn(doc)) {
        if (!target || EXTERNAL.test(target)) continue;
        const hash = target.indexOf('#');
        const pathPart = decode((hash >= 0 ? target.slice(0, hash) : target).replace(/\?.*$/, ''));
        const anchor = hash >= 0 ? decode(target.slice(hash + 1)) : undefined;
        const resolved = pathPart === '' ? path : pathPart.startsWith('/') ? join(ctx.root, pathPart) : join(dirname(path), pathPart);
        const shown = displayPath(resolved);
        if (!ctx.inside(resolved)) {
          yield { file, line, message: `link ${target} points outside the project (${shown}); it breaks wherever the repository is published` };
          continue;
        }
        if (!existsSync(resolved)) {
          yield { file, line, message: `broken link ${target}: ${relative(ctx.root, resolved) || '.'} does not exist` };
          continue;
        }
        if (!anchor || !resolved.endsWith('.md') || !statSync(resolved).isFile()) continue;
        const target_ = ctx.markdown(resolved)!;
        if (target_.anchors.has(anchor)) continue;
        const hint = closest(anchor, target_.anchors);
        const where = pathPart === '' ? 'this file' : relative(ctx.root, resolved);
        yield { file, line, message: `broken anchor ${target}: ${where} has no heading with anchor #${anchor}${hint ? `; did you mean #${hint}?` : ''}` };
      }
    }
  },
};

export default check;
