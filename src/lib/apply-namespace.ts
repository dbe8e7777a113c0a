/**
 * Where a namespaced object lands when it is applied. An object that names no namespace lands in the namespace it
 * is applied into, as kubectl does: a kustomization's `namespace:` for the files of that kustomization's folder
 * (kustomize build writes it onto them), else `--namespace` (`kubectl apply -n`), else `default`. Only in the last
 * case is the namespace a guess: the same files are as often applied with `-n <ns>`, so such an object is
 * "floating" — it may land in any namespace, and a reference between it and a namespace the input names is taken
 * as satisfied (the input cannot say where it lands).
 */
import { dirname } from 'node:path';

export interface ApplyNamespaces {
  /**
   * The namespace namespace-less objects are applied into (`plimsoll validate --namespace`).
   * @default - not given: `default`, but floating (see above)
   */
  readonly flag?: string;
  /** Folder (as displayed in findings) → the `namespace:` of the kustomization file in it. */
  readonly folders?: ReadonlyMap<string, string>;
}

export interface Placement {
  /** '' for cluster-scoped objects. */
  readonly namespace: string;
  /** True when the input does not say where the object lands (no namespace, no kustomization, no --namespace). */
  readonly floating: boolean;
}

export const KUBECTL_DEFAULT_NAMESPACE = 'default';

/** Placement of a namespaced object written with `namespace` (maybe '') in `file`. */
export function placeNamespaced(namespace: string, file: string, namespaces: ApplyNamespaces | undefined): Placement {
  if (namespace) return { namespace, floating: false };
  const fromKustomization = namespaces?.folders?.get(dirname(file));
  if (fromKustomization) return { namespace: fromKustomization, floating: false };
  if (namespaces?.flag) return { namespace: namespaces.flag, floating: false };
  return { namespace: KUBECTL_DEFAULT_NAMESPACE, floating: true };
}
