/**
 * The runtime plane: the Zastava Observer and admission webhook (docs/runbooks/zastava-runtime-operations.md) and
 * the Scanner <-> Zastava runtime alignment (docs/runbooks/runtime-alignment-scanner-zastava.md).
 *
 * Stages: namespaces (stellaops, scanner-runtime, zastava-runtime) → runtime (configuration, RBAC, Observer,
 * webhook backend, EntryTrace job template, node-agent configuration) → monitoring (ServiceMonitors,
 * PrometheusRules, dashboard) → admission (the ValidatingWebhookConfiguration, after its backend is Ready).
 */
import { forSetting } from '../../lib/errors';
import type { Platform } from '../../stages/platform';
import type { System } from '../../stages/system';
import { runtimeSettings, type RuntimeSettings } from './settings';
import { runtimePlaneInvariants } from './invariants';
import { PlatformNamespace } from '../../constructs/namespaces';
import { platformLabels } from '../../constructs/common/labels';
import {
  EntryTraceJobTemplate,
  ENTRYTRACE_JOB_NAME,
  NodeAgentConfig,
  OBSERVER_NAME,
  PART_OF,
  RUNTIME_CONFIG_NAME,
  RuntimePrometheusRule,
  RuntimeServiceMonitor,
  RuntimeSharedRbac,
  runtimeResources,
  runtimeSloRuleGroups,
  SCANNER_RUNTIME_CONFIG_NAME,
  SCANNER_RUNTIME_NAMESPACE,
  STELLAOPS_NAMESPACE,
  WEBHOOK_NAME,
  workloadIdentityLabels,
  ZASTAVA_RUNTIME_NAMESPACE,
  ZastavaObserver,
  ZastavaRuntimeConfig,
  ZastavaRuntimeDashboard,
  zastavaRuntimeRuleGroups,
  ZastavaWebhook,
  ZastavaWebhookConfiguration,
} from './index';

const LABEL_COMPONENT = 'app.kubernetes.io/component';

export const STELLAOPS_POD_SECURITY_REASON =
  'zastava-observer needs hostPath volumes (/proc, /var/lib/containerd, /var/run/containerd/containerd.sock read-only; /var/run/zastava scratch) and uid 0 for the containerd socket, which baseline and restricted forbid: docs/runbooks/zastava-runtime-operations.md §1 Prerequisites "Host mounts". The other stellaops workloads (zastava-webhook) still set the restricted security context.';

export const runtimePlane: System<RuntimeSettings> = {
  key: 'runtime-plane',
  settings: runtimeSettings,
  invariants: runtimePlaneInvariants,
  add: addRuntimePlane,
};

