/** CustomResourceDefinitions Established and their names accepted (`kubectl wait --for condition=established`). */
import { condition, conditionText } from '../conditions';
import { itemsOfKind, type VerifyCheck, type VerifyFinding } from './types';

export const crdsEstablished: VerifyCheck = {
  id: 'cluster-crd-established',
  description: 'Rendered CustomResourceDefinitions are Established with their names accepted.',
  remediation:
    "Read the CustomResourceDefinition's conditions (`kubectl describe crd`): a name conflict with another CRD keeps NamesAccepted False; fix or remove the conflicting one, then re-apply.",
  category: 'correctness',
  async run(ctx) {
    const findings: VerifyFinding[] = [];
    for (const item of itemsOfKind(ctx, 'CustomResourceDefinition')) {
      const live = await ctx.live(item);
      if (!live) continue;
      for (const type of ['Established', 'NamesAccepted']) {
        const c = condition(live, type);
        if (c?.status !== 'True')
          findings.push({ item, path: '/status/conditions', message: `not ${type} (${conditionText(c)}): its custom resources cannot be served` });
      }
    }
    return findings;
  },
};
