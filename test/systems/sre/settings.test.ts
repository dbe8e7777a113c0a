import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadEnvironment } from '../../../src/environments/load-environment';
import { sreSettings } from '../../../src/systems/sre/settings';
import { editedEnvironments, inSre, loadError } from './helpers';

/** The line of `needle` in the edited overlay, for file:line assertions. */
function lineOf(dir: string, name: string, needle: string): number {
  return (
    readFileSync(join(dir, `${name}.ts`), 'utf8')
      .split('\n')
      .findIndex((l) => l.includes(needle)) + 1
  );
}

describe('sre settings', () => {
  it('defaults to the handbook values when an environment says nothing', () => {
    const { env } = loadEnvironment('lab');
    const { sre: _, ...bare } = structuredClone(env) as typeof env;
    const s = sreSettings(bare);
    expect(s.namespace).toBe('catalyst-system');
    expect(s.peers).toEqual([]);
    expect(s.gslb).toMatchObject({
      enabled: false,
      ttlSeconds: 30,
      selector: 'all',
      backupSelector: 'all',
      healthCheck: { path: '/healthz', timeoutSeconds: 2, intervalSeconds: 5, minimumFailures: 2 },
    });
    // Handbook §2.4: renew every 10 s, TTL 30 s; 2-of-3 quorum of 8.8.8.8, 1.1.1.1, 9.9.9.9.
    expect(s.failover.lease).toEqual({ renewSeconds: 10, ttlSeconds: 30 });
    expect(s.failover.dnsQuorum).toEqual({ resolvers: ['8.8.8.8', '1.1.1.1', '9.9.9.9'], required: 2 });
    expect(s.failover.witness.provider).toBe('cloudflare-kv');
    // Handbook §12 and the shipshape routing matrix.
    expect(s.alerting).toMatchObject({
      enabled: false,
      namespace: 'monitoring',
      automation: { receiver: 'gitea-actions', credentialsFile: '/etc/alertmanager/gitea-token' },
      groupBy: ['alertname', 'namespace'],
      groupWait: '30s',
      criticalGroupWait: '10s',
      matrix: {
        namespace: 'shipshape',
        warning: { receiver: 'shipshape-warning', slackChannel: '#shipshape-oncall' },
        critical: { receiver: 'shipshape-critical', pagerDutyService: 'shipshape-prod', slackChannel: '#shipshape-incidents' },
      },
    });
    expect(s.gpu).toMatchObject({ enabled: false, product: 'NVIDIA-A10', utilizationLowPercent: 30 });
    expect(s.compliance.gdpr).toMatchObject({ enabled: false, dataSubjectRequests: '0 2 * * *', retention: '0 3 * * 0' });
    expect(s.airGap).toEqual({ enabled: false });
  });

  it('ships prod-fsn and prod-hel as peers with GSLB, the witness lease and alert routing', () => {
    const fsn = sreSettings(loadEnvironment('prod-fsn').env);
    const hel = sreSettings(loadEnvironment('prod-hel').env);
    expect(loadEnvironment('prod-hel').env.clusterId).toBe('hz-hel-rtz-prod');
    expect(fsn.peers).toEqual(['prod-hel']);
    expect(hel.peers).toEqual(['prod-fsn']);
    for (const s of [fsn, hel]) {
      expect(s.gslb).toMatchObject({ enabled: true, zone: 'shipshape.example.com', ttlSeconds: 30, hostSelectors: { prod: 'pickclosest' } });
      expect(s.failover.lease).toEqual({ renewSeconds: 10, ttlSeconds: 30 });
      expect(s.alerting.enabled).toBe(true);
    }
  });
});

