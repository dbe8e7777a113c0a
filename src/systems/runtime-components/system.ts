/**
 * Plimsoll's own runtime components (src/runtime/, images from images.lock.json), configured by the
 * environment's `runtimeComponents`:
 * - namespaces: `plimsoll-system` (restricted);
 * - runtime: the admission guard (ConfigMap, Deployment, Service, PDB, ServiceAccount, Issuer and Certificate) and
 *   the evidence bundler CronJob;
 * - monitoring: the guard's ServiceMonitor;
 * - admission: ValidatingWebhookConfiguration `plimsoll-admission-guard`.
 * The guard's configuration is resolved here, at synth: the object rules synth's policy (policies/platform.yaml
 * unless `synth --policy`) activates for this environment (tier and environment overrides applied), synth's
 * waivers, every digest of images.lock.json plus the environment's trusted images, runtime.webhook.failOpenNamespaces and the Zen Watcher controller as the
 * status writer. Added last, so the namespaces every other system renders are known: they are the ones enforced.
 */
import { forSetting } from '../../lib/errors';
import { relative, sep } from 'node:path';
import type { Platform } from '../../stages/platform';
import type { System } from '../../stages/system';
import { runtimeComponentsSettings, type RuntimeComponentsSettings } from './settings';
import { runtimeComponentsInvariants } from './invariants';
import { PlatformNamespace } from '../../constructs/namespaces';
import { platformLabels, LABEL_NAME } from '../../constructs/common/labels';
import {
  ADMISSION_GUARD_NAME,
  AdmissionGuard,
  AdmissionGuardCertificate,
  AdmissionGuardServiceMonitor,
  AdmissionGuardWebhookConfiguration,
  EVIDENCE_BUNDLER_NAME,
  EvidenceBundlerCronJob,
  PLIMSOLL_SYSTEM_NAMESPACE,
  PlimsollSystemNetworkPolicies,
} from './index';
import { ZEN_WATCHER_APP } from '../zen-watcher';
import { TRAILING_DIGEST } from '../../lib/image-ref';
import { resolveGuardPolicy, type GuardConfigInput } from '../../runtime/admission-guard/config';
import { OBSERVER_WAIVERS } from '../runtime-plane/zastava-observer';
import { NODES_READ_ROLE, PODS_READ_ROLE, RUNTIME_RBAC_WAIVER } from '../runtime-plane/runtime-shared-rbac';
import { OBSERVER_NAME, runtimeSettings, STELLAOPS_NAMESPACE } from '../runtime-plane/settings';
import { PROJECT_ROOT } from '../../lib/paths';
import { ZEN_SYSTEM_NAMESPACE } from '../zen-watcher/system';
import { zenWatcherSettings } from '../zen-watcher/settings';

const PART_OF = 'plimsoll';
/** The guard's container ports (AdmissionGuard's defaults), named here for its network policy. */
const GUARD_HTTPS_PORT = 8443;
const GUARD_METRICS_PORT = 9090;

/** Namespaces the platform renders so far (the namespaces stage), sorted. */
function renderedNamespaces(platform: Platform): string[] {
  return platform
    .objects(['namespaces'])
    .filter((c) => c.kind === 'Namespace')
    .map((ns) => ns.name)
    .sort();
}

const projectPath = (path: string) => relative(PROJECT_ROOT, path).split(sep).join('/');

/** The admission guard's configuration for `platform`'s environment (everything but server settings). */
export function admissionGuardConfig(platform: Platform, guard: RuntimeComponentsSettings['admissionGuard'], enforced: readonly string[]): GuardConfigInput {
  const env = platform.env;
  // The policy and waivers synth validates with (`synth --policy`), named relative to the project as in the guard's config.
  const waivers = platform.waivers.waivers.map(({ file: _file, ...w }) => ({ ...w, file: projectPath(platform.waiversFile) }));
  // The guard ignores plimsoll.dev/waive.* annotations (an object must not waive its own judge), so the runbook
  // exceptions Plimsoll renders as annotations are carried into its waivers here, matched to exactly that object.
  // Like the annotation they come from, they last as long as the code that renders them.
  for (const [rule, reason] of Object.entries(OBSERVER_WAIVERS)) {
    waivers.push({
      rule,
      match: { kind: 'DaemonSet', namespace: STELLAOPS_NAMESPACE, name: OBSERVER_NAME },
      reason,
      owner: 'platform (rendered by src/systems/runtime-plane/zastava-observer.ts)',
      expires: '9999-12-31',
      file: 'src/systems/runtime-plane/zastava-observer.ts',
      line: null,
    });
  }
  for (const name of [PODS_READ_ROLE, NODES_READ_ROLE]) {
    waivers.push({
      rule: 'rbac-pod-create',
      match: { kind: 'ClusterRole', name },
      reason: RUNTIME_RBAC_WAIVER,
      owner: 'platform (rendered by src/systems/runtime-plane/runtime-shared-rbac.ts)',
      expires: '9999-12-31',
      file: 'src/systems/runtime-plane/runtime-shared-rbac.ts',
      line: null,
    });
  }
  const trusted = new Set<string>();
  for (const entry of Object.values(platform.images.entries)) trusted.add(TRAILING_DIGEST.exec(entry.image)![0]);
  for (const image of guard.trustedImages) trusted.add(TRAILING_DIGEST.exec(image)![0]);
  const writers = zenWatcherSettings(env).enabled ? [`system:serviceaccount:${ZEN_SYSTEM_NAMESPACE}:${ZEN_WATCHER_APP}`] : [];
  return {
    environment: { name: env.name, tier: env.tier },
    policy: resolveGuardPolicy(platform.policy, { name: env.name, tier: env.tier }, guard.skipRules),
    waivers,
    trustedDigests: [...trusted].sort(),
    failOpenNamespaces: runtimeSettings(env)
      .failOpenNamespaces.filter((ns) => enforced.includes(ns))
      .sort(),
    statusIntegrity: { writers },
  };
}

