/** Synthesizes constructs in a throwaway chart, the way a stage chart would, and finds objects in the result. */
import { App, Chart } from 'cdk8s';

export type Obj = Record<string, any>;

export function synth(build: (chart: Chart) => void): Obj[] {
  const chart = new Chart(new App({ outdir: '/nonexistent-plimsoll-outdir' }), 'test', { disableResourceNameHashes: true });
  build(chart);
  return chart.toJson() as Obj[];
}

/** The one object of `kind` (named `name` when given); fails loudly when there is not exactly one. */
export function one(objects: Obj[], kind: string, name?: string): Obj {
  const found = objects.filter((o) => o.kind === kind && (name === undefined || o.metadata?.name === name));
  if (found.length !== 1) {
    throw new Error(
      `expected one ${kind}${name ? ` ${name}` : ''}, found ${found.length} among ${objects.map((o) => `${o.kind}/${o.metadata?.name}`).join(', ')}`,
    );
  }
  return found[0];
}

export const DIGEST = `sha256:${'a'.repeat(64)}`;