describe('sre invariants', () => {
  it('fails if the DNS failover TTL is above 60 s, naming file, line, path and the runbook rule', () => {
    const dir = editedEnvironments('base/production', (t) => t.replace('ttlSeconds: 30, selector', 'ttlSeconds: 61, selector'));
    const message = loadError(dir, 'prod-fsn');
    expect(message).toContain(
      `base/production.ts:${lineOf(dir, 'base/production', 'ttlSeconds: 61')} (shared base of prod-fsn): /sre/gslb/ttlSeconds: got 61, expected at most 60 (shipshape runbook, Multi-Cluster / Multi-Region Strategy: keep DNS failover TTL <= 60 seconds for ingress hostnames)`,
    );
  });

  it('accepts a TTL of exactly 60 s', () => {
    const dir = editedEnvironments('base/production', (t) => t.replace('ttlSeconds: 30, selector', 'ttlSeconds: 60, selector'));
    expect(sreSettings(loadEnvironment('prod-fsn', dir).env).gslb.ttlSeconds).toBe(60);
  });

  it('fails if the witness lease TTL is not more than twice the renewal interval', () => {
    const dir = editedEnvironments('base/production', (t) =>
      t.replace('lease: { renewSeconds: 10, ttlSeconds: 30 }', 'lease: { renewSeconds: 10, ttlSeconds: 20 }'),
    );
    expect(loadError(dir, 'prod-fsn')).toMatch(
      /base\/production\.ts:\d+ \(shared base of prod-fsn\): \/sre\/failover\/lease\/ttlSeconds: got 20 with renewSeconds 10, expected more than 20 \(TTL > renew x 2/,
    );
  });

  it('fails if the DNS quorum is not a majority of the resolvers', () => {
    const dir = editedEnvironments('base/production', (t) =>
      t.replace("mode: 'automatic',", "mode: 'automatic',\n      dnsQuorum: { resolvers: ['8.8.8.8', '1.1.1.1', '9.9.9.9'], required: 1 },"),
    );
    expect(loadError(dir, 'prod-fsn')).toContain('/sre/failover/dnsQuorum/required: got 1 of 3 resolvers, expected a majority');
  });

  it('fails if a cluster is named by its failover role', () => {
    const dir = editedEnvironments('prod-hel', (t) => t.replace("clusterId: 'hz-hel-rtz-prod'", "clusterId: 'hz-hel-dr'"));
    expect(loadError(dir, 'prod-hel')).toContain('/clusterId: got "hz-hel-dr", expected a name by building block and location without the failover role "dr"');
  });

  it('fails if an environment lists itself as a peer', () => {
    const dir = editedEnvironments('prod-fsn', (t) => t.replace("peers: ['prod-hel']", "peers: ['prod-hel', 'prod-fsn']"));
    expect(loadError(dir, 'prod-fsn')).toContain('/sre/peers/1: got "prod-fsn", expected another environment');
  });

  it('fails if a production environment with peers has no GSLB records or no witness', () => {
    const dir = editedEnvironments('base/production', (t) => t.replace('gslb: { enabled: true,', 'gslb: { enabled: false,').replace(/witness: \{[^}]*\},/, ''));
    const message = loadError(dir, 'prod-fsn');
    expect(message).toContain('/sre/gslb/enabled: got false in a production environment with peers, expected true');
    expect(message).toContain('/sre/failover/witness: got no endpoint in an environment with peers');
  });

  it('fails if a public host is outside the GSLB zone', () => {
    const dir = editedEnvironments('base/production', (t) => t.replace("zone: 'shipshape.example.com'", "zone: 'other.example.net'"));
    const message = loadError(dir, 'prod-fsn');
    expect(message).toContain('/hostnames/prod: got "prod.helloworld.shipshape.example.com", expected a host inside the GSLB zone "other.example.net"');
    expect(message).toContain('/hostnames/test:');
  });

  it('fails if GSLB is enabled without ingress addresses', () => {
    const dir = editedEnvironments('prod-fsn', (t) => t.replace("ingressAddresses: ['203.0.113.10', '2001:db8:10::10'],", 'ingressAddresses: [],'));
    expect(loadError(dir, 'prod-fsn')).toContain(
      "/sre/ingressAddresses: got none with gslb enabled, expected the public addresses of this cluster's ingress gateway",
    );
  });

  it('fails if an ingress address is not an IP address (schema)', () => {
    const dir = editedEnvironments('prod-fsn', (t) => t.replace("'203.0.113.10', '2001", "'ingress.example.com', '2001"));
    expect(loadError(dir, 'prod-fsn')).toMatch(/\/sre\/ingressAddresses\/0/);
  });

  it('fails if alerting is enabled without the automation endpoint', () => {
    const dir = editedEnvironments('lab', (t) =>
      t.replace("automation: { url: 'https://gitea.lab.acme.example/api/v1/repos/acme/platform/actions/dispatches' }", 'automation: {}'),
    );
    expect(loadError(dir, 'lab')).toContain('/sre/alerting/automation: got no url with alerting enabled, expected the Gitea Actions dispatch endpoint');
  });

  it('fails if an air-gapped environment names no registry or is not sealed', () => {
    const dir = editedEnvironments('lab', inSre('airGap: { enabled: true },'));
    const message = loadError(dir, 'lab');
    expect(message).toContain('/sre/airGap: got no registry with airGap enabled');
    expect(message).toContain('/runtime/sealed: got false in an air-gapped environment (sre.airGap.enabled), expected true');
  });
});
