/* Generated from schemas/evidence-dr-drill.schema.json by `npm run gen:types`. Do not edit. */

/**
 * Front matter of docs/operations-artifacts/dr-drill-YYYYMMDD.md (runbook: Disaster Recovery, Chaos Drills). `plimsoll gate evidence` reads the latest drill by the date in its file name and requires status COMPLETED.
 */
export interface DrDrill {
  /**
   * Which artifact this is.
   */
  artifact: 'dr-drill';
  /**
   * Day of the drill: the same date as the file name.
   */
  date: string;
  /**
   * The Plimsoll environment (environments/<name>.ts) the entry is about.
   */
  environment: string;
  /**
   * Which DR procedure was drilled, e.g. namespace-deleted, configmap-corruption, full-cluster-failure.
   */
  scenario: string;
  /**
   * Drill status: only COMPLETED counts.
   */
  status: 'APPROVED' | 'PASS' | 'PASSED' | 'READY' | 'COMPLETED' | 'PENDING' | 'IN_PROGRESS' | 'BLOCKED' | 'FAILED';
  /**
   * The RTO target the drill was held against.
   */
  rtoTargetMinutes?: number;
  /**
   * Time to restore service in the drill.
   */
  rtoMeasuredMinutes?: number;
  /**
   * Who ran the drill.
   */
  participants?: string[];
  /**
   * Who reviewed the drill record.
   */
  reviewer?: string;
}
