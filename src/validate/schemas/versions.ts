/** The Kubernetes releases whose built-in schemas ship (generated/kubernetes-<version>.json), oldest first. */
export const KUBERNETES_VERSIONS = ['1.28', '1.29', '1.30', '1.31', '1.32', '1.33'] as const;

export type KubernetesVersion = (typeof KUBERNETES_VERSIONS)[number];

/** What a run validates against when neither `--kubernetes-version` nor the policy says: the newest bundled. */
export const DEFAULT_KUBERNETES_VERSION: KubernetesVersion = KUBERNETES_VERSIONS[KUBERNETES_VERSIONS.length - 1];

export function isKubernetesVersion(value: unknown): value is KubernetesVersion {
  return typeof value === 'string' && (KUBERNETES_VERSIONS as readonly string[]).includes(value);
}

/** Orders "1.9" before "1.16" (numerically by minor), for any "major.minor". */
export function compareKubernetesVersions(a: string, b: string): number {
  const [am, an] = a.split('.').map(Number);
  const [bm, bn] = b.split('.').map(Number);
  return am - bm || an - bn;
}
