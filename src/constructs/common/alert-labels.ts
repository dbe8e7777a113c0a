/**
 * The labels Alertmanager routes every platform alert by: `severity` (critical | warning) and `paging`
 * ("true" | "false"). Defined once so the alert constructs of the systems cannot drift apart.
 */

export type AlertSeverity = 'critical' | 'warning';

export interface AlertLabels {
  readonly severity: AlertSeverity;
  readonly paging: 'true' | 'false';
}

/** The usual case: an alert that pages is critical, any other is a warning that pages nobody. */
export function pagingLabels(pages: boolean): AlertLabels {
  return alertLabels(pages ? 'critical' : 'warning', pages);
}

/** For alerts that state their own severity: `paging` still says whether anyone is paged. */
export function alertLabels(severity: AlertSeverity, pages: boolean): AlertLabels {
  return { severity, paging: pages ? 'true' : 'false' };
}
