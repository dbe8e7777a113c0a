/**
 * What every Plimsoll workload needs from cdk8s-plus-28, and what it must not get from it:
 * - selectors from explicit labels only: cdk8s-plus labels pod templates with `cdk8s.io/metadata.addr` (derived
 *   from the construct path) and selects on it, but a Deployment's selector is immutable, so renaming a construct
 *   would break the next apply. `stableSelector` selects on the given labels and removes that label.
 * - the restricted Pod Security profile by default (non-root, no escalation, drop ALL, RuntimeDefault seccomp).
 */
import { ApiObject, Cron, JsonPatch } from 'cdk8s';
import type { Construct } from 'constructs';
import * as kplus from 'cdk8s-plus-28';

export const CONSTRUCT_ADDRESS_LABEL = 'cdk8s.io/metadata.addr';

/** The non-root uid/gid distroless images use. */
export const NONROOT_ID = 65532;

export const RESTRICTED_CONTAINER_SECURITY: kplus.ContainerSecurityContextProps = {
  ensureNonRoot: true,
  privileged: false,
  allowPrivilegeEscalation: false,
  readOnlyRootFilesystem: true,
  user: NONROOT_ID,
  group: NONROOT_ID,
  capabilities: { drop: [kplus.Capability.ALL] },
  seccompProfile: { type: kplus.SeccompProfileType.RUNTIME_DEFAULT },
};

export const RESTRICTED_POD_SECURITY: kplus.PodSecurityContextProps = {
  ensureNonRoot: true,
  user: NONROOT_ID,
  group: NONROOT_ID,
  fsGroup: NONROOT_ID,
  fsGroupChangePolicy: kplus.FsGroupChangePolicy.ON_ROOT_MISMATCH,
};

/**
 * Selects the workload's pods by `labels` (added to the pod template) and drops the construct-address label.
 * Create the workload with `select: false`.
 */
export function stableSelector(workload: kplus.Deployment | kplus.DaemonSet | kplus.StatefulSet, labels: Record<string, string>): void {
  for (const [k, v] of Object.entries(labels)) workload.podMetadata.addLabel(k, v);
  workload.select(kplus.LabelSelector.of({ labels }));
  ApiObject.of(workload).addJsonPatch(JsonPatch.remove(`/spec/template/metadata/labels/${CONSTRUCT_ADDRESS_LABEL.replace('/', '~1')}`));
}

/**
 * Spreads the workload's replicas over nodes: a preferred topology spread on kubernetes.io/hostname over the pods
 * `labels` select (its selector labels). Preferred, not required: a one-node lab still schedules every replica.
 */
export function spreadOverNodes(workload: kplus.Deployment | kplus.StatefulSet, labels: Readonly<Record<string, string>>): void {
  ApiObject.of(workload).addJsonPatch(
    JsonPatch.add('/spec/template/spec/topologySpreadConstraints', [
      { maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: { ...labels } } },
    ]),
  );
}

/** A pod selector for Services and policies, from explicit labels (never construct addresses). */
export function podsWithLabels(scope: Construct, id: string, labels: Record<string, string>): kplus.Pods {
  return kplus.Pods.select(scope, id, { labels });
}

/** A five-field cron schedule (minute hour day month weekday) as cdk8s wants it; `owner` names the CronJob in the error. */
export function cronSchedule(owner: string, schedule: string): Cron {
  const fields = schedule.trim().split(/\s+/);
  if (fields.length !== 5) throw new Error(`${owner}: schedule must have five fields (minute hour day month weekday), got "${schedule}"`);
  const [minute, hour, day, month, weekDay] = fields;
  return Cron.schedule({ minute, hour, day, month, weekDay });
}
