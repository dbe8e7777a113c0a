/**
 * The Scanner Worker job template for EntryTrace runtime capture (docs/runbooks/runtime-alignment-scanner-zastava.md
 * §1 "reuse in job templates", Deliverables "Update job/observer templates ... to include shared labels and feature
 * flags"). Rendered as a suspended CronJob, the Kubernetes-native job template: it never runs on its own;
 * `kubectl -n scanner-runtime create job --from=cronjob/scanner-entrytrace-capture <name>` (or the Scanner
 * orchestrator) instantiates it, and every Job and pod made from it carries the workload identity labels and
 * the feature flags. Also renders the ConfigMap `scanner-runtime` with the Scanner runtime configuration.
 */
import { createHash } from 'node:crypto';
import { ApiObject, Cron, Duration, JsonPatch, Size } from 'cdk8s';
import { Construct } from 'constructs';
import * as kplus from 'cdk8s-plus-28';
import { CONSTRUCT_ADDRESS_LABEL, RESTRICTED_CONTAINER_SECURITY, RESTRICTED_POD_SECURITY } from '../../constructs/common/workload';
import { runtimeResources } from './resource-profiles';
import { HOST_METADATA } from './node-agent-config';
import {
  FLAG_RUNTIME_CAPTURE,
  FLAG_ZASTAVA_ATTACH,
  NODE_AGENT_LOG_GLOB,
  RUNTIME_EVENT_FIELDS,
  RUNTIME_EVENT_SORT,
  RUNTIME_NAMESPACE_ALLOWLIST,
  SCANNER_EVENTS_STREAM,
  SCANNER_RUNTIME_NAMESPACE,
  type RuntimeSettings,
} from './settings';
import { WORKLOAD_IDENTITY_KEYS } from './workload-identity';

export const ENTRYTRACE_JOB_NAME = 'scanner-entrytrace-capture';
export const SCANNER_RUNTIME_CONFIG_NAME = 'scanner-runtime';
export const SCANNER_RUNTIME_CONFIG_FILE = 'scanner-runtime.json';
export const SCANNER_CONFIG_DIR = '/etc/stellaops/scanner';

/** Feature flag → environment variable (.NET configuration path with `__` separators). */
export const FLAG_ENV_VARS: Readonly<Record<string, string>> = {
  [FLAG_RUNTIME_CAPTURE]: 'SCANNER__RUNTIME__CAPTURE__ENABLED',
  [FLAG_ZASTAVA_ATTACH]: 'ZASTAVA__ATTACH__ENABLED',
};

/** The Scanner runtime configuration tree (`scanner:` and the shared `zastava.attach` flag). */
export function scannerRuntimeValues(s: RuntimeSettings): Record<string, unknown> {
  return {
    scanner: {
      runtime: {
        // Feature flag scanner.runtime.capture.enabled, at its own configuration path.
        capture: { enabled: s.flags.runtimeCapture },
        namespaceAllowlist: [...RUNTIME_NAMESPACE_ALLOWLIST],
        events: { stream: SCANNER_EVENTS_STREAM, fields: [...RUNTIME_EVENT_FIELDS], sortBy: [...RUNTIME_EVENT_SORT] },
        identity: { labelKeys: [...WORKLOAD_IDENTITY_KEYS], project: s.project, channel: s.channel, imageDigestRequired: true },
        nodeAgent: { hostMetadata: Object.keys(HOST_METADATA), logShipperPaths: [NODE_AGENT_LOG_GLOB] },
        sealed: s.sealed,
      },
    },
    zastava: { attach: { enabled: s.flags.zastavaAttach } },
  };
}

export interface EntryTraceJobTemplateProps {
  readonly settings: RuntimeSettings;
  /** Image pinned by digest (from images.lock.json). */
  readonly image: string;
  /** Metadata labels of the CronJob, its Job template and pod template (platform labels and workload identity). */
  readonly labels: Record<string, string>;
  /** Metadata labels of the ConfigMap. */
  readonly configLabels: Record<string, string>;
  /**
   * ServiceAccount the capture pods run as (bound to the shared runtime RBAC).
   * @default 'scanner-runtime'
   */
  readonly serviceAccountName?: string;
  /**
   * Namespace.
   * @default 'scanner-runtime'
   */
  readonly namespace?: string;
  /**
   * CronJob name.
   * @default 'scanner-entrytrace-capture'
   */
  readonly name?: string;
  /**
   * CPU and memory requests and limits.
   * @default - the 'small' scanner worker profile (src/systems/runtime-plane/resource-profiles.ts)
   */
  readonly resources?: kplus.ContainerResources;
  /**
   * Longest a capture job may run.
   * @default Duration.hours(1)
   */
  readonly activeDeadline?: Duration;
}

