/** Shared by the SRE tests: synthesize constructs alone, edit copies of the shipped environments, read dist/. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { App, Chart } from 'cdk8s';
import { yamlDocuments } from '../../helpers/yaml';
import { expect } from 'vitest';
import { RenderedFile } from '../../../src/constructs/common/rendered-file';
import { ROOT } from '../../helpers/cli';
import { shippedEnvironments } from '../../helpers/environments';

export type K8sObject = Record<string, any>;

/** Every shipped environment, from the folder. */
export const SHIPPED = shippedEnvironments();
export const PEERS = ['prod-fsn', 'prod-hel'] as const;

/** Objects whatever `build` adds to a fresh chart, and the RenderedFiles it creates. */
export function synth(build: (chart: Chart) => void): { objects: K8sObject[]; files: RenderedFile[] } {
  const app = new App();
  const chart = new Chart(app, 'test', { disableResourceNameHashes: true });
  build(chart);
  const files = app.node.findAll().filter((c): c is RenderedFile => c instanceof RenderedFile);
  return { objects: chart.toJson() as K8sObject[], files };
}

export function only(objects: K8sObject[], kind: string, name?: string): any {
  const found = objects.filter((o) => o.kind === kind && (name === undefined || o.metadata?.name === name));
  expect(found, `${kind} ${name ?? ''}`).toHaveLength(1);
  return found[0];
}

export { editedEnvironment as editedEnvironments, loadError } from '../../helpers/environments';

/**
 * Inserts `text` inside the `sre: {` block of an environment's source: after the production base's spread when the
 * block has one (so it overrides the base), else as its first line.
 */
export function inSre(text: string): (source: string) => string {
  return (source) =>
    source.includes('\n    ...production.sre,\n')
      ? source.replace('\n    ...production.sre,\n', `\n    ...production.sre,\n    ${text}\n`)
      : source.replace(/\n  sre: \{\n/, `\n  sre: {\n    ${text}\n`);
}

/** Every object under `dir` (recursively, every YAML file but kustomizations), with its file. */
export function objectsIn(dir: string): Array<{ file: string; object: K8sObject }> {
  const out: Array<{ file: string; object: K8sObject }> = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d).sort()) {
      const full = join(d, e);
      if (statSync(full).isDirectory()) walk(full);
      else if (/\.ya?ml$/.test(e) && e !== 'kustomization.yaml') {
        for (const o of yamlDocuments<any>(readFileSync(full, 'utf8'))) {
          if (o?.kind) out.push({ file: full, object: o });
        }
      }
    }
  };
  walk(dir);
  return out;
}

/** The objects of dist/<env>/ that belong to the SRE system. */
export function sreObjects(env: string): K8sObject[] {
  return objectsIn(join(ROOT, 'dist', env))
    .map((o) => o.object)
    .filter((o) => o.metadata?.labels?.['app.kubernetes.io/part-of'] === 'sre');
}
