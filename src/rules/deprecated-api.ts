/**
 * Built-in API versions the target Kubernetes release no longer serves (an error: the apply fails) or still serves
 * deprecated (a warning: the next upgrade breaks it), with the apiVersion to use instead, as Pluto reports them.
 * The target is `--kubernetes-version` or the policy's `kubernetesVersion` (default: the newest bundled).
 */
import { defineRule } from './types';
import { lifecycleIn, lifecycleMessage } from '../validate/schemas/api-lifecycle';
import { DEFAULT_KUBERNETES_VERSION } from '../validate/schemas/versions';
import type { RuleFinding } from '../check/types';

export default defineRule<Record<string, never>>({
  meta: {
    id: 'deprecated-api',
    description:
      'An object uses a built-in API version that the target Kubernetes release has removed (error) or deprecated (warning), per the Kubernetes deprecation guide.',
    remediation:
      'Move the object to the apiVersion the finding names (check the guide for fields that changed on the way), or target the release you actually run with --kubernetes-version.',
    category: 'correctness',
    scope: 'object',
    defaultSeverity: 'error',
    optionsSchema: { type: 'object', additionalProperties: false, properties: {} },
  },
  *check({ inventory, kubernetesVersion = DEFAULT_KUBERNETES_VERSION }): Iterable<RuleFinding> {
    for (const item of inventory.items) {
      const found = lifecycleIn(item.apiVersion, item.kind, kubernetesVersion);
      if (!found) continue;
      const message = lifecycleMessage(item.apiVersion, item.kind, found);
      yield found.state === 'removed' ? { item, path: '/apiVersion', message } : { item, path: '/apiVersion', severity: 'warning', message };
    }
  },
});
