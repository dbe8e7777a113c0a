/**
 * Environment invariants that a JSON Schema cannot say (they relate fields to each other). Checked at load,
 * after the schema, each with the JSON path to point at.
 */
import type { Environment } from '../config/generated/environment';
import type { SchemaProblem } from '../config/schemas';
import { shipshapeSettings } from '../systems/shipshape/settings';
import { sreSettings } from '../systems/sre/settings';

type Invariant = (env: Environment) => SchemaProblem | readonly SchemaProblem[] | undefined;

const INVARIANTS: Invariant[] = [
  (env) =>
    env.tier === 'production' && env.replicaProfile === 'single'
      ? { path: '/replicaProfile', message: 'got "single" in a production environment, expected "ha" (single replicas are allowed only with tier "lab")' }
      : undefined,
  (env) => zenWatcherInvariants(env),
  (env) => {
    const { leaseDurationSeconds: lease, renewDeadlineSeconds: renew, retryPeriodSeconds: retry } = shipshapeSettings(env).controller.leaderElection;
    if (renew >= lease) {
      return { path: '/shipshape/controller/leaderElection/renewDeadlineSeconds', message: `got ${renew}, expected less than leaseDurationSeconds (${lease}): a leader must give up before a standby may take the lease` };
    }
    if (retry >= renew) {
      return { path: '/shipshape/controller/leaderElection/retryPeriodSeconds', message: `got ${retry}, expected less than renewDeadlineSeconds (${renew}): the leader must retry renewing at least once before the deadline` };
    }
    return undefined;
  },
  (env) => {
    const { minReplicas: min, maxReplicas: max } = shipshapeSettings(env).prodAutoscaling;
    return min > max ? { path: '/shipshape/prodAutoscaling/maxReplicas', message: `got ${max}, expected at least minReplicas (${min})` } : undefined;
  },
  ...runtimeInvariants(),
  (env) => sreInvariants(env),
  (env) => runtimeComponentsInvariants(env),
];

/**
 * Runtime plane (docs/runbooks/zastava-runtime-operations.md §3 "Authority & security guardrails", §2.2 "Upgrades";
 * docs/runbooks/runtime-alignment-scanner-zastava.md §3 "Kubernetes defaults").
 */
function runtimeInvariants(): Invariant[] {
  const production = (env: Environment) => env.tier === 'production';
  const authority = (env: Environment) => env.runtime.authority;
  const REQUIRED_SCOPES = ['aud:scanner', 'api:scanner.runtime.write'];
  const RUNTIME_FLAGS = ['scanner.runtime.capture.enabled', 'zastava.attach.enabled'] as const;
  const ALWAYS_EXEMPT = ['kube-system', 'stellaops'];
  return [
    (env) =>
      production(env) && authority(env).requireDpop === false
        ? { path: '/runtime/authority/requireDpop', message: 'got false in a production environment, expected true (runbook zastava-runtime §3: tokens must be DPoP)' }
        : undefined,
    (env) =>
      env.tier !== 'lab' && authority(env).requireMutualTls === false
        ? { path: '/runtime/authority/requireMutualTls', message: `got false in tier "${env.tier}", expected true (runbook zastava-runtime §3: disable mutual TLS only in lab clusters)` }
        : undefined,
    (env) =>
      production(env) && authority(env).allowStaticTokenFallback === true
        ? { path: '/runtime/authority/allowStaticTokenFallback', message: 'got true in a production environment, expected false (runbook zastava-runtime §3: static fallback tokens only during initial bootstrap)' }
        : undefined,
    (env) => {
      const scopes = authority(env).scopes ?? REQUIRED_SCOPES;
      const missing = REQUIRED_SCOPES.filter((s) => !scopes.includes(s));
      return missing.length
        ? { path: '/runtime/authority/scopes', message: `got ${JSON.stringify(scopes)}, expected it to include ${missing.map((s) => JSON.stringify(s)).join(' and ')} (runbook zastava-runtime §1)` }
        : undefined;
    },
    (env) => {
      const replicas = env.runtime.webhook?.replicas;
      return production(env) && replicas !== undefined && replicas < 3
        ? { path: '/runtime/webhook/replicas', message: `got ${replicas} in a production environment, expected at least 3 (runbook zastava-runtime §2.2: webhook at --replicas=3)` }
        : undefined;
    },
    ...ALWAYS_EXEMPT.map((ns): Invariant => (env) => {
      const list = env.runtime.webhook?.failOpenNamespaces ?? [];
      const i = list.indexOf(ns);
      return i >= 0
        ? { path: `/runtime/webhook/failOpenNamespaces/${i}`, message: `got "${ns}", expected a namespace other than ${ALWAYS_EXEMPT.join(' and ')} (the webhook never sees them, so they cannot fail open)` }
        : undefined;
    }),
    ...RUNTIME_FLAGS.map((flag): Invariant => (env) =>
      env.runtime.sealed === true && env.featureFlags[flag] === true
        ? { path: `/featureFlags/${flag}`, message: `got true in a sealed environment (runtime.sealed: true), expected false (runtime alignment §3: runtime capture and attach stay off to keep sealed/offline mode safe)` }
        : undefined,
    ),
  ];
}

