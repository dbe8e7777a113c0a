/**
 * A scheduled GDPR job (SRE handbook §6 "GDPR automation"): the gdpr-controller orchestrates Application-specific
 * deletion through each Application's compliance API. Data subject requests run daily at 02:00, data retention
 * weekly on Sunday at 03:00. The image is digest-pinned from images.lock.json; the job runs under the restricted
 * Pod Security profile with its own ServiceAccount and no API token (it talks to the compliance API, not to
 * Kubernetes).
 */
import { Construct } from 'constructs';
import { ApiObject, Duration, JsonPatch, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { CONSTRUCT_ADDRESS_LABEL, cronSchedule, RESTRICTED_CONTAINER_SECURITY, RESTRICTED_POD_SECURITY } from '../../constructs/common/workload';
import { isDigestPinned } from '../../lib/image-ref';

export type GdprTask = 'data-subject-requests' | 'data-retention';

export interface GdprCronJobProps {
  /** Namespace of the CronJob and its ServiceAccount. */
  readonly namespace: string;
  /** Which GDPR process the job runs. */
  readonly task: GdprTask;
  /** The gdpr-controller image, digest-pinned, from images.lock.json. */
  readonly image: string;
  /** Cron schedule, five fields. */
  readonly schedule: string;
  /** Base URL of the compliance API the job calls. */
  readonly complianceApiUrl: string;
  /**
   * IANA time zone of the schedule.
   * @default 'Etc/UTC'
   */
  readonly timeZone?: string;
  /**
   * How long one run may take.
   * @default Duration.hours(2)
   */
  readonly activeDeadline?: Duration;
  /**
   * Metadata labels of every object and the pod template (platform labels).
   * @default - none
   */
  readonly labels?: Record<string, string>;
}

/** The handbook's schedules (§6). */
export const GDPR_SCHEDULES: Readonly<Record<GdprTask, string>> = {
  'data-subject-requests': '0 2 * * *',
  'data-retention': '0 3 * * 0',
};

export class GdprCronJob extends Construct {
  public readonly name: string;
  public readonly cronJob: kplus.CronJob;

  constructor(scope: Construct, id: string, props: GdprCronJobProps) {
    super(scope, id);
    this.name = `gdpr-${props.task}`;
    if (!isDigestPinned(props.image)) throw new Error(`${this.name}: image must be pinned by digest (take it from images.lock.json), got "${props.image}"`);
    if (!/^https?:\/\/[^\s]+$/.test(props.complianceApiUrl))
      throw new Error(`${this.name}: complianceApiUrl must be an http(s) URL, got "${props.complianceApiUrl}"`);
    const labels = props.labels;
    const meta = { name: this.name, namespace: props.namespace, labels };
    const serviceAccount = new kplus.ServiceAccount(this, 'service-account', { metadata: meta, automountToken: false });
    this.cronJob = new kplus.CronJob(this, 'cron-job', {
      metadata: meta,
      schedule: cronSchedule(this.name, props.schedule),
      timeZone: props.timeZone ?? 'Etc/UTC',
      // Two runs of one deletion process must never overlap.
      concurrencyPolicy: kplus.ConcurrencyPolicy.FORBID,
      startingDeadline: Duration.hours(1),
      successfulJobsRetained: 3,
      failedJobsRetained: 5,
      backoffLimit: 2,
      activeDeadline: props.activeDeadline ?? Duration.hours(2),
      restartPolicy: kplus.RestartPolicy.NEVER,
      serviceAccount,
      automountServiceAccountToken: false,
      securityContext: RESTRICTED_POD_SECURITY,
      containers: [
        {
          name: 'gdpr',
          image: props.image,
          imagePullPolicy: kplus.ImagePullPolicy.IF_NOT_PRESENT,
          args: ['run', props.task],
          envVariables: {
            GDPR_TASK: kplus.EnvValue.fromValue(props.task),
            COMPLIANCE_API_URL: kplus.EnvValue.fromValue(props.complianceApiUrl),
          },
          resources: {
            cpu: { request: kplus.Cpu.millis(50), limit: kplus.Cpu.millis(500) },
            memory: { request: Size.mebibytes(64), limit: Size.mebibytes(256) },
          },
          securityContext: RESTRICTED_CONTAINER_SECURITY,
        },
      ],
    });
    const tmp = kplus.Volume.fromEmptyDir(this, 'tmp', 'tmp', { sizeLimit: Size.mebibytes(64) });
    this.cronJob.containers[0].mount('/tmp', tmp);
    for (const [k, v] of Object.entries(labels ?? {})) this.cronJob.podMetadata.addLabel(k, v);
    // cdk8s-plus labels the pod template with its construct path; object identity must not depend on it.
    ApiObject.of(this.cronJob).addJsonPatch(JsonPatch.remove(`/spec/jobTemplate/spec/template/metadata/labels/${CONSTRUCT_ADDRESS_LABEL.replace('/', '~1')}`));
  }
}
