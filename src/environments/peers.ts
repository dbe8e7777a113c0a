/**
 * Peer production clusters (SRE handbook §2: two or more independent clusters named by building block and location,
 * never primary/DR; shipshape runbook: replicate manifests and image digests to both clusters from the same Git
 * revision). An environment lists its peers in sre.peers; here the peers are loaded together and checked for what
 * must hold between them before anything renders: they list each other, share a tier, a peer group and the public
 * hosts, and configure the GSLB records identically (every peer renders the same records). Disagreement is an input
 * error (exit 2) naming both environments and what differs. What the rendered output must share (images, alert
 * rules) is judged after rendering (src/render/peer-parity.ts).
 */
import { join } from 'node:path';
import type { Environment } from '../config/generated/environment';
import { DEFAULT_ENVIRONMENTS_DIR, loadEnvironment } from './load-environment';
import { sreSettings } from '../systems/sre/settings';
import { InputError } from '../lib/errors';
import { displayPath } from '../lib/paths';

type Env = Readonly<Environment>;

/** The peer names of `env`, sorted. */
export function peerNames(env: Env): string[] {
  return [...sreSettings(env).peers].sort();
}

/**
 * Loads the peers of `env` (from `known` when already loaded, else from `dir`) and checks the group.
 * @throws InputError naming both environments and what differs
 */
export function loadPeers(env: Env, dir = DEFAULT_ENVIRONMENTS_DIR, known: ReadonlyMap<string, Env> = new Map()): Env[] {
  const peers = peerNames(env).map((name) => {
    const found = known.get(name);
    if (found) return found;
    try {
      return loadEnvironment(name, dir).env;
    } catch (err) {
      throw new InputError(`environment ${env.name} lists peer "${name}" (sre.peers), which cannot be loaded: ${(err as Error).message}`);
    }
  });
  const problems = peers.flatMap((peer) => peerProblems(env, peer, dir));
  if (problems.length)
    throw new InputError(`peers disagree (${problems.length} problem${problems.length > 1 ? 's' : ''}):\n${problems.map((p) => `  ${p}`).join('\n')}`);
  return peers;
}

function fileOf(dir: string, name: string): string {
  return displayPath(join(dir, `${name}.ts`));
}

/** What must hold between an environment and one of its peers, as messages naming both. */
export function peerProblems(a: Env, b: Env, dir = DEFAULT_ENVIRONMENTS_DIR): string[] {
  const sa = sreSettings(a);
  const sb = sreSettings(b);
  const problems: string[] = [];
  const both = `${a.name} and ${b.name}`;
  if (!sb.peers.includes(a.name)) {
    problems.push(
      `${fileOf(dir, b.name)}: /sre/peers: ${a.name} lists ${b.name} as a peer but ${b.name} does not list ${a.name}; expected peers to list each other (add "${a.name}")`,
    );
  }
  const groupA = [a.name, ...sa.peers].sort();
  const groupB = [b.name, ...sb.peers].sort();
  if (sb.peers.includes(a.name) && groupA.join() !== groupB.join()) {
    problems.push(
      `${fileOf(dir, b.name)}: /sre/peers: ${both} see different peer groups (${a.name}: ${groupA.join(', ')}; ${b.name}: ${groupB.join(', ')}); expected every peer to list all the others`,
    );
  }
  if (a.tier !== b.tier)
    problems.push(`${fileOf(dir, b.name)}: /tier: ${both} differ (${a.name} "${a.tier}", ${b.name} "${b.tier}"); expected peers of one tier`);
  if (a.clusterId === b.clusterId)
    problems.push(`${fileOf(dir, b.name)}: /clusterId: ${both} are both "${a.clusterId}"; expected independent clusters with their own names`);
  for (const key of Object.keys(a.hostnames) as Array<keyof Env['hostnames']>) {
    if (a.hostnames[key] !== b.hostnames[key]) {
      problems.push(
        `${fileOf(dir, b.name)}: /hostnames/${key}: ${both} differ (${a.name} "${a.hostnames[key]}", ${b.name} "${b.hostnames[key]}"); expected the same public hosts (one GSLB record serves both)`,
      );
    }
  }
  const shared = sa.ingressAddresses.filter((ip) => sb.ingressAddresses.includes(ip));
  if (shared.length)
    problems.push(`${fileOf(dir, b.name)}: /sre/ingressAddresses: ${both} both claim ${shared.join(', ')}; expected each cluster's own ingress addresses`);
  for (const [key, va, vb] of diffLeaves(sa.gslb, sb.gslb, '/sre/gslb')) {
    problems.push(
      `${fileOf(dir, b.name)}: ${key}: ${both} differ (${a.name} ${JSON.stringify(va)}, ${b.name} ${JSON.stringify(vb)}); expected identical GSLB settings (every peer renders the same records)`,
    );
  }
  return problems;
}

/** Leaves of two JSON values that differ, as [pointer, a, b]. */
function diffLeaves(a: unknown, b: unknown, at: string): Array<[string, unknown, unknown]> {
  const isObj = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);
  if (isObj(a) && isObj(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    return keys.flatMap((k) => diffLeaves(a[k], b[k], `${at}/${k}`));
  }
  return JSON.stringify(a) === JSON.stringify(b) ? [] : [[at, a, b]];
}
