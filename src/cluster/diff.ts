/**
 * `plimsoll diff`: for every rendered object, a server-side dry-run apply (PATCH application/apply-patch+yaml,
 * dryRun=All, force, as Flux's field manager by default) and a diff of the live object against what the API server
 * says it would become, stage by stage in canonical order — what `flux diff kustomization` shows, for the whole
 * environment. Fields the server manages (managedFields, resourceVersion, uid, creationTimestamp, generation, status,
 * ...) are ignored, so only changes the apply would make show. Secret values are never printed: a changed Secret
 * shows which keys change.
 */
import { stringify } from 'yaml';
import { ApiStatusError } from './errors';
import { KindNotServedError, type ClusterClient, type JsonObject } from './client';
import { mapLimit, objectLabel, type RenderedDist, type RenderedItem } from './rendered';
import { unifiedDiff } from './unified-diff';

/** Flux's kustomize-controller applies dist/<env>: diffing as it shows what its next apply would change. */
export const DEFAULT_FIELD_MANAGER = 'kustomize-controller';

/** Flux skips objects annotated IfNotPresent (once they exist) or Ignore. */
export const FLUX_SSA_ANNOTATION = 'kustomize.toolkit.fluxcd.io/ssa';

export type DiffAction = 'unchanged' | 'changed' | 'created' | 'error';

export interface ObjectDiff {
  readonly item: RenderedItem;
  readonly action: DiffAction;
  /** Unified diff (live → dry-run) for changed objects; for Secrets only the changed keys, never values. */
  readonly diff?: string;
  /** Why an object is created or could not be diffed. */
  readonly message?: string;
}

export interface DiffResult {
  readonly objects: readonly ObjectDiff[];
  readonly summary: { readonly unchanged: number; readonly changed: number; readonly created: number; readonly errors: number };
}

const SERVER_METADATA = [
  'managedFields',
  'resourceVersion',
  'uid',
  'creationTimestamp',
  'generation',
  'selfLink',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
];
const SERVER_ANNOTATIONS = ['kubectl.kubernetes.io/last-applied-configuration', 'deployment.kubernetes.io/revision'];

/** The object without what the server manages: only fields an apply can change remain. */
export function withoutServerFields(object: JsonObject): JsonObject {
  const copy = structuredClone(object);
  delete copy.status;
  const metadata = copy.metadata as Record<string, unknown> | undefined;
  if (metadata) {
    for (const key of SERVER_METADATA) delete metadata[key];
    const annotations = metadata.annotations as Record<string, unknown> | undefined;
    if (annotations) {
      for (const key of SERVER_ANNOTATIONS) delete annotations[key];
      if (!Object.keys(annotations).length) delete metadata.annotations;
    }
  }
  return copy;
}

function yamlOf(object: JsonObject): string {
  return stringify(object, { sortMapEntries: true, lineWidth: 0 });
}

/** Keys of data/stringData/binaryData whose values differ (values themselves never leave this function). */
function secretChanges(live: JsonObject, next: JsonObject): string {
  const keys = new Set<string>();
  for (const field of ['data', 'stringData', 'binaryData']) {
    const a = (live[field] ?? {}) as Record<string, unknown>;
    const b = (next[field] ?? {}) as Record<string, unknown>;
    for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) if (JSON.stringify(a[k]) !== JSON.stringify(b[k])) keys.add(`${field}.${k}`);
  }
  const strip = (o: JsonObject) => {
    const c = withoutServerFields(o);
    delete c.data;
    delete c.stringData;
    delete c.binaryData;
    return c;
  };
  const rest = unifiedDiff(yamlOf(strip(live)), yamlOf(strip(next)), { from: 'live', to: 'dry-run' });
  const lines = [`Secret values are not shown; ${keys.size ? `changed keys: ${[...keys].sort().join(', ')}` : 'no data keys change'}`];
  if (rest) lines.push(rest.trimEnd());
  return `${lines.join('\n')}\n`;
}

/** A kind whose CRD is rendered for this environment but not installed yet: its objects come with the CRD. */
function renderedCrdFor(rendered: RenderedDist, apiVersion: string, kind: string): RenderedItem | undefined {
  const group = apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
  return rendered.items.find((i) => {
    if (i.kind !== 'CustomResourceDefinition') return false;
    const spec = (i.object.spec ?? {}) as { group?: string; names?: { kind?: string } };
    return spec.group === group && spec.names?.kind === kind;
  });
}

