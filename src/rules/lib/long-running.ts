import type { PodSpecAt } from '../../lib/pod-specs';

/** Kinds whose pods run until replaced (probes and resources matter); Jobs and CronJobs run to completion. */
export const LONG_RUNNING_KINDS: ReadonlySet<string> = new Set([
  'Deployment',
  'StatefulSet',
  'DaemonSet',
  'ReplicaSet',
  'ReplicationController',
  'DeploymentConfig',
]);
const RUN_TO_COMPLETION_KINDS: ReadonlySet<string> = new Set(['Job', 'CronJob']);

/**
 * Whether the pods of `pod` (held by an object of `kind`) run until replaced: always for the long-running workload
 * kinds, never for Jobs and CronJobs; a bare Pod (when `barePods`) and a custom resource's template by their
 * restartPolicy: Always, the default, runs on; Never or OnFailure runs to completion (Helm test hooks, batch pods).
 */
export function runsUntilReplaced(kind: string, pod: PodSpecAt, barePods: boolean): boolean {
  if (LONG_RUNNING_KINDS.has(kind)) return true;
  if (RUN_TO_COMPLETION_KINDS.has(kind) || (kind === 'Pod' && !barePods)) return false;
  const policy = pod.spec.restartPolicy;
  return policy === undefined || policy === 'Always';
}

/** The `barePods` option of the rules that judge long-running pods only (probes, resources). */
export const BARE_PODS_OPTION = {
  description:
    'Judge bare Pods too, when they run until deleted (restartPolicy Always, the default); a Pod with restartPolicy Never or OnFailure runs to completion (a Helm test hook) and is never judged.',
  type: 'boolean',
  default: true,
} as const;
