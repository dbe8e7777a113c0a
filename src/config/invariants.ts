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
];

export function checkInvariants(env: Environment): SchemaProblem[] {
  return INVARIANTS.map((check) => check(env)).filter((p): p is SchemaProblem => p !== undefined);
}
