/* Generated from schemas/evidence-controller-egress.schema.json by `npm run gen:types`. Do not edit. */

/**
 * Front matter of docs/operations-artifacts/controller-egress-handoff.md (runbook: Validate Controller API Egress Policy). `plimsoll gate evidence` requires an accepted current status and, for the target environment's latest row: an accepted smoke result, a date, a reviewer, cidrSource naming environments/<env>.ts and cidrs equal to that environment's apiServerCidrs. Only environment is required by the schema so that the gate can say which of these a row lacks.
 */
export interface ControllerEgressHandoff {
  /**
   * Which artifact this is.
   */
  artifact: 'controller-egress-handoff';
  /**
   * Current handoff status.
   */
  status: 'APPROVED' | 'PASS' | 'PASSED' | 'READY' | 'COMPLETED' | 'PENDING' | 'IN_PROGRESS' | 'BLOCKED' | 'FAILED';
  /**
   * One row per handoff; the latest row of an environment (by date) is the one that counts.
   */
  handoffs: EgressHandoff[];
}
/**
 * This interface was referenced by `ControllerEgressHandoff`'s JSON-Schema
 * via the `definition` "handoff".
 */
export interface EgressHandoff {
  /**
   * The Plimsoll environment (environments/<name>.ts) the entry is about.
   */
  environment: string;
  /**
   * Day of the handoff.
   */
  date?: string;
  /**
   * How the API endpoint was resolved, e.g. `kubectl -n default get endpoints kubernetes` on <cluster>.
   */
  endpointSource?: string;
  /**
   * Where the synth takes the CIDRs from: environments/<env>.ts (apiServerCidrs).
   */
  cidrSource?: string;
  /**
   * The validated CIDR allow-list: exactly the environment's apiServerCidrs.
   */
  cidrs?: string[];
  /**
   * Link or path to the render check and smoke check output.
   */
  validation?: string;
  /**
   * Controller-to-API smoke check result.
   */
  smokeResult?:
    'APPROVED' | 'PASS' | 'PASSED' | 'READY' | 'COMPLETED' | 'PENDING' | 'IN_PROGRESS' | 'BLOCKED' | 'FAILED';
  /**
   * Who signed the handoff off.
   */
  reviewer?: string;
}