export function checkInvariants(env: Environment): SchemaProblem[] {
  return INVARIANTS.flatMap((check) => check(env) ?? []);
}

/**
 * Zen Watcher (runbook 002): the deployment pattern and its replicas, namespace shards that never overlap,
 * leader-election timings that can work, and a status-integrity webhook that fails closed in production.
 */
function zenWatcherInvariants(env: Environment): SchemaProblem[] {
  const zw = env.zenWatcher;
  if (!zw || zw.enabled === false) return [];
  const problems: SchemaProblem[] = [];
  const pattern = zw.pattern ?? 'replicated';
  const production = env.tier === 'production';

  if (production && pattern === 'single') {
    problems.push({ path: '/zenWatcher/pattern', message: 'got "single" in a production environment, expected "replicated" or "sharded" (the guide\'s single replica is for dev/test: no HA during pod restarts)' });
  }
  if (zw.replicas !== undefined) {
    if (pattern === 'single' && zw.replicas !== 1) {
      problems.push({ path: '/zenWatcher/replicas', message: `got ${zw.replicas} with pattern "single", expected 1 or no replicas (use pattern "replicated" for more)` });
    } else if (pattern === 'replicated' && zw.replicas < 2) {
      problems.push({ path: '/zenWatcher/replicas', message: `got ${zw.replicas} with pattern "replicated", expected at least 2 (use pattern "single" for one replica)` });
    } else if (pattern === 'sharded' && production && zw.replicas < 2) {
      problems.push({ path: '/zenWatcher/replicas', message: `got ${zw.replicas} in a production environment, expected at least 2 replicas per shard` });
    }
  }

  const shards = zw.shards ?? [];
  if (pattern === 'sharded' && shards.length === 0) {
    problems.push({ path: '/zenWatcher/shards', message: 'got no shards with pattern "sharded", expected at least one { name, namespaces } entry' });
  }
  if (pattern !== 'sharded' && shards.length > 0) {
    problems.push({ path: '/zenWatcher/shards', message: `got ${shards.length} shard(s) with pattern "${pattern}", expected none (set pattern "sharded" to use them)` });
  }
  const shardByName = new Map<string, number>();
  const ownerOf = new Map<string, string>();
  shards.forEach((shard, i) => {
    const first = shardByName.get(shard.name);
    if (first !== undefined) {
      problems.push({ path: `/zenWatcher/shards/${i}/name`, message: `got "${shard.name}" again (shard ${first} has it), expected a unique shard name: each shard renders objects named zen-watcher-<name>` });
    } else {
      shardByName.set(shard.name, i);
    }
    if (production && shard.replicas !== undefined && shard.replicas < 2) {
      problems.push({ path: `/zenWatcher/shards/${i}/replicas`, message: `got ${shard.replicas} for shard "${shard.name}" in a production environment, expected at least 2 (HA within the shard)` });
    }
    shard.namespaces.forEach((namespace, j) => {
      const owner = ownerOf.get(namespace);
      if (owner !== undefined && owner !== shard.name) {
        problems.push({
          path: `/zenWatcher/shards/${i}/namespaces/${j}`,
          message: `got namespace "${namespace}" in shards "${owner}" and "${shard.name}", expected each namespace in one shard only (two leaders would write duplicate Observations for it)`,
        });
      } else {
        ownerOf.set(namespace, shard.name);
      }
    });
  });

  const le = zw.leaderElection ?? {};
  const lease = le.leaseDurationSeconds ?? 15;
  const renew = le.renewDeadlineSeconds ?? 10;
  const retry = le.retryPeriodSeconds ?? 2;
  if (!(lease > renew && renew > retry)) {
    problems.push({
      path: '/zenWatcher/leaderElection',
      message: `got leaseDurationSeconds ${lease}, renewDeadlineSeconds ${renew}, retryPeriodSeconds ${retry}, expected lease duration > renew deadline > retry period (the guide: 15 > 10 > 2)`,
    });
  }

  if (production && zw.statusAdmission?.enabled && zw.statusAdmission.failurePolicy === 'Ignore') {
    problems.push({ path: '/zenWatcher/statusAdmission/failurePolicy', message: 'got "Ignore" in a production environment, expected "Fail" (a status-integrity check that fails open protects nothing when the guard is down)' });
  }
  return problems;
}

/** Cluster-name tokens that name a failover role; peers are named by building block and location (handbook §2.1). */
const ROLE_TOKENS = ['primary', 'secondary', 'dr', 'standby', 'active', 'passive', 'master', 'slave'];

/**
 * Multi-region SRE (the SRE handbook, seed 004; the shipshape runbook's "Multi-Cluster / Multi-Region Strategy"):
 * peer naming, the DNS failover TTL, the witness lease, the DNS quorum, and the settings each enabled feature needs.
 * Relations between peers (symmetry, tier, shared hosts) are checked when the peers are loaded together
 * (src/environments/peers.ts).
 */
