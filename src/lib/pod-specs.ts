/**
 * Where pod templates, pod specs and containers live, with their JSON pointers: the one model every rule that
 * reads pods goes through. Built in: Pod, the workload kinds of Kubernetes (Deployment, StatefulSet, DaemonSet,
 * ReplicaSet, ReplicationController, Job: `spec.template`; CronJob: `spec.jobTemplate.spec.template`) and OpenShift's
 * DeploymentConfig (`apps.openshift.io/v1`, `spec.template` as a ReplicationController). A policy adds the pod
 * templates of custom resources (`podTemplates`, see PodTemplateKind).
 */

/** An object with its kind, as an inventory item or a rendered object carries it. */
export interface KindedObject {
  readonly kind: string;
  readonly object: unknown;
  /** Matched against a policy's podTemplates entries that name an apiVersion. */
  readonly apiVersion?: string;
}

/** A pod template, with or without a pod spec (a template of labels only still makes pods a selector can mean). */
export interface PodTemplateAt {
  /** Pointer of the pod spec (whether or not it is there). */
  readonly path: string;
  /** Pointer of the pod template's metadata (or the Pod's own metadata). */
  readonly metadataPath: string;
  readonly metadata: Record<string, unknown> | undefined;
  readonly spec: Record<string, unknown> | undefined;
}

export interface PodSpecAt extends PodTemplateAt {
  readonly spec: Record<string, unknown>;
}

export interface ContainerAt {
  readonly container: Record<string, unknown>;
  readonly path: string;
  /** containers | initContainers | ephemeralContainers */
  readonly list: string;
}

/**
 * A policy's `podTemplates` entry: objects of `kind` (and `apiVersion`, when given) hold a PodTemplateSpec
 * (`metadata` and `spec`) at the JSON pointer `path`; a `*` step goes into every entry of a list or map there.
 */
export interface PodTemplateKind {
  readonly apiVersion?: string;
  readonly kind: string;
  readonly path: string;
}

const TEMPLATE_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController', 'Job']);
/** API groups of DeploymentConfig: OpenShift 4's, and OpenShift 3's legacy core group. */
const DEPLOYMENT_CONFIG_VERSIONS = new Set(['apps.openshift.io/v1', 'v1']);
const NONE: readonly never[] = [];

