/**
 * Paging and scope conventions of the runtime plane's alerts: only production pages (its paging alerts select
 * `env="prod"`); all lab alerts, and warnings everywhere, page nobody. Series carry `cluster` and `env` from the
 * ServiceMonitor relabeling.
 */
import { pagingLabels, type AlertLabels } from '../../constructs/common/alert-labels';
import type { RuntimeSettings } from './settings';

/** The labels of an alert that pages in production. */
export function productionPagingLabels(s: RuntimeSettings): AlertLabels {
  return pagingLabels(s.tier === 'production');
}

/** Label matchers that scope an alert to this environment's series: `cluster="…",env="…"`. */
export function scopeMatchers(s: RuntimeSettings): string {
  return `cluster="${s.commonTags.cluster}",env="${s.envLabel}"`;
}
