import { Construct } from 'constructs';
import { ApiObject } from 'cdk8s';

export interface StageKustomizationProps {
  /** Kustomization name (e.g. `plimsoll-00-namespaces`). */
  readonly name: string;
  /** Namespace of the Flux objects. */
  readonly namespace: string;
  /** Path inside the source artifact, e.g. `./dist/prod-fsn/00-namespaces`. */
  readonly path: string;
  readonly sourceRef: { readonly kind: string; readonly name: string; readonly namespace?: string };
  /** Reconcile interval (Go duration). */
  readonly interval: string;
  /**
   * Kustomization this one waits for (the previous stage in canonical order).
   * @default - none (the first stage)
   */
  readonly dependsOn?: string;
  /**
   * Wait for every applied object to become Ready before reporting Ready, so dependants start only then.
   * @default false
   */
  readonly wait?: boolean;
  /**
   * Health-check timeout when waiting.
   * @default '5m'
   */
  readonly timeout?: string;
  /**
   * Metadata labels.
   * @default - none
   */
  readonly labels?: Record<string, string>;
}

/** One Flux Kustomization (kustomize.toolkit.fluxcd.io/v1) reconciling one stage folder of dist/. */
export class StageKustomization extends Construct {
  constructor(scope: Construct, id: string, props: StageKustomizationProps) {
    super(scope, id);
    new ApiObject(this, 'Resource', {
      apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
      kind: 'Kustomization',
      metadata: { name: props.name, namespace: props.namespace, labels: props.labels },
      spec: {
        interval: props.interval,
        path: props.path,
        prune: true,
        sourceRef: { ...props.sourceRef },
        ...(props.dependsOn ? { dependsOn: [{ name: props.dependsOn }] } : {}),
        wait: props.wait ?? false,
        timeout: props.timeout ?? '5m',
      },
    });
  }
}
