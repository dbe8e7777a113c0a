import { describe, expect, it } from 'vitest';
import { AdmissionGuard, GUARD_CONFIG_DIR, GUARD_TLS_DIR } from '../../../src/systems/runtime-components';
import { parseGuardConfig } from '../../../src/runtime/admission-guard/config';
import { only, synth } from '../zen-watcher/helpers';
import { guardConfig } from '../../runtime/helpers';

const IMAGE = `registry.acme.example/platform/plimsoll-admission-guard:0.1.0@sha256:${'c'.repeat(64)}`;
const LABELS = { 'app.kubernetes.io/name': 'plimsoll-admission-guard', 'app.kubernetes.io/part-of': 'plimsoll', 'app.kubernetes.io/managed-by': 'plimsoll' };
const { server: _server, ...CONFIG } = guardConfig();

function build(props: Partial<ConstructorParameters<typeof AdmissionGuard>[2]> = {}) {
  return synth((chart) => new AdmissionGuard(chart, 'guard', { image: IMAGE, config: CONFIG, labels: LABELS, ...props }));
}

describe('AdmissionGuard', () => {
  it('defaults: 2 replicas rolling without losing a backend, HTTPS probes, restricted security, no API token', () => {
    const objects = build();
    const d = only(objects, 'Deployment', 'plimsoll-admission-guard');
    expect(d.metadata.namespace).toBe('plimsoll-system');
    expect(d.spec.replicas).toBe(2);
    expect(d.spec.strategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } });
    expect(d.spec.selector).toEqual({ matchLabels: { app: 'plimsoll-admission-guard' } });
    const pod = d.spec.template.spec;
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(pod.serviceAccountName).toBe('plimsoll-admission-guard');
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 65532, runAsGroup: 65532 });
    const [c] = pod.containers;
    expect(c.image).toBe(IMAGE);
    expect(c.imagePullPolicy).toBe('IfNotPresent');
    expect(c.securityContext).toMatchObject({
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      runAsNonRoot: true,
      capabilities: { drop: ['ALL'] },
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(c.ports).toEqual([
      { name: 'https', containerPort: 8443 },
      { name: 'metrics', containerPort: 9090 },
    ]);
    const https = (path: string) => ({ path, port: 8443, scheme: 'HTTPS' });
    expect(c.startupProbe).toMatchObject({ httpGet: https('/healthz'), periodSeconds: 2, failureThreshold: 15 });
    expect(c.livenessProbe).toMatchObject({ httpGet: https('/healthz'), periodSeconds: 10, failureThreshold: 3 });
    expect(c.readinessProbe).toMatchObject({ httpGet: https('/readyz'), periodSeconds: 5, failureThreshold: 2 });
    expect(c.resources).toEqual({ requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '1000m', memory: '256Mi' } });
    expect(c.env).toEqual([
      { name: 'PLIMSOLL_ADMISSION_CONFIG', value: `${GUARD_CONFIG_DIR}/config.json` },
      { name: 'NODE_OPTIONS', value: '--max-old-space-size=153' },
    ]);
    expect(c.volumeMounts).toEqual([
      { name: 'tls', mountPath: GUARD_TLS_DIR, readOnly: true },
      { name: 'config', mountPath: GUARD_CONFIG_DIR, readOnly: true },
    ]);
    expect(pod.volumes).toEqual([
      { name: 'tls', secret: { secretName: 'plimsoll-admission-guard-tls' } },
      { name: 'config', configMap: { name: 'plimsoll-admission-guard' } },
    ]);
    expect(Object.keys(d.spec.template.metadata.labels)).not.toContain('cdk8s.io/metadata.addr');
    expect(only(objects, 'ServiceAccount').automountServiceAccountToken).toBe(false);
    expect(objects.filter((o) => o.kind === 'Secret')).toEqual([]);
  });

  it('defaults: Service 443 → 8443 for the API server and 9090 metrics; PDB keeps one backend', () => {
    const objects = build();
    const svc = only(objects, 'Service');
    expect(svc.spec.selector).toEqual({ app: 'plimsoll-admission-guard' });
    expect(svc.spec.ports).toEqual([
      { name: 'https', port: 443, targetPort: 8443 },
      { name: 'metrics', port: 9090, targetPort: 9090 },
    ]);
    const pdb = only(objects, 'PodDisruptionBudget');
    expect(pdb.spec).toEqual({ minAvailable: 1, selector: { matchLabels: { app: 'plimsoll-admission-guard' } } });
  });

  it('defaults: config.json in the ConfigMap is what the guard loads, with the mounted paths; its sha256 rolls the pods', () => {
    const objects = build();
    const cm = only(objects, 'ConfigMap', 'plimsoll-admission-guard');
    const config = parseGuardConfig(JSON.parse(cm.data['config.json']));
    expect(config.server).toMatchObject({ port: 8443, metricsPort: 9090, tlsCertFile: `${GUARD_TLS_DIR}/tls.crt`, tlsKeyFile: `${GUARD_TLS_DIR}/tls.key` });
    expect(config.policy).toEqual(CONFIG.policy);
    const annotation = only(objects, 'Deployment').spec.template.metadata.annotations['plimsoll.dev/config-sha256'];
    expect(annotation).toMatch(/^[0-9a-f]{64}$/);
    const other = only(build({ config: { ...CONFIG, failOpenNamespaces: ['x'] } }), 'Deployment').spec.template.metadata.annotations[
      'plimsoll.dev/config-sha256'
    ];
    expect(other).not.toBe(annotation);
  });

  it('custom: namespace, name, replicas, ports, secret and resources', () => {
    const objects = build({
      namespace: 'guard',
      name: 'g',
      replicas: 3,
      httpsPort: 9443,
      metricsPort: 9100,
      tlsSecretName: 'g-cert',
      resources: { cpuRequestMillis: 50, cpuLimitMillis: 200, memoryRequestMebibytes: 64, memoryLimitMebibytes: 500 },
    });
    const d = only(objects, 'Deployment', 'g');
    expect(d.metadata.namespace).toBe('guard');
    expect(d.spec.replicas).toBe(3);
    const [c] = d.spec.template.spec.containers;
    expect(c.ports.map((p: any) => p.containerPort)).toEqual([9443, 9100]);
    expect(c.readinessProbe.httpGet.port).toBe(9443);
    expect(c.env[1].value).toBe('--max-old-space-size=300');
    expect(d.spec.template.spec.volumes[0].secret.secretName).toBe('g-cert');
    expect(only(objects, 'Service', 'g').spec.ports[0]).toEqual({ name: 'https', port: 443, targetPort: 9443 });
    expect(JSON.parse(only(objects, 'ConfigMap', 'g').data['config.json']).server).toMatchObject({ port: 9443, metricsPort: 9100 });
  });

  it('fails if replicas < 2 (a fail-closed webhook needs a backend through a drain)', () => {
    expect(() => build({ replicas: 1 })).toThrow(
      'admission guard replicas must be an integer >= 2 (a fail-closed webhook needs a backend through drains and crashes), got 1',
    );
  });

  it('fails if both ports are the same', () => {
    expect(() => build({ httpsPort: 9090 })).toThrow('admission guard httpsPort and metricsPort must differ, both are 9090');
  });

  it('fails if the configuration is one the guard would refuse at start', () => {
    expect(() => build({ config: { ...CONFIG, trustedDigests: ['sha256:nope'] } })).toThrow(
      /ConfigMap plimsoll-system\/plimsoll-admission-guard: \/trustedDigests\/0/,
    );
  });
});
