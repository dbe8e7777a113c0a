import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { synth } from '../../../src/render/synth';
import { tempDir } from '../../helpers/cli';
import { loadEnvironment } from '../../../src/environments/load-environment';
import { loadImagesLock } from '../../../src/config/images-lock';
import { renderEnvironment } from '../../../src/render/render-environment';
import { ADMISSION_GUARD_RULES } from '../../../src/systems/runtime-components';
import { runtimeComponentsSettings } from '../../../src/systems/runtime-components/settings';
import { parseGuardConfig, resolveGuardPolicy } from '../../../src/runtime/admission-guard/config';
import { Guard } from '../../../src/runtime/admission-guard/decide';
import { ROUTES } from '../../../src/runtime/admission-guard/server';
import { loadPolicy, PLATFORM_POLICY } from '../../../src/validate/policy';
import { RULES_BY_ID } from '../../../src/rules';
import { editedEnvironment, loadError } from '../runtime-plane/helpers';
import { withOverride } from '../../helpers/environments';

type Rendered = Array<{ object: any; stage?: string }>;

function render(name: string, dir?: string): Rendered {
  return renderEnvironment(loadEnvironment(name, dir).env).objects.map((o) => ({ object: o.object, stage: o.stage?.id }));
}

// The Flux Kustomizations are part of plimsoll too; the components are what lands in a stage.
const ours = (r: Rendered) => r.filter((o) => o.stage && o.object.metadata?.labels?.['app.kubernetes.io/part-of'] === 'plimsoll');
const find = (r: Rendered, kind: string, name: string) => {
  const found = r.filter((o) => o.object.kind === kind && o.object.metadata?.name === name);
  expect(found, `${kind} ${name}`).toHaveLength(1);
  return found[0];
};
const guardConfigOf = (r: Rendered) => parseGuardConfig(JSON.parse(find(r, 'ConfigMap', 'plimsoll-admission-guard').object.data['config.json']));

/** An environment with `runtimeComponents` set to `value` (the shipped one replaced). */
function withRuntimeComponents(name: string, value: string, extra: (t: string) => string = (t) => t): string {
  // lab states the section itself; a production environment overrides the base's.
  const block = /runtimeComponents: \{(?:[^{}]|\{[^{}]*\})*\},\n\};/s;
  return editedEnvironment(name, (t) =>
    extra(block.test(t) ? t.replace(block, `runtimeComponents: ${value},\n};`) : withOverride(t, `runtimeComponents: ${value}`)),
  );
}

