import { defineRule } from './types';
import type { RuleFinding } from '../validate/types';
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

export default defineRule<Options>({
  meta: {
    id: 'webhook-safety',
    description:
      'An admission webhook can take the cluster down: failurePolicy not explicit, timeoutSeconds over the limit, sideEffects not None, or a namespaceSelector that does not exclude kube-system and the webhook’s own namespace.',
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
        excludedNamespaces: { description: 'Namespaces every webhook must exclude (its own is added).', type: 'array', items: { type: 'string' }, default: ['kube-system'] },
      },
    },
  },
  *check({ inventory, options }): Iterable<RuleFinding> {
    for (const item of inventory.ofKind('ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration')) {
      const webhooks = Array.isArray(item.object.webhooks) ? item.object.webhooks : [];
      for (let i = 0; i < webhooks.length; i++) {
        const w = obj(webhooks[i]);
        const at = `/webhooks/${i}`;
        const name = `webhook ${String(w.name ?? i)}`;
        if (w.failurePolicy !== 'Fail' && w.failurePolicy !== 'Ignore') yield { item, path: `${at}/failurePolicy`, message: `${name} does not set failurePolicy explicitly (Fail or Ignore)` };
        if (w.timeoutSeconds === undefined) yield { item, path: `${at}/timeoutSeconds`, message: `${name} does not set timeoutSeconds (limit ${options.maxTimeoutSeconds})` };
        else if (typeof w.timeoutSeconds !== 'number' || w.timeoutSeconds > options.maxTimeoutSeconds) yield { item, path: `${at}/timeoutSeconds`, message: `${name} timeoutSeconds ${String(w.timeoutSeconds)} exceeds ${options.maxTimeoutSeconds}` };
        if (w.sideEffects !== 'None') yield { item, path: `${at}/sideEffects`, message: `${name} sideEffects is ${w.sideEffects === undefined ? 'unset' : `"${String(w.sideEffects)}"`}; expected None` };
        const own = obj(obj(w.clientConfig).service).namespace;
        const required = [...options.excludedNamespaces, ...(typeof own === 'string' ? [own] : [])];
        const excluded = excludedBy(obj(w.namespaceSelector));
        const missing = required.filter((ns) => !excluded.has(ns));
        if (missing.length) {
          yield { item, path: `${at}/namespaceSelector`, message: `${name} namespaceSelector does not exclude ${missing.join(', ')} (kubernetes.io/metadata.name NotIn [...])` };
        }
      }
    }
  },
});
