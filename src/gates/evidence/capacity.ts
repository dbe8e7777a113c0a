/** Capacity baselines: accepted gate status, and the target environment's latest run passed within the runbook's thresholds. */
import type { CapacityBaselines } from '../../config/generated/evidence-capacity';
import type { GateCheck, GateFinding } from '../types';
import type { EvidenceContext } from './context';
import { latestFor, readArtifact, statusFinding } from './artifact';

export const CAPACITY_FILE = 'capacity-baselines.md';

const check: GateCheck<EvidenceContext> = {
  id: 'evidence-capacity',
  description: `${CAPACITY_FILE} has an accepted status, and the environment's latest baseline run has an accepted result and meets the promotion thresholds.`,
  remediation: `Run the k6 baseline on the environment and record it in ${CAPACITY_FILE} (template in docs/operations-artifacts/) with an accepted status and result, within the runbook's promotion thresholds the artifact records (>= 120 req/s for 5 m, p95 <= 250 ms, p99 <= 500 ms, 5xx <= 1 %, at most 2 HPA direction changes per 10 m, no critical alerts).`,
  category: 'reliability',
  *check(ctx): Iterable<GateFinding> {
    const { artifact, findings } = readArtifact<CapacityBaselines>(ctx.artifactsDir, CAPACITY_FILE, 'evidence-capacity', ctx);
    yield* findings;
    if (!artifact) return;
    const status = statusFinding(artifact, 'capacity gate status');
    if (status) yield status;
    if (!artifact.valid) return;
    const { file, data, lineOf, placeholders } = artifact;
    const latest = latestFor(data.runs, ctx.env.name);
    if (!latest) {
      yield {
        file,
        line: lineOf('/runs'),
        path: '/runs',
        message: `no baseline run recorded for environment ${ctx.env.name} (cluster ${ctx.env.clusterId}); run the k6 baseline there and add it to runs`,
      };
      return;
    }
    const { row: run, index } = latest;
    const at = `/runs/${index}`;
    const what = `latest ${ctx.env.name} run (${run.date})`;
    const result = statusFinding(artifact, `result of the ${what}`, undefined, `${at}/result`);
    if (result) yield result;
    const t = data.thresholds;
    const limits: Array<[keyof typeof run, boolean, string]> = [
      [
        'requestsPerSecond',
        run.requestsPerSecond >= t.minRequestsPerSecond,
        `${run.requestsPerSecond} req/s is below the ${t.minRequestsPerSecond} req/s threshold`,
      ],
      [
        'durationMinutes',
        run.durationMinutes >= t.sustainMinutes,
        `a ${run.durationMinutes} m window is shorter than the ${t.sustainMinutes} m the throughput must be sustained`,
      ],
      ['p95Ms', run.p95Ms <= t.maxP95Ms, `p95 ${run.p95Ms} ms exceeds ${t.maxP95Ms} ms`],
      ['p99Ms', run.p99Ms <= t.maxP99Ms, `p99 ${run.p99Ms} ms exceeds ${t.maxP99Ms} ms`],
      ['errorRatePercent', run.errorRatePercent <= t.max5xxPercent, `5xx rate ${run.errorRatePercent} % exceeds ${t.max5xxPercent} %`],
      [
        'hpaDirectionChanges',
        run.hpaDirectionChanges <= t.maxHpaDirectionChanges,
        `${run.hpaDirectionChanges} HPA direction changes exceed ${t.maxHpaDirectionChanges} per ${t.hpaWindowMinutes} m`,
      ],
      [
        'criticalAlertsFired',
        run.criticalAlertsFired.length <= t.maxCriticalAlerts,
        `critical alerts fired during the window: ${run.criticalAlertsFired.join(', ')}`,
      ],
    ];
    for (const [field, ok, message] of limits) {
      const pointer = `${at}/${field}`;
      if (ok || [...placeholders].some((p) => p === pointer || p.startsWith(`${pointer}/`))) continue;
      yield { file, line: lineOf(pointer), path: pointer, message: `${what}: ${message} (runbook promotion threshold)` };
    }
  },
};

export default check;
