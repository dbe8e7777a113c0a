import type { CliIo } from '../io';
import { parseArgs } from 'node:util';
import { InputError } from '../../lib/errors';
import { checksJson, checksMarkdown, checksText } from '../../catalog/docs';

export const CHECKS_USAGE = `checks list [--format text|markdown|json]
      List every check that is not a rule (gates, verify, the admission guard's own, peer parity) with its kind,
      category and description; markdown is docs/checks.md with each remediation (rules: \`plimsoll rules list\`).`;

const FORMATS: Record<string, () => string> = { text: () => checksText(), markdown: () => checksMarkdown(), json: () => checksJson() };

export function runChecks(args: string[], io: CliIo): number {
  const { values, positionals } = parseArgs({ args, options: { format: { type: 'string', default: 'text' } }, strict: true, allowPositionals: true });
  if (positionals[0] !== 'list' || positionals.length > 1) throw new InputError(`usage: plimsoll ${CHECKS_USAGE.split('\n')[0]}`);
  const format = Object.prototype.hasOwnProperty.call(FORMATS, values.format!) ? FORMATS[values.format!] : undefined;
  if (!format) throw new InputError(`unknown --format "${values.format}"; expected ${Object.keys(FORMATS).join(', ')}`);
  io.stdout.write(format());
  return 0;
}
