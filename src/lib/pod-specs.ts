/** Where pod specs and containers live in workload kinds, with their JSON pointers. */

/** An object with its kind, as an inventory item or a rendered object carries it. */
export interface KindedObject {
  readonly kind: string;
  readonly object: unknown;
}

export interface PodSpecAt {
  readonly spec: Record<string, unknown>;
  /** Pointer of the pod spec. */
  readonly path: string;
  /** Pointer of the pod template's metadata (or the Pod's own metadata). */
  readonly metadataPath: string;
  readonly metadata: Record<string, unknown> | undefined;
}

export interface ContainerAt {
  readonly container: Record<string, unknown>;
  readonly path: string;
  /** containers | initContainers | ephemeralContainers */
  readonly list: string;
}

const TEMPLATE_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController', 'Job']);

function obj(v: unknown): Record<string, unknown> | undefined {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

/** The pod spec of a Pod or of a workload's pod template, or undefined for any other kind. */
export function podSpecOf(item: KindedObject): PodSpecAt | undefined {
  const o = item.object as Record<string, unknown>;
  if (item.kind === 'Pod') {
    const spec = obj(o.spec);
    return spec && { spec, path: '/spec', metadataPath: '/metadata', metadata: obj(o.metadata) };
  }
  let template: Record<string, unknown> | undefined;
  let base: string;
  if (TEMPLATE_KINDS.has(item.kind)) {
    template = obj(obj(o.spec)?.template);
    base = '/spec/template';
  } else if (item.kind === 'CronJob') {
    template = obj(obj(obj(obj(o.spec)?.jobTemplate)?.spec)?.template);
    base = '/spec/jobTemplate/spec/template';
  } else {
    return undefined;
  }
  const spec = obj(template?.spec);
  return spec && { spec, path: `${base}/spec`, metadataPath: `${base}/metadata`, metadata: obj(template?.metadata) };
}

export const CONTAINER_LISTS = ['initContainers', 'containers', 'ephemeralContainers'] as const;

export function* containersOf(pod: PodSpecAt): Iterable<ContainerAt> {
  for (const list of CONTAINER_LISTS) {
    const containers = pod.spec[list];
    if (!Array.isArray(containers)) continue;
    for (let i = 0; i < containers.length; i++) {
      const container = obj(containers[i]);
      if (container) yield { container, path: `${pod.path}/${list}/${i}`, list };
    }
  }
}
