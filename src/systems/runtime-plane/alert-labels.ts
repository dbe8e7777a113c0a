/**
 * Severity and scope conventions of the runtime plane's alerts: production paging alerts are `severity: critical`,
 * `paging: "true"` and select `env="prod"`; everything else (all lab alerts, warnings everywhere) is
 * `severity: warning`, `paging: "false"`. Series carry `cluster` and `env` from the ServiceMonitor relabeling.
 */
import type { RuntimeSettings } from './settings';

export function pagingLabels(s: RuntimeSettings): Record<string, string> {
  return s.tier === 'production' ? { severity: 'critical', paging: 'true' } : warningLabels();
}

export function warningLabels(): Record<string, string> {
  return { severity: 'warning', paging: 'false' };
}

/** Label matchers that scope an alert to this environment's series: `cluster="…",env="…"`. */
export function scopeMatchers(s: RuntimeSettings): string {
  return `cluster="${s.commonTags.cluster}",env="${s.envLabel}"`;
}
