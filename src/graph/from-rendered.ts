/** The graph of a rendered environment: its stage objects as the inventory, its Flux Kustomizations as the stages. */
import { Inventory, makeItem } from '../check/inventory';
import type { K8sObject } from '../check/types';
import type { RenderedEnvironment } from '../render/render-environment';
import { stageDir } from '../stages/stages';
import { arr, obj } from '../rules/lib/values';
import { buildGraph, type EnvironmentGraph, type GraphStage } from './model';

export function graphOfRendered(rendered: RenderedEnvironment): EnvironmentGraph {
  const staged = rendered.objects.filter((o) => o.stage);
  const items = staged.map((o) => makeItem(o.object as K8sObject, o.file, 0, { index: o.stage!.index, id: o.stage!.id }));
  // Each stage's Flux Kustomization is `plimsoll-<folder>`; its dependsOn names the previous one the same way.
  const kustomizations = new Map(
    rendered.objects.filter((o) => !o.stage && o.object.kind === 'Kustomization').map((o) => [String(obj(o.object.metadata).name), o.object] as const),
  );
  const stages: GraphStage[] = rendered.order.map((folder) => {
    const k = kustomizations.get(`plimsoll-${folder}`);
    const spec = obj(k?.spec);
    const dependsOn = arr(spec.dependsOn)
      .map((d) => String(obj(d).name))
      .find((n) => n.startsWith('plimsoll-'));
    return {
      folder,
      wait: spec.wait === true,
      ...(dependsOn ? { dependsOn: dependsOn.slice('plimsoll-'.length) } : {}),
      objects: staged.filter((o) => stageDir(o.stage!) === folder).length,
    };
  });
  return buildGraph(rendered.name, new Inventory(items), stages);
}
