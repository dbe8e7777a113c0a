/** Kinds whose pods run until replaced (probes and resources matter); Jobs and CronJobs run to completion. */
export const LONG_RUNNING_KINDS: ReadonlySet<string> = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController']);
