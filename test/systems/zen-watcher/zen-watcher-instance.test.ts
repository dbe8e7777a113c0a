import { describe, expect, it } from 'vitest';
import { ZenWatcherInstance, ZEN_WATCHER_RESOURCE_PROFILES } from '../../../src/systems/zen-watcher';
import { CONSTRUCT_ADDRESS_LABEL } from '../../../src/constructs/common/workload';
import { all, guide, IMAGE, only, synth } from './helpers';

// The guide's blocks, as written in "Health Checks", "Zero-Downtime Updates", "Anti-Affinity" and
// "Pod Disruption Budget".
const LIVENESS = guide(`
livenessProbe:
  httpGet:
    path: /health
    port: 8080
  initialDelaySeconds: 30
  periodSeconds: 30
  timeoutSeconds: 5
  successThreshold: 1
  failureThreshold: 3
`).livenessProbe;
const READINESS = guide(`
readinessProbe:
  httpGet:
    path: /ready
    port: 8080
  initialDelaySeconds: 10
  periodSeconds: 10
  timeoutSeconds: 5
  successThreshold: 1
  failureThreshold: 3
`).readinessProbe;
const STARTUP = guide(`
startupProbe:
  httpGet:
    path: /ready
    port: 8080
  initialDelaySeconds: 0
  periodSeconds: 5
  timeoutSeconds: 3
  successThreshold: 1
  failureThreshold: 30  # 30 * 5 = 150 seconds max startup time
`).startupProbe;
const STRATEGY = guide(`
strategy:
  type: RollingUpdate
  rollingUpdate:
    maxSurge: 1
    maxUnavailable: 0
`).strategy;
const AFFINITY = guide(`
affinity:
  podAntiAffinity:
    preferredDuringSchedulingIgnoredDuringExecution:
    - weight: 100
      podAffinityTerm:
        labelSelector:
          matchExpressions:
          - key: app.kubernetes.io/name
            operator: In
            values:
            - zen-watcher
        topologyKey: kubernetes.io/hostname
`).affinity;

/** The probe as the guide writes it: the scheme cdk8s-plus adds is the Kubernetes default. */
function probe(p: any): any {
  const { scheme, ...httpGet } = p.httpGet;
  expect(scheme).toBe('HTTP');
  return { ...p, httpGet };
}

function envOf(container: any): Record<string, any> {
  return Object.fromEntries(container.env.map((e: any) => [e.name, e.value ?? e.valueFrom]));
}

