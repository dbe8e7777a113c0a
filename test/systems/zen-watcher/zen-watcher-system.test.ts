/**
 * Zen Watcher as a system: what every shipped environment renders and where, namespace sharding end to end, and
 * the environment invariants (through loadEnvironment on edited copies of the shipped overlays).
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadEnvironment } from '../../../src/environments/load-environment';
import { defaultRenderInputs, renderEnvironment, type RenderedEnvironment } from '../../../src/render/render-environment';
import { validateRendered } from '../../../src/render/synth';
import { loadPolicy, PLATFORM_POLICY } from '../../../src/validate';
import { zenWatcherSettings } from '../../../src/systems/zen-watcher/settings';
import { prometheusRulesIn, promtoolCheck } from '../../helpers/promtool';
import { PROMTOOL, requireTool } from '../../helpers/tools';
import { ROOT } from '../../helpers/cli';
import { editedEnvironment, loadError, withOverride } from '../../helpers/environments';

/** prod-fsn with its zenWatcher section replaced (overriding the production base's). */
function prodWith(zenWatcher: string): string {
  return editedEnvironment('prod-fsn', (t) => withOverride(t, `zenWatcher: ${zenWatcher}`));
}

function objects(r: RenderedEnvironment, kind: string) {
  // Other systems share the environment; only the watcher's objects (part-of: zen-watcher) are judged here.
  return r.objects.filter((o) => o.object.kind === kind && (o.object.metadata as any)?.labels?.['app.kubernetes.io/part-of'] === 'zen-watcher') as Array<{
    object: any;
    file: string;
    stage?: { id: string };
  }>;
}

const render = (name: string, dir?: string) => renderEnvironment(loadEnvironment(name, dir).env);

const SHARDS = `{
    pattern: 'sharded',
    resourceProfile: 'events-10k-100k',
    shards: [
      { name: 'prod', namespaces: ['production', 'prod-staging'] },
      { name: 'dev', namespaces: ['development', 'dev-staging'], replicas: 2 },
      { name: 'platform', namespaces: ['kube-system'] },
    ],
  }`;

