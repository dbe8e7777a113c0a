import { describe, expect, it } from 'vitest';
import { Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { OBSERVER_HOST_MOUNTS, ZastavaObserver, ZASTAVA_SECRETS } from '../../../src/systems/runtime-plane';
import { CONSTRUCT_ADDRESS_LABEL } from '../../../src/constructs/common/workload';
import { only, synth } from './helpers';

const IMAGE = `registry.internal/zastava/zastava-observer@sha256:${'a'.repeat(64)}`;
const base = { image: IMAGE, labels: { 'app.kubernetes.io/name': 'zastava-observer' }, configMapName: 'zastava-runtime' };

function observer(props: Partial<ConstructorParameters<typeof ZastavaObserver>[2]> = {}) {
  const objects = synth((chart) => new ZastavaObserver(chart, 'observer', { ...base, ...props }));
  return { objects, ds: only(objects, 'DaemonSet') };
}

describe('ZastavaObserver', () => {
  it('defaults: DaemonSet zastava-observer in stellaops selected by app=zastava-observer', () => {
    const { objects, ds } = observer();
    expect(ds.metadata).toMatchObject({ name: 'zastava-observer', namespace: 'stellaops' });
    expect(ds.metadata.labels.app).toBe('zastava-observer');
    expect(ds.spec.selector).toEqual({ matchLabels: { app: 'zastava-observer' } });
    expect(ds.spec.template.metadata.labels).toMatchObject({ app: 'zastava-observer', 'app.kubernetes.io/name': 'zastava-observer' });
    expect(JSON.stringify(objects)).not.toContain(CONSTRUCT_ADDRESS_LABEL);
    expect(only(objects, 'ServiceAccount').automountServiceAccountToken).toBe(false);
    const svc = only(objects, 'Service');
    expect(svc.spec).toMatchObject({ clusterIP: 'None', selector: { app: 'zastava-observer' }, ports: [{ name: 'metrics', port: 9090, targetPort: 9090 }] });
  });

  it('mounts /proc, /var/lib/containerd and the containerd socket read-only and only /var/run/zastava writable', () => {
    const { ds } = observer();
    const pod = ds.spec.template.spec;
    const hostVolumes = Object.fromEntries(pod.volumes.filter((v: any) => v.hostPath).map((v: any) => [v.name, v.hostPath]));
    expect(hostVolumes).toEqual({
      'host-proc': { path: '/proc', type: 'Directory' },
      'containerd-state': { path: '/var/lib/containerd', type: 'Directory' },
      'containerd-socket': { path: '/var/run/containerd/containerd.sock', type: 'Socket' },
      'zastava-scratch': { path: '/var/run/zastava', type: 'DirectoryOrCreate' },
    });
    const mounts = Object.fromEntries(pod.containers[0].volumeMounts.map((m: any) => [m.name, m]));
    expect(mounts['host-proc']).toEqual({ name: 'host-proc', mountPath: '/host/proc', readOnly: true });
    expect(mounts['containerd-state']).toEqual({ name: 'containerd-state', mountPath: '/var/lib/containerd', readOnly: true });
    expect(mounts['containerd-socket']).toEqual({ name: 'containerd-socket', mountPath: '/var/run/containerd/containerd.sock', readOnly: true });
    expect(mounts['zastava-scratch']).toEqual({ name: 'zastava-scratch', mountPath: '/var/run/zastava', readOnly: false });
    const writable = pod.containers[0].volumeMounts.filter((m: any) => m.readOnly !== true).map((m: any) => m.mountPath);
    expect(writable).toEqual(['/var/run/zastava']);
    expect(pod.containers[0].securityContext.readOnlyRootFilesystem).toBe(true);
    expect(OBSERVER_HOST_MOUNTS.filter((m) => !m.readOnly).map((m) => m.hostPath)).toEqual(['/var/run/zastava']);
  });

  it('references the Authority secrets by name only', () => {
    const { objects, ds } = observer();
    const secrets = ds.spec.template.spec.volumes.filter((v: any) => v.secret).map((v: any) => v.secret.secretName);
    expect(secrets).toEqual([ZASTAVA_SECRETS.authorityDpop, ZASTAVA_SECRETS.authorityMtls]);
    expect(secrets).toEqual(['zastava-authority-dpop', 'zastava-authority-mtls']);
    expect(objects.filter((o) => o.kind === 'Secret')).toEqual([]);
    const withoutMtls = observer({ mountMtlsClientCertificate: false, mountDpopKey: false }).ds;
    expect(withoutMtls.spec.template.spec.volumes.filter((v: any) => v.secret)).toEqual([]);
  });

  it('rolls one node at a time, tolerates every taint, and has probes, resources and a metrics port', () => {
    const { ds } = observer();
    expect(ds.spec.updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } });
    const pod = ds.spec.template.spec;
    expect(pod.tolerations).toEqual([{ operator: 'Exists' }]);
    const c = pod.containers[0];
    expect(c.ports).toEqual([{ name: 'metrics', containerPort: 9090 }]);
    expect(c.livenessProbe.httpGet).toEqual({ path: '/healthz/live', port: 9090, scheme: 'HTTP' });
    expect(c.readinessProbe.httpGet).toEqual({ path: '/healthz/ready', port: 9090, scheme: 'HTTP' });
    expect(c.startupProbe).toBeUndefined();
    expect(c.resources).toEqual({ requests: { cpu: '50m', memory: '128Mi' }, limits: { cpu: '250m', memory: '256Mi' } });
    expect(c.imagePullPolicy).toBe('IfNotPresent');
    expect(c.image).toBe(IMAGE);
  });

  it('runs as uid 0 without capabilities or escalation, and writes the waivers with their runbook reasons', () => {
    const { ds } = observer();
    const sc = ds.spec.template.spec.containers[0].securityContext;
    expect(sc).toMatchObject({
      runAsUser: 0,
      runAsNonRoot: false,
      privileged: false,
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
      seccompProfile: { type: 'RuntimeDefault' },
    });
    const annotations = ds.metadata.annotations;
    expect(Object.keys(annotations).sort()).toEqual(['plimsoll.dev/waive.hostpath-readonly', 'plimsoll.dev/waive.pod-security']);
    expect(annotations['plimsoll.dev/waive.pod-security']).toContain('docs/runbooks/zastava-runtime-operations.md §1 Prerequisites');
    expect(annotations['plimsoll.dev/waive.pod-security']).toContain('Host mounts');
    expect(annotations['plimsoll.dev/waive.hostpath-readonly']).toContain('scratch space (/var/run/zastava)');
  });

  it('custom: name, namespace, port, resources, rollout budget and config checksum', () => {
    const { objects, ds } = observer({
      name: 'observer-b',
      namespace: 'runtime',
      metricsPort: 9300,
      maxUnavailable: 2,
      configChecksum: 'abc',
      resources: { cpu: { request: kplus.Cpu.millis(10), limit: kplus.Cpu.millis(20) }, memory: { request: Size.mebibytes(32), limit: Size.mebibytes(64) } },
    });
    expect(ds.metadata).toMatchObject({ name: 'observer-b', namespace: 'runtime' });
    expect(ds.spec.selector.matchLabels).toEqual({ app: 'observer-b' });
    expect(ds.spec.updateStrategy.rollingUpdate.maxUnavailable).toBe(2);
    expect(ds.spec.template.metadata.annotations).toEqual({ 'plimsoll.dev/config-sha256': 'abc' });
    const c = ds.spec.template.spec.containers[0];
    expect(c.readinessProbe.httpGet.port).toBe(9300);
    expect(c.resources.limits).toEqual({ cpu: '20m', memory: '64Mi' });
    expect(only(objects, 'Service').spec.ports[0].port).toBe(9300);
  });

  it('fails if maxUnavailable is 0', () => {
    expect(() => observer({ maxUnavailable: 0 })).toThrow(/zastava-observer maxUnavailable must be an integer >= 1 \(0 would block every rollout\), got 0/);
  });
});
