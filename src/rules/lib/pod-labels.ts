/**
 * The labels pods will carry, which is more than their template says: the built-in controllers add their own
 * (a StatefulSet's `statefulset.kubernetes.io/pod-name`, a Deployment's `pod-template-hash`, a Job's `job-name`, …).
 * Some values are known exactly (a Job's name), some only by shape (an ordinal below replicas) and some not at all
 * (a hash): a value is a string or a test, and a selector "may match" when some pod could carry what it asks for.
 */
import type { InventoryItem } from '../../check/types';
import type { Selector } from './selectors';
import { obj } from './values';

/** A label value as the pods will carry it: fixed, or only known to pass a test. */
export type PodLabelValue = string | ((value: string) => boolean);
export type PodLabels = ReadonlyMap<string, PodLabelValue>;

export const anyValue = (): boolean => true;
const isOrdinal = (v: string): boolean => /^(0|[1-9][0-9]*)$/.test(v);
/** A decimal ordinal below `bound` (Infinity when the count is not knowable). */
export const ordinalBelow =
  (bound: number) =>
  (v: string): boolean =>
    isOrdinal(v) && Number(v) < bound;
/** `prefix` followed by something `rest` accepts. */
export const prefixed =
  (prefix: string, rest: (v: string) => boolean = anyValue) =>
  (v: string): boolean =>
    v.startsWith(prefix) && rest(v.slice(prefix.length));

/** String-valued labels of a label map as parsed. */
export function labelMap(raw: unknown): Map<string, PodLabelValue> {
  const out = new Map<string, PodLabelValue>();
  for (const [k, v] of Object.entries(obj(raw))) if (typeof v === 'string') out.set(k, v);
  return out;
}

/** How many pods a workload runs, as far as the input says: `replicas` (default 1), unbounded when scaled or templated. */
export function replicaBound(item: InventoryItem, autoscaled: boolean): number {
  const replicas = obj(item.object.spec).replicas;
  if (autoscaled) return Infinity;
  if (replicas === undefined) return 1;
  return typeof replicas === 'number' && Number.isInteger(replicas) ? replicas : Infinity;
}

/** Labels the Job controller puts on a Job's pods (`jobName`: exact, or a test for a CronJob's jobs). */
function jobLabels(jobName: PodLabelValue): Array<[string, PodLabelValue]> {
  return [
    ['job-name', jobName],
    ['batch.kubernetes.io/job-name', jobName],
    ['controller-uid', anyValue],
    ['batch.kubernetes.io/controller-uid', anyValue],
    ['batch.kubernetes.io/job-completion-index', isOrdinal],
  ];
}

/** Labels the built-in controller of `item`'s kind adds to the pods it makes (none for other kinds). */
export function controllerLabels(item: InventoryItem, replicas: number): Array<[string, PodLabelValue]> {
  switch (item.kind) {
    case 'Deployment':
      return [['pod-template-hash', anyValue]];
    case 'StatefulSet':
      return [
        ['statefulset.kubernetes.io/pod-name', prefixed(`${item.name}-`, ordinalBelow(replicas))],
        ['apps.kubernetes.io/pod-index', ordinalBelow(replicas)],
        ['controller-revision-hash', prefixed(`${item.name}-`)],
      ];
    case 'DaemonSet':
      return [
        ['controller-revision-hash', anyValue],
        ['pod-template-generation', isOrdinal],
      ];
    case 'Job':
      return jobLabels(item.name);
    case 'CronJob':
      // Jobs of a CronJob are named <cronjob>-<scheduled time in minutes>.
      return jobLabels(prefixed(`${item.name}-`, isOrdinal));
    default:
      return [];
  }
}

function valueMatches(label: PodLabelValue, wanted: string): boolean {
  return typeof label === 'string' ? label === wanted : label(wanted);
}

/**
 * Whether some pod with `labels` could be selected: a test-valued label may take any value the test accepts, so
 * `In` needs one accepted value and `NotIn` can always be avoided.
 */
export function mayMatch(selector: Selector, labels: PodLabels): boolean {
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) {
    const label = labels.get(k);
    if (label === undefined || !valueMatches(label, String(v))) return false;
  }
  for (const e of selector.matchExpressions ?? []) {
    const label = labels.get(String(e.key));
    const values = Array.isArray(e.values) ? e.values.map(String) : [];
    switch (e.operator) {
      case 'In':
        if (label === undefined || !values.some((v) => valueMatches(label, v))) return false;
        break;
      case 'NotIn':
        if (typeof label === 'string' && values.includes(label)) return false;
        break;
      case 'Exists':
        if (label === undefined) return false;
        break;
      case 'DoesNotExist':
        if (label !== undefined) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}
