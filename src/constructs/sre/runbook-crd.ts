/**
 * The Runbook CustomResourceDefinition (catalyst.openova.io/v1alpha1; SRE handbook §14 "Runbooks"): alert-triggered
 * remediation as a resource the runbook-controller indexes and runs. The schema is the handbook's example made
 * strict: triggers name alerts, preconditions name checks, each step either runs an action or verifies a condition,
 * rollback names what happens when verification fails.
 */
import { Construct } from 'constructs';
import { ApiObject } from 'cdk8s';

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

type Schema = Record<string, unknown>;
const str = (description: string, extra: Schema = {}): Schema => ({ type: 'string', description, ...extra });

export const RUNBOOK_SCHEMA: Schema = {
  type: 'object',
  description: 'A runbook: what to do, automatically, when one of its alerts fires (SRE handbook §4, §14).',
  required: ['spec'],
  properties: {
    apiVersion: { type: 'string' },
    kind: { type: 'string' },
    metadata: { type: 'object' },
    spec: {
      type: 'object',
      required: ['triggers', 'steps', 'rollback'],
      properties: {
        description: str('What the runbook handles.', { maxLength: 1024 }),
        component: str('Catalyst component (the handbook section the alert belongs to).', { enum: ['catalyst-control-plane', 'ai-hub', 'open-banking', 'data-integration', 'communication'] }),
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
            properties: { check: str('A named check the runbook-controller evaluates (e.g. spire.server.healthy).', { pattern: '^[a-z0-9]+([._-][a-z0-9]+)*$', maxLength: 253 }) },
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
        rollback: str('What happens when a precondition or verification fails (the handbook: page-oncall).', { pattern: '^[a-z0-9]+(-[a-z0-9]+)*$', maxLength: 63 }),
      },
    },
    status: {
      type: 'object',
      description: 'Written by the runbook-controller through the status subresource.',
      properties: {
        phase: str('Outcome of the last execution.', { enum: ['Idle', 'Running', 'Succeeded', 'RolledBack', 'Failed'] }),
        lastExecutionTime: str('When the runbook last ran.', { format: 'date-time' }),
        observedGeneration: { type: 'integer', format: 'int64', minimum: 0, description: 'The .metadata.generation the status describes.' },
      },
    },
  },
};

/** runbooks.catalyst.openova.io, namespaced, with the status subresource. Lives in the `crds` stage. */
export class RunbookCrd extends Construct {
  public readonly crd: ApiObject;

  constructor(scope: Construct, id: string, props: RunbookCrdProps = {}) {
    super(scope, id);
    this.crd = new ApiObject(this, 'crd', {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: `${RUNBOOK_PLURAL}.${RUNBOOK_API_GROUP}`, labels: props.labels },
      spec: {
        group: RUNBOOK_API_GROUP,
        scope: 'Namespaced',
        names: { kind: RUNBOOK_KIND, listKind: `${RUNBOOK_KIND}List`, plural: RUNBOOK_PLURAL, singular: 'runbook', shortNames: ['rb'] },
        versions: [
          {
            name: RUNBOOK_VERSION,
            served: true,
            storage: true,
            schema: { openAPIV3Schema: RUNBOOK_SCHEMA },
            subresources: { status: {} },
            additionalPrinterColumns: [
              { name: 'Trigger', type: 'string', jsonPath: '.spec.triggers[0].alertName' },
              { name: 'Severity', type: 'string', jsonPath: '.spec.severity' },
              { name: 'Phase', type: 'string', jsonPath: '.status.phase' },
              { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' },
            ],
          },
        ],
      },
    });
  }
}