async function diffOne(
  client: ClusterClient,
  rendered: RenderedDist,
  item: RenderedItem,
  fieldManager: string,
  missingNamespaces: ReadonlySet<string>,
): Promise<ObjectDiff> {
  let live: JsonObject | null;
  try {
    live = await client.get(item);
  } catch (err) {
    if (err instanceof KindNotServedError) {
      const crd = renderedCrdFor(rendered, item.apiVersion, item.kind);
      if (crd) return { item, action: 'created', message: `its CustomResourceDefinition ${crd.name} is created first (stage ${crd.stage})` };
      return { item, action: 'error', message: `${err.message}: install its CustomResourceDefinition before this stage` };
    }
    if (err instanceof ApiStatusError) return { item, action: 'error', message: err.message };
    throw err;
  }
  const ssa = ((item.object.metadata as { annotations?: Record<string, string> } | undefined)?.annotations ?? {})[FLUX_SSA_ANNOTATION];
  if (live && (ssa === 'IfNotPresent' || ssa === 'Ignore')) {
    // Flux never re-applies these once they exist (a Lease the controller owns): neither does the diff.
    return { item, action: 'unchanged', message: `${FLUX_SSA_ANNOTATION}: ${ssa}` };
  }
  if (!live && item.namespace && missingNamespaces.has(item.namespace)) {
    // A server-side dry run into a namespace that does not exist yet answers 404; the rendered Namespace comes first.
    return { item, action: 'created', message: `namespace ${item.namespace} is created first` };
  }
  let next: JsonObject;
  try {
    next = await client.dryRunApply(item.object, fieldManager);
  } catch (err) {
    if (err instanceof ApiStatusError) {
      const causes = err.causes.map((c) => `\n    ${c.field ? `${c.field}: ` : ''}${c.message ?? c.reason ?? ''}`).join('');
      const hint =
        err.status === 409 ? ' (another field manager owns these fields)' : err.status === 422 ? ' (the API server rejects the rendered object)' : '';
      return {
        item,
        action: 'error',
        message: `dry-run apply failed: ${err.status} ${err.reason || ''}${err.serverMessage ? `: ${err.serverMessage}` : ''}${hint}${causes}`,
      };
    }
    throw err;
  }
  if (!live) return { item, action: 'created' };
  if (item.kind === 'Secret') {
    const same = JSON.stringify(withoutServerFields(live)) === JSON.stringify(withoutServerFields(next));
    return same ? { item, action: 'unchanged' } : { item, action: 'changed', diff: secretChanges(live, next) };
  }
  const diff = unifiedDiff(yamlOf(withoutServerFields(live)), yamlOf(withoutServerFields(next)), {
    from: `live ${objectLabel(item)}`,
    to: `dry-run ${objectLabel(item)}`,
  });
  return diff ? { item, action: 'changed', diff } : { item, action: 'unchanged' };
}

export interface DiffOptions {
  /** @default DEFAULT_FIELD_MANAGER */
  readonly fieldManager?: string;
  /** Requests in flight at once. @default 8 */
  readonly concurrency?: number;
}

export async function diffEnvironment(client: ClusterClient, rendered: RenderedDist, options: DiffOptions = {}): Promise<DiffResult> {
  const fieldManager = options.fieldManager ?? DEFAULT_FIELD_MANAGER;
  const namespaces = rendered.items.filter((i) => i.kind === 'Namespace' && i.apiVersion === 'v1');
  const missingNamespaces = new Set<string>();
  for (const ns of namespaces) if (!(await client.get(ns))) missingNamespaces.add(ns.name);
  const objects = await mapLimit(rendered.items, options.concurrency ?? 8, (item) => diffOne(client, rendered, item, fieldManager, missingNamespaces));
  const count = (a: DiffAction) => objects.filter((o) => o.action === a).length;
  return { objects, summary: { unchanged: count('unchanged'), changed: count('changed'), created: count('created'), errors: count('error') } };
}

/** Exit code like `flux diff`: 0 no difference, 1 differences, 2 an object could not be diffed. */
export function diffExitCode(result: DiffResult): number {
  if (result.summary.errors) return 2;
  return result.summary.changed || result.summary.created ? 1 : 0;
}

export function formatDiffText(result: DiffResult, header: string): string {
  const out = [header];
  let stage = '';
  for (const o of result.objects) {
    if (o.action === 'unchanged') continue;
    if (o.item.stage !== stage) {
      stage = o.item.stage;
      out.push('', `── ${stage}`);
    }
    const note = o.message ? ` (${o.message})` : '';
    if (o.action === 'error') out.push(`✗ ${objectLabel(o.item)} could not be diffed: ${o.message}`);
    else out.push(`► ${objectLabel(o.item)} ${o.action}${o.action === 'created' ? note : ''}`);
    if (o.diff) out.push(o.diff.trimEnd());
  }
  const s = result.summary;
  out.push(
    '',
    `${s.changed} changed, ${s.created} created, ${s.unchanged} unchanged, ${s.errors} error${s.errors === 1 ? '' : 's'} · ${result.objects.length} objects`,
  );
  return `${out.join('\n')}\n`;
}

export function formatDiffJson(result: DiffResult, meta: { environment: string; context: string; server: string }): string {
  return `${JSON.stringify(
    {
      ...meta,
      objects: result.objects.map((o) => ({
        stage: o.item.stage,
        file: o.item.file,
        object: { apiVersion: o.item.apiVersion, kind: o.item.kind, namespace: o.item.namespace, name: o.item.name },
        action: o.action,
        ...(o.diff ? { diff: o.diff } : {}),
        ...(o.message ? { message: o.message } : {}),
      })),
      summary: result.summary,
    },
    null,
    2,
  )}\n`;
}
