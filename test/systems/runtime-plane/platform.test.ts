/**
 * The runtime plane as shipped in every environment: stages, namespaces, replicas, secrets by name, labels, and
 * the invariants the validator's upcoming rules check (pod-security, probes, resources, hostpath-readonly,
 * webhook-safety, dangling-reference, pdb-allows-disruption), asserted here on the rendered objects.
 */
import { describe, expect, it } from 'vitest';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { WORKLOAD_IDENTITY_KEYS } from '../../../src/systems/runtime-plane';
import { LABEL_DEPLOYMENT, LABEL_ENVIRONMENT, LABEL_TENANT } from '../../../src/constructs/common/labels';
import { podSpecOf } from '../../../src/lib/pod-specs';
import { makeItem } from '../../../src/check/inventory';
import { plimsoll, ROOT, tempDir } from '../../helpers/cli';
import { find, rendered, SHIPPED_ENVIRONMENTS, type RenderedObjectAt } from './helpers';

const RUNTIME_NAMESPACES = ['stellaops', 'scanner-runtime', 'zastava-runtime'];
const runtimeObjects = (objects: RenderedObjectAt[]) =>
  objects.filter(
    (o) =>
      o.stage &&
      (RUNTIME_NAMESPACES.includes(o.object.metadata.namespace) || (o.object.kind === 'Namespace' && RUNTIME_NAMESPACES.includes(o.object.metadata.name))),
  );
const pod = (o: any) => podSpecOf(makeItem(o, 'x', 0));
const matches = (selector: Record<string, string>, labels: Record<string, string> = {}) => Object.entries(selector).every(([k, v]) => labels[k] === v);

