/**
 * Shipshape (runbook 003), in the runbook's apply order:
 * - namespaces: the `shipshape` namespace ("Namespace manifests are owned only by k8s/namespace"), labelled for
 *   Pod Security and Istio injection;
 * - istio-ingress: the rate-limit EnvoyFilter, its vhost names derived from the Gateways' hosts;
 * - overlays-test / overlays-prod: one helloworld app environment each (app, ingress, mesh and network policy;
 *   prod adds HPA and PDB) — never Namespaces, ServiceMonitors or PrometheusRules;
 * - monitoring: the app and controller ServiceMonitors and the one PrometheusRule;
 * - controller: the ConfigMap reload controller and its strict NetworkPolicy.
 */
import { DisruptionBudget } from '../../constructs/common/disruption-budget';
import { forSetting } from '../../lib/errors';
import type { Platform } from '../../stages/platform';
import type { StageId } from '../../stages/stages';
import type { Environment } from '../../config/generated/environment';
import { shipshapeSettings, type ShipshapeSettings } from './settings';
import { shipshapeInvariants } from './invariants';
import type { System } from '../../stages/system';
import { PlatformNamespace } from '../../constructs/namespaces';
import { platformLabels } from '../../constructs/common/labels';
import type { ResourceFigures } from '../../constructs/common/resources';
import {
  ControllerEgressPolicy,
  HelloworldAlerts,
  HelloworldApp,
  HelloworldAutoscaling,
  HelloworldController,
  HelloworldIngress,
  HelloworldMeshPolicy,
  HelloworldNetworkPolicy,
  IngressRateLimit,
  KubeletProbeAllow,
  MetricsServiceMonitor,
} from './index';

export const SHIPSHAPE_NAMESPACE = 'shipshape';
const PART_OF = 'shipshape';

/** The app environments, each in its own stage, test before prod (the runbook's order). */
export const APP_ENVS: ReadonlyArray<{ readonly appEnv: 'test' | 'prod'; readonly stage: StageId }> = [
  { appEnv: 'test', stage: 'overlays-test' },
  { appEnv: 'prod', stage: 'overlays-prod' },
];

/** Istio rewrites kubelet HTTP probes to the sidecar agent's port, which then calls the app. */
const ISTIO_PROBE_PORT = 15020;

const APP_RESOURCES: Record<Environment['resourceProfile'], ResourceFigures> = {
  small: { cpuRequestMillis: 50, cpuLimitMillis: 250, memoryRequestMebibytes: 64, memoryLimitMebibytes: 128 },
  medium: { cpuRequestMillis: 100, cpuLimitMillis: 500, memoryRequestMebibytes: 128, memoryLimitMebibytes: 256 },
  large: { cpuRequestMillis: 250, cpuLimitMillis: 1000, memoryRequestMebibytes: 256, memoryLimitMebibytes: 512 },
};

const CONTROLLER_RESOURCES: Record<Environment['resourceProfile'], ResourceFigures> = {
  small: { cpuRequestMillis: 25, cpuLimitMillis: 200, memoryRequestMebibytes: 64, memoryLimitMebibytes: 128 },
  medium: { cpuRequestMillis: 50, cpuLimitMillis: 250, memoryRequestMebibytes: 96, memoryLimitMebibytes: 192 },
  large: { cpuRequestMillis: 100, cpuLimitMillis: 500, memoryRequestMebibytes: 128, memoryLimitMebibytes: 256 },
};

export const shipshape: System<ShipshapeSettings> = {
  key: 'shipshape',
  settings: shipshapeSettings,
  invariants: (_env, settings) => shipshapeInvariants(settings),
  add: addShipshape,
};

