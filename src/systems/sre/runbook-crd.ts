/**
 * The Runbook CustomResourceDefinition (catalyst.openova.io/v1alpha1; SRE handbook §14 "Runbooks"): alert-triggered
 * remediation as a resource the runbook-controller indexes and runs. The schema is the handbook's example made
 * strict: triggers name alerts, preconditions name checks, each step either runs an action or verifies a condition,
 * rollback names what happens when verification fails.
 */
import { Construct } from 'constructs';
import type { ApiObject } from 'cdk8s';
import { crdRootSchema, NamespacedCrd, stringSchema as str, type JsonSchema as Schema } from '../../constructs/common/namespaced-crd';

export const RUNBOOK_API_GROUP = 'catalyst.openova.io';
export const RUNBOOK_VERSION = 'v1alpha1';
export const RUNBOOK_KIND = 'Runbook';
export const RUNBOOK_PLURAL = 'runbooks';
/** Severity levels of the handbook's incident response (§13.1). */
export const RUNBOOK_SEVERITIES = ['P1', 'P2', 'P3', 'P4'] as const;
/** Alert names as Prometheus writes them (the `alertname` label). */
export const ALERT_NAME_PATTERN = '^[A-Za-z_][A-Za-z0-9_]*$';

export interface RunbookCrdProps {
  /**
   * Metadata labels of the CRD (platform labels).
   * @default - none
   */
  readonly labels?: Record<string, string>;
}

export const RUNBOOK_SCHEMA: Schema = crdRootSchema(
  'A runbook: what to do, automatically, when one of its alerts fires (SRE handbook §4, §14).',
  {
    type: 'object',
    required: ['triggers', 'steps', 'rollback'],
    properties: {
      description: str('What the runbook handles.', { maxLength: 1024 }),
      component: str('Catalyst component (the handbook section the alert belongs to).', {
        enum: ['catalyst-control-plane', 'ai-hub', 'open-banking', 'data-integration', 'communication'],
      }),
      severity: str('Incident severity (handbook §13.1).', { enum: [...RUNBOOK_SEVERITIES] }),
      triggers: {
        type: 'array',
        minItems: 1,
        description: 'Alerts that start the runbook.',
        items: {
          type: 'object',
          required: ['alertName'],
          properties: { alertName: str('The alertname label of the alert.', { pattern: ALERT_NAME_PATTERN, maxLength: 253 }) },
        },
      },
      preconditions: {
        type: 'array',
        description: 'Checks that must hold before any step runs (otherwise the runbook rolls back without acting).',
        items: {
          type: 'object',
          required: ['check'],
          properties: {
            check: str('A named check the runbook-controller evaluates (e.g. spire.server.healthy).', {
              pattern: '^[a-z0-9]+([._-][a-z0-9]+)*$',
              maxLength: 253,
            }),
          },
        },
      },
      steps: {
        type: 'array',
        minItems: 1,
        description: 'Actions and verifications, in order; each step is exactly one of run or verify.',
        items: {
          type: 'object',
          minProperties: 1,
          maxProperties: 1,
          properties: {
            run: str('The action (auto-remediation) to run.', { minLength: 1, maxLength: 1024 }),
            verify: str('The condition that must hold afterwards (verification).', { minLength: 1, maxLength: 1024 }),
          },
        },
      },
      rollback: str('What happens when a precondition or verification fails (the handbook: page-oncall).', {
        pattern: '^[a-z0-9]+(-[a-z0-9]+)*$',
        maxLength: 63,
      }),
    },
  },
  {
    type: 'object',
    description: 'Written by the runbook-controller through the status subresource.',
    properties: {
      phase: str('Outcome of the last execution.', { enum: ['Idle', 'Running', 'Succeeded', 'RolledBack', 'Failed'] }),
      lastExecutionTime: str('When the runbook last ran.', { format: 'date-time' }),
      observedGeneration: { type: 'integer', format: 'int64', minimum: 0, description: 'The .metadata.generation the status describes.' },
    },
  },
);

/** runbooks.catalyst.openova.io, namespaced, with the status subresource. Lives in the `crds` stage. */
export class RunbookCrd extends Construct {
  public readonly crd: ApiObject;

  constructor(scope: Construct, id: string, props: RunbookCrdProps = {}) {
    super(scope, id);
    this.crd = new NamespacedCrd(this, 'crd', {
      group: RUNBOOK_API_GROUP,
      kind: RUNBOOK_KIND,
      plural: RUNBOOK_PLURAL,
      version: RUNBOOK_VERSION,
      shortNames: ['rb'],
      schema: RUNBOOK_SCHEMA,
      printerColumns: [
        { name: 'Trigger', type: 'string', jsonPath: '.spec.triggers[0].alertName' },
        { name: 'Severity', type: 'string', jsonPath: '.spec.severity' },
        { name: 'Phase', type: 'string', jsonPath: '.status.phase' },
        { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' },
      ],
      labels: props.labels,
    }).crd;
  }
}