describe.each(SHIPPED_ENVIRONMENTS)('runtime plane in %s', (name) => {
  const objects = rendered(name);

  it('places every object in its stage', () => {
    const at = (kind: string, n: string, ns?: string) => find(objects, kind, n, ns).stage;
    for (const ns of RUNTIME_NAMESPACES) expect(at('Namespace', ns)).toBe('namespaces');
    expect(at('DaemonSet', 'zastava-observer', 'stellaops')).toBe('runtime');
    expect(at('Deployment', 'zastava-webhook', 'stellaops')).toBe('runtime');
    expect(at('Service', 'zastava-webhook', 'stellaops')).toBe('runtime');
    expect(at('PodDisruptionBudget', 'zastava-webhook', 'stellaops')).toBe('runtime');
    expect(at('ServiceAccount', 'zastava-webhook', 'stellaops')).toBe('runtime');
    expect(at('CronJob', 'scanner-entrytrace-capture', 'scanner-runtime')).toBe('runtime');
    expect(at('ConfigMap', 'zastava-node-agent', 'zastava-runtime')).toBe('runtime');
    expect(at('PrometheusRule', 'zastava-runtime', 'stellaops')).toBe('monitoring');
    expect(at('ValidatingWebhookConfiguration', 'zastava-webhook')).toBe('admission');
    const kinds = new Set(
      runtimeObjects(objects)
        .filter((o) => o.stage === 'runtime')
        .map((o) => o.object.kind),
    );
    for (const k of ['PrometheusRule', 'ServiceMonitor', 'ValidatingWebhookConfiguration', 'CustomResourceDefinition']) expect(kinds.has(k), k).toBe(false);
  });

  it('runs stellaops privileged with the runbook reason, the allowlisted namespaces restricted', () => {
    const stellaops = find(objects, 'Namespace', 'stellaops').object;
    expect(stellaops.metadata.labels['pod-security.kubernetes.io/enforce']).toBe('privileged');
    expect(stellaops.metadata.annotations['plimsoll.dev/pod-security-reason']).toContain(
      'docs/runbooks/zastava-runtime-operations.md §1 Prerequisites "Host mounts"',
    );
    for (const ns of ['scanner-runtime', 'zastava-runtime'])
      expect(find(objects, 'Namespace', ns).object.metadata.labels['pod-security.kubernetes.io/enforce']).toBe('restricted');
  });

  it('runs the webhook with the replicas of its tier', () => {
    expect(find(objects, 'Deployment', 'zastava-webhook').object.spec.replicas).toBe(name === 'prod-fsn' ? 3 : 1);
  });

  it('references the three runbook secrets by name and renders no Secret', () => {
    expect(objects.filter((o) => o.object.kind === 'Secret')).toEqual([]);
    const names = new Set<string>();
    for (const { object } of runtimeObjects(objects))
      for (const v of (pod(object)?.spec.volumes as any[] | undefined) ?? []) if (v.secret) names.add(v.secret.secretName);
    expect([...names].sort()).toEqual(['zastava-authority-dpop', 'zastava-authority-mtls', 'zastava-webhook-tls']);
    expect(find(objects, 'ValidatingWebhookConfiguration', 'zastava-webhook').object.metadata.annotations['cert-manager.io/inject-ca-from-secret']).toBe(
      'stellaops/zastava-webhook-tls',
    );
  });

  it('labels every runtime object and pod template with tenant, environment, deployment and the workload identity', () => {
    const keys = [LABEL_TENANT, LABEL_ENVIRONMENT, LABEL_DEPLOYMENT, ...WORKLOAD_IDENTITY_KEYS];
    const list = runtimeObjects(objects);
    expect(list.length).toBeGreaterThan(20);
    for (const { object } of list) {
      const id = `${object.kind}/${object.metadata.name}`;
      for (const key of keys) expect(object.metadata.labels?.[key], `${id} ${key}`).toBeTruthy();
      const template = pod(object);
      if (template) for (const key of keys) expect((template.metadata as any)?.labels?.[key], `${id} pod template ${key}`).toBeTruthy();
    }
    const ds = find(objects, 'DaemonSet', 'zastava-observer').object;
    expect(ds.metadata.labels).toMatchObject({
      app: 'zastava-observer',
      [LABEL_TENANT]: 'acme',
      [LABEL_ENVIRONMENT]: name,
      'stellaops.workload/component': 'zastava-observer',
    });
  });

  it('satisfies pod-security (or waives it with the runbook reason), probes, resources and hostpath-readonly', () => {
    for (const { object } of runtimeObjects(objects)) {
      const p = pod(object);
      if (!p) continue;
      const id = `${object.kind}/${object.metadata.name}`;
      const waived = object.metadata.annotations?.['plimsoll.dev/waive.pod-security'];
      for (const c of p.spec.containers as any[]) {
        const sc = c.securityContext;
        expect(sc.allowPrivilegeEscalation, id).toBe(false);
        expect(sc.capabilities.drop, id).toEqual(['ALL']);
        expect(sc.seccompProfile.type, id).toBe('RuntimeDefault');
        if (!waived) expect(sc.runAsNonRoot, id).toBe(true);
        expect(c.resources.requests.cpu && c.resources.requests.memory && c.resources.limits.cpu && c.resources.limits.memory, id).toBeTruthy();
        expect(c.image, id).toMatch(/@sha256:[0-9a-f]{64}$/);
        if (['Deployment', 'DaemonSet', 'StatefulSet'].includes(object.kind)) expect(c.livenessProbe && c.readinessProbe, id).toBeTruthy();
        const hostVolumes = new Set(((p.spec.volumes as any[]) ?? []).filter((v) => v.hostPath).map((v) => v.name));
        for (const m of c.volumeMounts ?? []) {
          if (hostVolumes.has(m.name) && m.readOnly !== true) {
            expect(m.mountPath, id).toBe('/var/run/zastava');
            expect(object.metadata.annotations?.['plimsoll.dev/waive.hostpath-readonly'], id).toContain('runbook');
          }
        }
      }
      if (waived) expect(object.metadata.name).toBe('zastava-observer');
    }
  });

  it('satisfies webhook-safety and has no dangling references', () => {
    const vwc = find(objects, 'ValidatingWebhookConfiguration', 'zastava-webhook').object;
    for (const w of vwc.webhooks) {
      expect(['Fail', 'Ignore']).toContain(w.failurePolicy);
      expect(w.timeoutSeconds).toBeLessThanOrEqual(10);
      expect(w.sideEffects).toBe('None');
      const excluded = w.namespaceSelector.matchExpressions.filter((e: any) => e.operator === 'NotIn').flatMap((e: any) => e.values);
      expect(excluded).toEqual(expect.arrayContaining(['kube-system', 'stellaops']));
      const svc = w.clientConfig.service;
      expect(find(objects, 'Service', svc.name, svc.namespace).object.spec.ports.some((p: any) => p.port === svc.port)).toBe(true);
    }
    expect(vwc.webhooks.filter((w: any) => w.failurePolicy === 'Ignore')).toEqual([]); // no fail-open namespace shipped
    // Other systems share the environment; the runtime plane's objects are judged here.
    const all = objects
      .map((o) => o.object)
      .filter((o) => o.metadata?.labels?.['app.kubernetes.io/part-of'] === 'stellaops' || RUNTIME_NAMESPACES.includes(o.metadata?.namespace));
    const templates = all.filter((o) => pod(o)).map((o) => ({ ns: o.metadata.namespace, labels: (pod(o)!.metadata as any)?.labels }));
    for (const svc of all.filter((o) => o.kind === 'Service' && RUNTIME_NAMESPACES.includes(o.metadata.namespace))) {
      expect(
        templates.some((t) => t.ns === svc.metadata.namespace && matches(svc.spec.selector, t.labels)),
        `Service ${svc.metadata.name}`,
      ).toBe(true);
    }
    for (const sm of all.filter((o) => o.kind === 'ServiceMonitor')) {
      const services = all.filter(
        (o) => o.kind === 'Service' && o.metadata.namespace === sm.metadata.namespace && matches(sm.spec.selector.matchLabels, o.metadata.labels),
      );
      expect(services.length, `ServiceMonitor ${sm.metadata.name}`).toBe(1);
      expect(services[0].spec.ports.map((p: any) => p.name)).toContain(sm.spec.endpoints[0].port);
    }
    const pdb = find(objects, 'PodDisruptionBudget', 'zastava-webhook').object;
    const deploy = find(objects, 'Deployment', 'zastava-webhook').object;
    expect(matches(pdb.spec.selector.matchLabels, deploy.spec.template.metadata.labels)).toBe(true);
    expect(pdb.spec.maxUnavailable).toBeGreaterThanOrEqual(1);
    for (const b of all.filter((o) => o.kind === 'RoleBinding' || o.kind === 'ClusterRoleBinding')) {
      expect(
        all.some((o) => o.kind === b.roleRef.kind && o.metadata.name === b.roleRef.name),
        `${b.kind} ${b.metadata.name}`,
      ).toBe(true);
      for (const s of b.subjects)
        expect(
          all.some((o) => o.kind === 'ServiceAccount' && o.metadata.name === s.name && o.metadata.namespace === s.namespace),
          s.name,
        ).toBe(true);
    }
    for (const o of all) {
      const p = pod(o);
      const sa = p?.spec.serviceAccountName as string | undefined;
      if (sa && RUNTIME_NAMESPACES.includes(o.metadata.namespace))
        expect(
          all.some((x) => x.kind === 'ServiceAccount' && x.metadata.name === sa && x.metadata.namespace === o.metadata.namespace),
          `${o.kind} ${o.metadata.name} → ${sa}`,
        ).toBe(true);
    }
  });
});

