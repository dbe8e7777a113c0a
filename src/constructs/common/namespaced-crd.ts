/**
 * A namespaced CustomResourceDefinition with one served and stored version and the status subresource on (so
 * status is written only through `/status`), plus the helpers its openAPIV3Schema is written with. The Runbook
 * and the Zen Watcher CRDs use it.
 */
import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';

export type JsonSchema = Record<string, unknown>;

/** A string property with its description (and any further keywords). */
export const stringSchema = (description: string, extra: JsonSchema = {}): JsonSchema => ({ type: 'string', description, ...extra });

/** The root of a custom resource's schema: apiVersion, kind and metadata as the API server has them, a required spec, and status. */
export function crdRootSchema(description: string, spec: JsonSchema, status: JsonSchema): JsonSchema {
  return {
    type: 'object',
    description,
    required: ['spec'],
    properties: { apiVersion: { type: 'string' }, kind: { type: 'string' }, metadata: { type: 'object' }, spec, status },
  };
}

export interface NamespacedCrdProps {
  readonly group: string;
  readonly kind: string;
  readonly plural: string;
  readonly version: string;
  readonly shortNames: string[];
  /** The version's openAPIV3Schema (see crdRootSchema). */
  readonly schema: JsonSchema;
  /** additionalPrinterColumns of the version. */
  readonly printerColumns: JsonSchema[];
  /**
   * Metadata labels (platform labels).
   * @default - none
   */
  readonly labels?: Record<string, string>;
}

export class NamespacedCrd extends Construct {
  public readonly crd: ApiObject;

  constructor(scope: Construct, id: string, props: NamespacedCrdProps) {
    super(scope, id);
    this.crd = new ApiObject(this, 'crd', {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: `${props.plural}.${props.group}`, labels: props.labels },
      spec: {
        group: props.group,
        scope: 'Namespaced',
        names: { kind: props.kind, listKind: `${props.kind}List`, plural: props.plural, singular: props.kind.toLowerCase(), shortNames: props.shortNames },
        versions: [
          {
            name: props.version,
            served: true,
            storage: true,
            schema: { openAPIV3Schema: props.schema },
            subresources: { status: {} },
            additionalPrinterColumns: props.printerColumns,
          },
        ],
      },
    });
  }
}
