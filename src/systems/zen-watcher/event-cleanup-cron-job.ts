/**
 * The guide's "Automated Cleanup with CronJob" (`zen-event-cleanup`, 02:00 daily), with what the guide leaves
 * open done properly:
 * - the image is digest-pinned from images.lock.json (the guide uses `bitnami/kubectl:latest`);
 * - the age comparison is real: a Resolved observation is deleted when its `spec.detectedAt` (else its
 *   creationTimestamp) is older than the TTL (7 days), compared as epoch seconds (the guide's loop deletes every
 *   Resolved event and leaves "implement proper date comparison" as a comment);
 * - it runs as its own ServiceAccount with only get/list/delete on observations in its namespace (the guide
 *   borrows the controller's `zen-watcher` account), under the restricted Pod Security profile.
 * The script needs a POSIX shell, GNU `date` and kubectl: the registry.k8s.io/kubectl image (debian-base) has them.
 */
import { Construct } from 'constructs';
import { ApiObject, Duration, JsonPatch, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { CONSTRUCT_ADDRESS_LABEL, cronSchedule, RESTRICTED_CONTAINER_SECURITY, RESTRICTED_POD_SECURITY } from '../../constructs/common/workload';
import { OBSERVATION, ZEN_API_GROUP } from './zen-watcher-crds';

export interface EventCleanupCronJobProps {
  /** Namespace of the CronJob, its ServiceAccount and Role. */
  readonly namespace: string;
  /** The kubectl image, from images.lock.json. */
  readonly image: string;
  /**
   * Name of the CronJob, its ServiceAccount, Role and RoleBinding.
   * @default 'zen-event-cleanup'
   */
  readonly name?: string;
  /**
   * Cron schedule, five fields.
   * @default '0 2 * * *' (02:00 daily)
   */
  readonly schedule?: string;
  /**
   * IANA time zone of the schedule.
   * @default 'Etc/UTC'
   */
  readonly timeZone?: string;
  /**
   * Resolved observations older than this many days are deleted.
   * @default 7
   */
  readonly ttlDays?: number;
  /**
   * Namespace whose observations are cleaned up.
   * @default - the CronJob's own namespace (the guide cleans zen-system)
   */
  readonly targetNamespace?: string;
  /**
   * Extra labels of the job's pods (the network policy selects them).
   * @default - none beyond the metadata labels
   */
  readonly podLabels?: Record<string, string>;
  /**
   * Metadata labels of every object and the pod template (platform labels).
   * @default - none
   */
  readonly labels?: Record<string, string>;
}

const RESOURCE = `${OBSERVATION.plural}.${ZEN_API_GROUP}`;

/**
 * POSIX sh; TTL_DAYS and TARGET_NAMESPACE come from the environment, the listing goes to $TMPDIR (default /tmp,
 * an emptyDir). Exits non-zero when a timestamp cannot be read, so the Job shows the problem instead of hiding it.
 */
export const EVENT_CLEANUP_SCRIPT = `set -eu
list="\${TMPDIR:-/tmp}/observations"
cutoff=$(( $(date -u +%s) - TTL_DAYS * 86400 ))
echo "zen-event-cleanup: deleting Resolved observations in \${TARGET_NAMESPACE} detected before $(date -u -d "@\${cutoff}" +%Y-%m-%dT%H:%M:%SZ) (TTL \${TTL_DAYS}d)"
kubectl get ${RESOURCE} -n "\${TARGET_NAMESPACE}" \\
  -o jsonpath='{range .items[*]}{.metadata.name}{"|"}{.status.phase}{"|"}{.spec.detectedAt}{"|"}{.metadata.creationTimestamp}{"\\n"}{end}' \\
  > "\${list}"
deleted=0; kept=0; unreadable=0
while IFS='|' read -r name phase detected created; do
  [ -n "\${name}" ] || continue
  if [ "\${phase}" != "Resolved" ]; then kept=$((kept + 1)); continue; fi
  stamp=\${detected:-\${created}}
  if ! seen=$(date -u -d "\${stamp}" +%s 2>/dev/null); then
    echo "zen-event-cleanup: \${name}: unreadable timestamp '\${stamp}', kept" >&2
    unreadable=$((unreadable + 1)); continue
  fi
  if [ "\${seen}" -lt "\${cutoff}" ]; then
    kubectl delete ${RESOURCE} "\${name}" -n "\${TARGET_NAMESPACE}" --wait=false --ignore-not-found
    deleted=$((deleted + 1))
  else
    kept=$((kept + 1))
  fi
done < "\${list}"
echo "zen-event-cleanup: deleted \${deleted}, kept \${kept}, unreadable \${unreadable}"
[ "\${unreadable}" -eq 0 ]
`;

export class EventCleanupCronJob extends Construct {
  public readonly cronJob: kplus.CronJob;
  public readonly serviceAccountName: string;

  constructor(scope: Construct, id: string, props: EventCleanupCronJobProps) {
    super(scope, id);
    const name = props.name ?? 'zen-event-cleanup';
    const ttlDays = props.ttlDays ?? 7;
    const target = props.targetNamespace ?? props.namespace;
    if (!Number.isInteger(ttlDays) || ttlDays < 1) throw new Error(`zen-event-cleanup: ttlDays must be a whole number of days >= 1, got ${ttlDays}`);
    const labels = props.labels;
    this.serviceAccountName = name;

    new kplus.k8s.KubeServiceAccount(this, 'service-account', {
      metadata: { name, namespace: props.namespace, labels },
      automountServiceAccountToken: true,
    });
    new kplus.k8s.KubeRole(this, 'role', {
      metadata: { name, namespace: target, labels },
      rules: [{ apiGroups: [ZEN_API_GROUP], resources: [OBSERVATION.plural], verbs: ['get', 'list', 'delete'] }],
    });
    new kplus.k8s.KubeRoleBinding(this, 'role-binding', {
      metadata: { name, namespace: target, labels },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name },
      subjects: [{ kind: 'ServiceAccount', name, namespace: props.namespace }],
    });

    this.cronJob = new kplus.CronJob(this, 'cron-job', {
      metadata: { name, namespace: props.namespace, labels },
      schedule: cronSchedule('zen-event-cleanup', props.schedule ?? '0 2 * * *'),
      timeZone: props.timeZone ?? 'Etc/UTC',
      concurrencyPolicy: kplus.ConcurrencyPolicy.FORBID,
      // A run missed while the controller was down still happens within the hour.
      startingDeadline: Duration.hours(1),
      successfulJobsRetained: 3,
      failedJobsRetained: 3,
      backoffLimit: 2,
      activeDeadline: Duration.minutes(30),
      restartPolicy: kplus.RestartPolicy.ON_FAILURE,
      serviceAccount: kplus.ServiceAccount.fromServiceAccountName(this, 'sa-ref', name),
      automountServiceAccountToken: true,
      securityContext: RESTRICTED_POD_SECURITY,
      containers: [
        {
          name: 'cleanup',
          image: props.image,
          imagePullPolicy: kplus.ImagePullPolicy.IF_NOT_PRESENT,
          command: ['/bin/sh', '-c', EVENT_CLEANUP_SCRIPT],
          envVariables: {
            TTL_DAYS: kplus.EnvValue.fromValue(String(ttlDays)),
            TARGET_NAMESPACE: kplus.EnvValue.fromValue(target),
            // kubectl keeps its discovery cache under $HOME; the root filesystem is read-only.
            HOME: kplus.EnvValue.fromValue('/tmp'),
          },
          resources: {
            cpu: { request: kplus.Cpu.millis(10), limit: kplus.Cpu.millis(200) },
            memory: { request: Size.mebibytes(64), limit: Size.mebibytes(256) },
          },
          securityContext: RESTRICTED_CONTAINER_SECURITY,
        },
      ],
    });
    const tmp = kplus.Volume.fromEmptyDir(this, 'tmp', 'tmp', { sizeLimit: Size.mebibytes(64) });
    this.cronJob.containers[0].mount('/tmp', tmp);
    for (const [k, v] of Object.entries({ ...labels, ...props.podLabels })) this.cronJob.podMetadata.addLabel(k, v);
    // cdk8s-plus labels the pod template with its construct path; object identity must not depend on it.
    ApiObject.of(this.cronJob).addJsonPatch(JsonPatch.remove(`/spec/jobTemplate/spec/template/metadata/labels/${CONSTRUCT_ADDRESS_LABEL.replace('/', '~1')}`));
  }
}
