import { parseArgs } from 'node:util';
import { RULES } from '../../rules';
import { InputError } from '../../lib/errors';
import { rulesMarkdown } from '../../rules/docs';
import { loadPolicy, PRESET_NAMES, presetSeverities } from '../../validate/policy';
import type { CliIo } from '../io';

export function runRules(args: string[], io: CliIo): number {
  const { values, positionals } = parseArgs({
    args,
    options: { format: { type: 'string', default: 'text' }, policy: { type: 'string' } },
    strict: true,
    allowPositionals: true,
  });
  if (positionals[0] !== 'list' || positionals.length > 1) throw new InputError('usage: plimsoll rules list [--format text|markdown|json] [--policy FILE]');
  // A policy's own rules (customRules), after the built-in ones: with the severity that policy gives each.
  const policy = values.policy === undefined ? undefined : loadPolicy(values.policy);
  const custom = policy?.customRules ?? [];
  const customSeverity = new Map(policy?.activeRules().map((a) => [a.rule.meta.id, a.severity]) ?? []);
  if (values.format === 'markdown') {
    io.stdout.write(rulesMarkdown());
    return 0;
  }
  if (values.format === 'json') {
    // Each rule's meta as the registry holds it, with what every preset makes of it.
    const presets = presetSeverities();
    io.stdout.write(
      `${JSON.stringify(
        [
          ...RULES.map((r) => ({ ...r.meta, presets: presets.get(r.meta.id) })),
          ...custom.map((r) => ({ ...r.meta, custom: policy!.source, severity: customSeverity.get(r.meta.id) ?? 'off', declaration: r.declaration })),
        ],
        null,
        2,
      )}\n`,
    );
    return 0;
  }
  if (values.format !== 'text') throw new InputError(`unknown --format "${values.format}"; expected text, markdown or json`);
  // One column per preset (`--policy NAME`): what each makes of the rule.
  const width = Math.max(...[...RULES, ...custom].map((r) => r.meta.id.length));
  const presets = presetSeverities();
  const columns = PRESET_NAMES.map((n) => Math.max(n.length, 7));
  io.stdout.write(`${'rule'.padEnd(width)}  ${PRESET_NAMES.map((n, i) => n.padEnd(columns[i])).join('  ')}  description\n`);
  for (const r of RULES) {
    const row = presets.get(r.meta.id)!;
    io.stdout.write(`${r.meta.id.padEnd(width)}  ${PRESET_NAMES.map((n, i) => row[n].padEnd(columns[i])).join('  ')}  ${r.meta.description}\n`);
  }
  // A custom rule is in no preset: its row says so, and the severity the given policy runs it at.
  for (const r of custom) {
    const cells = ['custom', customSeverity.get(r.meta.id) ?? 'off', ''].slice(0, PRESET_NAMES.length);
    io.stdout.write(`${r.meta.id.padEnd(width)}  ${cells.map((c, i) => c.padEnd(columns[i])).join('  ')}  ${r.meta.description}\n`);
  }
  return 0;
}
