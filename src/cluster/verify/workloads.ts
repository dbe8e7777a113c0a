/** Deployments and DaemonSets available: every replica updated and available (`kubectl rollout status`). */
import { condition, conditionText } from '../conditions';
import { itemsOfKind, num, type VerifyCheck, type VerifyFinding } from './types';

export const workloadsAvailable: VerifyCheck = {
  id: 'cluster-workload-available',
  description: 'Deployments and DaemonSets have rolled out: every replica updated and available.',
  remediation:
    "Follow the runbook section the finding links: inspect the rollout (`kubectl rollout status`, the pods' events and logs) and fix what keeps replicas from becoming ready, such as image pulls, probes or resources.",
  category: 'reliability',
  async run(ctx) {
    const findings: VerifyFinding[] = [];
    for (const item of itemsOfKind(ctx, 'Deployment', 'DaemonSet')) {
      const live = await ctx.live(item);
      if (!live) continue;
      const status = (live.status ?? {}) as Record<string, unknown>;
      const generation = num((live.metadata as { generation?: unknown } | undefined)?.generation);
      const stale = num(status.observedGeneration) < generation;
      if (item.kind === 'Deployment') {
        const desired = typeof (live.spec as { replicas?: unknown } | undefined)?.replicas === 'number' ? num((live.spec as { replicas: number }).replicas) : 1;
        const available = num(status.availableReplicas);
        const updated = num(status.updatedReplicas);
        const progressing = condition(live, 'Progressing');
        if (progressing?.reason === 'ProgressDeadlineExceeded') {
          findings.push({
            item,
            path: '/status/conditions',
            message: `rollout stalled (Progressing ${conditionText(progressing)}); ${available} of ${desired} replicas available`,
          });
        } else if (stale || available < desired || updated < desired || condition(live, 'Available')?.status !== 'True') {
          findings.push({
            item,
            path: '/status',
            message: `${available} of ${desired} replicas available, ${updated} updated${stale ? ', the controller has not observed the latest spec yet' : ''} (Available ${conditionText(condition(live, 'Available'))})`,
          });
        }
      } else {
        const desired = num(status.desiredNumberScheduled);
        const available = num(status.numberAvailable);
        const updated = num(status.updatedNumberScheduled);
        if (stale || available < desired || updated < desired || num(status.numberUnavailable) > 0) {
          findings.push({
            item,
            path: '/status',
            message: `${available} of ${desired} scheduled pods available, ${updated} updated${stale ? ', the controller has not observed the latest spec yet' : ''}`,
          });
        }
      }
    }
    return findings;
  },
};
