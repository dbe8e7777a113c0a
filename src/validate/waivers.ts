/**
 * Waivers from a file (policies/waivers.yaml): rule + match (kind, namespace, name globs) + reason, owner, expiry.
 * Annotation waivers (`plimsoll.dev/waive.<rule-id>`) live on the objects; both are applied by the engine.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigYamlError, parseConfigYaml } from './config-yaml';
import { schemaProblems, schemaValidator } from '../config/schemas';
import { InputError } from '../lib/errors';
import { displayPath, PROJECT_ROOT } from '../lib/paths';
import { closest } from '../lib/suggest';
import { RULES_BY_ID } from '../rules';
import { lazyPositions } from './locate';
import { WaiverSet, type Waiver } from '../check/waiver-set';

export { WaiverSet, isExpired, type Waiver } from '../check/waiver-set';

export const DEFAULT_WAIVERS_FILE = join(PROJECT_ROOT, 'policies', 'waivers.yaml');

/** `customRules`: the ids of the policy's own rules, which a waiver may name as it names a built-in rule's. */
export function loadWaivers(file: string = DEFAULT_WAIVERS_FILE, customRules: Iterable<string> = []): WaiverSet {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new InputError(`cannot read waivers ${displayPath(file)}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  return parseWaivers(text, file, customRules);
}

/** Parses and validates waivers text; `file` names it in messages and findings. */
export function parseWaivers(text: string, file: string, customRules: Iterable<string> = []): WaiverSet {
  const custom = new Set(customRules);
  const known = () => [...RULES_BY_ID.keys(), ...custom];
  let data: unknown;
  try {
    data = parseConfigYaml(text) ?? { waivers: [] };
  } catch (err) {
    throw new InputError(`invalid waivers ${(err as ConfigYamlError).at(displayPath(file))}`);
  }
  const positions = lazyPositions(text);
  const where = (path: string) => `${displayPath(file)}${positions.lineOf(0, path) ? `:${positions.lineOf(0, path)}` : ''}: ${path}`;
  const validate = schemaValidator('waivers');
  if (!validate(data)) {
    throw new InputError(
      `invalid waivers:\n${schemaProblems(validate.errors, data)
        .map((p) => `  ${where(p.path)}: ${p.message}`)
        .join('\n')}`,
    );
  }
  const entries = (data as { waivers: Array<Omit<Waiver, 'file' | 'line'>> }).waivers;
  const unknown = entries.flatMap((w, i) =>
    RULES_BY_ID.has(w.rule) || custom.has(w.rule)
      ? []
      : [`  ${where(`/waivers/${i}/rule`)}: unknown rule "${w.rule}"${closest(w.rule, known()) ? `; did you mean "${closest(w.rule, known())}"?` : ''}`],
  );
  if (unknown.length) throw new InputError(`invalid waivers:\n${unknown.join('\n')}`);
  return new WaiverSet(entries.map((w, i) => ({ ...w, file: displayPath(file), line: positions.lineOf(0, `/waivers/${i}`) })));
}
