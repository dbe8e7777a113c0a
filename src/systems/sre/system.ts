/**
 * Multi-region SRE (the SRE handbook, seed 004; the shipshape runbook's alert routing matrix and multi-region
 * strategy), placed stage by stage from the environment's `sre` settings:
 * - namespaces: `catalyst-system` (restricted) when anything below lives in it; `cortex` for GPU inference;
 * - crds: the Runbook CRD (catalyst.openova.io/v1alpha1);
 * - overlays-prod: vLLM, a GPU workload, where GPUs are enabled;
 * - monitoring: Runbook objects for the alert-to-action tables of the enabled components, one SLO PrometheusRule
 *   per enabled component, DCGM GPU alerts, the AlertmanagerConfig of the routing tree;
 * - controller: the failover controller's configuration (with peers) and the GDPR CronJobs;
 * - next to the manifests (not Kubernetes objects): the GSLB records (zone fragment and PowerDNS API payload) and
 *   the plain alertmanager.yaml.
 */
import { forSetting, SettingError } from '../../lib/errors';
import { HANDBOOK_ALERTS } from './alert-catalog';
import { HandbookAlerts } from './handbook-alerts';
import type { Platform } from '../../stages/platform';
import { sreSettings, type SreComponent, type SreSettings } from './settings';
import { sreInvariants } from './invariants';
import type { System } from '../../stages/system';
import { PlatformNamespace } from '../../constructs/namespaces';
import { platformLabels } from '../../constructs/common/labels';
import {
  alertRouting,
  AlertmanagerFile,
  AlertmanagerRoutingConfig,
  FailoverControllerConfig,
  GdprCronJob,
  GDPR_SCHEDULES,
  GpuAlerts,
  GslbRecords,
  Runbook,
  RunbookCrd,
  runbooksFor,
  SLO_CATALOG,
  sloAlertName,
  SloPrometheusRule,
  slosFor,
  VllmInference,
} from './index';

const PART_OF = 'sre';

export const sre: System<SreSettings> = { key: 'sre', settings: sreSettings, invariants: sreInvariants, add: addSre };