export class EntryTraceJobTemplate extends Construct {
  public readonly cronJob: kplus.CronJob;
  public readonly configMap: kplus.ConfigMap;

  constructor(scope: Construct, id: string, props: EntryTraceJobTemplateProps) {
    super(scope, id);
    const namespace = props.namespace ?? SCANNER_RUNTIME_NAMESPACE;
    const name = props.name ?? ENTRYTRACE_JOB_NAME;
    const s = props.settings;
    const configText = `${JSON.stringify(scannerRuntimeValues(s), null, 2)}\n`;
    this.configMap = new kplus.ConfigMap(this, 'Config', {
      metadata: { name: SCANNER_RUNTIME_CONFIG_NAME, namespace, labels: props.configLabels },
      data: { [SCANNER_RUNTIME_CONFIG_FILE]: configText },
    });

    const flagEnv = (value: boolean) => kplus.EnvValue.fromValue(String(value));
    const identityEnv = Object.fromEntries(
      WORKLOAD_IDENTITY_KEYS.map((key) => [
        `STELLAOPS_WORKLOAD_${key.split('/')[1].toUpperCase()}`,
        kplus.EnvValue.fromFieldRef(kplus.EnvFieldPaths.POD_LABEL, { key }),
      ]),
    );
    this.cronJob = new kplus.CronJob(this, 'Resource', {
      metadata: { name, namespace, labels: props.labels },
      // A template, not a schedule: suspended, so only explicit instantiation runs it.
      schedule: Cron.schedule({ minute: '0', hour: '0', day: '1', month: '1' }),
      suspend: true,
      concurrencyPolicy: kplus.ConcurrencyPolicy.FORBID,
      successfulJobsRetained: 1,
      failedJobsRetained: 1,
      backoffLimit: 0,
      activeDeadline: props.activeDeadline ?? Duration.hours(1),
      serviceAccount: kplus.ServiceAccount.fromServiceAccountName(this, 'ServiceAccount', props.serviceAccountName ?? SCANNER_RUNTIME_NAMESPACE),
      automountServiceAccountToken: true,
      securityContext: RESTRICTED_POD_SECURITY,
      containers: [
        {
          name: 'entrytrace',
          image: props.image,
          imagePullPolicy: kplus.ImagePullPolicy.IF_NOT_PRESENT,
          securityContext: RESTRICTED_CONTAINER_SECURITY,
          resources: props.resources ?? runtimeResources('scannerWorker', 'small'),
          envVariables: {
            [FLAG_ENV_VARS[FLAG_RUNTIME_CAPTURE]]: flagEnv(s.flags.runtimeCapture),
            [FLAG_ENV_VARS[FLAG_ZASTAVA_ATTACH]]: flagEnv(s.flags.zastavaAttach),
            ...identityEnv,
            NODE_NAME: kplus.EnvValue.fromFieldRef(kplus.EnvFieldPaths.NODE_NAME),
          },
        },
      ],
    });
    const container = this.cronJob.containers[0];
    const config = kplus.Volume.fromConfigMap(this, 'Volume-config', kplus.ConfigMap.fromConfigMapName(this, 'ConfigRef', SCANNER_RUNTIME_CONFIG_NAME), {
      name: 'config',
    });
    container.mount(SCANNER_CONFIG_DIR, config, { readOnly: true });
    container.mount('/tmp', kplus.Volume.fromEmptyDir(this, 'Volume-tmp', 'tmp', { sizeLimit: Size.gibibytes(1) }));
    for (const [k, v] of Object.entries(props.labels)) this.cronJob.podMetadata.addLabel(k, v);

    const api = ApiObject.of(this.cronJob);
    const checksum = createHash('sha256').update(configText).digest('hex');
    // Jobs instantiated from the template carry the identity labels too ("scan jobs ... objects and pod templates").
    api.addJsonPatch(JsonPatch.add('/spec/jobTemplate/metadata', { labels: props.labels }));
    api.addJsonPatch(JsonPatch.add('/spec/jobTemplate/spec/template/metadata/annotations', { 'plimsoll.dev/config-sha256': checksum }));
    api.addJsonPatch(JsonPatch.remove(`/spec/jobTemplate/spec/template/metadata/labels/${CONSTRUCT_ADDRESS_LABEL.replace('/', '~1')}`));
  }
}
