/** Shared by the Zen Watcher construct tests: synthesize a construct alone, find objects, read the guide's YAML. */
import { App, Chart } from 'cdk8s';
import { parse } from 'yaml';

export type K8sObject = Record<string, any>;

export function synth(build: (chart: Chart) => void): K8sObject[] {
  const chart = new Chart(new App(), 'test', { disableResourceNameHashes: true });
  build(chart);
  return chart.toJson() as K8sObject[];
}

export function only(objects: K8sObject[], kind: string, name?: string): K8sObject {
  const found = objects.filter((o) => o.kind === kind && (name === undefined || o.metadata?.name === name));
  if (found.length !== 1) throw new Error(`expected exactly one ${kind}${name ? ` ${name}` : ''}, found ${found.length}`);
  return found[0];
}

export function all(objects: K8sObject[], kind: string): K8sObject[] {
  return objects.filter((o) => o.kind === kind);
}

/** A YAML block as written in the guide (source runbook 002), parsed. */
export function guide(yamlText: string): any {
  return parse(yamlText);
}

export const IMAGE = 'docker.io/kubezen/zen-watcher:1.2.1@sha256:' + 'a'.repeat(64);
export const KUBECTL_IMAGE = 'registry.k8s.io/kubectl:v1.28.15@sha256:' + 'b'.repeat(64);
