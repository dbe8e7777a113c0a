import { defineRule } from './types';
import { podSpecOf } from '../lib/pod-specs';
import type { RuleFinding } from '../check/types';
import { obj } from './lib/values';

export default defineRule<Record<string, never>>({
  meta: {
    id: 'job-restart-policy',
    description:
      'A Job’s or CronJob’s pod template does not set restartPolicy Never or OnFailure (unset means Always), or sets OnFailure beside a podFailurePolicy (which needs Never): the API server rejects the Job.',
    remediation: 'Set `restartPolicy: OnFailure` (retry in the same pod) or `Never` (a new pod per retry, required with podFailurePolicy) in the pod template.',
    category: 'correctness',
    scope: 'object',
    defaultSeverity: 'error',
    optionsSchema: { type: 'object', additionalProperties: false, properties: {} },
  },
  *check({ inventory }): Iterable<RuleFinding> {
    for (const item of inventory.ofKind('Job', 'CronJob')) {
      const pod = podSpecOf(item);
      if (!pod) continue;
      const jobSpec = item.kind === 'Job' ? obj(item.object.spec) : obj(obj(obj(item.object.spec).jobTemplate).spec);
      const policy = pod.spec.restartPolicy;
      const kind = `${item.kind} ${item.name}`;
      if (policy === undefined) {
        yield { item, path: pod.path, message: `${kind} sets no restartPolicy, which defaults to Always; expected Never or OnFailure` };
      } else if (policy !== 'Never' && policy !== 'OnFailure') {
        yield { item, path: `${pod.path}/restartPolicy`, message: `${kind} has restartPolicy ${JSON.stringify(policy)}; expected Never or OnFailure` };
      } else if (policy === 'OnFailure' && jobSpec.podFailurePolicy !== undefined) {
        yield { item, path: `${pod.path}/restartPolicy`, message: `${kind} has restartPolicy "OnFailure" and a podFailurePolicy; expected Never` };
      }
    }
  },
});
