import { describe, expect, it } from 'vitest';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { Runbook, RunbookCrd, RUNBOOK_CATALOG, runbooksFor, type RunbookDefinition } from '../../../src/systems/sre';
import { plimsoll, ROOT, tempDir } from '../../helpers/cli';
import { objectsIn, only, SHIPPED, sreObjects, synth } from './helpers';

/** The handbook's §14 example, verbatim. */
const HANDBOOK_EXAMPLE = parse(`
apiVersion: catalyst.openova.io/v1alpha1
kind: Runbook
metadata:
  name: openbao-sealed
  namespace: catalyst-system
spec:
  triggers:
    - alertName: OpenBaoSealed
  preconditions:
    - check: spire.server.healthy
    - check: openbao.unseal.shamir.shares.available
  steps:
    - run: openbao operator unseal --auto-shamir
    - verify: openbao.status.sealed == false
  rollback: page-oncall
`);

const definition = (name: string) => RUNBOOK_CATALOG.find((r) => r.name === name)!;
const runbook = (d: RunbookDefinition, labels?: Record<string, string>) =>
  only(synth((chart) => new Runbook(chart, 'rb', { namespace: 'catalyst-system', definition: d, labels })).objects, 'Runbook');

/** Validates `objects` with the platform policy as one inventory; returns the JSON report. */
async function validate(objects: unknown[]): Promise<any> {
  const dir = tempDir('plimsoll-runbook-');
  objects.forEach((o, i) => writeFileSync(join(dir, `${i}.yaml`), stringify(o)));
  return JSON.parse((await plimsoll(['validate', dir, '--format', 'json', '--policy', join(ROOT, 'policies/platform.yaml')])).stdout);
}

describe('RunbookCrd', () => {
  it('defaults: runbooks.catalyst.openova.io, namespaced v1alpha1 with a strict schema and the status subresource', () => {
    const crd = only(synth((chart) => new RunbookCrd(chart, 'crd')).objects, 'CustomResourceDefinition');
    expect(crd.metadata.name).toBe('runbooks.catalyst.openova.io');
    expect(crd.spec).toMatchObject({ group: 'catalyst.openova.io', scope: 'Namespaced', names: { kind: 'Runbook', plural: 'runbooks', singular: 'runbook' } });
    const [version] = crd.spec.versions;
    expect(version).toMatchObject({ name: 'v1alpha1', served: true, storage: true, subresources: { status: {} } });
    const spec = version.schema.openAPIV3Schema.properties.spec;
    expect(spec.required).toEqual(['triggers', 'steps', 'rollback']);
    expect(Object.keys(spec.properties).sort()).toEqual(['component', 'description', 'preconditions', 'rollback', 'severity', 'steps', 'triggers']);
    expect(spec.properties.steps.items).toMatchObject({ minProperties: 1, maxProperties: 1 });
  });

  it('custom: labels', () => {
    const crd = only(synth((chart) => new RunbookCrd(chart, 'crd', { labels: { 'app.kubernetes.io/name': 'runbooks' } })).objects, 'CustomResourceDefinition');
    expect(crd.metadata.labels).toEqual({ 'app.kubernetes.io/name': 'runbooks' });
  });

  it("accepts the handbook's example under the strict schema rule, and rejects a step that both runs and verifies", async () => {
    const crd = only(synth((chart) => new RunbookCrd(chart, 'crd')).objects, 'CustomResourceDefinition');
    const schemaFindings = (report: any) => report.findings.filter((f: any) => f.rule === 'schema').map((f: any) => `${f.object.name} ${f.path}: ${f.message}`);
    expect(schemaFindings(await validate([crd, HANDBOOK_EXAMPLE]))).toEqual([]);
    const bad = structuredClone(HANDBOOK_EXAMPLE);
    bad.spec.steps[0].verify = 'openbao.status.sealed == false';
    bad.spec.triggers[0].alertName = 'OpenBao Sealed';
    const findings = schemaFindings(await validate([crd, bad]));
    expect(findings.some((f: string) => f.startsWith('openbao-sealed /spec/steps/0'))).toBe(true);
    expect(findings.some((f: string) => f.startsWith('openbao-sealed /spec/triggers/0/alertName'))).toBe(true);
  });
});

