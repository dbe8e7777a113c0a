/** HorizontalPodAutoscalers able to scale and actively scaling (shipshape runbook "HPA Prerequisites and Preflight"). */
import { condition, conditionText } from '../conditions';
import { itemsOfKind, type VerifyCheck, type VerifyFinding } from './types';

export const hpasActive: VerifyCheck = {
  id: 'cluster-hpa-active',
  description: 'HorizontalPodAutoscalers report AbleToScale and ScalingActive True.',
  remediation:
    "Read the autoscaler's conditions (`kubectl describe hpa`): make its scale target exist and its metrics available (metrics-server or the adapter serving them).",
  category: 'reliability',
  async run(ctx) {
    const findings: VerifyFinding[] = [];
    for (const item of itemsOfKind(ctx, 'HorizontalPodAutoscaler')) {
      const live = await ctx.live(item);
      if (!live) continue;
      for (const type of ['AbleToScale', 'ScalingActive']) {
        const c = condition(live, type);
        if (c?.status !== 'True')
          findings.push({ item, path: '/status/conditions', message: `${type} is ${conditionText(c)}; treat scale as manual until it is healthy` });
      }
    }
    return findings;
  },
};
