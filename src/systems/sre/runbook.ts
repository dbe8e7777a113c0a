import { Construct } from 'constructs';
import { ApiObject } from 'cdk8s';
import { ALERT_NAME_PATTERN, RUNBOOK_API_GROUP, RUNBOOK_KIND, RUNBOOK_VERSION } from './runbook-crd';
import type { RunbookDefinition } from './runbook-catalog';

export interface RunbookProps {
  /** Namespace of the Runbook (the handbook: catalyst-system). */
  readonly namespace: string;
  /** The runbook: name, triggers, preconditions, steps, rollback. */
  readonly definition: RunbookDefinition;
  /**
   * Metadata labels (platform labels).
   * @default - none
   */
  readonly labels?: Record<string, string>;
}

/** One Runbook object (catalyst.openova.io/v1alpha1); alerts link it as `runbook://<name>`. */
export class Runbook extends Construct {
  public readonly name: string;
  /** The link an alert's runbook_url annotation uses for this runbook. */
  public readonly link: string;

  constructor(scope: Construct, id: string, props: RunbookProps) {
    super(scope, id);
    const d = props.definition;
    if (!/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/.test(d.name)) throw new Error(`Runbook name must be a DNS label, got "${d.name}"`);
    if (!d.triggers.length) throw new Error(`Runbook ${d.name}: needs at least one trigger alert`);
    for (const t of d.triggers)
      if (!new RegExp(ALERT_NAME_PATTERN).test(t.alertName))
        throw new Error(`Runbook ${d.name}: trigger "${t.alertName}" is not an alert name (${ALERT_NAME_PATTERN})`);
    if (!d.steps.length) throw new Error(`Runbook ${d.name}: needs at least one step`);
    d.steps.forEach((s, i) => {
      if ((s.run === undefined) === (s.verify === undefined))
        throw new Error(`Runbook ${d.name}: step ${i} must have exactly one of run or verify, got ${JSON.stringify(s)}`);
    });
    this.name = d.name;
    this.link = `runbook://${d.name}`;
    new ApiObject(this, 'runbook', {
      apiVersion: `${RUNBOOK_API_GROUP}/${RUNBOOK_VERSION}`,
      kind: RUNBOOK_KIND,
      metadata: { name: d.name, namespace: props.namespace, labels: props.labels },
      spec: {
        description: d.description,
        component: d.component,
        ...(d.severity ? { severity: d.severity } : {}),
        triggers: d.triggers.map((t) => ({ alertName: t.alertName })),
        ...(d.preconditions?.length ? { preconditions: d.preconditions.map((p) => ({ check: p.check })) } : {}),
        steps: d.steps.map((s) => (s.run !== undefined ? { run: s.run } : { verify: s.verify })),
        rollback: d.rollback,
      },
    });
  }
}