describe('Runbook', () => {
  it("defaults: openbao-sealed renders the handbook's §14 example", () => {
    const o = runbook(definition('openbao-sealed'));
    expect(o.apiVersion).toBe(HANDBOOK_EXAMPLE.apiVersion);
    expect(o.metadata).toEqual(HANDBOOK_EXAMPLE.metadata);
    expect(o.spec).toMatchObject(HANDBOOK_EXAMPLE.spec);
    expect(o.spec.severity).toBe('P1');
  });

  it('custom: labels and extra triggers', () => {
    const d = definition('high-latency');
    const o = runbook({ ...d, triggers: [...d.triggers, { alertName: 'ApiP95LatencySloBreach' }] }, { 'app.kubernetes.io/name': 'high-latency' });
    expect(o.metadata.labels).toEqual({ 'app.kubernetes.io/name': 'high-latency' });
    expect(o.spec.triggers).toEqual([{ alertName: 'HighLatency' }, { alertName: 'ApiP95LatencySloBreach' }]);
    expect(o.spec.steps).toEqual([{ run: 'Scale service' }, { verify: 'Check latency' }]);
    expect(o.spec.rollback).toBe('page-oncall');
  });

  it("has one Runbook per row of the handbook's alert-to-action tables (§4.2)", () => {
    const rows = (component: string) =>
      RUNBOOK_CATALOG.filter((r) => r.component === component).map((r) => `${r.triggers[0].alertName}: ${r.steps[0].run} / ${r.steps[1].verify}`);
    expect(rows('catalyst-control-plane')).toEqual([
      'HighMemoryUsage: Scale up deployment / Check memory',
      'PodCrashLoopBackOff: Restart pod / Check pod status',
      'HighErrorRate: Trigger rollback / Check error rate',
      'DatabaseConnectionExhausted: Restart PgBouncer / Check connections',
      'CertificateExpiringSoon: Trigger renewal / Check expiry',
      'HighLatency: Scale service / Check latency',
      'GslbEndpointDown: Check PowerDNS lua-record probe state (`pdnsutil get-meta`) / `dig` the GSLB host and verify the unhealthy backend IP is absent from the response',
      'OpenBaoSealed: openbao operator unseal --auto-shamir / openbao.status.sealed == false',
      'JetstreamLagHigh: Add JetStream consumer replica / Check consumer lag',
    ]);
    expect(rows('ai-hub')).toEqual([
      'VLLMHighLatency: Scale vLLM replicas / Check inference latency',
      'VLLMOOMKilled: Reduce batch size / Check memory',
      'GPUUtilizationLow: Scale down GPU pods / Check utilization',
      'GPUMemoryExhausted: Evict low-priority jobs / Check GPU memory',
      'MilvusQuerySlow: Rebuild index / Check query latency',
      'EmbeddingQueueBacklog: Scale BGE replicas / Check queue depth',
      'RAGRetrievalEmpty: Alert + log / Check retrieval quality',
      'LLMGatewayQuotaExhausted: Notify user / Check quota',
    ]);
    expect(rows('open-banking')).toEqual([
      'KeycloakHighLatency: Scale Keycloak / Check auth latency',
      'QuotaServiceDown: Failover to backup / Check quota service',
      'BillingWebhookFailed: Retry with backoff / Check webhook status',
      'TPPCertExpiring: Alert sovereign-admin team / Check certificate',
    ]);
    expect(new Set(RUNBOOK_CATALOG.map((r) => r.name)).size).toBe(RUNBOOK_CATALOG.length);
    expect(runbooksFor(new Set(['open-banking'])).map((r) => r.name)).toEqual([
      'keycloak-high-latency',
      'quota-service-down',
      'billing-webhook-failed',
      'tpp-cert-expiring',
    ]);
  });

  it('fails if a step both runs and verifies, a trigger is not an alert name, or there is no step', () => {
    const d = definition('high-latency');
    expect(() => runbook({ ...d, steps: [{ run: 'x', verify: 'y' }] })).toThrow('Runbook high-latency: step 0 must have exactly one of run or verify');
    expect(() => runbook({ ...d, triggers: [{ alertName: 'High Latency' }] })).toThrow('trigger "High Latency" is not an alert name');
    expect(() => runbook({ ...d, steps: [] })).toThrow('Runbook high-latency: needs at least one step');
  });
});

