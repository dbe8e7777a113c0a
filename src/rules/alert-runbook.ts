import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defineRule } from './types';
import { prometheusRules } from './lib/prometheus-rules';
import { markdownAnchors } from '../lib/markdown';
import { PROJECT_ROOT } from '../lib/paths';
import type { RuleFinding } from '../check/types';

interface Options {
  annotations: string[];
  documents: Array<{ urlPrefix: string; dir: string }>;
  runbookScheme: string;
}

const anchorCache = new Map<string, Set<string> | null>();
function anchorsOf(file: string): Set<string> | null {
  if (!anchorCache.has(file)) anchorCache.set(file, existsSync(file) ? markdownAnchors(readFileSync(file, 'utf8')) : null);
  return anchorCache.get(file)!;
}

export default defineRule<Options>({
  meta: {
    id: 'alert-runbook',
    description:
      'An alert has no runbook link, or its link does not resolve: a URL under a shipped runbook folder must name an existing file and heading anchor, and a `runbook://<name>` link must name a Runbook object in the same inventory.',
    remediation: 'Add a `runbook_url` annotation pointing at the runbook section an on-call engineer should follow (docs/runbooks/<file>.md#<heading>).',
    category: 'reliability',
    scope: 'inventory',
    defaultSeverity: 'error',
    optionsSchema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        annotations: {
          description: 'Annotation keys that hold the link (first present wins).',
          type: 'array',
          items: { type: 'string' },
          default: ['runbook_url', 'runbook'],
        },
        documents: {
          description:
            'URL prefixes that map to a folder of shipped markdown runbooks (relative to the Plimsoll root); links under them must resolve to a file and anchor.',
          type: 'array',
          default: [{ urlPrefix: 'https://github.com/plimsoll-dev/plimsoll/blob/main/docs/runbooks/', dir: 'docs/runbooks' }],
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['urlPrefix', 'dir'],
            properties: { urlPrefix: { type: 'string', minLength: 1 }, dir: { type: 'string', minLength: 1 } },
          },
        },
        runbookScheme: {
          description: 'Link scheme that names a Runbook object (catalyst.openova.io) instead of a document.',
          type: 'string',
          default: 'runbook://',
        },
      },
    },
  },
  *check({ inventory, options }): Iterable<RuleFinding> {
    const runbookObjects = new Set(inventory.ofKind('Runbook').map((r) => r.name));
    for (const { item, rule, path } of prometheusRules(inventory)) {
      if (typeof rule.alert !== 'string') continue;
      const annotations = rule.annotations && typeof rule.annotations === 'object' ? rule.annotations : {};
      const key = options.annotations.find((k) => typeof annotations[k] === 'string' && (annotations[k] as string).trim());
      if (!key) {
        yield { item, path: `${path}/annotations`, message: `alert ${rule.alert} has no ${options.annotations.join(' or ')} annotation` };
        continue;
      }
      const link = (annotations[key] as string).trim();
      const at = `${path}/annotations/${key}`;
      if (link.startsWith(options.runbookScheme)) {
        const name = link.slice(options.runbookScheme.length);
        if (!runbookObjects.has(name)) yield { item, path: at, message: `alert ${rule.alert} links Runbook "${name}", which is not in the inventory` };
        continue;
      }
      const doc = options.documents.find((d) => link.startsWith(d.urlPrefix));
      if (!doc) continue; // an external runbook: its reachability is not ours to check offline
      const [file, anchor] = link.slice(doc.urlPrefix.length).split('#');
      const anchors = anchorsOf(join(PROJECT_ROOT, doc.dir, file));
      if (!anchors) yield { item, path: at, message: `alert ${rule.alert} links ${doc.dir}/${file}, which does not exist` };
      else if (anchor !== undefined && !anchors.has(anchor))
        yield { item, path: at, message: `alert ${rule.alert} links #${anchor}, which is not a heading in ${doc.dir}/${file}` };
    }
  },
});
