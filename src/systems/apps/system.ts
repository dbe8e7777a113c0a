/**
 * Apps: each entry of the environment's `apps` section, rendered with the platform's secure defaults —
 * - namespaces: the app's namespace (restricted Pod Security; Istio injection with mesh) unless a system before
 *   this one renders it;
 * - apps: the App (workload, policies, ingress, disruption budget), after the platform that admits and observes it;
 * - monitoring: its ServiceMonitor and PrometheusRule `<app>-alerts` (monitoring objects live only there).
 */
import { ApiObject } from 'cdk8s';
import type { Platform } from '../../stages/platform';
import type { System } from '../../stages/system';
import { PlatformNamespace } from '../../constructs/namespaces';
import { platformLabels } from '../../constructs/common/labels';
import { ISTIO_PROMETHEUS_TLS, ServiceMonitor } from '../../constructs/common/service-monitor';
import { InputError, SettingError } from '../../lib/errors';
import { appsSettings, type AppsSettings } from './settings';
import { appsInvariants } from './invariants';
import { App, APP_SELECTOR_LABEL } from './app';
import { AppAlerts } from './app-alerts';

export const apps: System<AppsSettings> = { key: 'apps', settings: appsSettings, invariants: appsInvariants, add: addApps };

/** `Kind namespace/name` of every object the systems before this one rendered. */
function renderedObjects(platform: Platform): Map<string, ApiObject> {
  return new Map(platform.objects().map((c) => [`${c.kind} ${c.metadata.namespace ?? ''}/${c.name}`, c]));
}

function addApps(platform: Platform, settings: AppsSettings): void {
  if (!settings.apps.length) return;
  const { env } = platform;
  const rendered = renderedObjects(platform);
  const created = new Set<string>();
  for (const app of settings.apps) {
    let image: string;
    try {
      image = platform.images.image(app.image);
    } catch (err) {
      if (err instanceof InputError) throw new SettingError(`${app.path}/image`, err.message);
      throw err;
    }
    for (const kind of ['Deployment', 'Service', 'ServiceAccount']) {
      if (rendered.has(`${kind} ${app.namespace}/${app.name}`)) {
        throw new SettingError(app.path, `another system already renders ${kind} ${app.namespace}/${app.name}; give the app another name or namespace`);
      }
    }
    const labels = platformLabels(env, app.name, 'apps');
    const namespace = rendered.get(`Namespace /${app.namespace}`);
    if (namespace) {
      const injected = (namespace.metadata.getLabel('istio-injection') ?? '') === 'enabled';
      if (app.mesh && !injected)
        throw new SettingError(
          `${app.path}/mesh`,
          `namespace ${app.namespace} is rendered by another system without Istio sidecar injection; set mesh: false or give the app a namespace of its own`,
        );
    } else if (!created.has(app.namespace)) {
      new PlatformNamespace(platform.stage('namespaces'), `apps-namespace-${app.namespace}`, {
        name: app.namespace,
        podSecurity: 'restricted',
        // Sidecars under "restricted" need the Istio CNI node agent (no NET_ADMIN istio-init container).
        istioInjection: app.mesh,
        labels: platformLabels(env, app.namespace, 'apps'),
      });
      created.add(app.namespace);
    }

    new App(platform.stage('apps'), `app-${app.name}`, { app, image, nodeCidrs: env.nodeCidrs, labels });

    if (app.monitoring) {
      const monitoring = platform.stage('monitoring');
      new ServiceMonitor(monitoring, `app-${app.name}-servicemonitor`, {
        name: app.name,
        namespace: app.namespace,
        serviceLabels: { [APP_SELECTOR_LABEL]: app.name },
        port: app.monitoring.port.name,
        path: app.monitoring.path,
        // In the mesh the app only speaks mTLS; Prometheus presents Istio's certificates (prometheusPrincipal).
        ...(app.mesh ? { scheme: 'https' as const, tlsConfig: ISTIO_PROMETHEUS_TLS } : { scheme: 'http' as const }),
        labels,
      });
      new AppAlerts(monitoring, `app-${app.name}-alerts`, {
        app: app.name,
        namespace: app.namespace,
        replicas: app.replicas,
        runbookUrl: app.monitoring.runbookUrl,
        pages: env.tier === 'production',
        labels,
      });
    }
  }
}
