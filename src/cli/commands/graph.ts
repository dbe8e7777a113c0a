import type { CliIo } from '../io';
import { parseArgs } from 'node:util';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadEnvironment, DEFAULT_ENVIRONMENTS_DIR } from '../../environments/load-environment';
import { loadPeers } from '../../environments/peers';
import { renderEnvironment } from '../../render/render-environment';
import { graphOfRendered } from '../../graph/from-rendered';
import { formatGraph, GRAPH_FORMATS, type GraphFormat } from '../../graph/formats';
import { InputError } from '../../lib/errors';

export const GRAPH_USAGE = `graph --env NAME [--format svg|html|mermaid|dot] [--out FILE] [--environments DIR]
      Draw an environment from its sources: the stages in apply order (Flux dependsOn, wait) and the references
      between its objects (Service → workloads, bindings → roles and ServiceAccounts, ServiceMonitor → Services,
      webhook → Service, Runbook ↔ alert, …), targets that are not in the input in red. Default svg, to stdout.`;

/** `plimsoll graph`: draws what `synth` would render for an environment (nothing is written but --out). */
export function runGraph(args: string[], io: CliIo): number {
  const { values } = parseArgs({
    args,
    options: { env: { type: 'string' }, format: { type: 'string' }, out: { type: 'string' }, environments: { type: 'string' } },
    strict: true,
  });
  if (!values.env) throw new InputError('graph needs --env NAME');
  const format = (values.format ?? 'svg') as GraphFormat;
  if (!GRAPH_FORMATS.includes(format)) throw new InputError(`graph --format: got "${values.format}", expected one of ${GRAPH_FORMATS.join(', ')}`);
  const dir = values.environments ? resolve(values.environments) : DEFAULT_ENVIRONMENTS_DIR;
  const { env } = loadEnvironment(values.env, dir);
  const text = formatGraph(graphOfRendered(renderEnvironment(env, loadPeers(env, dir))), format);
  if (values.out) writeFileSync(values.out, text);
  else io.stdout.write(text);
  return 0;
}
