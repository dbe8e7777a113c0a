import { defineRule } from './types';
import type { RuleFinding } from '../check/types';

export default defineRule<Record<string, never>>({
  meta: {
    id: 'parse-error',
    description:
      'A file or YAML document could not be read as a Kubernetes object: malformed YAML, a duplicate key, a non-object document, unreadable or non-UTF-8 bytes.',
    remediation: 'Fix the file at the reported line; every other file is still validated.',
    category: 'correctness',
    scope: 'inventory',
    defaultSeverity: 'error',
    optionsSchema: { type: 'object', additionalProperties: false, properties: {} },
  },
  *check({ inventory }): Iterable<RuleFinding> {
    for (const p of inventory.problems) yield { file: p.file, line: p.line, path: p.path ?? '', message: p.message };
  },
});
