/**
 * `plimsoll verify`: the runbooks' post-deploy checks against the live cluster, from the same dist/<env> that was
 * applied. Every failure names the object, its rendered file and the runbook section to follow; the result is the
 * validator's Report, so formats and exit codes are those of `validate`.
 */
import { makeReport } from '../../validate/engine';
import type { Finding, Report } from '../../check/types';
import { checkFinding, objectRef } from '../../check/finding';
import { KindNotServedError, type ClusterClient, type JsonObject } from '../client';
import type { RenderedDist, RenderedItem } from '../rendered';
import { certificatesReady } from './certificates';
import { crdsEstablished } from './crds';
import { hpasActive } from './hpas';
import { imageDigests } from './image-digests';
import { leasesFresh } from './leases';
import { objectsExist } from './objects-exist';
import { pdbHeadroom } from './pdbs';
import { sectionFor, sectionLink } from './runbooks';
import type { VerifyCheck, VerifyContext } from './types';
import { webhooksReady } from './webhooks';
import { workloadsAvailable } from './workloads';

/** In this order: existence first, so the others only look at what exists. */
export const VERIFY_CHECKS: readonly VerifyCheck[] = [
  objectsExist,
  crdsEstablished,
  workloadsAvailable,
  imageDigests,
  webhooksReady,
  leasesFresh,
  pdbHeadroom,
  hpasActive,
  certificatesReady,
];

export interface VerifyOptions {
  /** @default - the current time */
  readonly now?: Date;
  /** Only these check ids. @default - all */
  readonly checks?: readonly string[];
}

export async function verifyEnvironment(client: ClusterClient, rendered: RenderedDist, options: VerifyOptions = {}): Promise<Report> {
  const cache = new Map<string, Promise<JsonObject | null>>();
  const fetch = (item: RenderedItem) => {
    const key = `${item.apiVersion}|${item.kind}|${item.namespace}|${item.name}`;
    let p = cache.get(key);
    if (!p) {
      p = client.get(item);
      cache.set(key, p);
    }
    return p;
  };
  const ctx: VerifyContext = {
    client,
    rendered,
    now: options.now ?? new Date(),
    fetch,
    // objectsExist reports a kind that is not served; the other checks see no object.
    live: (item) => fetch(item).catch((err) => (err instanceof KindNotServedError ? null : Promise.reject(err))),
  };
  const findings: Finding[] = [];
  const checks = options.checks ? VERIFY_CHECKS.filter((c) => options.checks!.includes(c.id)) : VERIFY_CHECKS;
  for (const check of checks) {
    for (const f of await check.run(ctx)) {
      const place = { file: f.item.file, line: null, object: objectRef(f.item), path: f.path ?? '' };
      findings.push(checkFinding(check, f.severity ?? 'error', place, `${f.message} — runbook: ${sectionLink(sectionFor(check.id, f.item))}`));
    }
  }
  const stageRank = new Map(rendered.items.map((i, n) => [i.file, n]));
  findings.sort((a, b) => (stageRank.get(a.file) ?? 0) - (stageRank.get(b.file) ?? 0) || a.rule.localeCompare(b.rule) || a.message.localeCompare(b.message));
  return makeReport(findings, new Set(rendered.items.map((i) => i.file)).size, rendered.items.length);
}
