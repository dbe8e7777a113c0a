/**
 * Environment invariants that a JSON Schema cannot say (they relate fields to each other). Checked at load,
 * after the schema, each with the JSON path to point at.
 */
import type { Environment } from './generated/environment';
import type { SchemaProblem } from './schemas';
import { shipshapeSettings } from './shipshape';

type Invariant = (env: Environment) => SchemaProblem | undefined;

const INVARIANTS: Invariant[] = [
  (env) =>
    env.tier === 'production' && env.replicaProfile === 'single'
      ? { path: '/replicaProfile', message: 'got "single" in a production environment, expected "ha" (single replicas are allowed only with tier "lab")' }
      : undefined,
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
];

export function checkInvariants(env: Environment): SchemaProblem[] {
  return INVARIANTS.map((check) => check(env)).filter((p): p is SchemaProblem => p !== undefined);
}
