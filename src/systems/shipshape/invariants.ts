/** Shipshape (runbook 003): relations between settings the schema cannot say. */
import type { SchemaProblem } from '../../config/schemas';
import type { ShipshapeSettings } from './settings';

export function shipshapeInvariants(settings: ShipshapeSettings): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  const { leaseDurationSeconds: lease, renewDeadlineSeconds: renew, retryPeriodSeconds: retry } = settings.controller.leaderElection;
  if (renew >= lease) {
    problems.push({
      path: '/shipshape/controller/leaderElection/renewDeadlineSeconds',
      message: `got ${renew}, expected less than leaseDurationSeconds (${lease}): a leader must give up before a standby may take the lease`,
    });
  } else if (retry >= renew) {
    problems.push({
      path: '/shipshape/controller/leaderElection/retryPeriodSeconds',
      message: `got ${retry}, expected less than renewDeadlineSeconds (${renew}): the leader must retry renewing at least once before the deadline`,
    });
  }
  const { minReplicas: min, maxReplicas: max } = settings.prodAutoscaling;
  if (min > max) problems.push({ path: '/shipshape/prodAutoscaling/maxReplicas', message: `got ${max}, expected at least minReplicas (${min})` });
  return problems;
}