describe('ZenWatcherInstance', () => {
  it("defaults: the guide's probes, port, strategy, anti-affinity, 2 replicas and a PDB with minAvailable 1", () => {
    const objects = synth((chart) => new ZenWatcherInstance(chart, 'zw', { namespace: 'zen-system', image: IMAGE }));
    const d = only(objects, 'Deployment', 'zen-watcher');
    expect(d.metadata.namespace).toBe('zen-system');
    expect(d.spec.replicas).toBe(2);
    expect(d.spec.strategy).toEqual(STRATEGY);
    const pod = d.spec.template.spec;
    expect(pod.affinity).toEqual(AFFINITY);
    const [c] = pod.containers;
    expect(c.image).toBe(IMAGE);
    expect(c.imagePullPolicy).toBe('IfNotPresent');
    expect(probe(c.livenessProbe)).toEqual(LIVENESS);
    expect(probe(c.readinessProbe)).toEqual(READINESS);
    expect(probe(c.startupProbe)).toEqual(STARTUP);
    expect(c.startupProbe.failureThreshold * c.startupProbe.periodSeconds).toBe(150);
    expect(c.ports).toEqual([{ containerPort: 8080, name: 'http', protocol: 'TCP' }]);
    expect(c.resources).toEqual({ requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '512Mi' } });
    expect(c.securityContext).toMatchObject({
      runAsNonRoot: true,
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(pod.serviceAccountName).toBe('zen-watcher');
    expect(pod.automountServiceAccountToken).toBe(true);

    // Both labels the guide's commands select on, on the pod template; the selector is explicit and stable.
    expect(d.spec.template.metadata.labels).toMatchObject({ 'app.kubernetes.io/name': 'zen-watcher', app: 'zen-watcher' });
    expect(d.spec.selector).toEqual({ matchLabels: { 'app.kubernetes.io/name': 'zen-watcher', 'app.kubernetes.io/instance': 'zen-watcher' } });
    expect(JSON.stringify(objects)).not.toContain(CONSTRUCT_ADDRESS_LABEL);

    const svc = only(objects, 'Service', 'zen-watcher');
    expect(svc.spec.ports).toEqual([{ name: 'http', port: 8080, targetPort: 8080, protocol: 'TCP' }]);
    expect(svc.spec.selector).toEqual(d.spec.selector.matchLabels);

    const pdb = only(objects, 'PodDisruptionBudget', 'zen-watcher');
    expect(pdb.spec.minAvailable).toBe(1);
    expect(pdb.spec.selector.matchLabels['app.kubernetes.io/name']).toBe('zen-watcher');
    expect(pdb.spec.selector).toEqual(d.spec.selector);
  });

  it('defaults: leader election on Lease zen-watcher-leader-election with 15 s / 10 s / 2 s as environment variables', () => {
    const objects = synth((chart) => new ZenWatcherInstance(chart, 'zw', { namespace: 'zen-system', image: IMAGE }));
    const lease = only(objects, 'Lease');
    expect(lease).toMatchObject({ apiVersion: 'coordination.k8s.io/v1', metadata: { name: 'zen-watcher-leader-election', namespace: 'zen-system' } });
    expect(lease.spec).toBeUndefined(); // the holder fields belong to the controller
    const [c] = only(objects, 'Deployment').spec.template.spec.containers;
    expect(c.args).toEqual(['--leader-election-id=zen-watcher-leader-election']);
    const env = envOf(c);
    expect(env).toMatchObject({
      LEADER_ELECTION_ID: 'zen-watcher-leader-election',
      LEADER_ELECTION_LEASE_DURATION: '15s',
      LEADER_ELECTION_RENEW_DEADLINE: '10s',
      LEADER_ELECTION_RETRY_PERIOD: '2s',
      POD_NAMESPACE: { fieldRef: { fieldPath: 'metadata.namespace' } },
    });
    expect(env.WATCH_NAMESPACE).toBeUndefined();
  });

  it('custom: a shard with its own names, Lease, WATCH_NAMESPACE, replicas, resources and timings', () => {
    const objects = synth(
      (chart) =>
        new ZenWatcherInstance(chart, 'prod', {
          namespace: 'zen-system',
          image: IMAGE,
          name: 'zen-watcher-prod',
          replicas: 3,
          resources: ZEN_WATCHER_RESOURCE_PROFILES['events-10k-100k'],
          watchNamespaces: ['production', 'prod-staging'],
          leaderElection: { leaseDurationSeconds: 30, renewDeadlineSeconds: 20, retryPeriodSeconds: 4 },
          labels: { 'app.kubernetes.io/part-of': 'zen-watcher' },
        }),
    );
    const d = only(objects, 'Deployment', 'zen-watcher-prod');
    expect(d.spec.replicas).toBe(3);
    const [c] = d.spec.template.spec.containers;
    expect(envOf(c)).toMatchObject({
      WATCH_NAMESPACE: 'production,prod-staging',
      LEADER_ELECTION_ID: 'zen-watcher-prod-leader-election',
      LEADER_ELECTION_LEASE_DURATION: '30s',
      LEADER_ELECTION_RENEW_DEADLINE: '20s',
      LEADER_ELECTION_RETRY_PERIOD: '4s',
    });
    expect(c.args).toEqual(['--leader-election-id=zen-watcher-prod-leader-election']);
    expect(c.resources).toEqual({ requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '256Mi' } });
    expect(d.spec.selector.matchLabels).toEqual({ 'app.kubernetes.io/name': 'zen-watcher', 'app.kubernetes.io/instance': 'zen-watcher-prod' });
    expect(d.metadata.labels).toMatchObject({ 'app.kubernetes.io/part-of': 'zen-watcher', app: 'zen-watcher' });
    expect(only(objects, 'Lease').metadata.name).toBe('zen-watcher-prod-leader-election');
    expect(only(objects, 'Service').metadata.name).toBe('zen-watcher-prod');
    expect(only(objects, 'PodDisruptionBudget').metadata.name).toBe('zen-watcher-prod');
  });

  it('renders no PDB for a single replica (minAvailable 1 of 1 would block every drain)', () => {
    const objects = synth((chart) => new ZenWatcherInstance(chart, 'zw', { namespace: 'zen-system', image: IMAGE, replicas: 1 }));
    expect(only(objects, 'Deployment').spec.replicas).toBe(1);
    expect(all(objects, 'PodDisruptionBudget')).toEqual([]);
  });

  it('fails if the lease duration is not longer than the renew deadline', () => {
    expect(() =>
      synth(
        (chart) =>
          new ZenWatcherInstance(chart, 'zw', {
            namespace: 'zen-system',
            image: IMAGE,
            leaderElection: { leaseDurationSeconds: 10, renewDeadlineSeconds: 10 },
          }),
      ),
    ).toThrow('lease duration > renew deadline > retry period > 0, got 10s > 10s > 2s');
  });

  it('fails if the retry period is not shorter than the renew deadline', () => {
    expect(() =>
      synth((chart) => new ZenWatcherInstance(chart, 'zw', { namespace: 'zen-system', image: IMAGE, leaderElection: { retryPeriodSeconds: 10 } })),
    ).toThrow('got 15s > 10s > 10s');
  });

  it('fails if replicas is 0', () => {
    expect(() => synth((chart) => new ZenWatcherInstance(chart, 'zw', { namespace: 'zen-system', image: IMAGE, replicas: 0 }))).toThrow(
      'replicas must be an integer >= 1, got 0',
    );
  });

  it('fails if a shard lists no namespaces', () => {
    expect(() => synth((chart) => new ZenWatcherInstance(chart, 'zw', { namespace: 'zen-system', image: IMAGE, watchNamespaces: [] }))).toThrow(
      'watchNamespaces is empty',
    );
  });
});
