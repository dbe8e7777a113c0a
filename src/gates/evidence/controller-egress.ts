/**
 * Controller egress handoff: accepted current status, and the target environment's latest row accepted (smoke
 * result), dated, reviewer-signed and naming the CIDR source the environment's synth actually uses: the
 * apiServerCidrs of environments/<env>.ts, listed exactly. An environment without apiServerCidrs still renders
 * the deny placeholder, so nothing about it can be handed off.
 */
import { readFileSync } from 'node:fs';
import { relative, sep } from 'node:path';
import type { ControllerEgressHandoff } from '../../config/generated/evidence-controller-egress';
import { locateInTypeScript } from '../../config/locate-ts';
import { cidrEquals, parseCidr } from '../../lib/cidr';
import { displayPath, PROJECT_ROOT } from '../../lib/paths';
import { DENY_PLACEHOLDER_CIDR } from '../../lib/placeholder-cidrs';
import type { GateCheck, GateFinding } from '../types';
import type { EvidenceContext } from './context';
import { latestFor, readArtifact, statusFinding } from './artifact';

export const EGRESS_FILE = 'controller-egress-handoff.md';

/** How a handoff row names the environment file: relative to the project when inside it (`environments/prod-fsn.ts`). */
function sourceName(envFile: string): string {
  const rel = relative(PROJECT_ROOT, envFile);
  return (rel.startsWith('..') ? displayPath(envFile) : rel).split(sep).join('/');
}

function differ(listed: readonly string[], wanted: readonly string[]): { missing: string[]; extra: string[] } {
  const has = (list: readonly string[], cidr: string) => {
    const c = parseCidr(cidr);
    return list.some((o) => {
      const p = parseCidr(o);
      return c && p ? cidrEquals(c, p) : o === cidr;
    });
  };
  return { missing: wanted.filter((w) => !has(listed, w)), extra: listed.filter((l) => !has(wanted, l)) };
}

const check: GateCheck<EvidenceContext> = {
  id: 'evidence-controller-egress',
  description: `${EGRESS_FILE} has an accepted current status, and the environment's latest row has an accepted smoke result, a date, a reviewer, and names environments/<env>.ts with exactly its apiServerCidrs.`,
  remediation: `Resolve the API server endpoints (\`plimsoll resolve egress --write\`), set them as apiServerCidrs in environments/<env>.ts, run the egress smoke test and add a dated, reviewer-signed row with an accepted result to ${EGRESS_FILE}.`,
  category: 'security',
  *check(ctx): Iterable<GateFinding> {
    const { env, envFile } = ctx;
    const source = sourceName(envFile);
    const cidrs = env.apiServerCidrs;
    if (!cidrs.length) {
      ctx.filesRead.add(displayPath(envFile));
      yield {
        file: displayPath(envFile),
        line: locateInTypeScript(readFileSync(envFile, 'utf8'), envFile, '/apiServerCidrs') ?? null,
        path: '/apiServerCidrs',
        message: `environment ${env.name} has no apiServerCidrs, so its controller egress still renders the deny placeholder ${DENY_PLACEHOLDER_CIDR}; resolve the API server CIDRs (kubectl -n default get endpoints kubernetes), set them here, then record the handoff`,
      };
    }
    const { artifact, findings } = readArtifact<ControllerEgressHandoff>(ctx.artifactsDir, EGRESS_FILE, 'evidence-controller-egress', ctx);
    yield* findings;
    if (!artifact) return;
    const status = statusFinding(artifact, 'controller egress current status');
    if (status) yield status;
    if (!artifact.valid) return;
    const { file, data, lineOf, placeholders } = artifact;
    const latest = latestFor(data.handoffs, env.name);
    if (!latest) {
      yield {
        file,
        line: lineOf('/handoffs'),
        path: '/handoffs',
        message: `no handoff row for environment ${env.name}: record the CIDRs from ${source}, the smoke check and the reviewer`,
      };
      return;
    }
    const { row, index } = latest;
    const at = `/handoffs/${index}`;
    const what = `${env.name} handoff row`;
    const filled = (field: string) => !placeholders.has(`${at}/${field}`);
    const smoke = statusFinding(artifact, `smoke result of the ${what}`, undefined, `${at}/smokeResult`);
    if (smoke) yield smoke;
    if (!row.date && filled('date'))
      yield { file, line: lineOf(at), path: `${at}/date`, message: `the ${what} is not dated: add date (YYYY-MM-DD of the sign-off)` };
    if (!row.reviewer?.trim() && filled('reviewer'))
      yield { file, line: lineOf(`${at}/reviewer`), path: `${at}/reviewer`, message: `the ${what} is not reviewer-signed: add reviewer` };
    if (filled('cidrSource') && !row.cidrSource?.includes(source)) {
      yield {
        file,
        line: lineOf(`${at}/cidrSource`),
        path: `${at}/cidrSource`,
        message: `the ${what} must name the CIDR source ${env.name}'s synth uses, ${source} (apiServerCidrs); got ${row.cidrSource === undefined ? 'nothing' : JSON.stringify(row.cidrSource)}`,
      };
    }
    if (!cidrs.length || [...placeholders].some((p) => p.startsWith(`${at}/cidrs`))) return;
    const { missing, extra } = differ(row.cidrs ?? [], cidrs);
    if (missing.length || extra.length) {
      const parts = [missing.length ? `missing ${missing.join(', ')}` : '', extra.length ? `not in the environment: ${extra.join(', ')}` : ''].filter(Boolean);
      yield {
        file,
        line: lineOf(`${at}/cidrs`),
        path: `${at}/cidrs`,
        message: `the ${what} must list exactly the apiServerCidrs of ${source} (${cidrs.join(', ')}); ${parts.join('; ')}`,
      };
    }
  },
};

export default check;