function addSre(platform: Platform, s: SreSettings): void {
  const { env, peers, images } = platform;
  const labels = (name: string) => platformLabels(env, name, PART_OF);
  const production = env.tier === 'production';
  const ns = s.namespace;
  // The invariants (./invariants.ts) require these at load; an environment built in code gets the same words.
  const required = <T>(value: T | undefined, path: string): T => {
    if (value === undefined) throw new SettingError(path, 'required for what the sre settings enable (see src/systems/sre/invariants.ts)');
    return value;
  };
  const monitoring = platform.stage('monitoring');
  const controller = platform.stage('controller');
  let usesNamespace = false;

  // Runbooks as resources (§14) for the alert-to-action tables (§4.2) of the enabled components; GPU operations
  // bring the AI Hub's (GPUUtilizationLow, GPUMemoryExhausted).
  const components = new Set<SreComponent>(s.components);
  const runbookComponents = new Set<SreComponent>(components);
  if (s.gpu.enabled) runbookComponents.add('ai-hub');
  const slos = slosFor(components);
  const definitions = s.runbooks.enabled ? runbooksFor(runbookComponents) : [];
  const runbookNames = new Set(definitions.map((d) => d.name));
  if (s.runbooks.enabled) new RunbookCrd(platform.stage('crds'), 'runbook-crd', { labels: labels('runbooks') });
  for (const definition of definitions) {
    // An SLO alert that links a runbook starts it too.
    const linked = slos.filter((slo) => slo.runbook === definition.name).map((slo) => ({ alertName: sloAlertName(slo) }));
    new Runbook(monitoring, `runbook-${definition.name}`, {
      namespace: ns,
      definition: { ...definition, triggers: [...definition.triggers, ...linked] },
      labels: labels(definition.name),
    });
    usesNamespace = true;
  }

  // The alerts those Runbooks are triggered by (§4.2), defined (alert-catalog.ts); GPU ones come with GpuAlerts below.
  const gpuAlerts = new Set(s.gpu.enabled ? ['GPUUtilizationLow', 'GPUMemoryExhausted'] : []);
  const handbookAlerts = HANDBOOK_ALERTS.filter((a) => runbookComponents.has(a.component) && !gpuAlerts.has(a.alert));
  if (handbookAlerts.length) {
    const runbookOf = new Map(definitions.flatMap((d) => d.triggers.map((t) => [t.alertName, d.name] as const)));
    forSetting(
      '/sre/runbookBaseUrl',
      () =>
        new HandbookAlerts(monitoring, 'handbook-alerts', {
          namespace: ns,
          alerts: handbookAlerts,
          runbookBaseUrl: s.runbookBaseUrl,
          runbooks: runbookOf,
          paging: production,
          labels: labels('handbook-alerts'),
        }),
    );
    usesNamespace = true;
  }

  // SLO rules (§9), one PrometheusRule per enabled component, in the handbook's order.
  for (const component of [...new Set(SLO_CATALOG.map((slo) => slo.component))].filter((c) => components.has(c))) {
    forSetting(
      '/sre/runbookBaseUrl',
      () =>
        new SloPrometheusRule(monitoring, `slo-${component}`, {
          namespace: ns,
          component,
          slos: slos.filter((slo) => slo.component === component),
          runbookBaseUrl: s.runbookBaseUrl,
          runbooks: runbookNames,
          paging: production,
          labels: labels(`slo-${component}`),
        }),
    );
    usesNamespace = true;
  }

  // GPU operations (§10): DCGM alerts and, where configured, the vLLM inference server as a GPU workload.
  if (s.gpu.enabled) {
    forSetting(
      '/sre/gpu',
      () =>
        new GpuAlerts(monitoring, 'gpu-alerts', {
          namespace: ns,
          runbookBaseUrl: s.runbookBaseUrl,
          runbooks: runbookNames,
          utilizationLowPercent: s.gpu.utilizationLowPercent,
          memoryExhaustedPercent: s.gpu.memoryExhaustedPercent,
          temperatureCelsius: s.gpu.temperatureCelsius,
          paging: production,
          labels: labels('gpu-dcgm'),
        }),
    );
    usesNamespace = true;
    const inference = s.gpu.inference;
    if (inference.enabled) {
      new PlatformNamespace(platform.stage('namespaces'), inference.namespace, {
        name: inference.namespace,
        podSecurity: 'restricted',
        labels: labels(inference.namespace),
      });
      forSetting(
        '/sre/gpu/inference',
        () =>
          new VllmInference(platform.stage('overlays-prod'), 'vllm', {
            namespace: inference.namespace,
            image: images.image('vllm'),
            model: inference.model,
            modelVolumeClaim: inference.modelVolumeClaim,
            replicas: inference.replicas,
            gpusPerReplica: inference.gpusPerReplica,
            gpuProduct: s.gpu.product,
            offline: s.airGap.enabled,
            labels: labels('vllm'),
          }),
      );
    }
  }

  // Alert routing (§12 + the shipshape routing matrix): one tree, as an AlertmanagerConfig and as alertmanager.yaml.
  if (s.alerting.enabled) {
    const a = s.alerting;
    const routing = alertRouting({
      automation: { receiver: a.automation.receiver, url: required(a.automation.url, '/sre/alerting/automation/url') },
      groupBy: a.groupBy,
      groupWait: a.groupWait,
      criticalGroupWait: a.criticalGroupWait,
      namespaceRoutes: a.namespaceRoutes,
      matrix: a.matrix,
    });
    const service = a.matrix.critical.pagerDutyService;
    forSetting(
      '/sre/alerting',
      () =>
        new AlertmanagerRoutingConfig(monitoring, 'alertmanager-routing', {
          namespace: a.namespace,
          routing,
          secrets: {
            automationToken: a.automation.credentialsSecret,
            slackApiUrl: a.slack.apiUrlSecret,
            pagerDutyRoutingKeys: { [service]: a.pagerDuty.routingKeySecret },
          },
          labels: labels('platform-alert-routing'),
        }),
    );
    forSetting(
      '/sre/alerting',
      () =>
        new AlertmanagerFile(platform.artifacts, 'alertmanager-file', {
          routing,
          credentials: {
            automationTokenFile: a.automation.credentialsFile,
            slackApiUrlFile: a.slack.apiUrlFile,
            pagerDutyRoutingKeyFiles: { [service]: a.pagerDuty.routingKeyFile },
          },
        }),
    );
  }

  // Global traffic (§2.1): the same LUA records in every peer's output.
  const group = [env, ...peers];
  if (s.gslb.enabled) {
    const g = s.gslb;
    forSetting(
      '/sre/gslb',
      () =>
        new GslbRecords(platform.artifacts, 'gslb', {
          zone: required(g.zone, '/sre/gslb/zone'),
          ttlSeconds: g.ttlSeconds,
          backupSelector: g.backupSelector,
          healthCheck: g.healthCheck,
          serverId: g.powerDnsServerId,
          hosts: (Object.keys(env.hostnames) as Array<keyof typeof env.hostnames>).map((appEnv) => ({
            name: env.hostnames[appEnv],
            selector: g.hostSelectors[appEnv] ?? g.selector,
          })),
          addresses: group.flatMap((e) => sreSettings(e).ingressAddresses.map((address) => ({ environment: e.name, clusterId: e.clusterId, address }))),
        }),
    );
  }

  // Split-brain protection (§2.4): the failover controller's witness lease and DNS quorum, where there are peers.
  if (peers.length) {
    const f = s.failover;
    const peerOf = (e: typeof env) => ({ environment: e.name, clusterId: e.clusterId, ingressAddresses: sreSettings(e).ingressAddresses });
    forSetting(
      '/sre/failover',
      () =>
        new FailoverControllerConfig(controller, 'failover-controller', {
          namespace: ns,
          self: peerOf(env),
          peers: peers.map(peerOf),
          mode: f.mode,
          lease: f.lease,
          dnsQuorum: f.dnsQuorum,
          witness: {
            provider: f.witness.provider,
            endpoint: required(f.witness.endpoint, '/sre/failover/witness/endpoint'),
            leaseKey: f.witness.leaseKey ?? `${env.tenant}/${s.gslb.zone ?? 'platform'}/failover-lease`,
            credentialsSecret: f.witness.credentialsSecret,
          },
          gslbHosts: s.gslb.enabled ? Object.values(env.hostnames) : [],
          labels: labels('failover-controller'),
        }),
    );
    usesNamespace = true;
  }

  // GDPR automation (§6): data subject requests daily 02:00, retention weekly Sunday 03:00.
  const gdpr = s.compliance.gdpr;
  if (gdpr.enabled) {
    const schedules = { 'data-subject-requests': gdpr.dataSubjectRequests, 'data-retention': gdpr.retention } as const;
    for (const task of Object.keys(GDPR_SCHEDULES) as Array<keyof typeof GDPR_SCHEDULES>) {
      forSetting(
        '/sre/compliance',
        () =>
          new GdprCronJob(controller, `gdpr-${task}`, {
            namespace: ns,
            task,
            image: images.image('gdpr-controller'),
            schedule: schedules[task],
            timeZone: gdpr.timeZone,
            complianceApiUrl: gdpr.complianceApiUrl,
            labels: labels(`gdpr-${task}`),
          }),
      );
    }
    usesNamespace = true;
  }

  if (usesNamespace) {
    new PlatformNamespace(platform.stage('namespaces'), ns, { name: ns, podSecurity: 'restricted', labels: labels(ns) });
  }
}
