/**
 * The catalog of custom resources platform teams run, as strict JSON Schema, from the type declarations (.d.ts)
 * of @kubernetes-models packages (pinned in sources.json and fetched by sources.ts, read as text; their code is never loaded):
 * string-literal unions are the CRDs' enums, optional members the optional fields; Kubernetes types they use
 * (PodTemplateSpec, LabelSelector, ...) refer to the built-in schemas. Integer-ness, patterns, bounds and formats
 * are not in declarations, so they are not checked (src/validate/schemas/README.md).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { DeclarationResolver } from './dts-resolver';
import { kindOf } from './dts';
import { hoistRepeated, type JsonSchema } from '../../src/validate/schemas/structural';
import { KUBERNETES_ID } from './kubernetes';
import { sourcePins, sourcesRoot } from './sources';

export const CUSTOM_RESOURCES_ID = 'custom-resources';
const OBJECT_META_REF = `${KUBERNETES_ID}#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta`;

interface Source {
  readonly pkg: string;
  /**
   * Upstream releases the package's declarations come from: the CRD file named in its package.json
   * (`crd-generate.input`), or the Go API modules pinned in the go.mod of the package's release.
   */
  readonly upstream: string;
  /** API groups whose kinds are taken (every version the package declares), or explicit `<group>/<version>/<Kind>`s. */
  readonly groups?: readonly string[];
  readonly kinds?: readonly string[];
  /** Declared kinds that are no CRD (types the controller uses internally). */
  readonly notCrds?: readonly string[];
}

export const SOURCES: readonly Source[] = [
  {
    pkg: '@kubernetes-models/flux-cd',
    upstream:
      'Flux: kustomize-controller v1.8.5, helm-controller v1.5.4, source-controller v1.8.4, notification-controller v1.8.4, image-reflector-controller v1.1.1, image-automation-controller v1.1.3',
    groups: ['kustomize.toolkit.fluxcd.io', 'helm.toolkit.fluxcd.io', 'source.toolkit.fluxcd.io', 'notification.toolkit.fluxcd.io', 'image.toolkit.fluxcd.io'],
  },
  { pkg: '@kubernetes-models/gateway-api', upstream: 'Gateway API v1.5.1', groups: ['gateway.networking.k8s.io', 'gateway.networking.x-k8s.io'] },
  { pkg: '@kubernetes-models/cert-manager', upstream: 'cert-manager v1.20.2', groups: ['cert-manager.io', 'acme.cert-manager.io'] },
  {
    pkg: '@kubernetes-models/istio',
    upstream: 'Istio 1.29.2',
    groups: ['networking.istio.io', 'security.istio.io', 'telemetry.istio.io', 'extensions.istio.io'],
  },
  { pkg: '@kubernetes-models/argo-cd', upstream: 'Argo CD v3.3.9', groups: ['argoproj.io'] },
  { pkg: '@kubernetes-models/argo-rollouts', upstream: 'Argo Rollouts v1.9.0', groups: ['argoproj.io'] },
  {
    pkg: '@kubernetes-models/external-secrets',
    upstream: 'External Secrets Operator v0.16.2',
    groups: ['external-secrets.io', 'generators.external-secrets.io'],
  },
  { pkg: '@kubernetes-models/keda', upstream: 'KEDA v2.19.0', groups: ['keda.sh', 'eventing.keda.sh'], notCrds: ['WithTriggers'] },
  { pkg: '@kubernetes-models/kyverno', upstream: 'Kyverno v1.18.0', groups: ['kyverno.io', 'policies.kyverno.io'] },
  {
    pkg: '@kubernetes-models/prometheus-operator',
    upstream: 'prometheus-operator v0.90.1',
    kinds: [
      'monitoring.coreos.com/v1/PrometheusRule',
      'monitoring.coreos.com/v1/ServiceMonitor',
      'monitoring.coreos.com/v1/PodMonitor',
      'monitoring.coreos.com/v1alpha1/AlertmanagerConfig',
    ],
  },
];

/** A source package's unpacked files (sources.ts) and its version. */
function packageDir(pkg: string, root: string): { dir: string; version: string } {
  const dir = join(root, pkg);
  if (!sourcePins()[pkg]) throw new Error(`${pkg} is no schema source: pin it in scripts/schemas/sources.json`);
  return { dir, version: JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).version as string };
}

