/**
 * The objects a pod spec names, each with its JSON pointer: the ServiceAccount it runs as, the ConfigMaps and
 * Secrets of its volumes (also projected ones), env `valueFrom` and `envFrom`, and the PersistentVolumeClaims its
 * volumes claim. `optional: true` makes a missing ConfigMap or Secret (or key) fine for the kubelet, so it is kept.
 */
import { containersOf, type PodSpecAt } from '../../lib/pod-specs';
import { arr, obj, type Obj } from './values';

export type PodReferenceKind = 'ServiceAccount' | 'ConfigMap' | 'Secret' | 'PersistentVolumeClaim';

export interface PodReference {
  readonly kind: PodReferenceKind;
  readonly name: string;
  readonly path: string;
  /** What the pod does with it: "runs as", "mounts", "reads". */
  readonly verb: string;
  readonly optional: boolean;
  /** Keys the reference needs: an env var's key, or a volume's `items`. */
  readonly keys: readonly { key: string; path: string }[];
}

const nameOf = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);

function itemKeys(source: Obj, path: string): { key: string; path: string }[] {
  const items = arr(source.items);
  const out: { key: string; path: string }[] = [];
  for (let i = 0; i < items.length; i++) {
    const key = obj(items[i]).key;
    if (typeof key === 'string') out.push({ key, path: `${path}/items/${i}/key` });
  }
  return out;
}

/** A volume source (or projected source) naming a ConfigMap or Secret by `nameField`. */
function* configSource(kind: 'ConfigMap' | 'Secret', source: Obj, nameField: string, path: string): Iterable<PodReference> {
  const name = nameOf(source[nameField]);
  if (name) yield { kind, name, path: `${path}/${nameField}`, verb: 'mounts', optional: source.optional === true, keys: itemKeys(source, path) };
}

export function* podReferences(pod: PodSpecAt): Iterable<PodReference> {
  const spec = pod.spec;
  // serviceAccountName wins over the deprecated serviceAccount when both are set.
  const account = nameOf(spec.serviceAccountName) ? 'serviceAccountName' : nameOf(spec.serviceAccount) ? 'serviceAccount' : undefined;
  if (account) yield { kind: 'ServiceAccount', name: spec[account] as string, path: `${pod.path}/${account}`, verb: 'runs as', optional: false, keys: [] };
  const volumes = arr(spec.volumes);
  for (let i = 0; i < volumes.length; i++) {
    const v = obj(volumes[i]);
    const at = `${pod.path}/volumes/${i}`;
    if (v.configMap) yield* configSource('ConfigMap', obj(v.configMap), 'name', `${at}/configMap`);
    if (v.secret) yield* configSource('Secret', obj(v.secret), 'secretName', `${at}/secret`);
    const claim = nameOf(obj(v.persistentVolumeClaim).claimName);
    if (claim) yield { kind: 'PersistentVolumeClaim', name: claim, path: `${at}/persistentVolumeClaim/claimName`, verb: 'mounts', optional: false, keys: [] };
    const sources = arr(obj(v.projected).sources);
    for (let j = 0; j < sources.length; j++) {
      const s = obj(sources[j]);
      const sat = `${at}/projected/sources/${j}`;
      if (s.configMap) yield* configSource('ConfigMap', obj(s.configMap), 'name', `${sat}/configMap`);
      if (s.secret) yield* configSource('Secret', obj(s.secret), 'name', `${sat}/secret`);
    }
  }
  for (const { container, path } of containersOf(pod)) {
    const env = arr(container.env);
    for (let i = 0; i < env.length; i++) {
      const from = obj(obj(env[i]).valueFrom);
      for (const [field, kind] of [
        ['configMapKeyRef', 'ConfigMap'],
        ['secretKeyRef', 'Secret'],
      ] as const) {
        const ref = obj(from[field]);
        const name = nameOf(ref.name);
        if (!name) continue;
        const at = `${path}/env/${i}/valueFrom/${field}`;
        const keys = typeof ref.key === 'string' ? [{ key: ref.key, path: `${at}/key` }] : [];
        yield { kind, name, path: `${at}/name`, verb: 'reads', optional: ref.optional === true, keys };
      }
    }
    const envFrom = arr(container.envFrom);
    for (let i = 0; i < envFrom.length; i++) {
      const e = obj(envFrom[i]);
      for (const [field, kind] of [
        ['configMapRef', 'ConfigMap'],
        ['secretRef', 'Secret'],
      ] as const) {
        const ref = obj(e[field]);
        const name = nameOf(ref.name);
        if (name) yield { kind, name, path: `${path}/envFrom/${i}/${field}/name`, verb: 'reads', optional: ref.optional === true, keys: [] };
      }
    }
  }
}
