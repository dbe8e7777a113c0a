import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { Duration } from 'cdk8s';
import {
  EntryTraceJobTemplate,
  NODES_READ_ROLE,
  NodeAgentConfig,
  nodeAgentConfig,
  PODS_READ_ROLE,
  RuntimeSharedRbac,
  scannerRuntimeValues,
  WORKLOAD_IDENTITY_KEYS,
  workloadIdentityLabels,
  type RuntimeSettings,
} from '../../../src/systems/runtime-plane';
import { CONSTRUCT_ADDRESS_LABEL } from '../../../src/constructs/common/workload';
import { only, settingsOf, synth } from './helpers';

const IMAGE = `registry.internal/stellaops/scanner-worker@sha256:${'c'.repeat(64)}`;
const withFlags = (s: RuntimeSettings, runtimeCapture: boolean, zastavaAttach: boolean): RuntimeSettings => ({
  ...s,
  flags: { runtimeCapture, zastavaAttach },
});
const identity = workloadIdentityLabels({
  id: 'scanner-entrytrace-capture',
  tenant: 'acme',
  project: 'stellaops',
  component: 'scanner-worker',
  channel: 'stable',
});

describe('workload identity contract', () => {
  it('has the five stellaops.workload/* keys', () => {
    expect(WORKLOAD_IDENTITY_KEYS).toEqual([
      'stellaops.workload/id',
      'stellaops.workload/tenant',
      'stellaops.workload/project',
      'stellaops.workload/component',
      'stellaops.workload/channel',
    ]);
    expect(Object.keys(identity)).toEqual(WORKLOAD_IDENTITY_KEYS);
  });

  it('fails if a value is not a label value', () => {
    expect(() => workloadIdentityLabels({ id: 'x', tenant: 'acme', project: 'stella ops', component: 'c', channel: 'stable' })).toThrow(
      'workload identity stellaops.workload/project: got "stella ops", expected a non-empty Kubernetes label value',
    );
  });
});

describe('RuntimeSharedRbac', () => {
  const labels = (name: string) => ({ 'app.kubernetes.io/name': name });

  it('defaults: one ServiceAccount per allowlisted namespace sharing read-only pods/exec, pods/log and nodes/proxy', () => {
    const objects = synth((chart) => new RuntimeSharedRbac(chart, 'rbac', { labels }));
    expect(objects.filter((o) => o.kind === 'ServiceAccount').map((o) => `${o.metadata.namespace}/${o.metadata.name}`)).toEqual([
      'scanner-runtime/scanner-runtime',
      'zastava-runtime/zastava-runtime',
    ]);
    const pods = only(objects, 'ClusterRole', PODS_READ_ROLE);
    expect(pods.rules).toEqual([
      { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch'] },
      { apiGroups: [''], resources: ['pods/log'], verbs: ['get'] },
      { apiGroups: [''], resources: ['pods/exec'], verbs: ['get'] },
    ]);
    const nodes = only(objects, 'ClusterRole', NODES_READ_ROLE);
    expect(nodes.rules).toEqual([
      { apiGroups: [''], resources: ['nodes'], verbs: ['get', 'list', 'watch'] },
      { apiGroups: [''], resources: ['nodes/proxy'], verbs: ['get'] },
    ]);
    for (const role of [pods, nodes]) {
      for (const rule of role.rules) {
        for (const field of ['apiGroups', 'resources', 'verbs']) expect(rule[field].join(), field).not.toContain('*');
        expect(rule.verbs.filter((v: string) => !['get', 'list', 'watch'].includes(v))).toEqual([]);
      }
    }
    const subjects = [
      { kind: 'ServiceAccount', name: 'scanner-runtime', namespace: 'scanner-runtime' },
      { kind: 'ServiceAccount', name: 'zastava-runtime', namespace: 'zastava-runtime' },
    ];
    const bindings = objects.filter((o) => o.kind === 'RoleBinding');
    expect(bindings.map((b) => b.metadata.namespace)).toEqual(['scanner-runtime', 'zastava-runtime']);
    for (const b of bindings) {
      expect(b.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: PODS_READ_ROLE });
      expect(b.subjects).toEqual(subjects);
    }
    const crb = only(objects, 'ClusterRoleBinding');
    expect(crb.roleRef.name).toBe(NODES_READ_ROLE);
    expect(crb.subjects).toEqual(subjects);
  });

  it('custom: another allowlist', () => {
    const objects = synth((chart) => new RuntimeSharedRbac(chart, 'rbac', { labels, namespaces: ['only-one'] }));
    expect(objects.filter((o) => o.kind === 'RoleBinding').map((b) => b.metadata.namespace)).toEqual(['only-one']);
  });

  it('fails if the allowlist is empty', () => {
    expect(() => synth((chart) => new RuntimeSharedRbac(chart, 'rbac', { labels, namespaces: [] }))).toThrow(
      'RuntimeSharedRbac needs at least one namespace in the allowlist',
    );
  });
});

