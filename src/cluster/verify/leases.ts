/**
 * Leader Leases held and fresh: a holder, renewed within its lease duration (shipshape runbook "Controller No
 * Active Leader": `kubectl get lease ... -o yaml`; Zen Watcher guide "Monitoring Leader Status").
 */
import { itemsOfKind, num, type VerifyCheck, type VerifyFinding } from './types';

export const leasesFresh: VerifyCheck = {
  id: 'cluster-lease-fresh',
  description: 'Rendered leader-election Leases have a holder that renewed them within the lease duration.',
  remediation: "Check the controller that holds the Lease (its pods' logs and restarts) and its RBAC on leases; a stale holder means no active leader.",
  category: 'reliability',
  async run(ctx) {
    const findings: VerifyFinding[] = [];
    for (const item of itemsOfKind(ctx, 'Lease')) {
      const live = await ctx.live(item);
      if (!live) continue;
      const spec = (live.spec ?? {}) as { holderIdentity?: string; renewTime?: string; leaseDurationSeconds?: number };
      if (!spec.holderIdentity) {
        findings.push({ item, path: '/spec/holderIdentity', message: 'no holder: no replica is leader, so the controller does no work' });
        continue;
      }
      const renewed = spec.renewTime ? Date.parse(spec.renewTime) : NaN;
      const duration = num(spec.leaseDurationSeconds) || 15;
      if (Number.isNaN(renewed)) {
        findings.push({ item, path: '/spec/renewTime', message: `held by ${spec.holderIdentity} but never renewed (no renewTime)` });
        continue;
      }
      const age = (ctx.now.getTime() - renewed) / 1000;
      if (age > duration) {
        findings.push({
          item,
          path: '/spec/renewTime',
          message: `held by ${spec.holderIdentity} but last renewed ${Math.round(age)}s ago (lease duration ${duration}s): the leader is gone or cannot reach the API server`,
        });
      }
    }
    return findings;
  },
};
