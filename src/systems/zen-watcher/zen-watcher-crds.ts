/**
 * The Zen Watcher CustomResourceDefinitions: Observation (zen.kube-zen.io/v1) and Ingester
 * (zen.kube-zen.io/v1alpha1), both namespaced, both with the status subresource enabled. The guide's "Status
 * Integrity and RBAC Hardening": status is controller-owned and written only through `/status`; with the
 * subresource on, the API server ignores `status` in spec writes and `spec` in status writes.
 */
import { Construct } from 'constructs';
import type { ApiObject } from 'cdk8s';
import { crdRootSchema, NamespacedCrd, stringSchema as str, type JsonSchema as Schema } from '../../constructs/common/namespaced-crd';

export const ZEN_API_GROUP = 'zen.kube-zen.io';

/** What RBAC rules and webhook rules need to know about each kind. */
export interface ZenKind {
  readonly kind: string;
  readonly plural: string;
  readonly version: string;
}

export const OBSERVATION: ZenKind = { kind: 'Observation', plural: 'observations', version: 'v1' };
export const INGESTER: ZenKind = { kind: 'Ingester', plural: 'ingesters', version: 'v1alpha1' };

export interface ZenWatcherCrdsProps {
  /**
   * Metadata labels of both CRDs (platform labels).
   * @default - none
   */
  readonly labels?: Record<string, string>;
}

const dateTime = (description: string): Schema => str(description, { format: 'date-time' });

const CONDITIONS: Schema = {
  type: 'array',
  description: 'Standard Kubernetes conditions (Ready, Degraded, ...), written by the controller.',
  'x-kubernetes-list-type': 'map',
  'x-kubernetes-list-map-keys': ['type'],
  items: {
    type: 'object',
    required: ['type', 'status', 'lastTransitionTime', 'reason', 'message'],
    properties: {
      type: str('Condition type in CamelCase.', { pattern: '^[A-Z][A-Za-z0-9]*$', maxLength: 316 }),
      status: str('True, False or Unknown.', { enum: ['True', 'False', 'Unknown'] }),
      observedGeneration: { type: 'integer', format: 'int64', minimum: 0, description: 'The .metadata.generation the condition was set for.' },
      lastTransitionTime: dateTime('When the condition last changed status.'),
      reason: str('Machine-readable reason in CamelCase.', { pattern: '^[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?$', maxLength: 1024, minLength: 1 }),
      message: str('Human-readable details.', { maxLength: 32768 }),
    },
  },
};

const RESOURCE_REF: Schema = {
  type: 'object',
  description: 'The Kubernetes object the observation is about.',
  properties: {
    apiVersion: str('API version of the object.'),
    kind: str('Kind of the object.'),
    name: str('Name of the object.'),
    namespace: str('Namespace of the object (empty for cluster-scoped objects).'),
  },
};

const OBSERVATION_SCHEMA: Schema = crdRootSchema(
  'A security, compliance or operations event a source reported, normalised by Zen Watcher.',
  {
    type: 'object',
    required: ['source', 'category', 'severity', 'eventType', 'detectedAt'],
    properties: {
      source: str('Tool that reported the event (trivy, falco, kyverno, ...).', { pattern: '^[a-z0-9-]+$', maxLength: 63 }),
      category: str('Event category.', { enum: ['security', 'compliance', 'performance', 'operations', 'cost'] }),
      severity: str('Severity as reported, normalised to lower case.', { enum: ['critical', 'high', 'medium', 'low', 'info'] }),
      eventType: str('Event type (vulnerability, runtime_threat, policy_violation, ...).', { pattern: '^[a-z0-9_]+$', maxLength: 63 }),
      resource: RESOURCE_REF,
      details: { type: 'object', description: 'Source-specific details.', 'x-kubernetes-preserve-unknown-fields': true },
      detectedAt: dateTime('When the source detected the event (RFC 3339); the cleanup job ages observations by it.'),
      fingerprint: str('Content fingerprint used for deduplication.', { maxLength: 256 }),
      ttlSecondsAfterCreation: { type: 'integer', minimum: 1, description: 'Delete this long after creation; unset uses the controller default.' },
    },
  },
  {
    type: 'object',
    description: 'Controller-owned; written only through the status subresource.',
    properties: {
      phase: str('Lifecycle phase; the cleanup job deletes Resolved observations past the TTL.', { enum: ['Active', 'Resolved'] }),
      processed: { type: 'boolean', description: 'Whether the controller has processed the observation.' },
      lastProcessedAt: dateTime('When the controller last processed the observation.'),
      resolvedAt: dateTime('When the observation became Resolved.'),
      conditions: CONDITIONS,
    },
  },
);

