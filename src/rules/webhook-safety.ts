import { defineRule } from './types';
import type { RuleFinding } from '../check/types';
import { obj, type Obj } from './lib/values';

interface Options {
  maxTimeoutSeconds: number;
  excludedNamespaces: string[];
  failOpenNamespaces: string[];
}

const NAME_LABEL = 'kubernetes.io/metadata.name';

/** Namespaces a namespaceSelector provably excludes: `kubernetes.io/metadata.name NotIn [...]`. */
function excludedBy(selector: Obj): Set<string> {
  const out = new Set<string>();
  const expressions = Array.isArray(selector.matchExpressions) ? selector.matchExpressions : [];
  for (const e of expressions.map(obj)) {
    if (e.key === NAME_LABEL && e.operator === 'NotIn' && Array.isArray(e.values)) for (const v of e.values) out.add(String(v));
  }
  return out;
}

/**
 * The namespaces a namespaceSelector restricts a webhook to, or undefined when it reaches namespaces by other labels
 * or all of them (global): the intersection of its `kubernetes.io/metadata.name In [...]` expressions and a matchLabels
 * name, minus what NotIn excludes. Only the name label counts, since any other label can be put on any namespace.
 */
function restrictedTo(selector: Obj): Set<string> | undefined {
  let names: Set<string> | undefined;
  const narrow = (values: string[]) => {
    names = new Set(values.filter((v) => names === undefined || names.has(v)));
  };
  const labels = obj(selector.matchLabels);
  if (typeof labels[NAME_LABEL] === 'string') narrow([labels[NAME_LABEL]]);
  const expressions = Array.isArray(selector.matchExpressions) ? selector.matchExpressions : [];
  for (const e of expressions.map(obj)) {
    if (e.key === NAME_LABEL && e.operator === 'In' && Array.isArray(e.values)) narrow(e.values.map(String));
  }
  if (names === undefined) return undefined;
  for (const ns of excludedBy(selector)) names.delete(ns);
  return names;
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
      'An admission webhook can take the cluster down, or let everything through: failurePolicy not explicit, timeoutSeconds over the limit (unset is the API default, 10 s in v1), sideEffects not None, a namespaceSelector that does not exclude kube-system and the webhook’s own namespace, or a global failurePolicy Ignore. Ignore (set, or the v1beta1 default) is global unless the namespaceSelector restricts the webhook by name (`kubernetes.io/metadata.name In [...]` or that matchLabels key, less its NotIn) to namespaces all listed in failOpenNamespaces; other labels and an objectSelector do not restrict it. Cluster-scoped objects, which a namespaceSelector never filters, are not judged.',
    remediation:
      'Set failurePolicy explicitly, timeoutSeconds <= 10, sideEffects: None, and a namespaceSelector with `kubernetes.io/metadata.name NotIn [kube-system, <webhook namespace>, …]`; fail-open namespaces are excluded there too and served by their own Ignore entry that selects only them (`kubernetes.io/metadata.name In [...]`) and that the policy lists in failOpenNamespaces; never a global Ignore.',
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
        failOpenNamespaces: {
          description:
            'Namespaces where a webhook may fail open (failurePolicy Ignore) after a risk assessment (Zastava runbook §4.2, §4.3); an Ignore webhook must select only these by name.',
          type: 'array',
          items: { type: 'string' },
          default: [],
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
        // Fail-open is a per-namespace decision the policy records (runbook §4.3 `failOpenNamespaces`), never global.
        if ((w.failurePolicy ?? defaults.failurePolicy) === 'Ignore') {
          const scope = restrictedTo(obj(w.namespaceSelector));
          const listed = new Set(options.failOpenNamespaces);
          const unlisted = scope === undefined ? undefined : [...scope].filter((ns) => !listed.has(ns)).sort();
          if (unlisted === undefined)
            yield {
              item,
              path: `${at}/failurePolicy`,
              message: `${name} has a global failurePolicy Ignore: its namespaceSelector does not restrict it by kubernetes.io/metadata.name In [...] to fail-open namespaces (policy failOpenNamespaces: [${options.failOpenNamespaces.join(', ')}])`,
            };
          else if (unlisted.length)
            yield {
              item,
              path: `${at}/failurePolicy`,
              message: `${name} fails open (failurePolicy Ignore) in ${unlisted.join(', ')}, which the policy does not list as fail-open (failOpenNamespaces: [${options.failOpenNamespaces.join(', ')}])`,
            };
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
