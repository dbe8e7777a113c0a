import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GslbRecords, type GslbRecordsProps } from '../../../src/systems/sre';
import { ROOT } from '../../helpers/cli';
import { PEERS, synth } from './helpers';

const ADDRESSES: GslbRecordsProps['addresses'] = [
  { environment: 'prod-fsn', clusterId: 'hz-fsn-rtz-prod', address: '203.0.113.10' },
  { environment: 'prod-hel', clusterId: 'hz-hel-rtz-prod', address: '198.51.100.10' },
];

function records(props: Partial<GslbRecordsProps> = {}) {
  let built!: GslbRecords;
  const { files } = synth((chart) => {
    built = new GslbRecords(chart, 'gslb', { zone: 'example.com', hosts: [{ name: 'app.example.com' }], addresses: ADDRESSES, ...props });
  });
  return { built, files: new Map(files.map((f) => [f.path, f])) };
}

describe('GslbRecords', () => {
  it('defaults: one ifurlup LUA record across every peer address, TTL 30, rendered as zone fragment and API payload', () => {
    const { built, files } = records();
    expect([...files.keys()]).toEqual(['gslb/example.com.zone', 'gslb/example.com.rrsets.json']);
    expect(built.records).toEqual([
      {
        name: 'app.example.com.',
        type: 'A',
        snippet:
          "ifurlup('https://app.example.com/healthz', {{'198.51.100.10', '203.0.113.10'}}, {selector='all', backupSelector='all', timeout='2', interval='5', minimumFailures='2'})",
        content: `A "ifurlup('https://app.example.com/healthz', {{'198.51.100.10', '203.0.113.10'}}, {selector='all', backupSelector='all', timeout='2', interval='5', minimumFailures='2'})"`,
      },
    ]);
    const zone = files.get('gslb/example.com.zone')!;
    expect(zone.type).toBe('powerdns-zone-fragment');
    expect(zone.content).toContain(`app.example.com. 30 IN LUA A "${built.records[0].snippet}"`);
    expect(zone.content).toContain(';   prod-fsn (hz-fsn-rtz-prod): 203.0.113.10');
    const api = files.get('gslb/example.com.rrsets.json')!;
    expect(api.type).toBe('powerdns-api-payload');
    expect(JSON.parse(api.content)).toEqual({
      rrsets: [{ name: 'app.example.com.', type: 'LUA', ttl: 30, changetype: 'REPLACE', records: [{ content: built.records[0].content, disabled: false }] }],
    });
  });

  it('custom: pickclosest per host, AAAA for IPv6 peers, stringmatch, TTL 60, the same bytes whatever the input order', () => {
    const props: Partial<GslbRecordsProps> = {
      ttlSeconds: 60,
      hosts: [{ name: 'www.example.com', selector: 'pickclosest' }, { name: 'api.example.com' }],
      addresses: [...ADDRESSES, { environment: 'prod-hel', clusterId: 'hz-hel-rtz-prod', address: '2001:db8:20::10' }],
      healthCheck: { path: '/readyz', stringmatch: 'ok', minimumFailures: 3 },
      backupSelector: 'random',
    };
    const { built, files } = records(props);
    expect(built.records.map((r) => `${r.name} ${r.type}`)).toEqual([
      'api.example.com. A',
      'api.example.com. AAAA',
      'www.example.com. A',
      'www.example.com. AAAA',
    ]);
    expect(built.records[2].snippet).toBe(
      "ifurlup('https://www.example.com/readyz', {{'198.51.100.10', '203.0.113.10'}}, {selector='pickclosest', backupSelector='random', timeout='2', interval='5', minimumFailures='3', stringmatch='ok'})",
    );
    expect(built.records[3].snippet).toContain("{{'2001:db8:20::10'}}");
    expect(files.get('gslb/example.com.zone')!.content).toMatch(/^www\.example\.com\. 60 IN LUA AAAA /m);
    const reversed = records({ ...props, hosts: [...props.hosts!].reverse(), addresses: [...props.addresses!].reverse() });
    expect(reversed.files.get('gslb/example.com.zone')!.content).toBe(files.get('gslb/example.com.zone')!.content);
    expect(reversed.files.get('gslb/example.com.rrsets.json')!.content).toBe(files.get('gslb/example.com.rrsets.json')!.content);
  });

  it('splits a record longer than 255 characters into strings PowerDNS joins', () => {
    const many = Array.from({ length: 20 }, (_, i) => ({ environment: `prod-${i}`, clusterId: `c${i}`, address: `192.0.2.${i + 1}` }));
    const { built, files } = records({ addresses: many });
    const line = files
      .get('gslb/example.com.zone')!
      .content.split('\n')
      .find((l) => l.startsWith('app.example.com.'))!;
    const strings = [...line.matchAll(/"([^"]*)"/g)].map((m) => m[1]);
    expect(strings.length).toBeGreaterThan(1);
    expect(strings.every((s) => s.length <= 255)).toBe(true);
    expect(strings.join('')).toBe(built.records[0].snippet);
    expect(line).toMatch(/LUA A \( ".*" \)$/);
  });

  it('fails if the TTL is above 60 s (the shipshape runbook rule)', () => {
    expect(() => records({ ttlSeconds: 61 })).toThrow('GslbRecords: ttlSeconds must be 1..60 (shipshape runbook: DNS failover TTL <= 60 seconds), got 61');
  });

  it('fails if a host is outside the zone, an address is not an IP, or two peers claim one address', () => {
    expect(() => records({ hosts: [{ name: 'app.example.net' }] })).toThrow('host app.example.net is not inside zone example.com');
    expect(() => records({ addresses: [{ environment: 'x', clusterId: 'x', address: 'lb.example.com' }] })).toThrow(
      'x address "lb.example.com" is not an IP address',
    );
    expect(() => records({ addresses: [...ADDRESSES, { environment: 'prod-hel', clusterId: 'hz-hel-rtz-prod', address: '203.0.113.10' }] })).toThrow(
      'address 203.0.113.10 is claimed by prod-fsn and prod-hel',
    );
  });
});

