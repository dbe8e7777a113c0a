/**
 * The custom resources the platform uses, as strict JSON Schema, from @kubernetes-models packages (devDependencies,
 * read at build time only):
 * - versions that embed the CRD's JSON schema in their JavaScript (`const schema = {...}`) give the real schema:
 *   types, enums, required, patterns, bounds, oneOf; it goes through the same conversion as a CRD in the input;
 * - prometheus-operator ships only compiled validators and declarations in the versions that carry its current
 *   CRDs, so its schemas come from the .d.ts (types, enums, required; no patterns or bounds).
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { interfacesOf, objectSchema, parseDts } from './dts';
import { hoistRepeated, strictSchemaFromOpenAPI, type JsonSchema } from '../../src/validate/schemas/structural';
import { KUBERNETES_ID } from './kubernetes';

export const CUSTOM_RESOURCES_ID = 'custom-resources';
const OBJECT_META_REF = `${KUBERNETES_ID}#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta`;

interface Source {
  readonly pkg: string;
  /** Upstream release the package's CRDs come from (its package.json `crd-generate.input`). */
  readonly upstream: string;
  readonly reader: 'embedded' | 'dts';
  /** `<group>/<version>/<Kind>` */
  readonly kinds: readonly string[];
  /** `<group>/<version>/<Kind>` served with the schema of another version (identical upstream). */
  readonly aliases?: Readonly<Record<string, string>>;
}

export const SOURCES: readonly Source[] = [
  {
    pkg: '@kubernetes-models/istio',
    upstream: 'Istio 1.18.0',
    reader: 'embedded',
    kinds: [
      ...['Gateway', 'VirtualService', 'DestinationRule', 'ServiceEntry', 'Sidecar'].flatMap((k) => [`networking.istio.io/v1alpha3/${k}`, `networking.istio.io/v1beta1/${k}`]),
      'networking.istio.io/v1alpha3/EnvoyFilter',
      'security.istio.io/v1beta1/AuthorizationPolicy',
      'security.istio.io/v1beta1/PeerAuthentication',
      'security.istio.io/v1beta1/RequestAuthentication',
      'security.istio.io/v1/AuthorizationPolicy',
      'security.istio.io/v1/RequestAuthentication',
    ],
    // Istio 1.22 promoted these to v1 with the v1beta1 schema unchanged.
    aliases: {
      ...Object.fromEntries(['Gateway', 'VirtualService', 'DestinationRule', 'ServiceEntry', 'Sidecar'].map((k) => [`networking.istio.io/v1/${k}`, `networking.istio.io/v1beta1/${k}`])),
      'security.istio.io/v1/PeerAuthentication': 'security.istio.io/v1beta1/PeerAuthentication',
    },
  },
  {
    pkg: '@kubernetes-models/flux-cd',
    upstream: 'Flux 2.2 (kustomize-controller v1.2.2, source-controller v1.2.4)',
    reader: 'embedded',
    kinds: ['kustomize.toolkit.fluxcd.io/v1/Kustomization', 'source.toolkit.fluxcd.io/v1/GitRepository'],
  },
  {
    pkg: '@kubernetes-models/cert-manager',
    upstream: 'cert-manager v1.11.2',
    reader: 'embedded',
    kinds: ['cert-manager.io/v1/Certificate', 'cert-manager.io/v1/Issuer', 'cert-manager.io/v1/ClusterIssuer'],
  },
  {
    pkg: '@kubernetes-models/prometheus-operator',
    upstream: 'prometheus-operator v0.90.1',
    reader: 'dts',
    kinds: [
      'monitoring.coreos.com/v1/PrometheusRule',
      'monitoring.coreos.com/v1/ServiceMonitor',
      'monitoring.coreos.com/v1/PodMonitor',
      'monitoring.coreos.com/v1alpha1/AlertmanagerConfig',
    ],
  },
];

function packageDir(pkg: string): { dir: string; version: string } {
  const file = require.resolve(`${pkg}/package.json`);
  return { dir: dirname(file), version: JSON.parse(readFileSync(file, 'utf8')).version as string };
}

function split(gvk: string): { group: string; version: string; kind: string } {
  const [group, version, kind] = gvk.split('/');
  return { group, version, kind };
}

/** The schema literal a kubernetes-models 2.x/4.3 module registers (`const schema = {...};`), which is JSON. */
function embeddedSchema(file: string): unknown {
  const text = readFileSync(file, 'utf8');
  const start = text.indexOf('const schema = ');
  const end = text.indexOf('\n};', start);
  if (start < 0 || end < 0) throw new Error(`${file}: no embedded schema (is this a package version with compiled validators?)`);
  return JSON.parse(text.slice(start + 'const schema = '.length, end + 2));
}

function dtsSchema(file: string, kind: string): JsonSchema {
  const decl = interfacesOf(parseDts(file)).get(`I${kind}`);
  if (!decl) throw new Error(`${file}: no interface I${kind}`);
  const schema = objectSchema(decl.members, {
    reference: (name) => (name === 'IObjectMeta' ? { type: 'object', $ref: OBJECT_META_REF } : undefined),
  }, kind);
  const properties = schema.properties as Record<string, JsonSchema>;
  // The declarations make apiVersion/kind literal types; the lookup already matched them.
  properties.apiVersion = { type: 'string' };
  properties.kind = { type: 'string' };
  return hoistRepeated(schema);
}

export interface CustomResourceSchemas {
  readonly document: JsonSchema;
  readonly stats: { kinds: number };
}

export function customResourceSchemas(): CustomResourceSchemas {
  const kinds: Record<string, JsonSchema> = {};
  const sources: string[] = [];
  for (const source of SOURCES) {
    const { dir, version } = packageDir(source.pkg);
    const origin = `${source.upstream} (${source.pkg} ${version})`;
    sources.push(origin);
    for (const gvk of source.kinds) {
      const { group, version: v, kind } = split(gvk);
      const base = join(dir, group, v, kind);
      const schema =
        source.reader === 'embedded'
          ? strictSchemaFromOpenAPI(embeddedSchema(`${base}.js`), { objectMetaRef: OBJECT_META_REF, lostPreserveUnknown: true })
          : dtsSchema(`${base}.d.ts`, kind);
      kinds[gvk] = { source: origin, schema };
    }
    for (const [alias, target] of Object.entries(source.aliases ?? {})) {
      if (!kinds[target]) throw new Error(`alias ${alias} → ${target}: no such kind`);
      kinds[alias] = { source: `${origin}, schema of ${target.split('/').slice(0, 2).join('/')}`, alias: target };
    }
  }
  const sorted: Record<string, JsonSchema> = {};
  for (const k of Object.keys(kinds).sort()) sorted[k] = kinds[k];
  return {
    document: {
      $id: CUSTOM_RESOURCES_ID,
      $comment: `Generated by \`npm run gen:schemas\` from ${sources.join('; ')}. Do not edit.`,
      kinds: sorted,
    },
    stats: { kinds: Object.keys(sorted).length },
  };
}
