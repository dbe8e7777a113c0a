/** Every rendered object exists in the cluster (the runbooks' `kubectl get` after each apply). */
import { KindNotServedError } from '../client';
import { mapLimit } from '../rendered';
import type { VerifyCheck, VerifyFinding } from './types';

export const objectsExist: VerifyCheck = {
  id: 'cluster-object-exists',
  description: 'Every object rendered in dist/<env> exists in the cluster.',
  remediation:
    'Apply the environment (let Flux reconcile dist/<env>, or `kubectl apply -k` the stages in ORDER) and check the Flux Kustomizations with `plimsoll status`; a kind that is not served needs its CRD stage applied first.',
  category: 'correctness',
  async run(ctx) {
    const found = await mapLimit(ctx.rendered.items, 8, async (item): Promise<VerifyFinding | undefined> => {
      try {
        if (await ctx.fetch(item)) return undefined;
      } catch (err) {
        if (err instanceof KindNotServedError)
          return { item, message: `${err.message}: its CustomResourceDefinition is not installed, so ${item.kind} ${item.name} cannot exist` };
        throw err;
      }
      return {
        item,
        message: `${item.kind} ${item.namespace ? `${item.namespace}/` : ''}${item.name} does not exist (rendered in ${item.stage}); check the stage's Flux Kustomization (\`plimsoll status\`)`,
      };
    });
    return found.filter((f): f is VerifyFinding => f !== undefined);
  },
};
