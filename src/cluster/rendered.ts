/**
 * What was rendered for an environment, read back from dist/<env>/: manifest.json (the object inventory with each
 * object's stage and file) and the object files themselves, in canonical order — the flux/ Kustomizations first
 * (the bootstrap applies them, and they apply the stages), then the stages as ORDER lists them, each in manifest
 * order. The live-cluster commands compare the cluster against exactly this.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { load } from 'js-yaml';
import { MANIFEST_SCHEMA } from '../validate/yaml-schema';
import { InputError } from '../lib/errors';
import { displayPath, PROJECT_ROOT } from '../lib/paths';
import type { JsonObject } from './client';

export const DEFAULT_DIST_DIR = join(PROJECT_ROOT, 'dist');

/** The folder of the flux/ Kustomizations, reported as a stage of its own. */
export const FLUX_STAGE = 'flux';

export interface RenderedItem {
  readonly object: JsonObject;
  /** Stage folder (`05-runtime`) or `flux`. */
  readonly stage: string;
  /** Display path of the object's file (`dist/prod-fsn/05-runtime/deployment_stellaops_zastava-webhook.yaml`). */
  readonly file: string;
  readonly apiVersion: string;
  readonly kind: string;
  /** Empty for cluster-scoped objects. */
  readonly namespace: string;
  readonly name: string;
}

export interface RenderedDist {
  readonly environment: string;
  readonly tier: string;
  /** Absolute path of dist/<env>. */
  readonly dir: string;
  /** Stage folders in apply order (ORDER). */
  readonly order: readonly string[];
  /** Every rendered object: flux/ first, then stage by stage. */
  readonly items: readonly RenderedItem[];
}

interface ManifestObject {
  apiVersion: string;
  kind: string;
  namespace: string | null;
  name: string;
  stage: string | null;
  file: string;
}

export function loadRendered(environment: string, distDir = DEFAULT_DIST_DIR): RenderedDist {
  const dir = resolve(distDir, environment);
  const manifestFile = join(dir, 'manifest.json');
  if (!existsSync(manifestFile))
    throw new InputError(`${displayPath(manifestFile)} does not exist; render the environment first (\`plimsoll synth --env ${environment}\`)`);
  let manifest: { environment?: string; tier?: string; order?: string[]; objects?: ManifestObject[] };
  try {
    manifest = JSON.parse(readFileSync(manifestFile, 'utf8'));
  } catch (err) {
    throw new InputError(`cannot read ${displayPath(manifestFile)}: ${(err as Error).message}`);
  }
  if (manifest.environment !== environment || !Array.isArray(manifest.order) || !Array.isArray(manifest.objects)) {
    throw new InputError(
      `${displayPath(manifestFile)} is not a Plimsoll manifest for environment "${environment}"; re-run \`plimsoll synth --env ${environment}\``,
    );
  }
  const order = manifest.order;
  const rank = (stage: string) => (stage === FLUX_STAGE ? -1 : order.indexOf(stage));
  const items: RenderedItem[] = manifest.objects
    .map((m, position) => {
      const stage = m.file.split('/')[0];
      const path = join(dir, m.file);
      if (!existsSync(path))
        throw new InputError(`${displayPath(path)} is listed in ${displayPath(manifestFile)} but missing; re-run \`plimsoll synth --env ${environment}\``);
      // js-yaml with the validator's schema: the reader Kubernetes semantics are checked with, ~5× faster than `yaml`.
      const object = load(readFileSync(path, 'utf8'), { schema: MANIFEST_SCHEMA }) as JsonObject;
      return { object, stage, file: displayPath(path), apiVersion: m.apiVersion, kind: m.kind, namespace: m.namespace ?? '', name: m.name, position };
    })
    .sort((a, b) => rank(a.stage) - rank(b.stage) || a.position - b.position)
    .map(({ position: _position, ...item }) => item);
  return { environment, tier: String(manifest.tier ?? ''), dir, order, items };
}

/** `Deployment shipshape/helloworld-prod`, `CustomResourceDefinition ingesters.zen.kube-zen.io`. */
export function objectLabel(o: { kind: string; namespace?: string; name: string }): string {
  return `${o.kind} ${o.namespace ? `${o.namespace}/` : ''}${o.name}`;
}

/** Runs `fn` over `items` with at most `limit` at a time; results keep the input order. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