function addShipshape(platform: Platform, settings: ShipshapeSettings): void {
  const { env, images } = platform;
  const labels = (name: string) => platformLabels(env, name, PART_OF);

  new PlatformNamespace(platform.stage('namespaces'), 'shipshape', {
    name: SHIPSHAPE_NAMESPACE,
    podSecurity: 'restricted',
    // Sidecars under "restricted" need the Istio CNI node agent (no NET_ADMIN istio-init container).
    istioInjection: true,
    labels: platformLabels(env, SHIPSHAPE_NAMESPACE, PART_OF),
  });

  const gateways: HelloworldIngress[] = [];
  for (const { appEnv, stage } of APP_ENVS) {
    const scope = platform.stage(stage);
    const app = forSetting(
      `/shipshape/messages/${appEnv}`,
      () =>
        new HelloworldApp(scope, `helloworld-${appEnv}`, {
          appEnv,
          namespace: SHIPSHAPE_NAMESPACE,
          image: images.image('shipshape-helloworld'),
          message: settings.messages[appEnv],
          replicas: env.replicaProfile === 'ha' ? 2 : 1,
          // prod is autoscaled to two or more (HelloworldAutoscaling, which also brings its budget).
          spreadOverNodes: appEnv === 'prod' || env.replicaProfile === 'ha',
          resources: APP_RESOURCES[env.resourceProfile],
          labels: labels('helloworld'),
        }),
    );
    if (appEnv !== 'prod' && env.replicaProfile === 'ha')
      new DisruptionBudget(scope, `helloworld-${appEnv}-disruption-budget`, {
        name: app.name,
        namespace: SHIPSHAPE_NAMESPACE,
        podLabels: app.selectorLabels,
        labels: labels('helloworld'),
      });
    gateways.push(
      forSetting(
        `/hostnames/${appEnv}`,
        () =>
          new HelloworldIngress(scope, `helloworld-${appEnv}-ingress`, {
            appEnv,
            namespace: SHIPSHAPE_NAMESPACE,
            host: env.hostnames[appEnv],
            serviceName: app.service.name,
            servicePort: app.port,
            issuer: settings.certificateIssuer,
            labels: labels('helloworld'),
          }),
      ),
    );
    forSetting(
      '/shipshape/monitoring',
      () =>
        new HelloworldMeshPolicy(scope, `helloworld-${appEnv}-mesh`, {
          appEnv,
          namespace: SHIPSHAPE_NAMESPACE,
          selectorLabels: app.selectorLabels,
          prometheusPrincipal: settings.monitoring.prometheusPrincipal,
          ingressGatewayPrincipal: settings.monitoring.ingressGatewayPrincipal,
          labels: labels('helloworld'),
        }),
    );
    new HelloworldNetworkPolicy(scope, `helloworld-${appEnv}-netpol`, {
      name: app.name,
      namespace: SHIPSHAPE_NAMESPACE,
      podLabels: app.selectorLabels,
      port: app.port,
      labels: labels('helloworld'),
    });
    forSetting(
      '/nodeCidrs',
      () =>
        new KubeletProbeAllow(scope, `helloworld-${appEnv}-probes`, {
          name: `${app.name}-kubelet-probes`,
          namespace: SHIPSHAPE_NAMESPACE,
          podLabels: app.selectorLabels,
          ports: [app.port, ISTIO_PROBE_PORT],
          nodeCidrs: env.nodeCidrs,
          labels: labels('helloworld'),
        }),
    );
    if (appEnv === 'prod') {
      forSetting(
        '/shipshape/prodAutoscaling',
        () =>
          new HelloworldAutoscaling(scope, 'helloworld-prod-autoscaling', {
            deployment: app.deployment,
            podLabels: app.selectorLabels,
            minReplicas: settings.prodAutoscaling.minReplicas,
            maxReplicas: settings.prodAutoscaling.maxReplicas,
            targetCpuUtilizationPercent: settings.prodAutoscaling.targetCpuUtilizationPercent,
            labels: labels('helloworld'),
          }),
      );
    }
  }

  // Derived from the Gateways, so a renamed host moves its rate limit with it (the runbook's drift warning).
  forSetting(
    '/shipshape/rateLimit',
    () =>
      new IngressRateLimit(platform.stage('istio-ingress'), 'helloworld-ingress-ratelimit', {
        hosts: gateways.map((g) => g.host),
        port: gateways[0].httpsPort,
        tokenBucket: settings.rateLimit,
        labels: labels('helloworld-ingress-ratelimit'),
      }),
  );

  const controllerScope = platform.stage('controller');
  const controller = forSetting(
    '/shipshape/controller',
    () =>
      new HelloworldController(controllerScope, 'helloworld-controller', {
        namespace: SHIPSHAPE_NAMESPACE,
        image: images.image('shipshape-controller'),
        debounceSeconds: settings.controller.debounceSeconds,
        leaderElection: settings.controller.leaderElection,
        logLevel: settings.controller.logLevel,
        resources: CONTROLLER_RESOURCES[env.resourceProfile],
        labels: labels('helloworld-controller'),
      }),
  );
  forSetting(
    '/apiServerCidrs',
    () =>
      new ControllerEgressPolicy(controllerScope, 'helloworld-controller-netpol', {
        namespace: SHIPSHAPE_NAMESPACE,
        podLabels: controller.selectorLabels,
        provider: env.provider,
        apiServerCidrs: env.apiServerCidrs,
        metricsPort: controller.port,
        labels: labels('helloworld-controller'),
      }),
  );
  forSetting(
    '/nodeCidrs',
    () =>
      new KubeletProbeAllow(controllerScope, 'helloworld-controller-probes', {
        name: `${controller.name}-kubelet-probes`,
        namespace: SHIPSHAPE_NAMESPACE,
        podLabels: controller.selectorLabels,
        ports: [controller.port],
        nodeCidrs: env.nodeCidrs,
        labels: labels('helloworld-controller'),
      }),
  );

  const monitoring = platform.stage('monitoring');
  new MetricsServiceMonitor(monitoring, 'helloworld-servicemonitor', {
    name: 'helloworld',
    namespace: SHIPSHAPE_NAMESPACE,
    serviceLabels: { app: 'helloworld' },
    port: 'http',
    // App SLO queries are scoped per app environment by the Service's env label.
    targetLabels: ['env'],
    // The app enforces STRICT mTLS; Prometheus presents its mesh identity (prometheusPrincipal).
    meshTls: true,
    labels: labels('helloworld'),
  });
  new MetricsServiceMonitor(monitoring, 'helloworld-controller-servicemonitor', {
    name: controller.name,
    namespace: SHIPSHAPE_NAMESPACE,
    serviceLabels: controller.selectorLabels,
    port: 'http-metrics',
    // No targetLabels: controller series carry their own env label (the app environment a restart was for).
    labels: labels('helloworld-controller'),
  });
  forSetting(
    '/shipshape/monitoring',
    () =>
      new HelloworldAlerts(monitoring, 'helloworld-alerts', {
        namespace: SHIPSHAPE_NAMESPACE,
        prodHost: env.hostnames.prod,
        prodWorkloadName: 'helloworld-prod',
        certificateNames: gateways.map((g) => g.certificateName),
        runbookBaseUrl: settings.monitoring.runbookBaseUrl,
        labels: labels('helloworld'),
      }),
  );
}