describe.each(['lab', 'prod-fsn'])('runtime components in %s', (name) => {
  const rendered = render(name);
  const env = loadEnvironment(name).env;

  it('places each object in its stage: namespace, runtime backends, monitoring, then the webhook configuration last', () => {
    const stages = Object.fromEntries(ours(rendered).map((o) => [`${o.object.kind}/${o.object.metadata.name}`, o.stage]));
    expect(stages).toEqual({
      'Namespace/plimsoll-system': 'namespaces',
      'Issuer/plimsoll-admission-guard-selfsigned': 'runtime',
      'Certificate/plimsoll-admission-guard': 'runtime',
      'ServiceAccount/plimsoll-admission-guard': 'runtime',
      'ConfigMap/plimsoll-admission-guard': 'runtime',
      'Deployment/plimsoll-admission-guard': 'runtime',
      'Service/plimsoll-admission-guard': 'runtime',
      'PodDisruptionBudget/plimsoll-admission-guard': 'runtime',
      'ServiceAccount/plimsoll-evidence-bundler': 'runtime',
      'CronJob/plimsoll-evidence-bundler': 'runtime',
      'NetworkPolicy/default-deny': 'runtime',
      'NetworkPolicy/plimsoll-admission-guard': 'runtime',
      'ServiceMonitor/plimsoll-admission-guard': 'monitoring',
      'ValidatingWebhookConfiguration/plimsoll-admission-guard': 'admission',
    });
    expect(find(rendered, 'Namespace', 'plimsoll-system').object.metadata.labels['pod-security.kubernetes.io/enforce']).toBe('restricted');
  });

  it('takes both images from images.lock.json only', () => {
    const lock = loadImagesLock();
    expect(find(rendered, 'Deployment', 'plimsoll-admission-guard').object.spec.template.spec.containers[0].image).toBe(lock.image('plimsoll-admission-guard'));
    expect(find(rendered, 'CronJob', 'plimsoll-evidence-bundler').object.spec.jobTemplate.spec.template.spec.containers[0].image).toBe(
      lock.image('plimsoll-evidence-bundler'),
    );
    expect(lock.entries['plimsoll-admission-guard']).toMatchObject({ origin: 'own', pin: 'released' });
  });

  it('configures the guard with the object rules platform.yaml activates for this environment (schema skipped), every lock digest, and the watcher as status writer', () => {
    const config = guardConfigOf(rendered);
    expect(config.environment).toEqual({ name, tier: env.tier });
    expect(config.policy).toEqual(resolveGuardPolicy(loadPolicy(PLATFORM_POLICY), { name, tier: env.tier }, ['schema']));
    const ids = Object.keys(config.policy.rules);
    expect(ids).not.toContain('schema');
    for (const id of ids) expect(RULES_BY_ID.get(id)!.meta.scope).toBe('object');
    expect(ids).toEqual(
      expect.arrayContaining([
        'image-digest',
        'required-labels',
        'rbac-wildcard',
        'hostpath-readonly',
        'pod-security',
        'no-secret-data',
        'webhook-safety',
        'resources',
        'probes',
      ]),
    );
    // The lab's placeholder-cidr is a warning, production's an error: the tier override reaches the guard.
    expect(config.policy.rules['placeholder-cidr'].severity).toBe(env.tier === 'lab' ? 'warning' : 'error');
    const digests = Object.values(loadImagesLock().entries).map((e) => e.image.slice(-71));
    expect(config.trustedDigests).toEqual([...new Set(digests)].sort());
    expect(config.statusIntegrity.writers).toEqual(['system:serviceaccount:zen-system:zen-watcher']);
    expect(config.failOpenNamespaces).toEqual([]);
  });

  it('enforces every other namespace the platform renders, failing closed', () => {
    const namespaces = rendered
      .filter((o) => o.object.kind === 'Namespace')
      .map((o) => o.object.metadata.name)
      .filter((n) => n !== 'plimsoll-system')
      .sort();
    const [w, ...rest] = find(rendered, 'ValidatingWebhookConfiguration', 'plimsoll-admission-guard').object.webhooks;
    expect(rest).toEqual([]);
    expect(w.failurePolicy).toBe('Fail');
    expect(w.namespaceSelector.matchExpressions[0]).toEqual({ key: 'kubernetes.io/metadata.name', operator: 'In', values: namespaces });
    expect(namespaces).toEqual(expect.arrayContaining(['shipshape', 'stellaops', 'zen-system']));
    expect(find(rendered, 'Deployment', 'plimsoll-admission-guard').object.spec.replicas).toBe(env.tier === 'production' ? 3 : 2);
  });

  it('round trip: every object Plimsoll renders that the webhook sends to the guard is allowed by the rendered guard configuration', () => {
    const guard = new Guard(guardConfigOf(rendered));
    const [w] = find(rendered, 'ValidatingWebhookConfiguration', 'plimsoll-admission-guard').object.webhooks;
    const enforced = new Set<string>(w.namespaceSelector.matchExpressions[0].values);
    const kinds = new Set(['Pod', 'Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'CronJob', 'Role', 'NetworkPolicy', 'PrometheusRule']);
    const sent = rendered.filter((o) => kinds.has(o.object.kind) && enforced.has(o.object.metadata.namespace));
    expect(sent.length).toBeGreaterThan(20);
    for (const { object } of sent) {
      const d = guard.reviewObject({
        uid: 'u',
        operation: 'CREATE',
        namespace: object.metadata.namespace,
        name: object.metadata.name,
        userInfo: { username: 'system:serviceaccount:flux-system:kustomize-controller' },
        object,
      });
      expect(d.denying, `${object.kind} ${object.metadata.namespace}/${object.metadata.name}`).toEqual([]);
      expect(d.decision).toBe('allow');
    }
    expect(ADMISSION_GUARD_RULES.flatMap((r) => r.resources)).toHaveLength(12);
  });

  it('the Zen Watcher status-integrity webhook now renders, calling the guard Service on a path the guard serves', () => {
    const hook = find(rendered, 'ValidatingWebhookConfiguration', 'zen-watcher-status-integrity');
    expect(hook.stage).toBe('admission');
    const [w] = hook.object.webhooks;
    expect(w.failurePolicy).toBe('Fail');
    const service = find(rendered, 'Service', w.clientConfig.service.name).object;
    expect(service.metadata.namespace).toBe(w.clientConfig.service.namespace);
    expect(service.spec.ports.map((p: any) => p.port)).toContain(w.clientConfig.service.port);
    expect(ROUTES[w.clientConfig.service.path]).toBe('status-integrity');
    expect(hook.object.metadata.annotations['cert-manager.io/inject-ca-from']).toBe('plimsoll-system/plimsoll-admission-guard');
    find(rendered, 'Certificate', 'plimsoll-admission-guard');
  });
});

describe('runtime components: environment settings', () => {
  it('fail-open namespaces (runtime.webhook.failOpenNamespaces) get their own Ignore entry and reach the guard configuration', () => {
    const dir = withRuntimeComponents('prod-fsn', '{}', (t) =>
      withOverride(t, "runtime: { ...production.runtime, webhook: { replicas: 3, failOpenNamespaces: ['shipshape'] } }"),
    );
    const r = render('prod-fsn', dir);
    const webhooks = find(r, 'ValidatingWebhookConfiguration', 'plimsoll-admission-guard').object.webhooks;
    expect(webhooks.map((w: any) => [w.failurePolicy, w.namespaceSelector.matchExpressions[0].values.includes('shipshape')])).toEqual([
      ['Fail', false],
      ['Ignore', true],
    ]);
    expect(guardConfigOf(r).failOpenNamespaces).toEqual(['shipshape']);
  });

  it('custom: namespaces, trusted images, issuer, skipped rules, bundler schedule', () => {
    const digest = `sha256:${'e'.repeat(64)}`;
    const dir = withRuntimeComponents(
      'lab',
      `{ admissionGuard: { namespaces: ['shipshape'], trustedImages: ['docker.io/istio/proxyv2@${digest}'], certificateIssuer: { kind: 'ClusterIssuer', name: 'internal-ca' }, skipRules: ['schema', 'probes'], timeoutSeconds: 3 }, evidenceBundler: { schedule: '0 4 * * 0', claimName: 'ev' } }`,
    );
    const r = render('lab', dir);
    const [w] = find(r, 'ValidatingWebhookConfiguration', 'plimsoll-admission-guard').object.webhooks;
    expect(w.namespaceSelector.matchExpressions[0].values).toEqual(['shipshape']);
    expect(w.timeoutSeconds).toBe(3);
    const config = guardConfigOf(r);
    expect(config.trustedDigests).toContain(digest);
    expect(Object.keys(config.policy.rules)).not.toContain('probes');
    expect(r.filter((o) => o.object.kind === 'Issuer' && o.object.metadata.namespace === 'plimsoll-system')).toEqual([]);
    expect(find(r, 'Certificate', 'plimsoll-admission-guard').object.spec.issuerRef).toEqual({
      group: 'cert-manager.io',
      kind: 'ClusterIssuer',
      name: 'internal-ca',
    });
    const cj = find(r, 'CronJob', 'plimsoll-evidence-bundler').object;
    expect(cj.spec.schedule).toBe('0 4 * * 0');
    expect(cj.spec.jobTemplate.spec.template.spec.volumes[0].persistentVolumeClaim.claimName).toBe('ev');
  });

  it('disabled: neither component nor the namespace is rendered (the status webhook is turned off with it)', () => {
    const dir = withRuntimeComponents('lab', '{ admissionGuard: { enabled: false }, evidenceBundler: { enabled: false } }', (t) =>
      t.replace("statusAdmission: { enabled: true, failurePolicy: 'Fail' }", 'statusAdmission: { enabled: false }'),
    );
    expect(ours(render('lab', dir)).map((o) => `${o.object.kind}/${o.object.metadata.name}`)).toEqual([]);
  });

  it('fails to load if the guard is disabled while the status webhook that calls it is enabled', () => {
    expect(loadError(withRuntimeComponents('lab', '{ admissionGuard: { enabled: false } }'), 'lab')).toContain(
      '/runtimeComponents/admissionGuard/enabled: got false while zenWatcher.statusAdmission is enabled, expected true',
    );
  });

  it('fails to load if production fails open globally', () => {
    expect(loadError(withRuntimeComponents('prod-fsn', "{ admissionGuard: { failurePolicy: 'Ignore' } }"), 'prod-fsn')).toContain(
      '/runtimeComponents/admissionGuard/failurePolicy: got "Ignore" in a production environment, expected "Fail"',
    );
  });

  it('fails to load one guard replica or a trusted image that is not a digest', () => {
    expect(loadError(withRuntimeComponents('lab', '{ admissionGuard: { replicas: 1 } }'), 'lab')).toContain('/runtimeComponents/admissionGuard/replicas');
    expect(loadError(withRuntimeComponents('lab', "{ admissionGuard: { trustedImages: ['nginx:latest'] } }"), 'lab')).toContain(
      '/runtimeComponents/admissionGuard/trustedImages/0',
    );
  });

  it('fails to synth if a skipped rule does not exist', () => {
    const dir = withRuntimeComponents('lab', "{ admissionGuard: { skipRules: ['no-such-rule'] } }");
    expect(() => render('lab', dir)).toThrow('admission guard skipRules: unknown rule "no-such-rule"');
  });

  it("settings are the schema's defaults where the environment says nothing", () => {
    const { runtimeComponents: _, ...bare } = structuredClone(loadEnvironment('lab').env);
    expect(runtimeComponentsSettings(bare)).toEqual({
      admissionGuard: { enabled: true, replicas: 2, failurePolicy: 'Fail', timeoutSeconds: 5, skipRules: ['schema'], trustedImages: [] },
      evidenceBundler: { enabled: true, schedule: '30 3 * * *', suspend: false, claimName: 'runtime-evidence', scratchGibibytes: 4 },
    });
  });

  it('takes its rules and waivers from what synth is given (synth --policy), not from policies/', () => {
    const dir = tempDir();
    const policyFile = join(dir, 'stricter.yaml');
    const platform = readFileSync(PLATFORM_POLICY, 'utf8');
    expect(platform).not.toMatch(/^  rbac-wildcard:/m);
    writeFileSync(policyFile, platform.replace(/^rules:\n/m, 'rules:\n  rbac-wildcard:\n    severity: warning\n'));
    const guardRules = (policy?: string) => {
      const result = synth({ environments: ['lab'], outDir: join(dir, policy ? 'out-policy' : 'out-default'), policyFile: policy });
      expect(result.written).toBe(true);
      return guardConfigOf(result.rendered[0].objects.map((o) => ({ object: o.object, stage: o.stage?.id }))).policy;
    };
    const byDefault = guardRules();
    const withPolicy = guardRules(policyFile);
    expect(byDefault.source).toBe('policies/platform.yaml');
    expect(byDefault.rules['rbac-wildcard'].severity).toBe('error');
    expect(withPolicy.source).toMatch(/stricter\.yaml$/);
    expect(withPolicy.rules['rbac-wildcard'].severity).toBe('warning');
    expect({ ...withPolicy.rules, 'rbac-wildcard': byDefault.rules['rbac-wildcard'] }).toEqual(byDefault.rules);
  });
});