describe('Zen Watcher in the shipped environments', () => {
  it.each(['lab', 'prod-fsn'])('%s: each object in its stage', (name) => {
    const r = render(name);
    const stageOf = (kind: string) => [
      ...new Set(
        objects(r, kind)
          .filter((o) => JSON.stringify(o.object.metadata).includes('zen'))
          .map((o) => o.stage?.id),
      ),
    ];
    expect(stageOf('Namespace')).toEqual(['namespaces']);
    expect(stageOf('CustomResourceDefinition')).toEqual(['crds']);
    for (const kind of [
      'Deployment',
      'Service',
      'ServiceAccount',
      'ClusterRole',
      'ClusterRoleBinding',
      'Role',
      'RoleBinding',
      'Lease',
      'CronJob',
      'NetworkPolicy',
    ]) {
      expect(stageOf(kind), kind).toEqual(['controller']);
    }
    expect(stageOf('ServiceMonitor')).toEqual(['monitoring']);
    expect(stageOf('PrometheusRule')).toEqual(['monitoring']);
    const ns = objects(r, 'Namespace').find((o) => o.object.metadata.name === 'zen-system')!.object;
    expect(ns.metadata.labels).toMatchObject({
      'pod-security.kubernetes.io/enforce': 'restricted',
      'pod-security.kubernetes.io/audit': 'restricted',
      'pod-security.kubernetes.io/warn': 'restricted',
    });
  });

  it('lab: the single pattern with development settings, the deny placeholder, and the status webhook served by the admission guard', () => {
    const r = render('lab');
    const [d] = objects(r, 'Deployment').map((o) => o.object);
    expect(d.spec.replicas).toBe(1);
    expect(d.spec.template.spec.containers[0].resources).toEqual({ requests: { cpu: '50m', memory: '64Mi' }, limits: { cpu: '100m', memory: '128Mi' } });
    expect(objects(r, 'PodDisruptionBudget')).toEqual([]);
    const np = objects(r, 'NetworkPolicy').find((o) => o.object.metadata.name === 'zen-watcher')!.object;
    expect(np.spec.egress[1].to).toEqual([{ ipBlock: { cidr: '127.255.255.255/32' } }]);
    const hooks = objects(r, 'ValidatingWebhookConfiguration').map((o) => o.object);
    expect(hooks.map((h) => [h.metadata.name, h.webhooks[0].failurePolicy, h.webhooks[0].clientConfig.service])).toEqual([
      [
        'zen-watcher-status-integrity',
        'Fail',
        { namespace: 'plimsoll-system', name: 'plimsoll-admission-guard', port: 443, path: '/validate/status-integrity' },
      ],
    ]);
    const rule = objects(r, 'PrometheusRule')[0].object;
    for (const a of rule.spec.groups[1].rules) expect(a.labels).toEqual({ severity: 'warning', paging: 'false' });
  });

  it('prod-fsn: 2 replicas with a PDB minAvailable 1, production settings, the resolved API-server CIDRs, the status webhook failing closed', () => {
    const r = render('prod-fsn');
    const [d] = objects(r, 'Deployment').map((o) => o.object);
    expect(d.spec.replicas).toBe(2);
    expect(d.spec.template.spec.containers[0].resources).toEqual({ requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '512Mi' } });
    const [pdb] = objects(r, 'PodDisruptionBudget').map((o) => o.object);
    expect(pdb.spec.minAvailable).toBe(1);
    expect(pdb.spec.selector).toEqual(d.spec.selector);
    const np = objects(r, 'NetworkPolicy').find((o) => o.object.metadata.name === 'zen-watcher')!.object;
    expect(np.spec.egress[1].to.map((p: any) => p.ipBlock.cidr)).toEqual(['10.96.0.1/32', '10.48.0.10/32', '10.48.0.11/32', '10.48.0.12/32']);
    const hooks = objects(r, 'ValidatingWebhookConfiguration').map((o) => o.object);
    expect(hooks.map((h) => [h.metadata.name, h.webhooks[0].failurePolicy, h.webhooks[0].clientConfig.service])).toEqual([
      [
        'zen-watcher-status-integrity',
        'Fail',
        { namespace: 'plimsoll-system', name: 'plimsoll-admission-guard', port: 443, path: '/validate/status-integrity' },
      ],
    ]);
    const paging = objects(r, 'PrometheusRule')[0].object.spec.groups[1].rules.filter((a: any) => a.labels.paging === 'true');
    expect(paging.map((a: any) => a.alert)).toEqual(['ZenWatcherAvailabilityBudgetBurn']);
    expect(paging[0].expr).toContain('env="prod"');
  });

  it.each(['lab', 'prod-fsn'])('%s: only system:serviceaccount:zen-system:zen-watcher may update or patch */status', (name) => {
    const r = render(name);
    const roles = [...objects(r, 'ClusterRole'), ...objects(r, 'Role')].map((o) => o.object);
    const writes = (role: any) =>
      role.rules.some(
        (rule: any) => rule.resources.some((x: string) => x.endsWith('/status')) && rule.verbs.some((v: string) => v === 'update' || v === 'patch'),
      );
    const writers = new Set(roles.filter(writes).map((role) => `${role.kind}/${role.metadata.name}`));
    const subjects = [...objects(r, 'ClusterRoleBinding'), ...objects(r, 'RoleBinding')]
      .map((o) => o.object)
      .filter((b) => writers.has(`${b.roleRef.kind}/${b.roleRef.name}`))
      .flatMap((b) => b.subjects.map((s: any) => (s.kind === 'ServiceAccount' ? `system:serviceaccount:${s.namespace}:${s.name}` : `${s.kind}:${s.name}`)));
    expect(subjects).toEqual(['system:serviceaccount:zen-system:zen-watcher']);
  });

  it('every rendered PrometheusRule in dist/ passes promtool check rules', () => {
    if (requireTool(PROMTOOL) === 'skip') return;
    const rules = prometheusRulesIn(join(ROOT, 'dist')).filter((r) => r.object.metadata.name === 'zen-watcher');
    expect(rules.map((r) => r.file.replace(`${ROOT}/`, ''))).toEqual([
      'dist/lab/06-monitoring/prometheusrule_zen-system_zen-watcher.yaml',
      'dist/prod-fsn/06-monitoring/prometheusrule_zen-system_zen-watcher.yaml',
      'dist/prod-hel/06-monitoring/prometheusrule_zen-system_zen-watcher.yaml',
    ]);
    const result = promtoolCheck(rules.map((r) => r.object));
    expect(result.status, result.output).toBe(0);
    expect(result.rules).toBe(33);
  });
});

