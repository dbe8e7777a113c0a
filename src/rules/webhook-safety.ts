import { defineRule } from './types';
import type { RuleFinding } from '../check/types';
import { obj, type Obj } from './lib/values';

interface Options {
  maxTimeoutSeconds: number;
  excludedNamespaces: string[];
}

/** Namespaces a namespaceSelector provably excludes: `kubernetes.io/metadata.name NotIn [...]`. */
function excludedBy(selector: Obj): Set<string> {
  const out = new Set<string>();
  const expressions = Array.isArray(selector.matchExpressions) ? selector.matchExpressions : [];
  for (const e of expressions.map(obj)) {
    if (e.key === 'kubernetes.io/metadata.name' && e.operator === 'NotIn' && Array.isArray(e.values)) for (const v of e.values) out.add(String(v));
  }
  return out;
}

/**
 * What the API server fills in for a field a webhook leaves unset (admissionregistration.k8s.io v1; v1beta1, removed
 * in 1.22, had laxer defaults): an unset field is judged as that value, not as a value of its own.
 */
const API_DEFAULTS = {
  v1: { timeoutSeconds: 10, failurePolicy: 'Fail', sideEffects: undefined },
  v1beta1: { timeoutSeconds: 30, failurePolicy: 'Ignore', sideEffects: 'Unknown' },
} as const;

function apiDefaults(apiVersion: string): (typeof API_DEFAULTS)[keyof typeof API_DEFAULTS] {
  return apiVersion.endsWith('/v1beta1') ? API_DEFAULTS.v1beta1 : API_DEFAULTS.v1;
}

export default defineRule<Options>({
  meta: {
    id: 'webhook-safety',
    description:
      'An admission webhook can take the cluster down: failurePolicy not explicit, timeoutSeconds over the limit (unset is the API default, 10 s in v1), sideEffects not None, or a namespaceSelector that does not exclude kube-system and the webhook’s own namespace.',
    remediation:
      'Set failurePolicy explicitly, timeoutSeconds <= 10, sideEffects: None, and a namespaceSelector with `kubernetes.io/metadata.name NotIn [kube-system, <webhook namespace>, …]`; fail-open namespaces are listed there, never a global Ignore.',
    category: 'reliability',
    scope: 'object',
    defaultSeverity: 'error',
    optionsSchema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        maxTimeoutSeconds: { description: 'Longest webhook timeout allowed.', type: 'integer', minimum: 1, maximum: 30, default: 10 },
        excludedNamespaces: {
          description: 'Namespaces every webhook must exclude (its own is added).',
          type: 'array',
          items: { type: 'string' },
          default: ['kube-system'],
        },
      },
    },
  },
  *check({ inventory, options }): Iterable<RuleFinding> {
    for (const item of inventory.ofKind('ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration')) {
      const webhooks = Array.isArray(item.object.webhooks) ? item.object.webhooks : [];
      const defaults = apiDefaults(item.apiVersion);
      for (let i = 0; i < webhooks.length; i++) {
        const w = obj(webhooks[i]);
        const at = `/webhooks/${i}`;
        const name = `webhook ${String(w.name ?? i)}`;
        if (w.failurePolicy !== 'Fail' && w.failurePolicy !== 'Ignore') {
          const unset = w.failurePolicy === undefined ? ` (unset, the API applies ${defaults.failurePolicy})` : '';
          yield { item, path: `${at}/failurePolicy`, message: `${name} does not set failurePolicy explicitly (Fail or Ignore)${unset}` };
        }
        if (w.timeoutSeconds === undefined) {
          if (defaults.timeoutSeconds > options.maxTimeoutSeconds)
            yield {
              item,
              path: `${at}/timeoutSeconds`,
              message: `${name} timeoutSeconds is unset, so the API default of ${defaults.timeoutSeconds} applies, which exceeds ${options.maxTimeoutSeconds}`,
            };
        } else if (typeof w.timeoutSeconds !== 'number' || w.timeoutSeconds > options.maxTimeoutSeconds) {
          yield { item, path: `${at}/timeoutSeconds`, message: `${name} timeoutSeconds ${String(w.timeoutSeconds)} exceeds ${options.maxTimeoutSeconds}` };
        }
        const sideEffects = w.sideEffects ?? defaults.sideEffects;
        if (sideEffects !== 'None') {
          const shown =
            w.sideEffects === undefined ? (sideEffects === undefined ? 'unset' : `unset (the API applies "${sideEffects}")`) : `"${String(w.sideEffects)}"`;
          yield { item, path: `${at}/sideEffects`, message: `${name} sideEffects is ${shown}; expected None` };
        }
        const own = obj(obj(w.clientConfig).service).namespace;
        const required = [...options.excludedNamespaces, ...(typeof own === 'string' ? [own] : [])];
        const excluded = excludedBy(obj(w.namespaceSelector));
        const missing = required.filter((ns) => !excluded.has(ns));
        if (missing.length) {
          yield {
            item,
            path: `${at}/namespaceSelector`,
            message: `${name} namespaceSelector does not exclude ${missing.join(', ')} (kubernetes.io/metadata.name NotIn [...])`,
          };
        }
      }
    }
  },
});
