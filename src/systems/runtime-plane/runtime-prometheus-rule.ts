/** A PrometheusRule (prometheus-operator) holding Prometheus rule groups built by the runtime plane's rule modules. */
import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';

export interface PrometheusRuleSpec {
  readonly record?: string;
  readonly alert?: string;
  readonly expr: string;
  readonly for?: string;
  readonly labels?: Record<string, string>;
  readonly annotations?: Record<string, string>;
}

export interface PrometheusRuleGroup {
  readonly name: string;
  readonly rules: readonly PrometheusRuleSpec[];
}

export interface RuntimePrometheusRuleProps {
  readonly name: string;
  readonly namespace: string;
  /** Metadata labels. */
  readonly labels: Record<string, string>;
  readonly groups: readonly PrometheusRuleGroup[];
}

export class RuntimePrometheusRule extends Construct {
  public readonly resource: ApiObject;

  constructor(scope: Construct, id: string, props: RuntimePrometheusRuleProps) {
    super(scope, id);
    for (const group of props.groups) {
      for (const rule of group.rules) {
        if (rule.alert && !rule.annotations?.runbook_url) {
          throw new Error(`PrometheusRule ${props.name}: alert ${rule.alert} has no runbook_url annotation; link the runbook section the responder follows`);
        }
        if (!rule.alert === !rule.record)
          throw new Error(`PrometheusRule ${props.name}: a rule in group ${group.name} must have exactly one of alert and record`);
      }
    }
    this.resource = new ApiObject(this, 'Resource', {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'PrometheusRule',
      metadata: { name: props.name, namespace: props.namespace, labels: props.labels },
      spec: { groups: props.groups },
    });
  }
}
