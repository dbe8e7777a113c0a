import { describe, expect, it } from 'vitest';
import { HelloworldController } from '../../../src/systems/shipshape';
import { DIGEST, one, synth } from './synth';

const IMAGE = `registry.example/shipshape-controller@${DIGEST}`;
const envOf = (d: any) => Object.fromEntries(d.spec.template.spec.containers[0].env.map((e: any) => [e.name, e.value ?? e.valueFrom]));

describe('HelloworldController', () => {
  const objects = synth((c) => new HelloworldController(c, 'ctl', { image: IMAGE }));

  it('defaults: ServiceAccount, Role, RoleBinding, Lease helloworld-controller-leader, Deployment, its PodDisruptionBudget and metrics Service in shipshape', () => {
    expect(objects.map((o) => `${o.kind}/${o.metadata.name}`).sort()).toEqual([
      'Deployment/helloworld-controller',
      'Lease/helloworld-controller-leader',
      'PodDisruptionBudget/helloworld-controller',
      'Role/helloworld-controller',
      'RoleBinding/helloworld-controller',
      'Service/helloworld-controller',
      'ServiceAccount/helloworld-controller',
    ]);
    for (const o of objects) expect(o.metadata.namespace).toBe('shipshape');
    const lease = one(objects, 'Lease');
    expect(lease.apiVersion).toBe('coordination.k8s.io/v1');
    expect(lease.metadata.annotations).toEqual({ 'kustomize.toolkit.fluxcd.io/ssa': 'IfNotPresent' });
    // Two replicas (active and standby): one down at a time in a drain, on different nodes where there are several.
    expect(one(objects, 'PodDisruptionBudget').spec).toEqual({ maxUnavailable: 1, selector: { matchLabels: { app: 'helloworld-controller' } } });
    expect(one(objects, 'Deployment').spec.template.spec.topologySpreadConstraints).toEqual([
      {
        maxSkew: 1,
        topologyKey: 'kubernetes.io/hostname',
        whenUnsatisfiable: 'ScheduleAnyway',
        labelSelector: { matchLabels: { app: 'helloworld-controller' } },
      },
    ]);
  });

  it('runs 2 replicas whose startup, liveness and readiness probes all use /healthz, never the leadership-aware /readyz', () => {
    const d = one(objects, 'Deployment');
    expect(d.spec.replicas).toBe(2);
    expect(d.spec.selector).toEqual({ matchLabels: { app: 'helloworld-controller' } });
    const [c] = d.spec.template.spec.containers;
    for (const probe of ['startupProbe', 'livenessProbe', 'readinessProbe']) {
      expect(c[probe].httpGet, probe).toEqual({ path: '/healthz', port: 8080, scheme: 'HTTP' });
    }
    expect(JSON.stringify(d)).not.toContain('/readyz');
    expect(c.ports).toEqual([{ containerPort: 8080, name: 'http-metrics', protocol: 'TCP' }]);
    expect(c.image).toBe(IMAGE);
    expect(c.securityContext).toMatchObject({
      runAsNonRoot: true,
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(c.resources.requests).toEqual({ cpu: '50m', memory: '96Mi' });
    expect(d.spec.template.spec.serviceAccountName).toBe('helloworld-controller');
    expect(d.spec.template.metadata.labels['sidecar.istio.io/inject']).toBe('false');
    expect(d.spec.template.spec.terminationGracePeriodSeconds).toBe(60);
  });

  it('sets DEBOUNCE_SECONDS and LEADER_ELECTION_* from its configuration', () => {
    expect(envOf(one(objects, 'Deployment'))).toEqual({
      WATCH_NAMESPACE: 'shipshape',
      APP_SELECTOR: 'app=helloworld',
      DEBOUNCE_SECONDS: '5',
      LEADER_ELECTION_ENABLED: 'true',
      LEADER_ELECTION_LEASE_NAME: 'helloworld-controller-leader',
      LEADER_ELECTION_NAMESPACE: 'shipshape',
      LEADER_ELECTION_LEASE_DURATION_SECONDS: '15',
      LEADER_ELECTION_RENEW_DEADLINE_SECONDS: '10',
      LEADER_ELECTION_RETRY_PERIOD_SECONDS: '2',
      LEADER_ELECTION_CONTROLLER_STOP_TIMEOUT_SECONDS: '45',
      LOG_LEVEL: 'INFO',
      POD_NAME: { fieldRef: { fieldPath: 'metadata.name' } },
    });
  });

  it('may patch deployments in shipshape with explicit verbs, watch configmaps and renew only its own Lease', () => {
    const role = one(objects, 'Role');
    expect(role.rules).toEqual([
      { apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'list', 'watch'] },
      { apiGroups: ['apps'], resources: ['deployments'], verbs: ['get', 'list', 'patch'] },
      { apiGroups: ['coordination.k8s.io'], resources: ['leases'], resourceNames: ['helloworld-controller-leader'], verbs: ['get', 'update', 'patch'] },
    ]);
    expect(JSON.stringify(role.rules)).not.toContain('*');
    const binding = one(objects, 'RoleBinding');
    expect(binding.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'helloworld-controller' });
    expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: 'helloworld-controller', namespace: 'shipshape' }]);
  });

  it('exposes /metrics through the Service helloworld-controller on http-metrics', () => {
    const svc = one(objects, 'Service');
    expect(svc.metadata.labels).toEqual({ app: 'helloworld-controller' });
    expect(svc.spec.selector).toEqual({ app: 'helloworld-controller' });
    expect(svc.spec.ports).toEqual([{ name: 'http-metrics', port: 8080, targetPort: 8080, protocol: 'TCP' }]);
  });

  it('custom: timings, debounce, replicas, port and labels', () => {
    const custom = synth(
      (c) =>
        new HelloworldController(c, 'ctl', {
          image: IMAGE,
          namespace: 'ops',
          replicas: 3,
          debounceSeconds: 30,
          leaderElection: { leaseDurationSeconds: 30, renewDeadlineSeconds: 20, retryPeriodSeconds: 5, controllerStopTimeoutSeconds: 60 },
          logLevel: 'DEBUG',
          port: 9090,
          labels: { 'app.kubernetes.io/name': 'helloworld-controller' },
        }),
    );
    const d = one(custom, 'Deployment');
    expect(d.metadata.namespace).toBe('ops');
    expect(d.spec.replicas).toBe(3);
    expect(d.spec.template.metadata.labels['app.kubernetes.io/name']).toBe('helloworld-controller');
    expect(envOf(d)).toMatchObject({
      WATCH_NAMESPACE: 'ops',
      DEBOUNCE_SECONDS: '30',
      LEADER_ELECTION_LEASE_DURATION_SECONDS: '30',
      LEADER_ELECTION_RENEW_DEADLINE_SECONDS: '20',
      LEADER_ELECTION_RETRY_PERIOD_SECONDS: '5',
      LEADER_ELECTION_CONTROLLER_STOP_TIMEOUT_SECONDS: '60',
      LOG_LEVEL: 'DEBUG',
    });
    expect(d.spec.template.spec.containers[0].readinessProbe.httpGet).toEqual({ path: '/healthz', port: 9090, scheme: 'HTTP' });
    expect(d.spec.template.spec.terminationGracePeriodSeconds).toBe(75);
    expect(one(custom, 'RoleBinding').subjects[0].namespace).toBe('ops');
  });

  it('fails if the renew deadline is not shorter than the lease', () => {
    expect(() =>
      synth((c) => new HelloworldController(c, 'ctl', { image: IMAGE, leaderElection: { leaseDurationSeconds: 10, renewDeadlineSeconds: 10 } })),
    ).toThrow(/retryPeriodSeconds < renewDeadlineSeconds < leaseDurationSeconds, got 2 \/ 10 \/ 10/);
  });

  it('fails if the debounce window is negative', () => {
    expect(() => synth((c) => new HelloworldController(c, 'ctl', { image: IMAGE, debounceSeconds: -1 }))).toThrow(
      /debounceSeconds must be a non-negative integer, got -1/,
    );
  });
});
