/**
 * Environment invariants that a JSON Schema cannot say (they relate fields to each other), checked at load after
 * the schema, each with the JSON path to point at: the environment-wide ones here, then each system's own
 * (src/systems/<system>/invariants.ts) in registry order.
 */
import type { Environment } from '../config/generated/environment';
import type { SchemaProblem } from '../config/schemas';
import { systemInvariants } from '../systems';
import { hasHostBits, networkText, parseCidr } from '../lib/cidr';

export function checkInvariants(env: Environment): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  if (env.tier === 'production' && env.replicaProfile === 'single') {
    problems.push({
      path: '/replicaProfile',
      message: 'got "single" in a production environment, expected "ha" (single replicas are allowed only with tier "lab")',
    });
  }
  return [...problems, ...hostBitProblems(env), ...systemInvariants(env)];
}

/** Every CIDR anywhere in the environment with host bits set; a JSON-pointer path to each. */
function hostBitProblems(value: unknown, path = ''): SchemaProblem[] {
  if (typeof value === 'string') {
    const cidr = parseCidr(value);
    return cidr && hasHostBits(cidr)
      ? [
          {
            path,
            message: `got ${JSON.stringify(value)}, expected a network address without host bits (${networkText(cidr)}), or a /${cidr.version === 4 ? 32 : 128} for one host`,
          },
        ]
      : [];
  }
  if (!value || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, v]) => hostBitProblems(v, `${path}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`));
}