describe('EntryTraceJobTemplate', () => {
  const template = (s: RuntimeSettings, props: Partial<ConstructorParameters<typeof EntryTraceJobTemplate>[2]> = {}) => {
    const objects = synth(
      (chart) => new EntryTraceJobTemplate(chart, 'job', { settings: s, image: IMAGE, labels: identity, configLabels: identity, ...props }),
    );
    return { objects, cron: only(objects, 'CronJob'), config: JSON.parse(only(objects, 'ConfigMap').data['scanner-runtime.json']) };
  };

  it('defaults: a suspended CronJob whose Job and pod templates carry the identity labels', () => {
    const { objects, cron } = template(settingsOf('prod-fsn'));
    expect(cron.metadata).toMatchObject({ name: 'scanner-entrytrace-capture', namespace: 'scanner-runtime' });
    expect(cron.spec.suspend).toBe(true);
    for (const labels of [cron.metadata.labels, cron.spec.jobTemplate.metadata.labels, cron.spec.jobTemplate.spec.template.metadata.labels]) {
      for (const key of WORKLOAD_IDENTITY_KEYS) expect(labels[key], key).toBe(identity[key]);
    }
    expect(JSON.stringify(objects)).not.toContain(CONSTRUCT_ADDRESS_LABEL);
    const pod = cron.spec.jobTemplate.spec.template.spec;
    expect(pod.serviceAccountName).toBe('scanner-runtime');
    expect(pod.restartPolicy).toBe('Never');
    const c = pod.containers[0];
    expect(c.image).toBe(IMAGE);
    expect(c.securityContext).toMatchObject({
      runAsNonRoot: true,
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(c.resources.requests).toEqual({ cpu: '250m', memory: '512Mi' });
    expect(cron.spec.jobTemplate.spec.activeDeadlineSeconds).toBe(3600);
    const env = Object.fromEntries(c.env.map((e: any) => [e.name, e.value ?? e.valueFrom.fieldRef.fieldPath]));
    expect(env).toMatchObject({
      SCANNER__RUNTIME__CAPTURE__ENABLED: 'false',
      ZASTAVA__ATTACH__ENABLED: 'false',
      STELLAOPS_WORKLOAD_ID: "metadata.labels['stellaops.workload/id']",
      STELLAOPS_WORKLOAD_CHANNEL: "metadata.labels['stellaops.workload/channel']",
    });
  });

  it('renders the feature flags (default false) and the alignment contract into the scanner configuration', () => {
    const { config } = template(settingsOf('lab'));
    expect(config).toEqual(scannerRuntimeValues(settingsOf('lab')));
    expect(config.scanner.runtime.capture).toEqual({ enabled: false });
    expect(config.zastava.attach).toEqual({ enabled: false });
    expect(config.scanner.runtime.namespaceAllowlist).toEqual(['scanner-runtime', 'zastava-runtime']);
    expect(config.scanner.runtime.events).toEqual({
      stream: 'runtime.events',
      fields: ['workloadId', 'namespace', 'node', 'edgeType', 'timestamp', 'code_id'],
      sortBy: ['workloadId', 'timestamp', 'edgeType'],
    });
    expect(config.scanner.runtime.nodeAgent).toEqual({ hostMetadata: ['hostId', 'osRelease'], logShipperPaths: ['/var/log/stellaops/runtime/*.ndjson'] });
    expect(config.scanner.runtime.identity.imageDigestRequired).toBe(true);
  });

  it('custom: flags on, another name and deadline', () => {
    const { cron, config } = template(withFlags(settingsOf('lab'), true, true), { name: 'capture-b', activeDeadline: Duration.minutes(30) });
    expect(cron.metadata.name).toBe('capture-b');
    expect(config.scanner.runtime.capture.enabled).toBe(true);
    const env = Object.fromEntries(cron.spec.jobTemplate.spec.template.spec.containers[0].env.map((e: any) => [e.name, e.value]));
    expect(env.SCANNER__RUNTIME__CAPTURE__ENABLED).toBe('true');
    expect(env.ZASTAVA__ATTACH__ENABLED).toBe('true');
    expect(cron.spec.jobTemplate.spec.activeDeadlineSeconds).toBe(1800);
  });
});

describe('NodeAgentConfig', () => {
  it('defaults: node-agent mode with hostId/osRelease and the shared log shipper path', () => {
    const s = settingsOf('prod-fsn');
    const cm = only(
      synth((chart) => new NodeAgentConfig(chart, 'agent', { settings: s, labels: {} })),
      'ConfigMap',
    );
    expect(cm.metadata).toMatchObject({ name: 'zastava-node-agent', namespace: 'zastava-runtime' });
    const config = parse(cm.data['zastava-node-agent.yaml']);
    expect(config).toEqual(nodeAgentConfig(s));
    expect(config.mode).toBe('node-agent');
    expect(config.host).toEqual({ hostId: { source: '/etc/machine-id' }, osRelease: { source: '/etc/os-release' } });
    expect(config.logShipper).toEqual({ inputs: [{ path: '/var/log/stellaops/runtime/*.ndjson', format: 'ndjson' }], tags: ['hostId', 'osRelease'] });
    expect(config.events.fields).toEqual(expect.arrayContaining(['hostId', 'osRelease', 'workloadId']));
    expect(config.zastava.runtime.authority).toMatchObject({
      clientId: 'zastava-runtime',
      dpopKeySecret: 'zastava-authority-dpop',
      clientCertificateSecret: 'zastava-authority-mtls',
    });
    expect(config.zastava.attach).toEqual({ enabled: false });
  });

  it('custom: name, namespace and the attach flag', () => {
    const cm = only(
      synth(
        (chart) => new NodeAgentConfig(chart, 'agent', { settings: withFlags(settingsOf('lab'), false, true), labels: {}, name: 'agent', namespace: 'ns' }),
      ),
      'ConfigMap',
    );
    expect(cm.metadata).toMatchObject({ name: 'agent', namespace: 'ns' });
    expect(parse(Object.values(cm.data)[0] as string).zastava.attach.enabled).toBe(true);
  });
});
