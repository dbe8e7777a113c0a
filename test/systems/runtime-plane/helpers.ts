/** Shared fixtures of the runtime-plane tests: environments as shipped or edited, settings, and synth helpers. */
import { App, Chart } from 'cdk8s';
import { expect } from 'vitest';
import { loadEnvironment } from '../../../src/environments/load-environment';
import { runtimeSettings, type RuntimeSettings } from '../../../src/systems/runtime-plane';
import { renderEnvironment } from '../../../src/render/render-environment';
export { editedEnvironment, loadError } from '../../helpers/environments';

export const SHIPPED_ENVIRONMENTS = ['lab', 'prod-fsn'] as const;

export function settingsOf(name: string): RuntimeSettings {
  return runtimeSettings(loadEnvironment(name).env);
}

/** Synthesizes whatever `build` adds to a fresh chart. */
export function synth(build: (chart: Chart) => void): any[] {
  const chart = new Chart(new App(), 'test', { disableResourceNameHashes: true });
  build(chart);
  return chart.toJson();
}

export function only(objects: any[], kind: string, name?: string): any {
  const found = objects.filter((o) => o.kind === kind && (name === undefined || o.metadata?.name === name));
  expect(found, `${kind} ${name ?? ''}`).toHaveLength(1);
  return found[0];
}

export interface RenderedObjectAt {
  readonly object: any;
  readonly stage: string | undefined;
}

/** The rendered objects of a shipped environment with the stage each lands in. */
export function rendered(name: string): RenderedObjectAt[] {
  return renderEnvironment(loadEnvironment(name).env).objects.map((o) => ({ object: o.object, stage: o.stage?.id }));
}

export function find(objects: RenderedObjectAt[], kind: string, name: string, namespace?: string): RenderedObjectAt {
  const found = objects.filter(
    (o) => o.object.kind === kind && o.object.metadata?.name === name && (namespace === undefined || o.object.metadata?.namespace === namespace),
  );
  expect(found, `${kind} ${namespace ? `${namespace}/` : ''}${name}`).toHaveLength(1);
  return found[0];
}
