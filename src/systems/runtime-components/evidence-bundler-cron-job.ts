/**
 * The runtime evidence export (runtime alignment §5) as a CronJob: the evidence bundler image reads
 * scanner.entrytrace.ndjson and zastava.runtime.ndjson from `incoming/` on a volume and writes
 * `offline/runtime/<runId>/` (both streams sorted, merged, quarantine, manifest) beside them. The sort spills to a
 * size-limited scratch volume; the root file system stays read-only. A run with no input yet exits 0 and says so
 * (--skip-if-missing); the same inputs give the same bundle, which is not written twice.
 */
import { ApiObject, Duration, JsonPatch, Size } from 'cdk8s';
import { Construct } from 'constructs';
import * as kplus from 'cdk8s-plus-28';
import { containerResources, type ResourceFigures } from '../../constructs/common/resources';
import { CONSTRUCT_ADDRESS_LABEL, cronSchedule, RESTRICTED_CONTAINER_SECURITY, RESTRICTED_POD_SECURITY } from '../../constructs/common/workload';

export const EVIDENCE_BUNDLER_NAME = 'plimsoll-evidence-bundler';
export const EVIDENCE_MOUNT = '/evidence';
export const EVIDENCE_RESOURCES: ResourceFigures = { cpuRequestMillis: 250, cpuLimitMillis: 1000, memoryRequestMebibytes: 256, memoryLimitMebibytes: 512 };

export interface EvidenceBundlerCronJobProps {
  /** The bundler image, from images.lock.json (`plimsoll-evidence-bundler`). */
  readonly image: string;
  /** Namespace of the CronJob and its ServiceAccount. */
  readonly namespace: string;
  /** PersistentVolumeClaim (created outside Plimsoll) holding incoming/ and offline/runtime/. */
  readonly claimName: string;
  /** Metadata labels of every object and the pod template (platform labels). */
  readonly labels: Record<string, string>;
  /**
   * Name of the CronJob and its ServiceAccount.
   * @default 'plimsoll-evidence-bundler'
   */
  readonly name?: string;
  /**
   * Cron schedule, five fields, in UTC.
   * @default '30 3 * * *'
   */
  readonly schedule?: string;
  /**
   * Render it suspended (run it with kubectl create job --from=cronjob/<name>).
   * @default false
   */
  readonly suspend?: boolean;
  /**
   * Size limit of the scratch volume the sort spills to, in GiB (about the input's size).
   * @default 4
   */
  readonly scratchGibibytes?: number;
  /**
   * Memory budget of the in-memory sort buffer, in MiB (below the memory limit).
   * @default 64
   */
  readonly sortMemoryMebibytes?: number;
  /**
   * CPU and memory requests and limits.
   * @default EVIDENCE_RESOURCES (250m/1 CPU, 256/512 MiB)
   */
  readonly resources?: ResourceFigures;
}

export class EvidenceBundlerCronJob extends Construct {
  public readonly cronJob: kplus.CronJob;
  public readonly name: string;

  constructor(scope: Construct, id: string, props: EvidenceBundlerCronJobProps) {
    super(scope, id);
    this.name = props.name ?? EVIDENCE_BUNDLER_NAME;
    const figures = props.resources ?? EVIDENCE_RESOURCES;
    const sortMb = props.sortMemoryMebibytes ?? 64;
    const heapMb = Math.floor(figures.memoryLimitMebibytes * 0.6);
    if (!Number.isInteger(sortMb) || sortMb < 1 || sortMb * 2 > heapMb)
      throw new Error(
        `evidence bundler: sortMemoryMebibytes ${sortMb} must be at least 1 and at most half the heap (${heapMb} MiB of the ${figures.memoryLimitMebibytes} MiB limit)`,
      );
    const scratch = props.scratchGibibytes ?? 4;
    if (!Number.isInteger(scratch) || scratch < 1) throw new Error(`evidence bundler: scratchGibibytes must be a whole number >= 1, got ${scratch}`);
    const labels = { ...props.labels };

    const serviceAccount = new kplus.ServiceAccount(this, 'ServiceAccount', {
      metadata: { name: this.name, namespace: props.namespace, labels },
      automountToken: false,
    });
    this.cronJob = new kplus.CronJob(this, 'CronJob', {
      metadata: { name: this.name, namespace: props.namespace, labels },
      schedule: cronSchedule('evidence bundler', props.schedule ?? '30 3 * * *'),
      timeZone: 'Etc/UTC',
      suspend: props.suspend ?? false,
      concurrencyPolicy: kplus.ConcurrencyPolicy.FORBID,
      startingDeadline: Duration.hours(1),
      successfulJobsRetained: 3,
      failedJobsRetained: 3,
      backoffLimit: 2,
      activeDeadline: Duration.hours(2),
      restartPolicy: kplus.RestartPolicy.NEVER,
      serviceAccount,
      automountServiceAccountToken: false,
      securityContext: RESTRICTED_POD_SECURITY,
      containers: [
        {
          name: 'bundler',
          image: props.image,
          imagePullPolicy: kplus.ImagePullPolicy.IF_NOT_PRESENT,
          args: [
            '--in',
            `${EVIDENCE_MOUNT}/incoming`,
            '--out',
            `${EVIDENCE_MOUNT}/offline/runtime`,
            '--tmp-dir',
            '/scratch',
            '--memory-mb',
            String(sortMb),
            '--skip-if-missing',
          ],
          envVariables: { NODE_OPTIONS: kplus.EnvValue.fromValue(`--max-old-space-size=${heapMb}`) },
          resources: containerResources(figures, 'evidence bundler'),
          securityContext: RESTRICTED_CONTAINER_SECURITY,
        },
      ],
    });
    const container = this.cronJob.containers[0];
    const claim = kplus.PersistentVolumeClaim.fromClaimName(this, 'Claim', props.claimName);
    container.mount(EVIDENCE_MOUNT, kplus.Volume.fromPersistentVolumeClaim(this, 'EvidenceVolume', claim, { name: 'evidence' }));
    container.mount('/scratch', kplus.Volume.fromEmptyDir(this, 'ScratchVolume', 'scratch', { sizeLimit: Size.gibibytes(scratch) }));
    for (const [k, v] of Object.entries(labels)) this.cronJob.podMetadata.addLabel(k, v);
    ApiObject.of(this.cronJob).addJsonPatch(JsonPatch.remove(`/spec/jobTemplate/spec/template/metadata/labels/${CONSTRUCT_ADDRESS_LABEL.replace('/', '~1')}`));
  }
}
