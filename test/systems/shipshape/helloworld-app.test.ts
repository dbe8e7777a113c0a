import { describe, expect, it } from 'vitest';
import { HelloworldApp } from '../../../src/systems/shipshape';
import { CONSTRUCT_ADDRESS_LABEL } from '../../../src/constructs/common/workload';
import { DIGEST, one, synth } from './synth';

const IMAGE = `registry.example/shipshape-helloworld@${DIGEST}`;

describe('HelloworldApp', () => {
  it('defaults: helloworld-<env> Deployment, Service, ServiceAccount and ConfigMap helloworld-config-<env> with MESSAGE', () => {
    const objects = synth((c) => new HelloworldApp(c, 'app', { appEnv: 'test', image: IMAGE, message: 'hello from test' }));
    expect(objects.map((o) => `${o.kind}/${o.metadata.name}`).sort()).toEqual([
      'ConfigMap/helloworld-config-test',
      'Deployment/helloworld-test',
      'Service/helloworld-test',
      'ServiceAccount/helloworld-test',
    ]);
    for (const o of objects) {
      expect(o.metadata.namespace).toBe('shipshape');
      expect(o.metadata.labels).toMatchObject({ app: 'helloworld', env: 'test' });
    }
    expect(one(objects, 'ConfigMap').data).toEqual({ MESSAGE: 'hello from test' });

    const d = one(objects, 'Deployment');
    expect(d.spec.replicas).toBe(2);
    expect(d.spec.selector).toEqual({ matchLabels: { app: 'helloworld', env: 'test' } });
    expect(d.spec.template.metadata.labels).toEqual({ app: 'helloworld', env: 'test' });
    const pod = d.spec.template.spec;
    expect(pod.serviceAccountName).toBe('helloworld-test');
    expect(pod.automountServiceAccountToken).toBe(false);
    const [c] = pod.containers;
    expect(c.image).toBe(IMAGE);
    expect(c.imagePullPolicy).toBe('IfNotPresent');
    expect(c.envFrom).toEqual([{ configMapRef: { name: 'helloworld-config-test' } }]);
    expect(c.ports).toEqual([{ containerPort: 8000, name: 'http', protocol: 'TCP' }]);
    expect(c.livenessProbe.httpGet).toMatchObject({ path: '/healthz', port: 8000 });
    expect(c.readinessProbe.httpGet).toMatchObject({ path: '/readyz', port: 8000 });
    expect(c.startupProbe.httpGet).toMatchObject({ path: '/healthz', port: 8000 });
    expect(c.resources).toEqual({ requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '256Mi' } });
    expect(c.securityContext).toMatchObject({
      runAsNonRoot: true,
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(c.volumeMounts).toEqual([{ mountPath: '/tmp', name: 'tmp' }]);

    const svc = one(objects, 'Service');
    expect(svc.spec.selector).toEqual({ app: 'helloworld', env: 'test' });
    expect(svc.spec.ports).toEqual([{ name: 'http', port: 8000, targetPort: 8000, protocol: 'TCP' }]);
    expect(JSON.stringify(objects)).not.toContain(CONSTRUCT_ADDRESS_LABEL);
  });

  it('custom: prod, port, replicas, resources and platform labels on objects and pod template', () => {
    const objects = synth(
      (c) =>
        new HelloworldApp(c, 'app', {
          appEnv: 'prod',
          image: IMAGE,
          message: 'hello from prod',
          namespace: 'apps',
          port: 9000,
          replicas: 3,
          resources: { cpuRequestMillis: 200, cpuLimitMillis: 400, memoryRequestMebibytes: 100, memoryLimitMebibytes: 200 },
          labels: { 'app.kubernetes.io/name': 'helloworld', 'app.kubernetes.io/part-of': 'shipshape' },
        }),
    );
    const d = one(objects, 'Deployment', 'helloworld-prod');
    expect(d.metadata.namespace).toBe('apps');
    expect(d.spec.replicas).toBe(3);
    expect(d.spec.selector.matchLabels).toEqual({ app: 'helloworld', env: 'prod' });
    expect(d.spec.template.metadata.labels).toEqual({
      app: 'helloworld',
      env: 'prod',
      'app.kubernetes.io/name': 'helloworld',
      'app.kubernetes.io/part-of': 'shipshape',
    });
    const [c] = d.spec.template.spec.containers;
    expect(c.readinessProbe.httpGet.port).toBe(9000);
    expect(c.resources.limits).toEqual({ cpu: '400m', memory: '200Mi' });
    expect(one(objects, 'ConfigMap', 'helloworld-config-prod').metadata.labels).toMatchObject({
      app: 'helloworld',
      env: 'prod',
      'app.kubernetes.io/part-of': 'shipshape',
    });
    expect(one(objects, 'Service', 'helloworld-prod').metadata.labels.env).toBe('prod');
  });

  it('fails if the app environment is not a DNS label', () => {
    expect(() => synth((c) => new HelloworldApp(c, 'app', { appEnv: 'Prod', image: IMAGE, message: 'x' }))).toThrow(/appEnv must be a DNS label.*got "Prod"/);
  });

  it('fails if the message is empty', () => {
    expect(() => synth((c) => new HelloworldApp(c, 'app', { appEnv: 'test', image: IMAGE, message: '' }))).toThrow(/message is empty/);
  });

  it('fails if a request exceeds its limit', () => {
    const resources = { cpuRequestMillis: 600, cpuLimitMillis: 500, memoryRequestMebibytes: 1, memoryLimitMebibytes: 2 };
    expect(() => synth((c) => new HelloworldApp(c, 'app', { appEnv: 'test', image: IMAGE, message: 'x', resources }))).toThrow(
      /requests must not exceed limits/,
    );
  });
});
