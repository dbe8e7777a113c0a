/**
 * The objects a pod spec names, each with its JSON pointer: the ServiceAccount it runs as, the ConfigMaps and
 * Secrets of its volumes (also projected ones), env `valueFrom` and `envFrom`, and the PersistentVolumeClaims its
 * volumes claim. `optional: true` makes a missing ConfigMap or Secret (or key) fine for the kubelet, so it is kept.
 * A plain loop filling one array: this runs for every pod spec of the input.
 */
import { CONTAINER_LISTS, type PodSpecAt } from '../../lib/pod-specs';
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

const NO_KEYS: readonly { key: string; path: string }[] = [];
const nameOf = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);

function itemKeys(source: Obj, path: string): readonly { key: string; path: string }[] {
  if (!Array.isArray(source.items)) return NO_KEYS;
  const out: { key: string; path: string }[] = [];
  for (let i = 0; i < source.items.length; i++) {
    const key = obj(source.items[i]).key;
    if (typeof key === 'string') out.push({ key, path: `${path}/items/${i}/key` });
  }
  return out;
}

/** A volume source (or projected source) naming a ConfigMap or Secret by `nameField`. */
function configSource(out: PodReference[], kind: 'ConfigMap' | 'Secret', raw: unknown, nameField: string, path: string): void {
  const source = obj(raw);
  const name = nameOf(source[nameField]);
  if (name) out.push({ kind, name, path: `${path}/${nameField}`, verb: 'mounts', optional: source.optional === true, keys: itemKeys(source, path) });
}

const ENV_REFS = [
  ['configMapKeyRef', 'ConfigMap'],
  ['secretKeyRef', 'Secret'],
] as const;
const ENV_FROM_REFS = [
  ['configMapRef', 'ConfigMap'],
  ['secretRef', 'Secret'],
] as const;

export function podReferences(pod: PodSpecAt): PodReference[] {
  const spec = pod.spec;
  const out: PodReference[] = [];
  // serviceAccountName wins over the deprecated serviceAccount when both are set.
  const account = nameOf(spec.serviceAccountName) ? 'serviceAccountName' : nameOf(spec.serviceAccount) ? 'serviceAccount' : undefined;
  if (account)
    out.push({ kind: 'ServiceAccount', name: spec[account] as string, path: `${pod.path}/${account}`, verb: 'runs as', optional: false, keys: NO_KEYS });
  const volumes = arr(spec.volumes);
  for (let i = 0; i < volumes.length; i++) {
    const v = obj(volumes[i]);
    const at = `${pod.path}/volumes/${i}`;
    if (v.configMap) configSource(out, 'ConfigMap', v.configMap, 'name', `${at}/configMap`);
    if (v.secret) configSource(out, 'Secret', v.secret, 'secretName', `${at}/secret`);
    const claim = v.persistentVolumeClaim ? nameOf(obj(v.persistentVolumeClaim).claimName) : undefined;
    if (claim)
      out.push({ kind: 'PersistentVolumeClaim', name: claim, path: `${at}/persistentVolumeClaim/claimName`, verb: 'mounts', optional: false, keys: NO_KEYS });
    if (!v.projected) continue;
    const sources = arr(obj(v.projected).sources);
    for (let j = 0; j < sources.length; j++) {
      const s = obj(sources[j]);
      if (s.configMap) configSource(out, 'ConfigMap', s.configMap, 'name', `${at}/projected/sources/${j}/configMap`);
      if (s.secret) configSource(out, 'Secret', s.secret, 'name', `${at}/projected/sources/${j}/secret`);
    }
  }
  for (const list of CONTAINER_LISTS) {
    const containers = spec[list];
    if (!Array.isArray(containers)) continue;
    for (let c = 0; c < containers.length; c++) {
      const container = obj(containers[c]);
      const path = `${pod.path}/${list}/${c}`;
      const env = arr(container.env);
      for (let i = 0; i < env.length; i++) {
        const from = obj(env[i]).valueFrom;
        if (!from) continue;
        for (const [field, kind] of ENV_REFS) {
          const ref = obj(obj(from)[field]);
          const name = nameOf(ref.name);
          if (!name) continue;
          const at = `${path}/env/${i}/valueFrom/${field}`;
          const keys = typeof ref.key === 'string' ? [{ key: ref.key, path: `${at}/key` }] : NO_KEYS;
          out.push({ kind, name, path: `${at}/name`, verb: 'reads', optional: ref.optional === true, keys });
        }
      }
      const envFrom = arr(container.envFrom);
      for (let i = 0; i < envFrom.length; i++) {
        const e = obj(envFrom[i]);
        for (const [field, kind] of ENV_FROM_REFS) {
          const ref = obj(e[field]);
          const name = nameOf(ref.name);
          if (name) out.push({ kind, name, path: `${path}/envFrom/${i}/${field}/name`, verb: 'reads', optional: ref.optional === true, keys: NO_KEYS });
        }
      }
    }
  }
  return out;
}
