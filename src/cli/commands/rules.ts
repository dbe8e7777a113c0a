import { parseArgs } from 'node:util';
import { RULES } from '../../rules';
import { InputError } from '../../lib/errors';
import { rulesMarkdown } from '../../rules/docs';
import { PRESET_NAMES, presetSeverities } from '../../validate/policy';
import type { CliIo } from '../io';

export function runRules(args: string[], io: CliIo): number {
  const { values, positionals } = parseArgs({ args, options: { format: { type: 'string', default: 'text' } }, strict: true, allowPositionals: true });
  if (positionals[0] !== 'list' || positionals.length > 1) throw new InputError('usage: plimsoll rules list [--format text|markdown|json]');
  if (values.format === 'markdown') {
    io.stdout.write(rulesMarkdown());
    return 0;
  }
  if (values.format === 'json') {
    // Each rule's meta as the registry holds it, with what every preset makes of it.
    const presets = presetSeverities();
    io.stdout.write(
      `${JSON.stringify(
        RULES.map((r) => ({ ...r.meta, presets: presets.get(r.meta.id) })),
        null,
        2,
      )}\n`,
    );
    return 0;
  }
  if (values.format !== 'text') throw new InputError(`unknown --format "${values.format}"; expected text, markdown or json`);
  // One column per preset (`--policy NAME`): what each makes of the rule.
  const width = Math.max(...RULES.map((r) => r.meta.id.length));
  const presets = presetSeverities();
  const columns = PRESET_NAMES.map((n) => Math.max(n.length, 7));
  io.stdout.write(`${'rule'.padEnd(width)}  ${PRESET_NAMES.map((n, i) => n.padEnd(columns[i])).join('  ')}  description\n`);
  for (const r of RULES) {
    const row = presets.get(r.meta.id)!;
    io.stdout.write(`${r.meta.id.padEnd(width)}  ${PRESET_NAMES.map((n, i) => row[n].padEnd(columns[i])).join('  ')}  ${r.meta.description}\n`);
  }
  return 0;
}
