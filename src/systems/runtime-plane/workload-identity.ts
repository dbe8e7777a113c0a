/**
 * The workload identity contract (runtime alignment §1): labels every scan job and Zastava monitor carries, on the
 * object and on its pod template, so runtime events from Scanner EntryTrace and Zastava observers stitch by the
 * same workload id. `policies/platform.yaml` makes `required-labels` enforce them in the runtime namespaces.
 */
export const WORKLOAD_ID = 'stellaops.workload/id';
export const WORKLOAD_TENANT = 'stellaops.workload/tenant';
export const WORKLOAD_PROJECT = 'stellaops.workload/project';
export const WORKLOAD_COMPONENT = 'stellaops.workload/component';
export const WORKLOAD_CHANNEL = 'stellaops.workload/channel';

export const WORKLOAD_IDENTITY_KEYS: readonly string[] = [WORKLOAD_ID, WORKLOAD_TENANT, WORKLOAD_PROJECT, WORKLOAD_COMPONENT, WORKLOAD_CHANNEL];

export interface WorkloadIdentity {
  /** Stable workload id (the object name of the workload). */
  readonly id: string;
  readonly tenant: string;
  readonly project: string;
  /** The StellaOps component (zastava-observer, zastava-webhook, scanner-worker, ...). */
  readonly component: string;
  /** Release channel. */
  readonly channel: string;
}

const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

export function workloadIdentityLabels(identity: WorkloadIdentity): Record<string, string> {
  const labels = {
    [WORKLOAD_ID]: identity.id,
    [WORKLOAD_TENANT]: identity.tenant,
    [WORKLOAD_PROJECT]: identity.project,
    [WORKLOAD_COMPONENT]: identity.component,
    [WORKLOAD_CHANNEL]: identity.channel,
  };
  for (const [key, value] of Object.entries(labels)) {
    if (!value || value.length > 63 || !LABEL_VALUE.test(value)) {
      throw new Error(
        `workload identity ${key}: got ${JSON.stringify(value)}, expected a non-empty Kubernetes label value (<= 63 characters, alphanumeric at both ends)`,
      );
    }
  }
  return labels;
}
