/**
 * Global traffic for peer clusters (SRE handbook §2.1-§2.2; MULTI-REGION-DNS): one PowerDNS LUA record per public
 * host and address family, answering with the healthy ingress addresses of every peer:
 *
 *   prod.helloworld.example.com. 30 IN LUA A "ifurlup('https://prod.helloworld.example.com/healthz',
 *     {{'198.51.100.10', '203.0.113.10'}}, {selector='pickclosest', backupSelector='all', ...})"
 *
 * `ifurlup` fetches the URL from each address (200 = up) and leaves failed addresses out of the answer, so a peer
 * that goes down drops out of DNS within the check interval plus the TTL (at most 60 s: the shipshape runbook's DNS
 * failover rule). All peers sit in one address set: they are symmetric, none is primary. Rendered as a zone
 * fragment and as the PowerDNS API payload (PATCH /api/v1/servers/<id>/zones/<zone>.), byte-identical in every
 * peer's output. PowerDNS must have `enable-lua-records` on (or the zone's ENABLE-LUA-RECORDS metadata set to 1).
 */
import { isIPv4, isIPv6 } from 'node:net';
import { Construct } from 'constructs';
import { RenderedFile } from '../../constructs/common/rendered-file';

export type LuaSelector = 'all' | 'pickclosest' | 'random' | 'hashed';

export interface GslbAddress {
  /** The environment the address belongs to (for the record comments). */
  readonly environment: string;
  /** Its cluster. */
  readonly clusterId: string;
  readonly address: string;
}

export interface GslbHost {
  /** Public host name (inside the zone). */
  readonly name: string;
  /**
   * How ifurlup picks among healthy addresses.
   * @default 'all'
   */
  readonly selector?: LuaSelector;
}

export interface GslbRecordsProps {
  /** Zone PowerDNS is authoritative for. */
  readonly zone: string;
  readonly hosts: readonly GslbHost[];
  /** Every peer's ingress addresses, this cluster's included. */
  readonly addresses: readonly GslbAddress[];
  /**
   * Record TTL in seconds; at most 60.
   * @default 30
   */
  readonly ttlSeconds?: number;
  /**
   * Answer when every address is down.
   * @default 'all'
   */
  readonly backupSelector?: LuaSelector;
  /**
   * The health check each address gets.
   * @default - GET /healthz, 2 s timeout, every 5 s, out after 2 failures
   */
  readonly healthCheck?: {
    readonly path?: string;
    readonly timeoutSeconds?: number;
    readonly intervalSeconds?: number;
    readonly minimumFailures?: number;
    readonly stringmatch?: string;
  };
  /**
   * PowerDNS API server id.
   * @default 'localhost'
   */
  readonly serverId?: string;
}

export const MAX_DNS_FAILOVER_TTL = 60;
/** Longest character-string in a zone file (and in AXFR): longer LUA contents are split into several. */
const MAX_STRING = 255;

const fqdn = (name: string) => (name.endsWith('.') ? name : `${name}.`);
const luaString = (s: string) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

export interface LuaRecord {
  readonly name: string;
  readonly type: 'A' | 'AAAA';
  /** The LUA record's content: `<type> "<lua snippet>"`. */
  readonly content: string;
  readonly snippet: string;
}

export class GslbRecords extends Construct {
  public readonly records: readonly LuaRecord[];
  public readonly zoneFile: RenderedFile;
  public readonly apiPayload: RenderedFile;
  public readonly ttlSeconds: number;

