import { stringify } from 'yaml';

/**
 * YAML as Plimsoll writes it everywhere (manifests, config files inside ConfigMaps, rendered files): no anchors,
 * no line folding, YAML 1.1 so strings such as "yes", "on" or "0777" are quoted — Kubernetes' YAML reader
 * (go-yaml) and most tools would otherwise read them as booleans or octal numbers.
 */
export function toYaml(value: unknown): string {
  return stringify(value, { version: '1.1', lineWidth: 0, minContentWidth: 0, aliasDuplicateObjects: false, indentSeq: true });
}
