/**
 * Zen Watcher (source runbook 002, the Zen Watcher operations guide), placed stage by stage:
 * - namespaces: `zen-system` under the restricted Pod Security profile ("Pod Security Standards enforced");
 * - crds: Observation and Ingester with the status subresource;
 * - controller: the watcher itself (Deployment, Service, PDB, Lease per instance), its RBAC, the cleanup CronJob
 *   and the network policies. The watcher is a controller: it acts on the CRDs above and on other systems'
 *   reports, and no admission webhook calls it, so it needs no place in `runtime` (the stage for webhook
 *   backends); `controller` waits until it is Ready before `admission` applies the webhook that exempts it;
 * - monitoring: ServiceMonitor and PrometheusRule (alerts and SLOs);
 * - admission: the status-integrity ValidatingWebhookConfiguration, when the environment enables it.
 */
import { forSetting, SettingError } from '../../lib/errors';
import type { Platform } from '../../stages/platform';
import type { System } from '../../stages/system';
import { zenWatcherSettings, type ZenWatcherSettings } from './settings';
import { zenWatcherInvariants } from './invariants';
import { PlatformNamespace } from '../../constructs/namespaces';
import { platformLabels, LABEL_NAME } from '../../constructs/common/labels';
import {
  EventCleanupCronJob,
  INGESTER,
  OBSERVATION,
  StatusIntegrityWebhook,
  ZEN_WATCHER_APP,
  ZEN_WATCHER_PORT,
  ZEN_WATCHER_PORT_NAME,
  ZenWatcherCrds,
  ZenWatcherInstance,
  ZenWatcherNetworkPolicies,
  ZenWatcherPrometheusRule,
  ZenWatcherRbac,
  ZenWatcherServiceMonitor,
  zenWatcherReplicas,
  zenWatcherResourceProfile,
} from './index';

export const ZEN_SYSTEM_NAMESPACE = 'zen-system';
const PART_OF = 'zen-watcher';
const CLEANUP = 'zen-event-cleanup';

/** One watcher instance to render: the whole cluster (single, replicated) or one namespace shard. */
interface InstancePlan {
  readonly name: string;
  readonly replicas: number;
  readonly watchNamespaces?: readonly string[];
}

export function zenWatcherInstances(config: ZenWatcherSettings): InstancePlan[] {
  const { pattern } = config;
  const profile = zenWatcherResourceProfile(config.resourceProfile);
  if (pattern !== 'sharded') return [{ name: ZEN_WATCHER_APP, replicas: zenWatcherReplicas(pattern, profile, config.replicas) }];
  return (config.shards ?? []).map((shard) => ({
    name: `${ZEN_WATCHER_APP}-${shard.name}`,
    replicas: zenWatcherReplicas(pattern, profile, shard.replicas ?? config.replicas),
    watchNamespaces: shard.namespaces,
  }));
}

export const zenWatcher: System<ZenWatcherSettings> = {
  key: 'zen-watcher',
  settings: zenWatcherSettings,
  invariants: zenWatcherInvariants,
  add: addZenWatcher,
};

function addZenWatcher(platform: Platform, config: ZenWatcherSettings): void {
  const env = platform.env;
  if (!config.enabled) return;
  const ns = ZEN_SYSTEM_NAMESPACE;
  const labels = platformLabels(env, ZEN_WATCHER_APP, PART_OF);

  new PlatformNamespace(platform.stage('namespaces'), 'zen-system', {
    name: ns,
    podSecurity: 'restricted',
    labels: platformLabels(env, ns, PART_OF),
  });

  new ZenWatcherCrds(platform.stage('crds'), 'zen-watcher-crds', { labels });

  const controller = platform.stage('controller');
  const plans = zenWatcherInstances(config);
  if (plans.length === 0) throw new SettingError('/zenWatcher/shards', 'pattern "sharded" needs at least one entry in shards');
  const resources = zenWatcherResourceProfile(config.resourceProfile);
  const instances = plans.map((plan) =>
    forSetting(
      '/zenWatcher',
      () =>
        new ZenWatcherInstance(controller, plan.name, {
          namespace: ns,
          name: plan.name,
          image: platform.images.image('zen-watcher'),
          replicas: plan.replicas,
          resources,
          watchNamespaces: plan.watchNamespaces,
          leaderElection: config.leaderElection,
          serviceAccountName: ZEN_WATCHER_APP,
          labels,
        }),
    ),
  );

  const rbac = new ZenWatcherRbac(controller, 'zen-watcher-rbac', {
    namespace: ns,
    serviceAccountName: ZEN_WATCHER_APP,
    leaseNames: instances.map((i) => i.leaseName),
    labels,
  });

  const { cleanup } = config;
  const cleanupLabels = platformLabels(env, CLEANUP, PART_OF);
  if (cleanup.enabled) {
    forSetting(
      '/zenWatcher/cleanup',
      () =>
        new EventCleanupCronJob(controller, CLEANUP, {
          namespace: ns,
          name: CLEANUP,
          image: platform.images.image('kubectl'),
          schedule: cleanup.schedule,
          timeZone: cleanup.timeZone,
          ttlDays: cleanup.ttlDays,
          labels: cleanupLabels,
        }),
    );
  }

  forSetting(
    '/zenWatcher',
    () =>
      new ZenWatcherNetworkPolicies(controller, 'zen-watcher-network-policies', {
        namespace: ns,
        watcherPodLabels: { [LABEL_NAME]: ZEN_WATCHER_APP },
        watcherPort: ZEN_WATCHER_PORT,
        cleanupPodLabels: cleanup.enabled ? { [LABEL_NAME]: CLEANUP } : undefined,
        apiServerCidrs: env.apiServerCidrs,
        apiServerPorts: config.apiServerPorts,
        nodeCidrs: env.nodeCidrs,
        monitoringNamespace: config.monitoringNamespace,
        webhookSourceNamespaces: config.webhookSourceNamespaces,
        labels,
      }),
  );

  // Production series carry env="prod", so its paging alert is scoped to production (alert-scope).
  const envLabel = env.tier === 'production' ? 'prod' : env.tier;
  const monitoring = platform.stage('monitoring');
  new ZenWatcherServiceMonitor(monitoring, 'zen-watcher-service-monitor', {
    namespace: ns,
    serviceLabels: { [LABEL_NAME]: ZEN_WATCHER_APP },
    portName: ZEN_WATCHER_PORT_NAME,
    envLabel,
    labels,
  });
  forSetting(
    '/zenWatcher/runbookBaseUrl',
    () =>
      new ZenWatcherPrometheusRule(monitoring, 'zen-watcher-prometheus-rule', {
        namespace: ns,
        envLabel,
        runbookBaseUrl: config.runbookBaseUrl,
        paging: env.tier === 'production',
        labels,
      }),
  );

  // Depends on the admission guard (issue 9) for its backend: rendered only where the environment turns it on.
  const admission = config.statusAdmission;
  if (admission.enabled) {
    forSetting(
      '/zenWatcher/statusAdmission',
      () =>
        new StatusIntegrityWebhook(platform.stage('admission'), 'zen-watcher-status-integrity', {
          statusWriters: [rbac.serviceAccountUser],
          kinds: [OBSERVATION, INGESTER],
          serviceNamespace: admission.serviceNamespace,
          serviceName: admission.serviceName,
          servicePort: admission.servicePort,
          path: admission.path,
          failurePolicy: admission.failurePolicy,
          timeoutSeconds: admission.timeoutSeconds,
          caInjectFrom: admission.caInjectFrom,
          labels,
        }),
    );
  }
}
