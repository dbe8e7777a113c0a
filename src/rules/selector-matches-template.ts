import { defineRule } from './types';
import type { InventoryItem, RuleFinding } from '../check/types';
import { arr, obj, type Obj } from './lib/values';
import { showValue } from '../lib/show-value';
import { matches, selectorOf, type Selector } from './lib/selectors';
import { controllerLabels, labelMap, mayMatch } from './lib/pod-labels';

const LABEL_SELECTOR_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet']);
/** Kinds whose selector is a plain label map (defaulted to the template's labels when empty). */
const MAP_SELECTOR_KINDS = new Set(['ReplicationController', 'DeploymentConfig']);
const OPERATORS = new Set(['In', 'NotIn', 'Exists', 'DoesNotExist']);

/** One requirement of a selector, as kubectl prints it, and whether `labels` meet it. */
function unmet(selector: Selector, labels: Obj): string[] {
  const out: string[] = [];
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) if (labels[k] !== v) out.push(`${k}=${String(v)}`);
  for (const e of selector.matchExpressions ?? []) {
    if (matches({ matchExpressions: [e] }, labels)) continue;
    const key = String(e.key);
    const values = arr(e.values).map(String).join(',');
    out.push(e.operator === 'Exists' ? key : e.operator === 'DoesNotExist' ? `!${key}` : `${key} ${e.operator === 'In' ? 'in' : 'notin'} (${values})`);
  }
  return out;
}

function showLabels(labels: Obj): string {
  const entries = Object.entries(labels);
  return entries.length ? `{${entries.map(([k, v]) => `${k}: ${String(v)}`).join(', ')}}` : 'none';
}

const REJECTS = 'the API server rejects a selector that does not select its own template';

function* judge(item: InventoryItem, spec: Obj, base: string, kind: 'apps' | 'job'): Iterable<RuleFinding> {
  const raw = spec.selector;
  const at = `${base}/selector`;
  const manual = kind === 'job' && spec.manualSelector === true;
  if (manual && raw === undefined) {
    yield {
      item,
      path: `${base}/manualSelector`,
      message: `${item.kind} ${item.name} sets manualSelector: true without a selector, which the API server rejects`,
    };
    return;
  }
  // Missing or mis-shaped selectors and templates are the schema rule's.
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw) || !spec.template || typeof spec.template !== 'object') return;
  const selector = selectorOf(raw);
  if (kind === 'apps' && !Object.keys(selector.matchLabels ?? {}).length && !(selector.matchExpressions ?? []).length) {
    // A plain label map (the ReplicationController shape) has no matchLabels: the API server drops its keys.
    const plain = Object.keys(raw).filter((k) => k !== 'matchLabels' && k !== 'matchExpressions');
    const hint = plain.length ? ` (${plain.map((k) => showValue(k)).join(', ')} belong under matchLabels)` : '';
    yield { item, path: at, message: `${item.kind} ${item.name} has an empty selector${hint}, which the API server rejects; expected the template's labels` };
    return;
  }
  // An unknown operator is a selector syntax error (label-syntax); no verdict on what it selects.
  if ((selector.matchExpressions ?? []).some((e) => !OPERATORS.has(String(e.operator)))) return;
  const labels = obj(obj(obj(spec.template).metadata).labels);
  if (kind === 'job' && !manual) {
    // Without manualSelector the API server adds controller-uid to the selector and the Job's labels (job-name, …) to
    // the template before it compares them: the requirements written must hold on the labels as completed.
    const completed = labelMap(labels);
    for (const [k, v] of controllerLabels(item, Infinity)) if (!completed.has(k)) completed.set(k, v);
    if (!mayMatch(selector, completed))
      yield {
        item,
        path: at,
        message: `${item.kind} ${item.name}: selector ${unmet(selector, labels).join(', ')} is not met by the template's labels (${showLabels(labels)}) and the labels the Job controller adds; ${REJECTS}`,
      };
    return;
  }
  const missing = unmet(selector, labels);
  if (missing.length)
    yield {
      item,
      path: at,
      message: `${item.kind} ${item.name}: selector requirement ${missing.join(', ')} is not met by the template's labels (${showLabels(labels)}); ${REJECTS}`,
    };
}

export default defineRule<Record<string, never>>({
  meta: {
    id: 'selector-matches-template',
    description:
      'A workload’s selector does not select its own pod template’s labels (Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, DeploymentConfig, Job, a CronJob’s job template), or an apps/v1 selector is empty: the API server rejects it.',
    model:
      'matchLabels and matchExpressions (In, NotIn, Exists, DoesNotExist) are evaluated as the API server does; a ReplicationController or DeploymentConfig without a selector takes its template’s labels; a Job without manualSelector: true is judged with the labels the API server adds (controller-uid, job-name).',
    remediation:
      'Make the template’s labels carry every selector requirement (selectors of Deployments, StatefulSets and DaemonSets cannot change after creation: fix the template, not the selector).',
    category: 'correctness',
    scope: 'object',
    defaultSeverity: 'error',
    optionsSchema: { type: 'object', additionalProperties: false, properties: {} },
  },
  *check({ inventory }): Iterable<RuleFinding> {
    for (const item of inventory.items) {
      const spec = obj(item.object.spec);
      if (LABEL_SELECTOR_KINDS.has(item.kind)) yield* judge(item, spec, '/spec', 'apps');
      else if (item.kind === 'Job') yield* judge(item, spec, '/spec', 'job');
      else if (item.kind === 'CronJob') yield* judge(item, obj(obj(spec.jobTemplate).spec), '/spec/jobTemplate/spec', 'job');
      else if (MAP_SELECTOR_KINDS.has(item.kind)) {
        const selector = obj(spec.selector);
        if (!Object.keys(selector).length || !spec.template || typeof spec.template !== 'object') continue;
        const labels = obj(obj(obj(spec.template).metadata).labels);
        const missing = unmet({ matchLabels: selector }, labels);
        if (missing.length)
          yield {
            item,
            path: '/spec/selector',
            message: `${item.kind} ${item.name}: selector requirement ${missing.join(', ')} is not met by the template's labels (${showLabels(labels)}); ${REJECTS}`,
          };
      }
    }
  },
});
