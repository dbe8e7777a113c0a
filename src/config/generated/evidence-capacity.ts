/* Generated from schemas/evidence-capacity.schema.json by `npm run gen:types`. Do not edit. */

/**
 * Front matter of docs/operations-artifacts/capacity-baselines.md (runbook: Capacity Baseline & HPA Validation). `plimsoll gate evidence` requires an accepted status and, for the target environment, a latest run whose result is accepted and whose measurements meet the thresholds.
 */
export interface CapacityBaselines {
  /**
   * Which artifact this is.
   */
  artifact: 'capacity-baselines';
  /**
   * Capacity gate status: APPROVED, PASS, PASSED, READY or COMPLETED promotes; anything else blocks.
   */
  status: 'APPROVED' | 'PASS' | 'PASSED' | 'READY' | 'COMPLETED' | 'PENDING' | 'IN_PROGRESS' | 'BLOCKED' | 'FAILED';
  /**
   * The runbook's managed-cluster production promotion thresholds, recorded so every baseline states what it was measured against. Fixed: a copy that loosens one fails the schema.
   */
  thresholds: {
    /**
     * Sustained throughput of at least this many requests/s ...
     */
    minRequestsPerSecond: 120;
    /**
     * ... for at least this many minutes.
     */
    sustainMinutes: 5;
    /**
     * p95 latency at most this many milliseconds over the same window.
     */
    maxP95Ms: 250;
    /**
     * p99 latency at most this many milliseconds over the same window.
     */
    maxP99Ms: 500;
    /**
     * 5xx responses at most this percentage of requests during the window.
     */
    max5xxPercent: 1;
    /**
     * At most this many HPA scale-direction changes ...
     */
    maxHpaDirectionChanges: 2;
    /**
     * ... in any steady-state window of this many minutes.
     */
    hpaWindowMinutes: 10;
    /**
     * Critical production alerts allowed to fire during the window.
     */
    maxCriticalAlerts: 0;
  };
  /**
   * Baseline runs, one per k6 run (runbook: Record after each baseline run).
   */
  runs: CapacityRun[];
}
/**
 * This interface was referenced by `CapacityBaselines`'s JSON-Schema
 * via the `definition` "run".
 */
export interface CapacityRun {
  /**
   * Day of the run.
   */
  date: string;
  /**
   * The Plimsoll environment (environments/<name>.ts) the entry is about.
   */
  environment: string;
  /**
   * Cluster identifier (the environment's clusterId).
   */
  cluster: string;
  /**
   * HOST_HEADER the load test sent (ingress path used).
   */
  hostHeader: string;
  /**
   * Gateway address the load test hit.
   */
  gateway: string;
  /**
   * Images deployed during the run, pinned by digest.
   *
   * @minItems 1
   */
  imageDigests: [string, ...string[]];
  /**
   * Sustained requests/s from k6.
   */
  requestsPerSecond: number;
  /**
   * Length of the measured window in minutes.
   */
  durationMinutes: number;
  /**
   * p95 latency in milliseconds.
   */
  p95Ms: number;
  /**
   * p99 latency in milliseconds.
   */
  p99Ms: number;
  /**
   * 5xx responses as a percentage of requests.
   */
  errorRatePercent: number;
  /**
   * Most HPA scale-direction changes seen in any hpaWindowMinutes window.
   */
  hpaDirectionChanges: number;
  /**
   * HPA observed behavior: target/observed utilization, scale-up/down events.
   */
  hpaBehavior: string;
  /**
   * Critical production alerts that fired during the window (empty: none fired).
   */
  criticalAlertsFired: string[];
  /**
   * Promotion policy result of this run (PASS or BLOCKED with the failed thresholds in notes).
   */
  result: 'APPROVED' | 'PASS' | 'PASSED' | 'READY' | 'COMPLETED' | 'PENDING' | 'IN_PROGRESS' | 'BLOCKED' | 'FAILED';
  /**
   * Failed threshold notes, links to k6 output.
   */
  notes?: string;
}
