/**
 * What peer production clusters must render identically (SRE handbook §2.1: both clusters run the same building
 * blocks symmetrically; shipshape runbook: replicate manifests and image digests to both clusters from the same Git
 * revision): every workload container with the same image digest (the registry may differ: an air-gapped peer pulls
 * the same digest from its Harbor), the same alert rules, the same Runbook objects and the same GSLB records.
 * Cluster identity (labels, CIDRs, ingress addresses, the automation endpoint) may differ: alert rules scoped to
 * their own cluster (`cluster="hz-fsn-rtz-prod"`) are compared with each peer's identity (RenderedEnvironment
 * .identity) replaced by one placeholder. Synth refuses to write when peers disagree (exit 1), naming both
 * environments and what differs, as findings of the `peer-parity` check.
 */
import { isDeepStrictEqual } from 'node:util';
import type { RenderedEnvironment } from './render-environment';
import type { CheckMeta } from '../check/meta';
import type { Finding } from '../check/types';
import { checkFinding, NOWHERE } from '../check/finding';
import { PINNED_DIGEST } from '../lib/image-ref';
import { podSpecOf } from '../lib/pod-specs';

type Obj = Record<string, any>;

export const PEER_PARITY: CheckMeta = {
  id: 'peer-parity',
  description:
    'Production peers (environments that name each other in `peers`) render the same workload image digests, the same alert rules and Runbooks up to cluster identity, and the same GSLB records; synth writes nothing while they disagree.',
  remediation: 'Make the change in every peer (in the base they share, or in each environment file) so the peers render alike, then re-run `plimsoll synth`.',
  category: 'reliability',
};

/** Kinds whose `spec` must be identical across peers. */
export const PEER_IDENTICAL_KINDS = ['PrometheusRule', 'Runbook'] as const;
/** Artifact types whose content must be identical across peers. */
export const PEER_IDENTICAL_ARTIFACTS = ['powerdns-zone-fragment', 'powerdns-api-payload'] as const;

export const IDENTITY_PLACEHOLDER = '<cluster>';

/** `value` with every identity token of its cluster replaced by the placeholder. */
function withoutIdentity(value: unknown, identity: readonly string[]): unknown {
  let text = JSON.stringify(value);
  if (text === undefined) return value;
  for (const token of identity) if (token) text = text.split(token).join(IDENTITY_PLACEHOLDER);
  return JSON.parse(text);
}

function idOf(o: Obj): string {
  const ns = o.metadata?.namespace;
  return `${o.kind} ${ns ? `${ns}/` : ''}${o.metadata?.name}`;
}

/** `Deployment ns/name container "c"` → image, for every container of every workload. */
export function containerImages(rendered: RenderedEnvironment): Map<string, string> {
  const out = new Map<string, string>();
  for (const { object } of rendered.objects) {
    const pod = podSpecOf({ kind: String((object as Obj).kind), object })?.spec as Obj | undefined;
    if (!pod) continue;
    for (const list of ['initContainers', 'containers'] as const) {
      for (const c of (pod[list] ?? []) as Obj[]) {
        if (typeof c?.image === 'string') out.set(`${idOf(object as Obj)} ${list === 'containers' ? 'container' : 'init container'} "${c.name}"`, c.image);
      }
    }
  }
  return out;
}

/** The digest of an image reference (`sha256:…`), or the whole reference when it is not digest-pinned. */
export function digestOf(image: string): string {
  return PINNED_DIGEST.exec(image)?.[1] ?? image;
}

function firstDifference(a: unknown, b: unknown, at = ''): string {
  if (isDeepStrictEqual(a, b)) return '';
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    if (Array.isArray(a) && Array.isArray(b)) {
      if (a.length !== b.length) return `${at} (${a.length} vs ${b.length} entries)`;
      for (let i = 0; i < a.length; i++) {
        const label = (a[i] as Obj)?.alert ?? (a[i] as Obj)?.record ?? (a[i] as Obj)?.name;
        const d = firstDifference(a[i], b[i], `${at}/${typeof label === 'string' ? label : i}`);
        if (d) return d;
      }
    } else {
      for (const k of [...new Set([...Object.keys(a as Obj), ...Object.keys(b as Obj)])].sort()) {
        const d = firstDifference((a as Obj)[k], (b as Obj)[k], `${at}/${k}`);
        if (d) return d;
      }
    }
  }
  const show = (v: unknown) => (v === undefined ? 'absent' : JSON.stringify(v).slice(0, 120));
  return `${at || '/'}: ${show(a)} vs ${show(b)}`;
}

/**
 * Disagreements between two peers' rendered output, as error findings of `peer-parity` whose messages name both
 * environments. Empty when they agree on everything that must match.
 */
export function peerParityFindings(a: RenderedEnvironment, b: RenderedEnvironment): Finding[] {
  const [x, y] = a.name <= b.name ? [a, b] : [b, a];
  const findings: Finding[] = [];
  const disagree = (message: string) => findings.push(checkFinding(PEER_PARITY, 'error', NOWHERE, message));
  const pair = `peers ${x.name} and ${y.name}`;

  const ix = containerImages(x);
  const iy = containerImages(y);
  for (const key of [...new Set([...ix.keys(), ...iy.keys()])].sort()) {
    const [ax, ay] = [ix.get(key), iy.get(key)];
    if (ax === undefined || ay === undefined) {
      const [has, lacks, image] = ax === undefined ? [y.name, x.name, ay] : [x.name, y.name, ax];
      disagree(`${pair}: ${key} runs in ${has} only (${image}); ${lacks} does not render it (app versions must match)`);
    } else if (digestOf(ax) !== digestOf(ay)) {
      disagree(`${pair}: ${key} image digest differs: ${x.name} ${ax}, ${y.name} ${ay} (image digests must match)`);
    }
  }

  for (const kind of PEER_IDENTICAL_KINDS) {
    const ofKind = (r: RenderedEnvironment) =>
      new Map(r.objects.filter((o) => o.object.kind === kind).map((o) => [idOf(o.object as Obj), withoutIdentity((o.object as Obj).spec, r.identity)]));
    const sx = ofKind(x);
    const sy = ofKind(y);
    for (const id of [...new Set([...sx.keys(), ...sy.keys()])].sort()) {
      if (!sx.has(id) || !sy.has(id)) {
        disagree(`${pair}: ${id} is rendered in ${sx.has(id) ? x.name : y.name} only (${kind === 'PrometheusRule' ? 'alert rules' : 'Runbooks'} must match)`);
      } else {
        const d = firstDifference(sx.get(id), sy.get(id), '/spec');
        if (d)
          disagree(
            `${pair}: ${id} differs at ${d.replace(/: /, ` (${x.name} vs ${y.name}): `)} (${kind === 'PrometheusRule' ? 'alert rules' : 'Runbooks'} must match)`,
          );
      }
    }
  }

  const artifactsOf = (r: RenderedEnvironment) =>
    new Map(r.artifacts.filter((f) => (PEER_IDENTICAL_ARTIFACTS as readonly string[]).includes(f.type)).map((f) => [f.path, r.files.get(f.path)]));
  const fx = artifactsOf(x);
  const fy = artifactsOf(y);
  for (const path of [...new Set([...fx.keys(), ...fy.keys()])].sort()) {
    if (fx.get(path) !== fy.get(path)) {
      disagree(
        `${pair}: ${path} ${!fx.has(path) || !fy.has(path) ? `is rendered in ${fx.has(path) ? x.name : y.name} only` : 'differs'} (GSLB records must match: every peer publishes the same records)`,
      );
    }
  }
  return findings;
}
