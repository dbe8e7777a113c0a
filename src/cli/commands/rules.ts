import { parseArgs } from 'node:util';
import { RULES } from '../../rules';
import { InputError } from '../../lib/errors';
import { rulesMarkdown } from '../../rules/docs';

export function runRules(args: string[]): number {
  const { values, positionals } = parseArgs({ args, options: { format: { type: 'string', default: 'text' } }, strict: true, allowPositionals: true });
  if (positionals[0] !== 'list' || positionals.length > 1) throw new InputError('usage: plimsoll rules list [--format text|markdown]');
  if (values.format === 'markdown') {
    process.stdout.write(rulesMarkdown());
    return 0;
  }
  if (values.format !== 'text') throw new InputError(`unknown --format "${values.format}"; expected text or markdown`);
  const width = Math.max(...RULES.map((r) => r.meta.id.length));
  for (const r of RULES) process.stdout.write(`${r.meta.id.padEnd(width)}  ${r.meta.defaultSeverity.padEnd(7)}  ${r.meta.description}\n`);
  return 0;
}
