/**
 * The runbook's deployment-order drift check, from the one source of truth: every fenced code block in README.md
 * and docs/**\/*.md labelled as a canonical order block lists exactly dist/<env>/ORDER.
 *
 * A block is labelled by `canonical-order` in its info string (```` ```text canonical-order=prod-fsn ````), or by
 * the line before it ending in a colon and saying "canonical order" (the runbook's "Canonical order reference:").
 * Entries are the last word of each line (so `kubectl apply -k dist/prod-fsn/00-namespaces` works), compared by
 * folder name; a `cat <<'EOF'` wrapper, blank lines and `#` comments are ignored. The environment is the one named
 * in the info string, else the one in the entries' `dist/<env>/` paths, else every rendered environment.
 */
import { join } from 'node:path';
import { displayPath } from '../../lib/paths';
import type { Fence, MarkdownLine } from '../../lib/markdown';
import type { GateCheck, GateFinding } from '../types';
import type { ReleaseContext } from './context';

const INFO = /(?:^|\s)canonical-order(?:=(\S+))?(?:\s|$)/;
const LABEL = /canonical order.*:\s*$/i;

export function isOrderBlock(fence: Fence): boolean {
  return INFO.test(fence.info) || Boolean(fence.label && LABEL.test(fence.label.text));
}

interface Entry {
  readonly name: string;
  readonly env?: string;
  readonly line: number;
}

function entries(body: readonly MarkdownLine[]): Entry[] {
  let lines = body.filter((l) => l.text.trim() && !l.text.trim().startsWith('#'));
  const heredoc = lines.length ? /<<-?\s*['"]?([A-Za-z_][A-Za-z0-9_]*)['"]?/.exec(lines[0].text) : null;
  if (heredoc) lines = lines.slice(1).filter((l) => l.text.trim() !== heredoc[1]);
  return lines.map((l) => {
    const word = l.text.trim().split(/\s+/).pop()!.replace(/\/+$/, '');
    const env = /(?:^|\/)dist\/([^/]+)\/[^/]+$/.exec(word)?.[1];
    return { name: word.slice(word.lastIndexOf('/') + 1), line: l.number, ...(env ? { env } : {}) };
  });
}

const check: GateCheck<ReleaseContext> = {
  id: 'release-order-drift',
  description: 'Every fenced "canonical order" block in README.md and docs/**/*.md lists exactly the stage folders of dist/<env>/ORDER.',
  remediation: 'Copy the stage folders from dist/<env>/ORDER (after `plimsoll synth`) into the canonical order block, one per line in apply order.',
  category: 'ordering',
  *check(ctx): Iterable<GateFinding> {
    const orders = new Map<string, string[] | undefined>();
    const orderOf = (env: string) => {
      if (!orders.has(env)) {
        const text = ctx.read(join(ctx.root, 'dist', env, 'ORDER'));
        orders.set(
          env,
          text
            ?.split('\n')
            .map((l) => l.trim())
            .filter(Boolean),
        );
      }
      return orders.get(env);
    };
    for (const { file, doc } of ctx.docs()) {
      for (const fence of doc.fences.filter(isOrderBlock)) {
        const listed = entries(fence.body);
        const named = INFO.exec(fence.info)?.[1];
        const fromPaths = [...new Set(listed.map((e) => e.env).filter((e): e is string => Boolean(e)))];
        if (!named && fromPaths.length > 1) {
          yield { file, line: fence.line, message: `canonical order block mixes environments (${fromPaths.join(', ')}); one block per environment` };
          continue;
        }
        const envs = named ? [named] : fromPaths.length ? fromPaths : ctx.renderedEnvironments();
        if (!envs.length)
          yield { file, line: fence.line, message: 'canonical order block, but dist/ has no rendered environment to compare it with: run `npm run synth`' };
        for (const env of envs) {
          const order = orderOf(env);
          const orderFile = displayPath(join(ctx.root, 'dist', env, 'ORDER'));
          if (!order) {
            yield {
              file,
              line: fence.line,
              message: `canonical order block for ${env}, but ${orderFile} does not exist: run \`npm run synth\` or name a rendered environment`,
            };
            continue;
          }
          const i = listed.findIndex((e, n) => e.name !== order[n]);
          if (i >= 0 && i < order.length) {
            yield {
              file,
              line: listed[i].line,
              message: `canonical order drifted from ${orderFile}: entry ${i + 1} is ${listed[i].name}, expected ${order[i]}`,
            };
          } else if (i >= 0) {
            yield {
              file,
              line: listed[i].line,
              message: `canonical order drifted from ${orderFile}: ${listed[i].name} is not in it (the order ends with ${order[order.length - 1]})`,
            };
          } else if (listed.length < order.length) {
            yield {
              file,
              line: fence.line,
              message: `canonical order drifted from ${orderFile}: the block stops before ${order.slice(listed.length).join(', ')}`,
            };
          }
        }
      }
    }
  },
};

export default check;
