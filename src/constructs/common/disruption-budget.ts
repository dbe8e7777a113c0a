import { Construct } from 'constructs';
import * as kplus from 'cdk8s-plus-28';

export interface DisruptionBudgetProps {
  /** metadata.name (the workload's, as a rule). */
  readonly name: string;
  /**
   * The workload's namespace.
   * @default - none written: the namespace it is applied to
   */
  readonly namespace?: string;
  /** The selector labels of the pods it guards: the workload's own, so it selects exactly them. */
  readonly podLabels: Readonly<Record<string, string>>;
  /**
   * Labels of the budget itself.
   * @default - none
   */
  readonly labels?: Readonly<Record<string, string>>;
  /**
   * Pods of the workload that may be down at once during a drain.
   * @default 1
   */
  readonly maxUnavailable?: number;
}

/**
 * A PodDisruptionBudget letting one pod (or `maxUnavailable`) of a replicated workload go at a time: a node drain
 * then never takes all replicas at once, and never blocks for good either (maxUnavailable, unlike minAvailable,
 * still allows an eviction at the workload's lowest scale).
 */
export class DisruptionBudget extends Construct {
  constructor(scope: Construct, id: string, props: DisruptionBudgetProps) {
    super(scope, id);
    const maxUnavailable = props.maxUnavailable ?? 1;
    if (!Number.isInteger(maxUnavailable) || maxUnavailable < 1) throw new Error(`${id}: maxUnavailable must be a positive integer, got ${maxUnavailable}`);
    new kplus.k8s.KubePodDisruptionBudget(this, 'Resource', {
      metadata: { name: props.name, namespace: props.namespace, ...(props.labels ? { labels: { ...props.labels } } : {}) },
      spec: { maxUnavailable: kplus.k8s.IntOrString.fromNumber(maxUnavailable), selector: { matchLabels: { ...props.podLabels } } },
    });
  }
}