describe('platform policy', () => {
  it('fails validation if a pod template in a runtime namespace lacks a workload identity label', async () => {
    const dir = tempDir('plimsoll-identity-');
    cpSync(join(ROOT, 'dist', 'prod-fsn'), dir, { recursive: true });
    const file = join(dir, '05-runtime', 'daemonset_stellaops_zastava-observer.yaml');
    const ds = parse(readFileSync(file, 'utf8'));
    delete ds.spec.template.metadata.labels['stellaops.workload/channel'];
    writeFileSync(file, stringify(ds));
    const clean = await plimsoll(['validate', join(ROOT, 'dist', 'prod-fsn'), '--policy', 'policies/platform.yaml', '--format', 'json']);
    expect(clean.status, clean.stdout + clean.stderr).toBe(0);
    const r = await plimsoll(['validate', dir, '--policy', 'policies/platform.yaml', '--format', 'json']);
    expect(r.status).toBe(1);
    const findings = JSON.parse(r.stdout).findings.filter((f: any) => f.severity === 'error' && !f.waived);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      rule: 'required-labels',
      path: '/spec/template/metadata/labels',
      object: { kind: 'DaemonSet', name: 'zastava-observer' },
    });
    expect(findings[0].message).toContain('stellaops.workload/channel');
  });
});