  constructor(scope: Construct, id: string, props: GslbRecordsProps) {
    super(scope, id);
    const ttl = props.ttlSeconds ?? 30;
    if (!Number.isInteger(ttl) || ttl < 1 || ttl > MAX_DNS_FAILOVER_TTL) {
      throw new Error(`GslbRecords: ttlSeconds must be 1..${MAX_DNS_FAILOVER_TTL} (shipshape runbook: DNS failover TTL <= 60 seconds), got ${ttl}`);
    }
    const zone = props.zone.replace(/\.$/, '');
    if (!props.hosts.length) throw new Error('GslbRecords: no hosts given');
    for (const h of props.hosts) {
      if (h.name !== zone && !h.name.endsWith(`.${zone}`)) throw new Error(`GslbRecords: host ${h.name} is not inside zone ${zone}`);
    }
    for (const a of props.addresses)
      if (!isIPv4(a.address) && !isIPv6(a.address)) throw new Error(`GslbRecords: ${a.environment} address "${a.address}" is not an IP address`);
    const seen = new Map<string, string>();
    for (const a of props.addresses) {
      const other = seen.get(a.address);
      if (other && other !== a.environment) throw new Error(`GslbRecords: address ${a.address} is claimed by ${other} and ${a.environment}`);
      seen.set(a.address, a.environment);
    }
    const hc = { path: '/healthz', timeoutSeconds: 2, intervalSeconds: 5, minimumFailures: 2, ...props.healthCheck };
    if (!hc.path.startsWith('/')) throw new Error(`GslbRecords: healthCheck.path must start with /, got "${hc.path}"`);
    const backup = props.backupSelector ?? 'all';
    this.ttlSeconds = ttl;

    const families = [
      { type: 'A' as const, addresses: [...new Set(props.addresses.filter((a) => isIPv4(a.address)).map((a) => a.address))].sort() },
      { type: 'AAAA' as const, addresses: [...new Set(props.addresses.filter((a) => isIPv6(a.address)).map((a) => a.address))].sort() },
    ].filter((f) => f.addresses.length > 0);
    if (!families.length) throw new Error('GslbRecords: no ingress addresses given');

    const records: LuaRecord[] = [];
    for (const host of [...props.hosts].sort((a, b) => a.name.localeCompare(b.name))) {
      const options = [
        `selector=${luaString(host.selector ?? 'all')}`,
        `backupSelector=${luaString(backup)}`,
        `timeout=${luaString(String(hc.timeoutSeconds))}`,
        `interval=${luaString(String(hc.intervalSeconds))}`,
        `minimumFailures=${luaString(String(hc.minimumFailures))}`,
        ...(hc.stringmatch ? [`stringmatch=${luaString(hc.stringmatch)}`] : []),
      ];
      for (const f of families) {
        const snippet = `ifurlup(${luaString(`https://${host.name}${hc.path}`)}, {{${f.addresses.map(luaString).join(', ')}}}, {${options.join(', ')}})`;
        records.push({ name: fqdn(host.name), type: f.type, snippet, content: `${f.type} "${snippet}"` });
      }
    }
    this.records = records;

    const byEnv = new Map<string, { clusterId: string; addresses: string[] }>();
    for (const a of props.addresses) {
      const e = byEnv.get(a.environment) ?? { clusterId: a.clusterId, addresses: [] };
      e.addresses.push(a.address);
      byEnv.set(a.environment, e);
    }
    const peerLines = [...byEnv.keys()].sort().map((env) => `;   ${env} (${byEnv.get(env)!.clusterId}): ${byEnv.get(env)!.addresses.sort().join(', ')}`);
    const zoneText = [
      `; Generated by \`plimsoll synth\` from environments/ and src/. Do not edit; change the sources and re-run.`,
      `; GSLB records of zone ${zone}. (PowerDNS LUA records; needs enable-lua-records or ENABLE-LUA-RECORDS=1 on the zone).`,
      `; Peer ingress addresses, health-checked by ifurlup (https://<host>${hc.path}):`,
      ...peerLines,
      ...records.map((r) => `${r.name} ${ttl} IN LUA ${r.type} ${zoneStrings(r.snippet)}`),
      '',
    ].join('\n');
    this.zoneFile = new RenderedFile(this, 'zone', {
      path: `gslb/${zone}.zone`,
      type: 'powerdns-zone-fragment',
      description: `PowerDNS zone fragment: LUA records of ${zone}. (append to the zone, or load with pdnsutil)`,
      content: zoneText,
    });

    const names = [...new Set(records.map((r) => r.name))];
    const payload = {
      rrsets: names.map((name) => ({
        name,
        type: 'LUA',
        ttl,
        changetype: 'REPLACE',
        records: records.filter((r) => r.name === name).map((r) => ({ content: r.content, disabled: false })),
      })),
    };
    this.apiPayload = new RenderedFile(this, 'api', {
      path: `gslb/${zone}.rrsets.json`,
      type: 'powerdns-api-payload',
      description: `PowerDNS API body for PATCH /api/v1/servers/${props.serverId ?? 'localhost'}/zones/${zone}.`,
      content: `${JSON.stringify(payload, null, 2)}\n`,
    });
  }
}

/** `"…"` when it fits one character-string, else `( "…" "…" )` in 255-character pieces (PowerDNS joins them). */
function zoneStrings(snippet: string): string {
  const quoted: string[] = [];
  for (let i = 0; i < snippet.length; i += MAX_STRING) quoted.push(`"${snippet.slice(i, i + MAX_STRING).replace(/"/g, '\\"')}"`);
  return quoted.length === 1 ? quoted[0] : `( ${quoted.join(' ')} )`;
}
