/**
 * Custom resources that make an operator run pods: where the resource carries the labels the operator copies onto
 * them, and the labels the operator adds itself. A selector that matches these pods is satisfied by the resource
 * although the input shows no pod template. One row per (group, kind); add a row for another operator.
 */
import type { InventoryItem } from '../../check/types';
import { anyValue, labelMap, ordinalBelow, prefixed, type PodLabels, type PodLabelValue } from './pod-labels';
import { apiGroup } from '../../lib/kinds';
import { arr, obj } from './values';

export interface OperatorPodRecipe {
  readonly group: string;
  readonly kind: string;
  /** Paths of label maps the operator copies onto its pods; `*` steps into every entry of a list (one pod set each). */
  readonly templateLabels: ReadonlyArray<readonly string[]>;
  /** The labels the operator adds, from the resource's name (they win over copied ones, as the operators do). */
  readonly operatorLabels: (name: string) => ReadonlyArray<[string, PodLabelValue]>;
}

const PROMETHEUS_OPERATOR = 'monitoring.coreos.com';

/** Labels prometheus-operator puts on the pods of every StatefulSet it runs (`<prefix>-<name>[-shard-<n>]-<ordinal>`). */
function prometheusOperatorLabels(app: string, stsPrefix: string, name: string): Array<[string, PodLabelValue]> {
  return [
    ['app.kubernetes.io/name', app],
    ['app.kubernetes.io/instance', name],
    ['app.kubernetes.io/managed-by', 'prometheus-operator'],
    ['app.kubernetes.io/version', anyValue],
    ['statefulset.kubernetes.io/pod-name', prefixed(`${stsPrefix}-${name}-`)],
    ['apps.kubernetes.io/pod-index', ordinalBelow(Infinity)],
    ['controller-revision-hash', prefixed(`${stsPrefix}-${name}-`)],
  ];
}

const shardLabels = (name: string): Array<[string, PodLabelValue]> => [
  ['operator.prometheus.io/name', name],
  ['operator.prometheus.io/shard', ordinalBelow(Infinity)],
];

export const OPERATOR_POD_RECIPES: readonly OperatorPodRecipe[] = [
  {
    group: PROMETHEUS_OPERATOR,
    kind: 'Prometheus',
    templateLabels: [['spec', 'podMetadata', 'labels']],
    operatorLabels: (name) => [...prometheusOperatorLabels('prometheus', 'prometheus', name), ['prometheus', name], ...shardLabels(name)],
  },
  {
    group: PROMETHEUS_OPERATOR,
    kind: 'PrometheusAgent',
    templateLabels: [['spec', 'podMetadata', 'labels']],
    operatorLabels: (name) => [...prometheusOperatorLabels('prometheus-agent', 'prom-agent', name), ...shardLabels(name)],
  },
  {
    group: PROMETHEUS_OPERATOR,
    kind: 'Alertmanager',
    templateLabels: [['spec', 'podMetadata', 'labels']],
    operatorLabels: (name) => [...prometheusOperatorLabels('alertmanager', 'alertmanager', name), ['alertmanager', name]],
  },
  {
    group: PROMETHEUS_OPERATOR,
    kind: 'ThanosRuler',
    templateLabels: [['spec', 'podMetadata', 'labels']],
    operatorLabels: (name) => [...prometheusOperatorLabels('thanos-ruler', 'thanos-ruler', name), ['thanos-ruler', name]],
  },
  // Argo Rollouts runs a Deployment-like pod template through ReplicaSets of its own.
  {
    group: 'argoproj.io',
    kind: 'Rollout',
    templateLabels: [['spec', 'template', 'metadata', 'labels']],
    operatorLabels: () => [['rollouts-pod-template-hash', anyValue]],
  },
  // OpenKruise's CloneSet: a Deployment-like template, pods labelled with their revision and instance id.
  {
    group: 'apps.kruise.io',
    kind: 'CloneSet',
    templateLabels: [['spec', 'template', 'metadata', 'labels']],
    operatorLabels: () => [
      ['controller-revision-hash', anyValue],
      ['pod-template-hash', anyValue],
      ['apps.kruise.io/cloneset-instance-id', anyValue],
    ],
  },
];

const byGroupKind = new Map(OPERATOR_POD_RECIPES.map((r) => [`${r.group}/${r.kind}`, r]));

export function operatorRecipe(item: InventoryItem): OperatorPodRecipe | undefined {
  return byGroupKind.get(`${apiGroup(item.apiVersion)}/${item.kind}`);
}

/** Every label map at `path` in `value` (`*` fans out over a list). */
function labelMapsAt(value: unknown, path: readonly string[]): unknown[] {
  if (!path.length) return [value];
  const [step, ...rest] = path;
  if (step === '*') return arr(value).flatMap((v) => labelMapsAt(v, rest));
  const next = obj(value)[step];
  return next === undefined ? [] : labelMapsAt(next, rest);
}

/** The label sets of the pods `item` makes its operator run (one per pod set); empty when no recipe knows the kind. */
export function operatorPodLabels(item: InventoryItem): PodLabels[] {
  const recipe = operatorRecipe(item);
  if (!recipe) return [];
  const copied = recipe.templateLabels.flatMap((path) => labelMapsAt(item.object, path));
  return (copied.length ? copied : [undefined]).map((raw) => {
    const labels = labelMap(raw);
    for (const [k, v] of recipe.operatorLabels(item.name)) labels.set(k, v);
    return labels;
  });
}
