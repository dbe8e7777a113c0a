/** Label keys every Plimsoll-rendered object carries, so operators can select by tenant, environment and cluster. */
import type { Environment } from '../../config/generated/environment';

export const LABEL_NAME = 'app.kubernetes.io/name';
export const LABEL_PART_OF = 'app.kubernetes.io/part-of';
export const LABEL_MANAGED_BY = 'app.kubernetes.io/managed-by';
export const LABEL_TENANT = 'plimsoll.dev/tenant';
export const LABEL_ENVIRONMENT = 'plimsoll.dev/environment';
export const LABEL_DEPLOYMENT = 'plimsoll.dev/deployment';

/** Metadata labels (never selectors): who runs it, where, and which system it belongs to. */
export function platformLabels(env: Environment, name: string, partOf: string): Record<string, string> {
  return {
    [LABEL_NAME]: name,
    [LABEL_PART_OF]: partOf,
    [LABEL_MANAGED_BY]: 'plimsoll',
    [LABEL_TENANT]: env.tenant,
    [LABEL_ENVIRONMENT]: env.name,
    [LABEL_DEPLOYMENT]: env.clusterId,
  };
}
