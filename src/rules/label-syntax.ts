import { defineRule } from './types';
import type { InventoryItem, RuleFinding } from '../check/types';
import { escapeToken } from '../lib/json-pointer';
import { showValue } from '../lib/show-value';
import { arr, obj, type Obj } from './lib/values';

// The API server's syntax (k8s.io/apimachinery/pkg/util/validation): a qualified name is an optional DNS-1123
// subdomain prefix (≤253) and `/`, then a name of ≤63 characters of [-A-Za-z0-9_.] that starts and ends
// alphanumeric; a label value is such a name or empty.
const NAME = /^(?:[A-Za-z0-9](?:[-A-Za-z0-9_.]*[A-Za-z0-9])?)$/;
const DNS_SUBDOMAIN = /^[a-z0-9](?:[-a-z0-9]*[a-z0-9])?(?:\.[a-z0-9](?:[-a-z0-9]*[a-z0-9])?)*$/;
// A `${name}` reference is Flux post-build substitution (or envsubst): the API server sees the substituted text, not
// this one, so such a key or value is not judged.
// The common case in one test each (length checked apart): most keys and values pass, and a finding is rare.
const VALID_KEY = /^(?:[a-z0-9](?:[-a-z0-9]*[a-z0-9])?(?:\.[a-z0-9](?:[-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9](?:[-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const VALID_KEY_ANY_CASE = new RegExp(VALID_KEY.source, 'i');
const OPERATORS = new Set(['In', 'NotIn', 'Exists', 'DoesNotExist']);
/** All annotations of an object together, keys and values, in bytes (TotalAnnotationSizeLimitB). */
const ANNOTATIONS_LIMIT = 256 * 1024;
const NAME_RULE = 'at most 63 characters of [-A-Za-z0-9_.], starting and ending with [A-Za-z0-9]';

/** What is wrong with a label key (or a lowercased annotation key), or undefined. */
export function keyProblem(key: string): string | undefined {
  if ((key.length <= 63 && VALID_KEY.test(key)) || key.includes('${')) return undefined;
  const slash = key.indexOf('/');
  if (slash !== key.lastIndexOf('/')) return 'has more than one "/"';
  const name = slash < 0 ? key : key.slice(slash + 1);
  if (slash >= 0) {
    const prefix = key.slice(0, slash);
    if (!prefix) return 'has an empty prefix before "/"';
    if (prefix.length > 253) return `has a prefix of ${prefix.length} characters; expected a DNS subdomain of at most 253`;
    if (!DNS_SUBDOMAIN.test(prefix)) return `has prefix "${prefix}"; expected a DNS subdomain (lowercase [a-z0-9-] labels joined by dots)`;
  }
  if (!name) return 'has an empty name';
  if (name.length > 63) return `has a name of ${name.length} characters; expected ${NAME_RULE}`;
  if (!NAME.test(name)) return `has name "${name}"; expected ${NAME_RULE}`;
  return undefined;
}

export function valueProblem(value: string): string | undefined {
  if (value === '' || (value.length <= 63 && NAME.test(value)) || value.includes('${')) return undefined;
  if (value.length > 63) return `is ${value.length} characters; expected at most 63 (or empty)`;
  if (!NAME.test(value)) return `expected ${NAME_RULE}, or empty`;
  return undefined;
}

/** Findings for a label map at `at` (a pointer built only when something is wrong: most maps are fine). */
function labelMapProblems(out: RuleFinding[], item: InventoryItem, raw: unknown, at: string, what: string): void {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return;
  const labels = raw as Obj;
  for (const k in labels) {
    const v = labels[k];
    const kp = keyProblem(k);
    if (kp) out.push({ item, path: `${at}/${escapeToken(k)}`, message: `${what} key ${showValue(k)} ${kp}` });
    if (typeof v !== 'string') continue; // a non-string value is the schema rule's
    const vp = valueProblem(v);
    if (vp) out.push({ item, path: `${at}/${escapeToken(k)}`, message: `${what} ${showValue(k)} has value ${showValue(v)}: ${vp}` });
  }
}

function metadataProblems(out: RuleFinding[], item: InventoryItem, meta: unknown, at: string, where: string): void {
  if (!meta || typeof meta !== 'object') return;
  const m = meta as Obj;
  if (m.labels) labelMapProblems(out, item, m.labels, `${at}/labels`, `${where}label`);
  const annotations = m.annotations;
  if (!annotations || typeof annotations !== 'object' || Array.isArray(annotations)) return;
  let size = 0;
  for (const k in annotations) {
    const v = (annotations as Obj)[k];
    // The API server judges annotation keys lowercased.
    const kp = VALID_KEY_ANY_CASE.test(k) && k.length <= 63 ? undefined : keyProblem(k.toLowerCase());
    if (kp) out.push({ item, path: `${at}/annotations/${escapeToken(k)}`, message: `${where}annotation key ${showValue(k)} ${kp}` });
    size += k.length + (typeof v === 'string' ? v.length : 0);
  }
  // Characters undercount UTF-8 bytes by up to 3×: count bytes only when it may matter.
  if (size * 3 > ANNOTATIONS_LIMIT) {
    let bytes = 0;
    for (const k in annotations) {
      const v = (annotations as Obj)[k];
      bytes += Buffer.byteLength(k) + (typeof v === 'string' ? Buffer.byteLength(v) : 0);
    }
    if (bytes > ANNOTATIONS_LIMIT)
      out.push({
        item,
        path: `${at}/annotations`,
        message: `${where}annotations total ${bytes} bytes; the API server accepts at most ${ANNOTATIONS_LIMIT} (256 KiB)`,
      });
  }
}

function labelSelectorProblems(out: RuleFinding[], item: InventoryItem, raw: unknown, at: string): void {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return;
  const s = raw as Obj;
  labelMapProblems(out, item, s.matchLabels, `${at}/matchLabels`, 'selector label');
  const expressions = arr(s.matchExpressions);
  for (let i = 0; i < expressions.length; i++) {
    const e = obj(expressions[i]);
    const path = `${at}/matchExpressions/${i}`;
    if (typeof e.key === 'string') {
      const kp = keyProblem(e.key);
      if (kp) out.push({ item, path: `${path}/key`, message: `selector key ${showValue(e.key)} ${kp}` });
    }
    const op = e.operator;
    if (!OPERATORS.has(String(op))) {
      out.push({ item, path: `${path}/operator`, message: `selector operator ${showValue(op)} is not In, NotIn, Exists or DoesNotExist` });
      continue;
    }
    const values = arr(e.values);
    if ((op === 'In' || op === 'NotIn') && !values.length)
      out.push({ item, path, message: `selector operator ${String(op)} on ${showValue(e.key)} needs values` });
    if ((op === 'Exists' || op === 'DoesNotExist') && values.length)
      out.push({ item, path: `${path}/values`, message: `selector operator ${String(op)} on ${showValue(e.key)} takes no values` });
    for (let j = 0; j < values.length; j++) {
      const v = values[j];
      const vp = typeof v === 'string' ? valueProblem(v) : undefined;
      if (vp) out.push({ item, path: `${path}/values/${j}`, message: `selector value ${showValue(v)}: ${vp}` });
    }
  }
}

const TEMPLATE_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController', 'Job', 'DeploymentConfig']);
const LABEL_SELECTOR_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job']);
const MAP_SELECTOR_KINDS = new Set(['Service', 'ReplicationController', 'DeploymentConfig']);

export default defineRule<Record<string, never>>({
  meta: {
    id: 'label-syntax',
    description:
      'A label key or value, an annotation key, or a label selector breaks the API server’s syntax: keys are an optional DNS-subdomain prefix (≤253) and `/` plus a name of ≤63 characters of [-A-Za-z0-9_.] with alphanumeric ends; values are empty or such a name; annotations total ≤256 KiB; selector operators are In/NotIn (with values) or Exists/DoesNotExist (without).',
    model:
      'Judged on every object’s metadata, pod and job templates, StatefulSet volumeClaimTemplates, and the selectors of workloads, Services, PodDisruptionBudgets and NetworkPolicies (podSelector). Annotation keys are judged lowercased, as the API server does; annotation values may be anything. A key or value with a `${name}` reference (Flux post-build substitution) is not judged: the API server sees the substituted text.',
    remediation: 'Rename the key or value to the allowed syntax (a version such as "1.2.3+build" becomes "1.2.3_build"; free text belongs in an annotation).',
    category: 'correctness',
    scope: 'object',
    defaultSeverity: 'error',
    optionsSchema: { type: 'object', additionalProperties: false, properties: {} },
  },
  check({ inventory }): Iterable<RuleFinding> {
    const out: RuleFinding[] = [];
    for (const item of inventory.items) {
      const o = item.object;
      metadataProblems(out, item, o.metadata, '/metadata', '');
      const spec = obj(o.spec);
      if (TEMPLATE_KINDS.has(item.kind)) metadataProblems(out, item, obj(spec.template).metadata, '/spec/template/metadata', 'template ');
      if (item.kind === 'CronJob') {
        const jobTemplate = obj(spec.jobTemplate);
        metadataProblems(out, item, jobTemplate.metadata, '/spec/jobTemplate/metadata', 'job template ');
        const jobSpec = obj(jobTemplate.spec);
        metadataProblems(out, item, obj(jobSpec.template).metadata, '/spec/jobTemplate/spec/template/metadata', 'template ');
        labelSelectorProblems(out, item, jobSpec.selector, '/spec/jobTemplate/spec/selector');
      }
      if (item.kind === 'PodTemplate') metadataProblems(out, item, obj(o.template).metadata, '/template/metadata', 'template ');
      if (item.kind === 'StatefulSet') {
        const claims = arr(spec.volumeClaimTemplates);
        for (let i = 0; i < claims.length; i++)
          metadataProblems(out, item, obj(claims[i]).metadata, `/spec/volumeClaimTemplates/${i}/metadata`, 'claim template ');
      }
      if (LABEL_SELECTOR_KINDS.has(item.kind) || item.kind === 'PodDisruptionBudget') labelSelectorProblems(out, item, spec.selector, '/spec/selector');
      if (item.kind === 'NetworkPolicy') labelSelectorProblems(out, item, spec.podSelector, '/spec/podSelector');
      if (MAP_SELECTOR_KINDS.has(item.kind)) labelMapProblems(out, item, spec.selector, '/spec/selector', 'selector label');
    }
    return out;
  },
});
