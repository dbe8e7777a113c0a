/**
 * Runtime plane (docs/runbooks/zastava-runtime-operations.md §3 "Authority & security guardrails", §2.2 "Upgrades";
 * docs/runbooks/runtime-alignment-scanner-zastava.md §3 "Kubernetes defaults").
 */
import type { Environment } from '../../config/generated/environment';
import type { SchemaProblem } from '../../config/schemas';
import { FLAG_RUNTIME_CAPTURE, FLAG_ZASTAVA_ATTACH, STELLAOPS_NAMESPACE, type RuntimeSettings } from './settings';

const REQUIRED_SCOPES = ['aud:scanner', 'api:scanner.runtime.write'];
/** The webhook never sees these namespaces, so they cannot fail open. */
const ALWAYS_EXEMPT = ['kube-system', STELLAOPS_NAMESPACE];

export function runtimePlaneInvariants(env: Readonly<Environment>, s: RuntimeSettings): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  const production = env.tier === 'production';
  const { authority } = s;
  if (production && !authority.requireDpop) {
    problems.push({
      path: '/runtime/authority/requireDpop',
      message: 'got false in a production environment, expected true (runbook zastava-runtime §3: tokens must be DPoP)',
    });
  }
  if (env.tier !== 'lab' && !authority.requireMutualTls) {
    problems.push({
      path: '/runtime/authority/requireMutualTls',
      message: `got false in tier "${env.tier}", expected true (runbook zastava-runtime §3: disable mutual TLS only in lab clusters)`,
    });
  }
  if (production && authority.allowStaticTokenFallback) {
    problems.push({
      path: '/runtime/authority/allowStaticTokenFallback',
      message: 'got true in a production environment, expected false (runbook zastava-runtime §3: static fallback tokens only during initial bootstrap)',
    });
  }
  const missing = REQUIRED_SCOPES.filter((scope) => !authority.scopes.includes(scope));
  if (missing.length) {
    problems.push({
      path: '/runtime/authority/scopes',
      message: `got ${JSON.stringify(authority.scopes)}, expected it to include ${missing.map((scope) => JSON.stringify(scope)).join(' and ')} (runbook zastava-runtime §1)`,
    });
  }
  // Only a replica count the environment sets: the derived one (replicaProfile) is right by construction.
  const replicas = env.runtime.webhook?.replicas;
  if (production && replicas !== undefined && replicas < 3) {
    problems.push({
      path: '/runtime/webhook/replicas',
      message: `got ${replicas} in a production environment, expected at least 3 (runbook zastava-runtime §2.2: webhook at --replicas=3)`,
    });
  }
  for (const ns of ALWAYS_EXEMPT) {
    const i = s.failOpenNamespaces.indexOf(ns);
    if (i >= 0) {
      problems.push({
        path: `/runtime/webhook/failOpenNamespaces/${i}`,
        message: `got "${ns}", expected a namespace other than ${ALWAYS_EXEMPT.join(' and ')} (the webhook never sees them, so they cannot fail open)`,
      });
    }
  }
  const flags: Array<[string, boolean]> = [
    [FLAG_RUNTIME_CAPTURE, s.flags.runtimeCapture],
    [FLAG_ZASTAVA_ATTACH, s.flags.zastavaAttach],
  ];
  for (const [flag, on] of flags) {
    if (s.sealed && on) {
      problems.push({
        path: `/featureFlags/${flag}`,
        message:
          'got true in a sealed environment (runtime.sealed: true), expected false (runtime alignment §3: runtime capture and attach stay off to keep sealed/offline mode safe)',
      });
    }
  }
  return problems;
}