describe('GSLB records of the shipped peers', () => {
  const read = (env: string, file: string) => readFileSync(join(ROOT, 'dist', env, 'gslb', file), 'utf8');

  it('are byte-identical in prod-fsn and prod-hel and listed in manifest.json as artifacts', () => {
    for (const file of ['shipshape.example.com.zone', 'shipshape.example.com.rrsets.json']) expect(read('prod-hel', file)).toBe(read('prod-fsn', file));
    for (const env of PEERS) {
      const manifest = JSON.parse(readFileSync(join(ROOT, 'dist', env, 'manifest.json'), 'utf8'));
      expect(manifest.artifacts.map((a: { path: string; type: string }) => `${a.type} ${a.path}`)).toEqual([
        'alertmanager-config alertmanager/alertmanager.yaml',
        'powerdns-api-payload gslb/shipshape.example.com.rrsets.json',
        'powerdns-zone-fragment gslb/shipshape.example.com.zone',
      ]);
      expect(manifest.files.map((f: { path: string }) => f.path)).toContain('gslb/shipshape.example.com.zone');
      // Not a stage: no kustomization lists it, no Flux Kustomization points at it.
      expect(readFileSync(join(ROOT, 'dist', env, 'ORDER'), 'utf8')).not.toContain('gslb');
    }
  });

  it('health-check both peers for each public host, the closest healthy peer for prod, with TTL 30', () => {
    const payload = JSON.parse(read('prod-fsn', 'shipshape.example.com.rrsets.json'));
    expect(payload.rrsets.map((r: any) => [r.name, r.type, r.ttl, r.changetype])).toEqual([
      ['prod.helloworld.shipshape.example.com.', 'LUA', 30, 'REPLACE'],
      ['test.helloworld.shipshape.example.com.', 'LUA', 30, 'REPLACE'],
    ]);
    const [prodA, prodAAAA] = payload.rrsets[0].records.map((r: any) => r.content);
    expect(prodA).toBe(
      `A "ifurlup('https://prod.helloworld.shipshape.example.com/healthz', {{'198.51.100.10', '203.0.113.10'}}, {selector='pickclosest', backupSelector='all', timeout='2', interval='5', minimumFailures='2'})"`,
    );
    expect(prodAAAA).toContain("{{'2001:db8:10::10', '2001:db8:20::10'}}");
    expect(payload.rrsets[1].records[0].content).toContain("selector='all'");
  });

  it('the lab (no peers) renders none', () => {
    expect(() => read('lab', 'shipshape.example.com.zone')).toThrow(/ENOENT/);
  });
});
