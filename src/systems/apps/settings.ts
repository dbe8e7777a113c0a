/**
 * The apps of an environment with every default applied: the schema's (schemas/environment.schema.json
 * #/definitions/app) by sectionWithDefaults, then the few that depend on something else — replicas on the
 * replica profile, port references on the first port, the runbook link on runtime.runbookBaseUrl — here, once.
 */
import type { App, AppPort, Environment } from '../../config/generated/environment';
import { sectionWithDefaults } from '../../config/section-defaults';
import type { ResourceFigures } from '../../constructs/common/resources';

export interface ResolvedPort extends AppPort {
  readonly protocol: 'TCP' | 'UDP';
}

export interface ResolvedProbe {
  /** Empty: a TCP probe. */
  readonly path: string;
  readonly port: ResolvedPort;
  readonly periodSeconds: number;
  readonly timeoutSeconds: number;
  readonly failureThreshold: number;
}

export interface ResolvedApp {
  readonly name: string;
  /** JSON pointer of the app in the environment, for messages. */
  readonly path: string;
  readonly namespace: string;
  readonly image: string;
  readonly replicas: number;
  readonly ports: readonly ResolvedPort[];
  readonly probes: { readonly startup: ResolvedProbe; readonly liveness: ResolvedProbe; readonly readiness: ResolvedProbe };
  readonly resources: ResourceFigures;
  readonly env: Readonly<Record<string, string>>;
  readonly secretEnv: readonly string[];
  readonly config?: { readonly mountPath: string; readonly files: Readonly<Record<string, string>> };
  readonly ingress?: {
    readonly host: string;
    readonly port: ResolvedPort;
    readonly certificateIssuer: { readonly kind: 'ClusterIssuer' | 'Issuer'; readonly name: string };
  };
  readonly allowFrom: ReadonlyArray<{
    readonly namespace: string;
    readonly podLabels: Readonly<Record<string, string>>;
    readonly serviceAccount?: string;
    readonly ports: readonly ResolvedPort[];
  }>;
  readonly allowTo: ReadonlyArray<{
    readonly namespace?: string;
    readonly podLabels: Readonly<Record<string, string>>;
    readonly cidr?: string;
    readonly ports: readonly number[];
  }>;
  readonly mesh: boolean;
  readonly monitoring?: { readonly port: ResolvedPort; readonly path: string; readonly runbookUrl: string };
}

/** What the apps system gets: every app in name order, and the names a reference could not resolve (invariants report those). */
export interface AppsSettings {
  readonly apps: readonly ResolvedApp[];
  /** `{ path, portName }` for every port reference naming no port of its app. */
  readonly unknownPorts: ReadonlyArray<{ readonly path: string; readonly name: string; readonly app: string }>;
}

/** The shipped generic runbook the alerts link to unless an app names its own. */
export const APPS_RUNBOOK_FILE = 'apps.md';

export function appsSettings(env: Readonly<Environment>): AppsSettings {
  const section = sectionWithDefaults(env, 'apps') as Record<string, App>;
  const unknownPorts: Array<{ path: string; name: string; app: string }> = [];
  const apps = Object.keys(section)
    .sort()
    .map((name) => resolveApp(env, name, section[name], unknownPorts));
  return { apps, unknownPorts };
}

function resolveApp(env: Readonly<Environment>, name: string, app: App, unknownPorts: Array<{ path: string; name: string; app: string }>): ResolvedApp {
  const path = `/apps/${name}`;
  const ports: ResolvedPort[] = app.ports.map((p) => ({ ...p, protocol: p.protocol ?? 'TCP' }));
  // A reference to a missing port resolves to the first port so rendering can go on; the invariant reports it.
  const portNamed = (portName: string | undefined, at: string): ResolvedPort => {
    if (portName === undefined) return ports[0];
    const found = ports.find((p) => p.name === portName);
    if (!found) unknownPorts.push({ path: `${path}${at}`, name: portName, app: name });
    return found ?? ports[0];
  };
  const probes = app.probes as Required<NonNullable<App['probes']>>;
  const probe = (key: 'startup' | 'liveness' | 'readiness'): ResolvedProbe => {
    const p = probes[key] as Required<Omit<NonNullable<(typeof probes)[typeof key]>, 'port'>> & { port?: string };
    return {
      path: p.path,
      port: portNamed(p.port, `/probes/${key}/port`),
      periodSeconds: p.periodSeconds,
      timeoutSeconds: p.timeoutSeconds,
      failureThreshold: p.failureThreshold,
    };
  };
  const monitoring = app.monitoring as Required<Omit<NonNullable<App['monitoring']>, 'port' | 'runbookUrl'>> &
    Pick<NonNullable<App['monitoring']>, 'port' | 'runbookUrl'>;
  const ingress = app.ingress;
  return {
    name,
    path,
    namespace: app.namespace,
    image: app.image,
    replicas: app.replicas ?? (env.replicaProfile === 'ha' ? 2 : 1),
    ports,
    probes: { startup: probe('startup'), liveness: probe('liveness'), readiness: probe('readiness') },
    resources: app.resources as ResourceFigures,
    env: app.env as Record<string, string>,
    secretEnv: app.secretEnv ?? [],
    ...(app.config ? { config: { mountPath: app.config.mountPath ?? '/etc/app', files: app.config.files as Record<string, string> } } : {}),
    ...(ingress
      ? {
          ingress: {
            host: ingress.host,
            port: portNamed(ingress.port, '/ingress/port'),
            certificateIssuer: ingress.certificateIssuer as { kind: 'ClusterIssuer' | 'Issuer'; name: string },
          },
        }
      : {}),
    allowFrom: (app.allowFrom ?? []).map((a, i) => ({
      namespace: a.namespace,
      podLabels: (a.podLabels ?? {}) as Record<string, string>,
      ...(a.serviceAccount ? { serviceAccount: a.serviceAccount } : {}),
      ports: a.ports ? a.ports.map((p, j) => portNamed(p, `/allowFrom/${i}/ports/${j}`)) : ports,
    })),
    allowTo: (app.allowTo ?? []).map((a) => ({
      ...(a.namespace ? { namespace: a.namespace } : {}),
      podLabels: (a.podLabels ?? {}) as Record<string, string>,
      ...(a.cidr ? { cidr: a.cidr } : {}),
      ports: a.ports,
    })),
    mesh: app.mesh ?? true,
    ...(monitoring.enabled
      ? {
          monitoring: {
            port: portNamed(monitoring.port, '/monitoring/port'),
            path: monitoring.path,
            runbookUrl: monitoring.runbookUrl ?? `${env.runtime.runbookBaseUrl.replace(/\/+$/, '')}/${APPS_RUNBOOK_FILE}`,
          },
        }
      : {}),
  };
}
