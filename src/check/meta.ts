/**
 * What every check declares, whatever runs it: a validator rule, a gate check, a verify check, one of the
 * admission guard's own checks or peer parity. Reports name a finding by the id; docs/rules.md and docs/checks.md
 * are generated from the rest.
 */

/** Where the checks are documented, each under a heading of its id: the validator's rules, and every other kind. */
export const RULES_DOC = 'docs/rules.md';
export const CHECKS_DOC = 'docs/checks.md';

export type CheckCategory = 'security' | 'reliability' | 'correctness' | 'ordering' | 'hygiene';

export const CHECK_CATEGORIES: readonly CheckCategory[] = ['security', 'reliability', 'correctness', 'ordering', 'hygiene'];

export interface CheckMeta {
  /** Public, kebab-case, unique across every kind of check: reported as the finding's rule. */
  readonly id: string;
  /** One sentence: what the check requires or reports; ends with a period. */
  readonly description: string;
  /** What to do about a finding; ends with a period. */
  readonly remediation: string;
  readonly category: CheckCategory;
}

/** Only the declared fields of `check` (a gate or verify check is its meta plus the code that runs it). */
export function checkMeta(check: CheckMeta): CheckMeta {
  return { id: check.id, description: check.description, remediation: check.remediation, category: check.category };
}