describe('Zen Watcher namespace sharding', () => {
  it('renders N independent instances: own Deployment, Service, PDB, Lease, WATCH_NAMESPACE and selector', () => {
    const r = render('prod-fsn', prodWith(SHARDS));
    const deployments = objects(r, 'Deployment').map((o) => o.object);
    expect(deployments.map((d) => d.metadata.name)).toEqual(['zen-watcher-dev', 'zen-watcher-platform', 'zen-watcher-prod']);
    const env = (d: any, key: string) => d.spec.template.spec.containers[0].env.find((e: any) => e.name === key)?.value;
    const byName = Object.fromEntries(deployments.map((d) => [d.metadata.name, d]));
    expect(env(byName['zen-watcher-prod'], 'WATCH_NAMESPACE')).toBe('production,prod-staging');
    expect(env(byName['zen-watcher-dev'], 'WATCH_NAMESPACE')).toBe('development,dev-staging');
    expect(env(byName['zen-watcher-platform'], 'WATCH_NAMESPACE')).toBe('kube-system');
    // events-10k-100k recommends 3 replicas; the dev shard asks for 2.
    expect(deployments.map((d) => d.spec.replicas)).toEqual([2, 3, 3]);
    for (const d of deployments) {
      expect(env(d, 'LEADER_ELECTION_ID')).toBe(`${d.metadata.name}-leader-election`);
      expect(d.spec.template.spec.containers[0].args).toEqual([`--leader-election-id=${d.metadata.name}-leader-election`]);
      expect(d.spec.template.spec.serviceAccountName).toBe('zen-watcher');
    }
    expect(objects(r, 'Lease').map((o) => o.object.metadata.name)).toEqual([
      'zen-watcher-dev-leader-election',
      'zen-watcher-platform-leader-election',
      'zen-watcher-prod-leader-election',
    ]);
    expect(objects(r, 'Service').map((o) => o.object.metadata.name)).toEqual(['zen-watcher-dev', 'zen-watcher-platform', 'zen-watcher-prod']);
    expect(objects(r, 'PodDisruptionBudget').map((o) => o.object.metadata.name)).toEqual(['zen-watcher-dev', 'zen-watcher-platform', 'zen-watcher-prod']);

    // Independent: each Service and PDB selects the pods of exactly one Deployment.
    const matches = (selector: Record<string, string>, labels: Record<string, string>) => Object.entries(selector).every(([k, v]) => labels[k] === v);
    for (const svc of objects(r, 'Service').map((o) => o.object)) {
      expect(deployments.filter((d) => matches(svc.spec.selector, d.spec.template.metadata.labels)).map((d) => d.metadata.name)).toEqual([svc.metadata.name]);
    }
    for (const pdb of objects(r, 'PodDisruptionBudget').map((o) => o.object)) {
      expect(deployments.filter((d) => matches(pdb.spec.selector.matchLabels, d.spec.template.metadata.labels)).map((d) => d.metadata.name)).toEqual([
        pdb.metadata.name,
      ]);
    }
    // One leader-election Role names every shard's Lease.
    const role = objects(r, 'Role').find((o) => o.object.metadata.name === 'zen-watcher-leader-election')!.object;
    expect(role.rules[1].resourceNames).toEqual([
      'zen-watcher-prod-leader-election',
      'zen-watcher-dev-leader-election',
      'zen-watcher-platform-leader-election',
    ]);
  });

  it('the sharded output validates clean under the platform policy', () => {
    const r = render('prod-fsn', prodWith(SHARDS));
    // With the waivers synth applies (policies/waivers.yaml), as synth validates it.
    const report = validateRendered(
      r,
      join(ROOT, 'dist'),
      { name: 'prod-fsn', tier: 'production' },
      loadPolicy(PLATFORM_POLICY),
      defaultRenderInputs().waivers,
    );
    // The Observer's host access is waived with its runbook reason; nothing else may be reported.
    expect(report.findings.filter((f) => !f.waived)).toEqual([]);
  });

  it('fails to load if two shards watch the same namespace, naming both shards and the namespace', () => {
    const dir = prodWith(`{
    pattern: 'sharded',
    shards: [
      { name: 'prod', namespaces: ['production', 'prod-staging'] },
      { name: 'staging', namespaces: ['prod-staging', 'qa'] },
    ],
  }`);
    const message = loadError(dir, 'prod-fsn');
    const line =
      readFileSync(join(dir, 'prod-fsn.ts'), 'utf8')
        .split('\n')
        .findIndex((l) => l.includes("'prod-staging', 'qa'")) + 1;
    expect(message).toContain(
      `prod-fsn.ts:${line}: /zenWatcher/shards/1/namespaces/0: got namespace "prod-staging" in shards "prod" and "staging", expected each namespace in one shard only`,
    );
  });

  it('fails to load if two shards have the same name', () => {
    const message = loadError(prodWith(`{ pattern: 'sharded', shards: [{ name: 'a', namespaces: ['x'] }, { name: 'a', namespaces: ['y'] }] }`), 'prod-fsn');
    expect(message).toContain('/zenWatcher/shards/1/name: got "a" again (shard 0 has it), expected a unique shard name');
  });

  it('fails to load if the sharded pattern has no shards', () => {
    expect(loadError(prodWith(`{ pattern: 'sharded' }`), 'prod-fsn')).toContain('/zenWatcher/shards: got no shards with pattern "sharded"');
  });

  it('fails to load if shards are given without the sharded pattern', () => {
    expect(loadError(prodWith(`{ pattern: 'replicated', shards: [{ name: 'a', namespaces: ['x'] }] }`), 'prod-fsn')).toContain(
      '/zenWatcher/shards: got 1 shard(s) with pattern "replicated", expected none',
    );
  });

  it('fails to load if a production shard runs one replica', () => {
    expect(loadError(prodWith(`{ pattern: 'sharded', shards: [{ name: 'a', namespaces: ['x'], replicas: 1 }] }`), 'prod-fsn')).toContain(
      '/zenWatcher/shards/0/replicas: got 1 for shard "a" in a production environment, expected at least 2',
    );
  });
});

