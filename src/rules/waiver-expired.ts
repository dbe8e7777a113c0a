import { defineRule } from './types';
import { isExpired } from '../check/waiver-set';
import type { RuleFinding } from '../check/types';

export default defineRule<Record<string, never>>({
  meta: {
    id: 'waiver-expired',
    description: 'A waiver in the waivers file is past its expiry date; it no longer waives anything.',
    remediation: 'Fix what the waiver covered, or renew it with a new expiry date and a reason its owner still stands behind.',
    category: 'hygiene',
    scope: 'inventory',
    defaultSeverity: 'error',
    optionsSchema: { type: 'object', additionalProperties: false, properties: {} },
  },
  *check({ waivers, now }): Iterable<RuleFinding> {
    for (let i = 0; i < waivers.waivers.length; i++) {
      const w = waivers.waivers[i];
      if (isExpired(w, now)) {
        yield { file: w.file, line: w.line, path: `/waivers/${i}`, message: `waiver for ${w.rule} (owner ${w.owner}) expired on ${w.expires}: ${w.reason}` };
      }
    }
  },
});
