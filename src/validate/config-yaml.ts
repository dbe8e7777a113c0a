/**
 * Plimsoll's own YAML files (policies, waivers) as data: js-yaml with the YAML 1.2 core schema, duplicate keys
 * refused, aliases bounded. js-yaml is what every validate run loads for the manifests anyway; the `yaml` package
 * (which keeps positions) is loaded only when a message needs a line (locate.ts).
 */
import * as jsyaml from 'js-yaml';
import { ExpansionBudget, MAX_DEPTH } from './yaml-limits';

/** Nodes that aliases may add to a config file: far more than any real policy reuses, far less than a bomb. */
const CONFIG_ALIAS_NODES = 10_000;

/** Why a config file is not YAML Plimsoll reads: a one-line reason, and the 1-based line where there is one. */
export class ConfigYamlError extends Error {
  constructor(
    message: string,
    readonly line?: number,
  ) {
    super(message);
  }

  /** `<file>:<line>: <reason>`, the way every other input error names its place. */
  public at(file: string): string {
    return `${file}${this.line ? `:${this.line}` : ''}: ${this.message}`;
  }
}

/** The value of one-document YAML `text`; throws a ConfigYamlError. */
export function parseConfigYaml(text: string): unknown {
  let data: unknown;
  try {
    data = jsyaml.load(text, { schema: jsyaml.CORE_SCHEMA, maxDepth: MAX_DEPTH } as jsyaml.LoadOptions);
  } catch (err) {
    const e = err as jsyaml.YAMLException;
    throw new ConfigYamlError(`${e.reason ?? e.message.split('\n')[0]}${e.mark ? ` (column ${e.mark.column + 1})` : ''}`, e.mark ? e.mark.line + 1 : undefined);
  }
  const breach = new ExpansionBudget(CONFIG_ALIAS_NODES).check(data);
  if (breach === 'cycle') throw new ConfigYamlError('an alias refers to a node that contains it (a recursive alias)');
  if (breach === 'depth') throw new ConfigYamlError(`nesting deeper than ${MAX_DEPTH} levels once aliases are expanded`);
  if (breach) throw new ConfigYamlError(`aliases expand to more than ${CONFIG_ALIAS_NODES} extra nodes (a YAML alias bomb?)`);
  return data;
}