describe('Zen Watcher environment invariants', () => {
  it('fails to load if production runs the single pattern', () => {
    expect(loadError(prodWith(`{ pattern: 'single' }`), 'prod-fsn')).toMatch(
      /prod-fsn\.ts:\d+: \/zenWatcher\/pattern: got "single" in a production environment, expected "replicated" or "sharded"/,
    );
  });

  it('fails to load if the replicated pattern has one replica', () => {
    expect(loadError(prodWith(`{ pattern: 'replicated', replicas: 1 }`), 'prod-fsn')).toContain(
      '/zenWatcher/replicas: got 1 with pattern "replicated", expected at least 2',
    );
  });

  it('fails to load if the single pattern asks for more replicas', () => {
    const dir = editedEnvironment('lab', (t) => t.replace("pattern: 'single',", "pattern: 'single', replicas: 3,"));
    expect(loadError(dir, 'lab')).toContain('/zenWatcher/replicas: got 3 with pattern "single", expected 1 or no replicas');
  });

  it('fails to load unless lease duration > renew deadline > retry period', () => {
    const message = loadError(prodWith(`{ leaderElection: { leaseDurationSeconds: 10, renewDeadlineSeconds: 15 } }`), 'prod-fsn');
    expect(message).toContain(
      '/zenWatcher/leaderElection: got leaseDurationSeconds 10, renewDeadlineSeconds 15, retryPeriodSeconds 2, expected lease duration > renew deadline > retry period',
    );
    expect(loadError(prodWith(`{ leaderElection: { retryPeriodSeconds: 10 } }`), 'prod-fsn')).toContain(
      'retryPeriodSeconds 10, expected lease duration > renew deadline > retry period',
    );
  });

  it("fails to load if production's status webhook fails open", () => {
    expect(loadError(prodWith(`{ statusAdmission: { enabled: true, failurePolicy: 'Ignore' } }`), 'prod-fsn')).toContain(
      '/zenWatcher/statusAdmission/failurePolicy: got "Ignore" in a production environment, expected "Fail"',
    );
  });

  it("fails to load an unknown resource profile, listing the guide's", () => {
    expect(loadError(prodWith(`{ resourceProfile: 'huge' }`), 'prod-fsn')).toContain(
      '/zenWatcher/resourceProfile: got "huge", expected one of "events-lt-1k", "events-1k-10k", "events-10k-100k", "events-gt-100k", "production", "development"',
    );
  });

  it('production with the status webhook enabled renders it failing closed in the admission stage', () => {
    const r = render('prod-fsn', prodWith(`{ statusAdmission: { enabled: true } }`));
    const [hook] = objects(r, 'ValidatingWebhookConfiguration');
    expect(hook.stage?.id).toBe('admission');
    expect(hook.object.webhooks[0].failurePolicy).toBe('Fail');
  });

  it('disabled: nothing of Zen Watcher is rendered', () => {
    const r = render('prod-fsn', prodWith(`{ enabled: false }`));
    expect(JSON.stringify(r.objects)).not.toContain('zen-watcher');
  });

  it("settings are the schema's defaults where the environment says nothing, the same the loader fills in", () => {
    const expected = {
      enabled: true,
      resourceProfile: 'production',
      pattern: 'replicated',
      cleanup: { enabled: true, schedule: '0 2 * * *', timeZone: 'Etc/UTC', ttlDays: 7 },
      leaderElection: { leaseDurationSeconds: 15, renewDeadlineSeconds: 10, retryPeriodSeconds: 2 },
      monitoringNamespace: 'monitoring',
      webhookSourceNamespaces: [],
      apiServerPorts: [443, 6443],
      runbookBaseUrl: 'https://github.com/kube-zen/zen-watcher/blob/main/docs',
      statusAdmission: {
        enabled: false,
        failurePolicy: 'Fail',
        timeoutSeconds: 5,
        serviceNamespace: 'plimsoll-system',
        serviceName: 'plimsoll-admission-guard',
        servicePort: 443,
        path: '/validate/status-integrity',
      },
    };
    const { env } = loadEnvironment('prod-fsn', prodWith('{}'));
    expect(env.zenWatcher).toEqual(expected);
    const { zenWatcher: _, ...bare } = structuredClone(env) as typeof env;
    expect(zenWatcherSettings(bare)).toEqual(expected);
  });
});
