import type { Environment } from '../../config/generated/environment';
import type { SchemaProblem } from '../../config/schemas';
import type { SreSettings } from './settings';
import { runtimeSettings } from '../runtime-plane/settings';

/** Cluster-name tokens that name a failover role; peers are named by building block and location (handbook §2.1). */
const ROLE_TOKENS = ['primary', 'secondary', 'dr', 'standby', 'active', 'passive', 'master', 'slave'];

/**
 * Multi-region SRE (the SRE handbook, seed 004; the shipshape runbook's "Multi-Cluster / Multi-Region Strategy"):
 * peer naming, the DNS failover TTL, the witness lease, the DNS quorum, and the settings each enabled feature needs.
 * Relations between peers (symmetry, tier, shared hosts) are checked when the peers are loaded together
 * (src/environments/peers.ts).
 */
export function sreInvariants(env: Readonly<Environment>, s: SreSettings): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  const role = env.clusterId.split('-').find((t) => ROLE_TOKENS.includes(t));
  if (role) {
    problems.push({
      path: '/clusterId',
      message: `got "${env.clusterId}", expected a name by building block and location without the failover role "${role}" (handbook §2.1: peers, never primary/DR; e.g. hz-hel-rtz-prod)`,
    });
  }
  if (s.gslb.ttlSeconds > 60) {
    problems.push({
      path: '/sre/gslb/ttlSeconds',
      message: `got ${s.gslb.ttlSeconds}, expected at most 60 (shipshape runbook, Multi-Cluster / Multi-Region Strategy: keep DNS failover TTL <= 60 seconds for ingress hostnames)`,
    });
  }
  const { renewSeconds: renew, ttlSeconds: ttl } = s.failover.lease;
  if (ttl <= renew * 2) {
    problems.push({
      path: '/sre/failover/lease/ttlSeconds',
      message: `got ${ttl} with renewSeconds ${renew}, expected more than ${renew * 2} (TTL > renew x 2: the active region may miss two renewals before a peer can take the lease; handbook §2.4: renew 10 s, TTL 30 s)`,
    });
  }
  const { resolvers, required } = s.failover.dnsQuorum;
  if (required > resolvers.length || required * 2 <= resolvers.length) {
    problems.push({
      path: '/sre/failover/dnsQuorum/required',
      message: `got ${required} of ${resolvers.length} resolvers, expected a majority (more than ${Math.floor(resolvers.length / 2)}, at most ${resolvers.length}; handbook §2.4: 2-of-3)`,
    });
  }
  s.peers.forEach((peer, i) => {
    if (peer === env.name)
      problems.push({ path: `/sre/peers/${i}`, message: `got "${peer}", expected another environment (an environment is not its own peer)` });
  });
  const hasPeers = s.peers.length > 0;
  if (hasPeers && env.tier === 'production' && !s.gslb.enabled) {
    problems.push({
      path: '/sre/gslb/enabled',
      message: 'got false in a production environment with peers, expected true (peers share traffic through the GSLB records; handbook §2.2)',
    });
  }
  if (hasPeers && !s.failover.witness.endpoint) {
    problems.push({
      path: '/sre/failover/witness',
      message:
        'got no endpoint in an environment with peers, expected the witness URL (handbook §2.4: a cloud witness holds the lease for split-brain protection)',
    });
  }
  if (s.gslb.enabled) {
    if (!s.gslb.zone) problems.push({ path: '/sre/gslb', message: 'got no zone with gslb enabled, expected the GSLB zone PowerDNS is authoritative for' });
    if (s.ingressAddresses.length === 0)
      problems.push({
        path: '/sre/ingressAddresses',
        message: "got none with gslb enabled, expected the public addresses of this cluster's ingress gateway (the region inventory)",
      });
    const zone = s.gslb.zone;
    if (zone) {
      for (const [appEnv, host] of Object.entries(env.hostnames)) {
        if (host !== zone && !host.endsWith(`.${zone}`))
          problems.push({ path: `/hostnames/${appEnv}`, message: `got "${host}", expected a host inside the GSLB zone "${zone}"` });
      }
    }
  }
  if (s.alerting.enabled && !s.alerting.automation.url) {
    problems.push({
      path: '/sre/alerting/automation',
      message:
        'got no url with alerting enabled, expected the Gitea Actions dispatch endpoint (handbook §12: https://gitea.<location-code>.<sovereign-domain>/api/v1/repos/<org>/platform/actions/dispatches)',
    });
  }
  if (s.airGap.enabled) {
    if (!s.airGap.registry)
      problems.push({
        path: '/sre/airGap',
        message: 'got no registry with airGap enabled, expected the internal Harbor registry (host[/project]) every image is mirrored to',
      });
    const { sealed } = runtimeSettings(env);
    if (!sealed)
      problems.push({
        path: '/runtime/sealed',
        message: `got ${JSON.stringify(sealed)} in an air-gapped environment (sre.airGap.enabled), expected true (runtime capture and attach stay off offline)`,
      });
  }
  return problems;
}
