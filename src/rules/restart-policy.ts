import { defineRule } from './types';
import { podSpecOf } from '../lib/pod-specs';
import type { RuleFinding } from '../check/types';
import { obj } from './lib/values';

// Controllers that keep pods running: the API server allows only Always in their templates.
const ALWAYS_KINDS = ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController'];

export default defineRule<Record<string, never>>({
  meta: {
    id: 'restart-policy',
    description:
      'A pod template’s restartPolicy is one the API server rejects for its kind: a Job’s or CronJob’s must be Never or OnFailure (unset means Always), and Never when it sets a podFailurePolicy; a Deployment’s, StatefulSet’s, DaemonSet’s, ReplicaSet’s or ReplicationController’s must be Always.',
    remediation:
      'In a Job, set `restartPolicy: OnFailure` (retry in the same pod) or `Never` (a new pod per retry, required with podFailurePolicy); in a long-running workload, drop restartPolicy (it defaults to Always) and run one-off work as a Job.',
    category: 'correctness',
    scope: 'object',
    defaultSeverity: 'error',
    optionsSchema: { type: 'object', additionalProperties: false, properties: {} },
  },
  *check({ inventory }): Iterable<RuleFinding> {
    for (const item of inventory.ofKind(...ALWAYS_KINDS)) {
      const pod = podSpecOf(item);
      const policy = pod?.spec.restartPolicy;
      // Unset defaults to Always; a non-string is the schema rule's.
      if (pod && typeof policy === 'string' && policy !== 'Always')
        yield {
          item,
          path: `${pod.path}/restartPolicy`,
          message: `${item.kind} ${item.name} has restartPolicy ${JSON.stringify(policy)}; expected Always (or unset)`,
        };
    }
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
