/* Generated from schemas/evidence-security-controls.schema.json by `npm run gen:types`. Do not edit. */

/**
 * Front matter of docs/operations-artifacts/security-controls-validation.md (runbook: Audit Logging, Secrets Management). `plimsoll gate evidence` requires an accepted status, no placeholder anywhere in the file, and accepted encryption-at-rest and audit-log-sink rows for the target environment.
 */
export interface SecurityControlsValidation {
  /**
   * Which artifact this is.
   */
  artifact: 'security-controls-validation';
  /**
   * Security matrix result.
   */
  status: 'APPROVED' | 'PASS' | 'PASSED' | 'READY' | 'COMPLETED' | 'PENDING' | 'IN_PROGRESS' | 'BLOCKED' | 'FAILED';
  /**
   * The matrix: one row per control and environment.
   */
  controls: SecurityControl[];
}
/**
 * This interface was referenced by `SecurityControlsValidation`'s JSON-Schema
 * via the `definition` "control".
 */
export interface SecurityControl {
  /**
   * Control id, e.g. encryption-at-rest, audit-log-sink.
   */
  control: string;
  /**
   * The Plimsoll environment (environments/<name>.ts) the entry is about.
   */
  environment: string;
  /**
   * Day the control was validated.
   */
  date: string;
  /**
   * Validation result for this control in this environment.
   */
  result: 'APPROVED' | 'PASS' | 'PASSED' | 'READY' | 'COMPLETED' | 'PENDING' | 'IN_PROGRESS' | 'BLOCKED' | 'FAILED';
  /**
   * Link or path to the command output proving it.
   */
  evidence: string;
  /**
   * Who reviewed the evidence.
   */
  reviewer: string;
}