function obj(v: unknown): Record<string, unknown> | undefined {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

function templateAt(template: unknown, base: string): PodTemplateAt | undefined {
  const t = obj(template);
  if (!t) return undefined;
  return { path: `${base}/spec`, metadataPath: `${base}/metadata`, metadata: obj(t.metadata), spec: obj(t.spec) };
}

const unescape = (step: string) => step.replace(/~1/g, '/').replace(/~0/g, '~');
const escape = (step: string) => step.replace(/~/g, '~0').replace(/\//g, '~1');

interface CompiledPath {
  readonly steps: readonly string[];
}

/** Every value at `steps` below `value` with its pointer (`*` fans out over a list's entries or a map's values). */
function valuesAt(value: unknown, steps: readonly string[], i: number, pointer: string, out: Array<[unknown, string]>): void {
  if (i === steps.length) {
    out.push([value, pointer]);
    return;
  }
  const step = steps[i];
  if (step === '*') {
    if (Array.isArray(value)) for (let k = 0; k < value.length; k++) valuesAt(value[k], steps, i + 1, `${pointer}/${k}`, out);
    else for (const [k, v] of Object.entries(obj(value) ?? {})) valuesAt(v, steps, i + 1, `${pointer}/${escape(k)}`, out);
    return;
  }
  const next = Array.isArray(value) ? (/^(0|[1-9][0-9]*)$/.test(step) ? value[Number(step)] : undefined) : obj(value)?.[step];
  if (next !== undefined) valuesAt(next, steps, i + 1, `${pointer}/${escape(step)}`, out);
}

/**
 * Which objects hold pod templates, and where: the built-in kinds plus a policy's custom ones. Lookups are by kind
 * (a Map), so judging an object that holds no pods costs one lookup.
 */
export class PodTemplateModel {
  private readonly custom = new Map<string, Array<{ apiVersion?: string; path: CompiledPath }>>();

  constructor(public readonly kinds: readonly PodTemplateKind[] = []) {
    for (const k of kinds) {
      const list = this.custom.get(k.kind) ?? this.custom.set(k.kind, []).get(k.kind)!;
      list.push({ apiVersion: k.apiVersion, path: { steps: k.path.split('/').slice(1).map(unescape) } });
    }
  }

  /** Every pod template of `item`, also those without a pod spec; empty for a kind that holds none. */
  public templatesOf(item: KindedObject): readonly PodTemplateAt[] {
    const o = item.object as Record<string, unknown>;
    const kind = item.kind;
    if (kind === 'Pod') return [{ path: '/spec', metadataPath: '/metadata', metadata: obj(o.metadata), spec: obj(o.spec) }];
    let builtin: PodTemplateAt | undefined;
    if (TEMPLATE_KINDS.has(kind) || (kind === 'DeploymentConfig' && DEPLOYMENT_CONFIG_VERSIONS.has(apiVersionOf(item)))) {
      builtin = templateAt(obj(o.spec)?.template, '/spec/template');
    } else if (kind === 'CronJob') {
      builtin = templateAt(obj(obj(obj(o.spec)?.jobTemplate)?.spec)?.template, '/spec/jobTemplate/spec/template');
    } else {
      const custom = this.custom.size ? this.custom.get(kind) : undefined;
      return custom ? this.customTemplates(item, custom) : NONE;
    }
    return builtin ? [builtin] : NONE;
  }

  /** The pod specs of `item` (templates that have one). */
  public specsOf(item: KindedObject): readonly PodSpecAt[] {
    const templates = this.templatesOf(item);
    if (templates.length === 1) return templates[0].spec ? (templates as readonly PodSpecAt[]) : NONE;
    return templates.filter((t): t is PodSpecAt => t.spec !== undefined);
  }

  /** Whether `item`'s kind is one that holds pod templates (whether or not this one has any). */
  public holdsPods(item: KindedObject): boolean {
    const kind = item.kind;
    return (
      kind === 'Pod' ||
      TEMPLATE_KINDS.has(kind) ||
      kind === 'CronJob' ||
      (kind === 'DeploymentConfig' && DEPLOYMENT_CONFIG_VERSIONS.has(apiVersionOf(item))) ||
      (this.custom.get(kind)?.some((c) => c.apiVersion === undefined || c.apiVersion === apiVersionOf(item)) ?? false)
    );
  }

  private customTemplates(item: KindedObject, paths: ReadonlyArray<{ apiVersion?: string; path: CompiledPath }>): readonly PodTemplateAt[] {
    const out: PodTemplateAt[] = [];
    for (const { apiVersion, path } of paths) {
      if (apiVersion !== undefined && apiVersion !== apiVersionOf(item)) continue;
      const found: Array<[unknown, string]> = [];
      valuesAt(item.object, path.steps, 0, '', found);
      for (const [value, pointer] of found) {
        const t = templateAt(value, pointer);
        if (t) out.push(t);
      }
    }
    return out;
  }
}

function apiVersionOf(item: KindedObject): string {
  if (item.apiVersion !== undefined) return item.apiVersion;
  const v = (item.object as Record<string, unknown> | undefined)?.apiVersion;
  return typeof v === 'string' ? v : '';
}

/** The built-in kinds only: what runs when no policy names custom pod templates. */
export const BUILTIN_POD_TEMPLATES = new PodTemplateModel();

/** The first pod spec of a Pod or of a workload's pod template (built-in kinds), or undefined for any other kind. */
export function podSpecOf(item: KindedObject, model: PodTemplateModel = BUILTIN_POD_TEMPLATES): PodSpecAt | undefined {
  return model.specsOf(item)[0];
}

/** Every pod spec `item` holds under `model` (a custom resource may hold several). */
export function podSpecsOf(item: KindedObject, model: PodTemplateModel = BUILTIN_POD_TEMPLATES): readonly PodSpecAt[] {
  return model.specsOf(item);
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