const INGESTER_SCHEMA: Schema = crdRootSchema(
  'Where Zen Watcher ingests events from and how it turns them into Observations.',
  {
    type: 'object',
    required: ['source', 'ingester', 'destinations'],
    properties: {
      source: str('Tool name (trivy, kyverno, falco, audit, ...).', { pattern: '^[a-z0-9-]+$', maxLength: 63 }),
      ingester: str('How events arrive.', { enum: ['informer', 'webhook', 'logs', 'k8s-events'] }),
      destinations: {
        type: 'array',
        minItems: 1,
        description: 'Where observations from this ingester are written.',
        items: {
          type: 'object',
          required: ['type', 'value'],
          properties: {
            type: str('Destination type.', { enum: ['crd'] }),
            value: str('For type crd, the resource to write (observations).', { pattern: '^[a-z0-9-]+$' }),
          },
        },
      },
      informer: {
        type: 'object',
        description: 'Informer source: the resource to watch.',
        properties: {
          gvr: {
            type: 'object',
            required: ['group', 'version', 'resource'],
            properties: { group: str('API group.'), version: str('API version.'), resource: str('Resource (plural).') },
          },
          namespace: str('Namespace to watch; empty watches all the instance may see.'),
          labelSelector: str('Label selector.'),
        },
      },
      webhook: {
        type: 'object',
        description: 'Webhook source: the endpoint events are posted to.',
        properties: {
          path: str('HTTP path of the endpoint.', { pattern: '^/' }),
          bufferSize: { type: 'integer', minimum: 1, description: 'Event buffer size (backpressure beyond it).' },
          auth: {
            type: 'object',
            properties: {
              type: str('Authentication scheme.', { enum: ['none', 'bearer', 'basic'] }),
              secretName: str('Secret holding the credentials (referenced by name, never inlined).'),
            },
          },
        },
      },
      filters: { type: 'object', description: 'Filter rules.', 'x-kubernetes-preserve-unknown-fields': true },
      deduplication: {
        type: 'object',
        description: 'Deduplication settings.',
        properties: {
          enabled: { type: 'boolean' },
          window: str('Deduplication window (Go duration).', { pattern: '^([0-9]+(ns|us|ms|s|m|h))+$' }),
          strategy: str('Deduplication strategy.', { enum: ['fingerprint', 'key', 'hybrid', 'adaptive'] }),
        },
      },
    },
  },
  {
    type: 'object',
    description: 'Controller-owned (UpdateStatus through the status subresource only): the trust anchor for source health.',
    properties: {
      phase: str('Source state.', { enum: ['Pending', 'Active', 'Degraded', 'Failed'] }),
      observedGeneration: { type: 'integer', format: 'int64', minimum: 0, description: 'The .metadata.generation the status describes.' },
      lastSeen: dateTime('When the source last delivered an event.'),
      eventsProcessed: { type: 'integer', format: 'int64', minimum: 0, description: 'Events processed since the controller started.' },
      lastError: str('The most recent processing error.', { maxLength: 32768 }),
      conditions: CONDITIONS,
    },
  },
);

/** Observation and Ingester CRDs with the status subresource. Lives in the `crds` stage. */
export class ZenWatcherCrds extends Construct {
  public readonly observation: ApiObject;
  public readonly ingester: ApiObject;

  constructor(scope: Construct, id: string, props: ZenWatcherCrdsProps = {}) {
    super(scope, id);
    this.observation = this.crd(
      'observation',
      OBSERVATION,
      ['obs'],
      OBSERVATION_SCHEMA,
      [
        { name: 'Source', type: 'string', jsonPath: '.spec.source' },
        { name: 'Severity', type: 'string', jsonPath: '.spec.severity' },
        { name: 'Phase', type: 'string', jsonPath: '.status.phase' },
        { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' },
      ],
      props.labels,
    );
    this.ingester = this.crd(
      'ingester',
      INGESTER,
      ['zing'],
      INGESTER_SCHEMA,
      [
        { name: 'Source', type: 'string', jsonPath: '.spec.source' },
        { name: 'Ingester', type: 'string', jsonPath: '.spec.ingester' },
        { name: 'Phase', type: 'string', jsonPath: '.status.phase' },
        { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' },
      ],
      props.labels,
    );
  }

  private crd(id: string, k: ZenKind, shortNames: string[], schema: Schema, printerColumns: Schema[], labels?: Record<string, string>): ApiObject {
    return new NamespacedCrd(this, id, { group: ZEN_API_GROUP, ...k, shortNames, schema, printerColumns, labels }).crd;
  }
}