function sreInvariants(env: Environment): SchemaProblem[] {
  const s = sreSettings(env);
  const problems: SchemaProblem[] = [];
  const role = env.clusterId.split('-').find((t) => ROLE_TOKENS.includes(t));
  if (role) {
    problems.push({ path: '/clusterId', message: `got "${env.clusterId}", expected a name by building block and location without the failover role "${role}" (handbook §2.1: peers, never primary/DR; e.g. hz-hel-rtz-prod)` });
  }
  if (s.gslb.ttlSeconds > 60) {
    problems.push({ path: '/sre/gslb/ttlSeconds', message: `got ${s.gslb.ttlSeconds}, expected at most 60 (shipshape runbook, Multi-Cluster / Multi-Region Strategy: keep DNS failover TTL <= 60 seconds for ingress hostnames)` });
  }
  const { renewSeconds: renew, ttlSeconds: ttl } = s.failover.lease;
  if (ttl <= renew * 2) {
    problems.push({ path: '/sre/failover/lease/ttlSeconds', message: `got ${ttl} with renewSeconds ${renew}, expected more than ${renew * 2} (TTL > renew x 2: the active region may miss two renewals before a peer can take the lease; handbook §2.4: renew 10 s, TTL 30 s)` });
  }
  const { resolvers, required } = s.failover.dnsQuorum;
  if (required > resolvers.length || required * 2 <= resolvers.length) {
    problems.push({ path: '/sre/failover/dnsQuorum/required', message: `got ${required} of ${resolvers.length} resolvers, expected a majority (more than ${Math.floor(resolvers.length / 2)}, at most ${resolvers.length}; handbook §2.4: 2-of-3)` });
  }
  s.peers.forEach((peer, i) => {
    if (peer === env.name) problems.push({ path: `/sre/peers/${i}`, message: `got "${peer}", expected another environment (an environment is not its own peer)` });
  });
  const hasPeers = s.peers.length > 0;
  if (hasPeers && env.tier === 'production' && !s.gslb.enabled) {
    problems.push({ path: '/sre/gslb/enabled', message: 'got false in a production environment with peers, expected true (peers share traffic through the GSLB records; handbook §2.2)' });
  }
  if (hasPeers && !s.failover.witness.endpoint) {
    problems.push({ path: '/sre/failover/witness', message: 'got no endpoint in an environment with peers, expected the witness URL (handbook §2.4: a cloud witness holds the lease for split-brain protection)' });
  }
  if (s.gslb.enabled) {
    if (!s.gslb.zone) problems.push({ path: '/sre/gslb', message: 'got no zone with gslb enabled, expected the GSLB zone PowerDNS is authoritative for' });
    if (s.ingressAddresses.length === 0) problems.push({ path: '/sre/ingressAddresses', message: 'got none with gslb enabled, expected the public addresses of this cluster\'s ingress gateway (the region inventory)' });
    const zone = s.gslb.zone;
    if (zone) {
      for (const [appEnv, host] of Object.entries(env.hostnames)) {
        if (host !== zone && !host.endsWith(`.${zone}`)) problems.push({ path: `/hostnames/${appEnv}`, message: `got "${host}", expected a host inside the GSLB zone "${zone}"` });
      }
    }
  }
  if (s.alerting.enabled && !s.alerting.automation.url) {
    problems.push({ path: '/sre/alerting/automation', message: 'got no url with alerting enabled, expected the Gitea Actions dispatch endpoint (handbook §12: https://gitea.<location-code>.<sovereign-domain>/api/v1/repos/<org>/platform/actions/dispatches)' });
  }
  if (s.airGap.enabled) {
    if (!s.airGap.registry) problems.push({ path: '/sre/airGap', message: 'got no registry with airGap enabled, expected the internal Harbor registry (host[/project]) every image is mirrored to' });
    if (env.runtime.sealed !== true) problems.push({ path: '/runtime/sealed', message: `got ${JSON.stringify(env.runtime.sealed ?? false)} in an air-gapped environment (sre.airGap.enabled), expected true (runtime capture and attach stay off offline)` });
  }
  return problems;
}

/** Plimsoll's admission guard (runtimeComponents) and the webhooks that call it. */
function runtimeComponentsInvariants(env: Environment): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  const guard = env.runtimeComponents?.admissionGuard ?? {};
  if (env.tier === 'production' && guard.failurePolicy === 'Ignore') {
    problems.push({ path: '/runtimeComponents/admissionGuard/failurePolicy', message: 'got "Ignore" in a production environment, expected "Fail" (fail-open is decided per namespace with runtime.webhook.failOpenNamespaces, never for everything)' });
  }
  const status = env.zenWatcher?.statusAdmission;
  const callsGuard = (status?.serviceNamespace ?? 'plimsoll-system') === 'plimsoll-system' && (status?.serviceName ?? 'plimsoll-admission-guard') === 'plimsoll-admission-guard';
  if (guard.enabled === false && (env.zenWatcher?.enabled ?? true) && status?.enabled && callsGuard) {
    problems.push({ path: '/runtimeComponents/admissionGuard/enabled', message: 'got false while zenWatcher.statusAdmission is enabled, expected true: that webhook calls plimsoll-system/plimsoll-admission-guard, which would not exist' });
  }
  return problems;
}