describe('runbook links', () => {
  it.each(SHIPPED)('%s: the CRD and the control-plane Runbooks ship in catalyst-system', (env) => {
    const objects = sreObjects(env);
    expect(objects.filter((o) => o.kind === 'CustomResourceDefinition').map((o) => o.metadata.name)).toEqual(['runbooks.catalyst.openova.io']);
    const runbooks = objects.filter((o) => o.kind === 'Runbook');
    expect(runbooks.map((o) => o.metadata.name).sort()).toEqual(
      runbooksFor(new Set(['catalyst-control-plane']))
        .map((r) => r.name)
        .sort(),
    );
    expect(new Set(runbooks.map((o) => o.metadata.namespace))).toEqual(new Set(['catalyst-system']));
  });

  it("every alert in dist/ links a Runbook object or a heading in docs/runbooks (the platform policy's alert-runbook)", async () => {
    let alerts = 0;
    for (const env of SHIPPED) {
      const objects = objectsIn(join(ROOT, 'dist', env)).map((o) => o.object);
      const runbooks = new Set(objects.filter((o) => o.kind === 'Runbook').map((o) => o.metadata.name));
      for (const rule of objects.filter((o) => o.kind === 'PrometheusRule')) {
        for (const r of rule.spec.groups.flatMap((g: any) => g.rules).filter((r: any) => r.alert)) {
          alerts++;
          const url: string = r.annotations.runbook_url;
          if (url.startsWith('runbook://')) expect(runbooks.has(url.slice('runbook://'.length)), `${env} ${r.alert} ${url}`).toBe(true);
          else if (url.startsWith('https://git.acme.example/platform/plimsoll/blob/main/docs/runbooks/')) {
            const [file, anchor] = url.slice('https://git.acme.example/platform/plimsoll/blob/main/docs/runbooks/'.length).split('#');
            expect(readFileSync(join(ROOT, 'docs/runbooks', file), 'utf8').length, url).toBeGreaterThan(0);
            expect(anchor, url).toBeTruthy();
          } else
            expect(url, `${env} ${r.alert}: only the Zen Watcher guide links outside this repository`).toMatch(
              /^https:\/\/github\.com\/kube-zen\/zen-watcher\//,
            );
        }
      }
      const report = JSON.parse(
        (await plimsoll(['validate', join(ROOT, 'dist', env), '--format', 'json', '--policy', join(ROOT, 'policies/platform.yaml')])).stdout,
      );
      expect(report.findings.filter((f: any) => f.rule === 'alert-runbook')).toEqual([]);
    }
    expect(alerts).toBeGreaterThan(100);
  });

  it('fails if an alert links a Runbook that is not rendered or a heading that does not exist', async () => {
    const dir = tempDir('plimsoll-links-');
    cpSync(join(ROOT, 'dist/prod-fsn'), join(dir, 'prod-fsn'), { recursive: true });
    const file = join(dir, 'prod-fsn/06-monitoring/prometheusrule_catalyst-system_slo-catalyst-control-plane.yaml');
    const text = readFileSync(file, 'utf8');
    expect(text).toContain('runbook_url: runbook://high-latency');
    expect(text).toContain('sre.md#catalyst-control-plane-slos');
    writeFileSync(file, text.replace('runbook://high-latency', 'runbook://slow-api').replace('sre.md#catalyst-control-plane-slos', 'sre.md#control-plane'));
    const r = await plimsoll(['validate', join(dir, 'prod-fsn'), '--format', 'json', '--policy', join(ROOT, 'policies/platform.yaml')]);
    expect(r.status).toBe(1);
    const messages = JSON.parse(r.stdout)
      .findings.filter((f: any) => f.rule === 'alert-runbook')
      .map((f: any) => f.message);
    expect(messages).toContain('alert ApiP95LatencySloBreach links Runbook "slow-api", which is not in the inventory');
    expect(messages.some((m: string) => /links #control-plane, which is not a heading in docs\/runbooks\/sre\.md/.test(m))).toBe(true);
  });
});
