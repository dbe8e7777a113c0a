import { Construct } from 'constructs';
import * as kplus from 'cdk8s-plus-28';
import { DisruptionBudget } from '../../constructs/common/disruption-budget';

export interface HelloworldAutoscalingProps {
  /** The Deployment to scale; its `replicas` is left to the autoscaler from now on. */
  readonly deployment: kplus.Deployment;
  /** Pod labels of the Deployment (the PDB selects them). */
  readonly podLabels: Readonly<Record<string, string>>;
  /**
   * Name of the HPA and the PDB.
   * @default - the Deployment's name
   */
  readonly name?: string;
  /**
   * Lowest replica count; at least 2 so the PDB always allows one voluntary disruption.
   * @default 2
   */
  readonly minReplicas?: number;
  /**
   * Highest replica count (HelloworldProdHPANearMaxReplicas fires at 90 % of it).
   * @default 10
   */
  readonly maxReplicas?: number;
  /**
   * Average CPU utilisation (of requests) the autoscaler holds.
   * @default 70
   */
  readonly targetCpuUtilizationPercent?: number;
  /**
   * Extra metadata labels (platform labels).
   * @default - none
   */
  readonly labels?: Record<string, string>;
}

/**
 * Production capacity (runbook: HPA Prerequisites and Preflight, Prod PDB alerts): HorizontalPodAutoscaler on CPU
 * through the resource-metrics API, and a PodDisruptionBudget allowing one pod down at a time. The Deployment stops
 * rendering `replicas`, so Flux re-applying it never resets what the autoscaler chose.
 */
export class HelloworldAutoscaling extends Construct {
  public readonly name: string;

  constructor(scope: Construct, id: string, props: HelloworldAutoscalingProps) {
    super(scope, id);
    const min = props.minReplicas ?? 2;
    const max = props.maxReplicas ?? 10;
    const cpu = props.targetCpuUtilizationPercent ?? 70;
    if (!Number.isInteger(min) || min < 2)
      throw new Error(`${id}: minReplicas must be an integer >= 2 so the PDB (maxUnavailable 1) keeps a pod serving, got ${min}`);
    if (!Number.isInteger(max) || max < min) throw new Error(`${id}: maxReplicas must be an integer >= minReplicas (${min}), got ${max}`);
    if (!Number.isInteger(cpu) || cpu < 1 || cpu > 100) throw new Error(`${id}: targetCpuUtilizationPercent must be an integer in 1..100, got ${cpu}`);
    const deploymentName = props.deployment.name;
    const namespace = props.deployment.metadata.namespace;
    this.name = props.name ?? deploymentName;
    props.deployment.markHasAutoscaler();

    new kplus.k8s.KubeHorizontalPodAutoscalerV2(this, 'HorizontalPodAutoscaler', {
      metadata: { name: this.name, namespace, labels: props.labels },
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: deploymentName },
        minReplicas: min,
        maxReplicas: max,
        metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: cpu } } }],
      },
    });

    new DisruptionBudget(this, 'PodDisruptionBudget', { name: this.name, namespace, labels: props.labels, podLabels: props.podLabels });
  }
}