/** `<group>/<version>/<Kind>` of every `<group>/<version>/<Kind>.d.ts` of the groups (List kinds left out). */
function declaredKinds(dir: string, groups: readonly string[]): string[] {
  const out: string[] = [];
  for (const group of groups) {
    for (const version of readdirSync(join(dir, group)).sort()) {
      if (!statSync(join(dir, group, version)).isDirectory()) continue;
      for (const f of readdirSync(join(dir, group, version)).sort()) {
        if (f.endsWith('.d.ts') && f !== 'index.d.ts' && !f.endsWith('List.d.ts')) out.push(`${group}/${version}/${f.slice(0, -'.d.ts'.length)}`);
      }
    }
  }
  return out;
}

/** Kubernetes types by kubernetes-models' long name (`IIoK8sApiCoreV1PodSpec`) → built-in definition id. */
function builtinTypes(definitionIds: readonly string[]): Map<string, string> {
  const longName = (id: string) =>
    `I${id
      .split(/[.-]/)
      .map((s) => s.charAt(0).toUpperCase() + s.slice(1))
      .join('')}`;
  return new Map(definitionIds.map((id) => [longName(id), id]));
}

/** Types whose declarations say less than their meaning (JSON is any value; Quantity any number, not an integer). */
const SPECIAL: Readonly<Record<string, JsonSchema>> = {
  IIoK8sApimachineryPkgApisMetaV1ObjectMeta: { type: 'object', $ref: OBJECT_META_REF },
  IIoK8sApiextensionsApiserverPkgApisApiextensionsV1JSON: {},
  IIoK8sApimachineryPkgApiResourceQuantity: { type: ['number', 'string'] },
};

export interface CustomResourceSchemas {
  readonly document: JsonSchema;
  readonly stats: { kinds: number };
}

/** The catalog; `kubernetesDefinitions` are the ids of the built-in definitions CRD types may refer to. */
export function customResourceSchemas(kubernetesDefinitions: readonly string[]): CustomResourceSchemas {
  const builtin = builtinTypes(kubernetesDefinitions);
  const resolver = new DeclarationResolver({
    known: (name) => SPECIAL[name] ?? (builtin.has(name) ? { type: 'object', $ref: `${KUBERNETES_ID}#/definitions/${builtin.get(name)}` } : undefined),
  });
  const kinds: Record<string, JsonSchema> = {};
  const sources: string[] = [];
  const root = sourcesRoot();
  for (const source of SOURCES) {
    const { dir, version } = packageDir(source.pkg, root);
    const origin = `${source.upstream} (${source.pkg} ${version})`;
    sources.push(origin);
    for (const gvk of source.kinds ?? declaredKinds(dir, source.groups ?? [])) {
      const [group, v, kind] = gvk.split('/');
      if (source.notCrds?.includes(kind)) continue;
      const file = join(dir, group, v, `${kind}.d.ts`);
      const decl = resolver.interfaceIn(file, `I${kind}`);
      const declared = decl && kindOf(decl);
      if (!declared || declared.apiVersion !== `${group}/${v}` || declared.kind !== kind) {
        if (source.kinds) throw new Error(`${relative(process.cwd(), file).split(sep).join('/')}: no interface I${kind} with apiVersion ${group}/${v}`);
        continue; // a type of the group that is not a kind
      }
      if (kinds[gvk]) throw new Error(`${gvk} is in ${source.pkg} and an earlier source`);
      const schema = resolver.declaration(decl!, file);
      const properties = { ...(schema.properties as Record<string, JsonSchema>) };
      // The lookup already matched apiVersion and kind (literal types in the declarations).
      properties.apiVersion = { type: 'string' };
      properties.kind = { type: 'string' };
      properties.metadata = { type: ['object', 'null'], $ref: OBJECT_META_REF };
      // As for built-in kinds, status is the controller's to write and not judged (`kubectl get -o yaml` has one).
      if (properties.status) properties.status = {};
      kinds[gvk] = {
        source: origin,
        schema: hoistRepeated({ ...schema, properties, required: ((schema.required as string[] | undefined) ?? []).filter((r) => r !== 'status') }),
      };
    }
  }
  // Kinds with the very same schema (a version promoted unchanged, SecretStore and ClusterSecretStore) share it.
  const sorted: Record<string, JsonSchema> = {};
  const firstWith = new Map<string, string>();
  for (const k of Object.keys(kinds).sort()) {
    const text = JSON.stringify(kinds[k].schema);
    const same = firstWith.get(text);
    if (same) sorted[k] = { source: kinds[k].source, alias: same };
    else {
      firstWith.set(text, k);
      sorted[k] = kinds[k];
    }
  }
  return {
    document: {
      $id: CUSTOM_RESOURCES_ID,
      $comment: `Generated by \`npm run gen:schemas\` from ${sources.join('; ')}. Do not edit.`,
      kinds: sorted,
    },
    stats: { kinds: Object.keys(sorted).length },
  };
}
