/**
 * Environment invariants that a JSON Schema cannot say (they relate fields to each other). Checked at load,
 * after the schema, each with the JSON path to point at.
 */
import type { Environment } from './generated/environment';
import type { SchemaProblem } from './schemas';

type Invariant = (env: Environment) => SchemaProblem | undefined;

const INVARIANTS: Invariant[] = [
  (env) =>
    env.tier === 'production' && env.replicaProfile === 'single'
      ? { path: '/replicaProfile', message: 'got "single" in a production environment, expected "ha" (single replicas are allowed only with tier "lab")' }
      : undefined,
  ...runtimeInvariants(),
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
  return INVARIANTS.map((check) => check(env)).filter((p): p is SchemaProblem => p !== undefined);
}