function addRuntimePlane(platform: Platform, s: RuntimeSettings): void {
  const { env } = platform;
  /** Platform labels, the component, and the workload identity contract (runtime alignment §1). */
  const labels = (name: string, component: string) => ({
    ...platformLabels(env, name, PART_OF),
    [LABEL_COMPONENT]: component,
    ...workloadIdentityLabels({ id: name, tenant: s.tenant, project: s.project, component, channel: s.channel }),
  });

  const namespaces = platform.stage('namespaces');
  new PlatformNamespace(namespaces, 'stellaops', {
    name: STELLAOPS_NAMESPACE,
    podSecurity: 'privileged',
    podSecurityReason: STELLAOPS_POD_SECURITY_REASON,
    labels: labels(STELLAOPS_NAMESPACE, 'zastava'),
  });
  new PlatformNamespace(namespaces, 'scanner-runtime', { name: SCANNER_RUNTIME_NAMESPACE, labels: labels(SCANNER_RUNTIME_NAMESPACE, 'scanner-worker') });
  new PlatformNamespace(namespaces, 'zastava-runtime', { name: ZASTAVA_RUNTIME_NAMESPACE, labels: labels(ZASTAVA_RUNTIME_NAMESPACE, 'zastava') });

  const runtime = platform.stage('runtime');
  const config = forSetting(
    '/runtime',
    () => new ZastavaRuntimeConfig(runtime, 'zastava-runtime-config', { settings: s, labels: labels(RUNTIME_CONFIG_NAME, 'zastava') }),
  );
  const observer = forSetting(
    '/runtime/authority',
    () =>
      new ZastavaObserver(runtime, 'zastava-observer', {
        image: platform.images.image('zastava-observer'),
        labels: labels(OBSERVER_NAME, 'zastava-observer'),
        configMapName: config.name,
        configChecksum: config.checksum,
        resources: runtimeResources('observer', s.resourceProfile),
        mountDpopKey: s.authority.requireDpop,
        mountMtlsClientCertificate: s.authority.requireMutualTls,
      }),
  );
  const webhook = forSetting(
    '/runtime/webhook',
    () =>
      new ZastavaWebhook(runtime, 'zastava-webhook', {
        image: platform.images.image('zastava-webhook'),
        labels: labels(WEBHOOK_NAME, 'zastava-webhook'),
        configMapName: config.name,
        configChecksum: config.checksum,
        replicas: s.webhookReplicas,
        resources: runtimeResources('webhook', s.resourceProfile),
        mountDpopKey: s.authority.requireDpop,
        mountMtlsClientCertificate: s.authority.requireMutualTls,
      }),
  );
  new RuntimeSharedRbac(runtime, 'runtime-shared-rbac', { labels: (name) => labels(name, 'runtime-rbac') });
  forSetting(
    '/runtime',
    () =>
      new EntryTraceJobTemplate(runtime, 'entrytrace-job-template', {
        settings: s,
        image: platform.images.image('scanner-worker'),
        labels: labels(ENTRYTRACE_JOB_NAME, 'scanner-worker'),
        configLabels: labels(SCANNER_RUNTIME_CONFIG_NAME, 'scanner-worker'),
        resources: runtimeResources('scannerWorker', s.resourceProfile),
      }),
  );
  forSetting('/runtime', () => new NodeAgentConfig(runtime, 'zastava-node-agent', { settings: s, labels: labels('zastava-node-agent', 'zastava-node-agent') }));

  const monitoring = platform.stage('monitoring');
  const staticLabels = { ...s.commonTags, env: s.envLabel };
  for (const target of [observer, webhook]) {
    forSetting(
      '/runtime/metrics',
      () =>
        new RuntimeServiceMonitor(monitoring, `${target.name}-monitor`, {
          name: target.name,
          namespace: target.namespace,
          labels: labels(target.name, target.name),
          serviceSelector: target.selectorLabels,
          port: target.metricsPortName,
          staticLabels,
        }),
    );
  }
  new RuntimePrometheusRule(monitoring, 'zastava-runtime-rules', {
    name: 'zastava-runtime',
    namespace: STELLAOPS_NAMESPACE,
    labels: labels('zastava-runtime', 'zastava'),
    groups: zastavaRuntimeRuleGroups(s),
  });
  new RuntimePrometheusRule(monitoring, 'stella-runtime-slo-rules', {
    name: 'stella-runtime-slo',
    namespace: STELLAOPS_NAMESPACE,
    labels: labels('stella-runtime-slo', 'runtime-events'),
    groups: runtimeSloRuleGroups(s),
  });
  forSetting(
    '/runtime',
    () =>
      new ZastavaRuntimeDashboard(monitoring, 'zastava-runtime-dashboard', {
        settings: s,
        namespace: STELLAOPS_NAMESPACE,
        labels: labels('zastava-runtime-dashboard', 'zastava'),
      }),
  );

  forSetting(
    '/runtime/webhook',
    () =>
      new ZastavaWebhookConfiguration(platform.stage('admission'), 'zastava-webhook-configuration', {
        labels: labels(WEBHOOK_NAME, 'zastava-webhook'),
        serviceName: webhook.service.name,
        serviceNamespace: webhook.namespace,
        servicePort: webhook.servicePort,
        failOpenNamespaces: s.failOpenNamespaces,
      }),
  );
}
