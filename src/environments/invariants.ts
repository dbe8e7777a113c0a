/**
 * Environment invariants that a JSON Schema cannot say (they relate fields to each other), checked at load after
 * the schema, each with the JSON path to point at: the environment-wide ones here, then each system's own
 * (src/systems/<system>/invariants.ts) in registry order.
 */
import type { Environment } from '../config/generated/environment';
import type { SchemaProblem } from '../config/schemas';
import { systemInvariants } from '../systems';

export function checkInvariants(env: Environment): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  if (env.tier === 'production' && env.replicaProfile === 'single') {
    problems.push({ path: '/replicaProfile', message: 'got "single" in a production environment, expected "ha" (single replicas are allowed only with tier "lab")' });
  }
  return [...problems, ...systemInvariants(env)];
}