export const runtimeComponents: System<RuntimeComponentsSettings> = {
  key: 'runtime-components',
  settings: runtimeComponentsSettings,
  invariants: runtimeComponentsInvariants,
  add: addRuntimeComponents,
};

function addRuntimeComponents(platform: Platform, settings: RuntimeComponentsSettings): void {
  const env = platform.env;
  const { admissionGuard: guard, evidenceBundler: bundler } = settings;
  if (!guard.enabled && !bundler.enabled) return;
  const ns = PLIMSOLL_SYSTEM_NAMESPACE;
  const enforced = guard.namespaces ? [...guard.namespaces].sort() : renderedNamespaces(platform).filter((n) => n !== ns && n !== 'kube-system');

  new PlatformNamespace(platform.stage('namespaces'), ns, { name: ns, podSecurity: 'restricted', labels: platformLabels(env, ns, PART_OF) });

  const runtime = platform.stage('runtime');
  // Deny by default; let only the API server's webhook calls, probes and Prometheus scrapes reach the guard.
  forSetting(
    '/runtimeComponents',
    () =>
      new PlimsollSystemNetworkPolicies(runtime, 'plimsoll-system-network-policies', {
        namespace: ns,
        guard: guard.enabled ? { podLabels: { app: ADMISSION_GUARD_NAME }, httpsPort: GUARD_HTTPS_PORT, metricsPort: GUARD_METRICS_PORT } : undefined,
        apiServerCidrs: env.apiServerCidrs,
        nodeCidrs: env.nodeCidrs,
        monitoringNamespace: zenWatcherSettings(env).monitoringNamespace,
        labels: platformLabels(env, ns, PART_OF),
      }),
  );
  if (guard.enabled) {
    const labels = platformLabels(env, ADMISSION_GUARD_NAME, PART_OF);
    const certificate = forSetting(
      '/runtimeComponents/admissionGuard',
      () =>
        new AdmissionGuardCertificate(runtime, 'admission-guard-certificate', {
          namespace: ns,
          serviceName: ADMISSION_GUARD_NAME,
          secretName: `${ADMISSION_GUARD_NAME}-tls`,
          issuer: guard.certificateIssuer,
          labels,
        }),
    );
    const backend = forSetting(
      '/runtimeComponents/admissionGuard',
      () =>
        new AdmissionGuard(runtime, 'admission-guard', {
          image: platform.images.image('plimsoll-admission-guard'),
          config: admissionGuardConfig(platform, guard, enforced),
          namespace: ns,
          replicas: guard.replicas,
          tlsSecretName: `${ADMISSION_GUARD_NAME}-tls`,
          httpsPort: GUARD_HTTPS_PORT,
          metricsPort: GUARD_METRICS_PORT,
          labels,
        }),
    );
    new AdmissionGuardServiceMonitor(platform.stage('monitoring'), 'admission-guard-service-monitor', {
      namespace: ns,
      serviceLabels: { [LABEL_NAME]: ADMISSION_GUARD_NAME },
      portName: backend.metricsPortName,
      envLabel: env.tier === 'production' ? 'prod' : env.tier,
      labels,
    });
    forSetting(
      '/runtimeComponents/admissionGuard',
      () =>
        new AdmissionGuardWebhookConfiguration(platform.stage('admission'), 'admission-guard-webhook', {
          namespaces: enforced,
          failOpenNamespaces: runtimeSettings(env).failOpenNamespaces.filter((n) => enforced.includes(n)),
          serviceNamespace: ns,
          serviceName: backend.name,
          servicePort: backend.servicePort,
          caInjectFrom: certificate.injectCaFrom,
          failurePolicy: guard.failurePolicy,
          timeoutSeconds: guard.timeoutSeconds,
          labels,
        }),
    );
  }
  if (bundler.enabled) {
    forSetting(
      '/runtimeComponents/evidenceBundler',
      () =>
        new EvidenceBundlerCronJob(runtime, 'evidence-bundler', {
          image: platform.images.image('plimsoll-evidence-bundler'),
          namespace: ns,
          claimName: bundler.claimName,
          schedule: bundler.schedule,
          suspend: bundler.suspend,
          scratchGibibytes: bundler.scratchGibibytes,
          labels: platformLabels(env, EVIDENCE_BUNDLER_NAME, PART_OF),
        }),
    );
  }
}
