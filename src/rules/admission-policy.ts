import { defineRule } from './types';
import type { InventoryItem, RuleFinding } from '../check/types';
import type { Inventory } from '../check/inventory';
import { labelsOf } from '../check/inventory';
import { arr, obj, strings, type Obj } from './lib/values';
import { matches, selectorOf } from './lib/selectors';
import { CLUSTER_SCOPED_KINDS } from '../lib/kinds';
import { CelCompileError, CelEvaluationError, celText, celValue, compileCel, type CompiledExpression } from '../cel/compile';
import { builtinPlural, deepest, fieldsRead, offlineRequest } from '../cel/objects';

const VARIABLES = ['object', 'oldObject', 'params', 'request', 'namespaceObject', 'variables', 'authorizer'];
const NAME_LABEL = 'kubernetes.io/metadata.name';

/** A compiled expression, or why it does not compile, or that it cannot be judged offline. */
type Compiled = { ok: CompiledExpression; fields: string[] } | { error: string } | { offline: true };

function compile(source: unknown, expect?: 'bool' | 'string'): Compiled {
  if (typeof source !== 'string' || !source.trim()) return { error: 'is empty' };
  // The authorizer asks the cluster's RBAC: nothing offline can answer it, so such an expression is not judged.
  if (/\bauthorizer\b/.test(source)) return { offline: true };
  try {
    return { ok: compileCel(source, VARIABLES, expect), fields: fieldsRead(source) };
  } catch (err) {
    if (err instanceof CelCompileError) return { error: err.message };
    throw err;
  }
}

interface Policy {
  readonly item: InventoryItem;
  readonly failClosed: boolean;
  readonly paramKind?: { apiVersion: string; kind: string };
  readonly constraints: Obj;
  readonly conditions: Array<{ name: string; compiled: Compiled; at: string }>;
  readonly variables: Array<{ name: string; compiled: Compiled; at: string }>;
  readonly validations: Array<{ compiled: Compiled; message?: CompiledExpression; text?: string; source: string; at: string }>;
}

/** Kind → plural resource name: the input's CRDs say; a built-in kind is its lower-case plural (networkpolicies, ingresses). */
function resourceNames(inventory: Inventory): { plural: (group: string, kind: string) => string; clusterScoped: (group: string, kind: string) => boolean } {
  const crds = new Map<string, { plural: string; cluster: boolean }>();
  for (const crd of inventory.ofKind('CustomResourceDefinition')) {
    const spec = obj(crd.object.spec);
    const names = obj(spec.names);
    if (typeof spec.group === 'string' && typeof names.kind === 'string' && typeof names.plural === 'string')
      crds.set(`${spec.group}/${names.kind}`, { plural: names.plural, cluster: spec.scope === 'Cluster' });
  }
  return {
    plural: (group, kind) => crds.get(`${group}/${kind}`)?.plural ?? builtinPlural(kind),
    clusterScoped: (group, kind) => crds.get(`${group}/${kind}`)?.cluster ?? CLUSTER_SCOPED_KINDS.has(kind),
  };
}

const groupVersion = (apiVersion: string): [string, string] => (apiVersion.includes('/') ? (apiVersion.split('/', 2) as [string, string]) : ['', apiVersion]);
const listed = (values: string[], value: string) => values.includes('*') || values.includes(value);

export default defineRule({
  meta: {
    id: 'admission-policy',
    description:
      'ValidatingAdmissionPolicies and their Bindings (admissionregistration.k8s.io/v1) found in the input are evaluated offline against the input’s objects, as the API server would on their creation: matchConstraints and the binding’s matchResources (resourceRules, namespaceSelector against the input’s Namespaces, objectSelector), matchConditions, variables, validations with message or messageExpression, paramRef (params from the input, by name or selector, parameterNotFoundAction) and failurePolicy. A binding’s validationActions decide the severity: Deny an error, Warn a warning, Audit a note. An expression that does not compile is an error on the policy.',
    model:
      'Each object is judged as its CREATE (an UPDATE-only rule as an UPDATE whose old object is the same object); request.userInfo is empty. Resources are the kinds’ plural names (the input’s CRDs for custom kinds). A namespace the input does not define has only its kubernetes.io/metadata.name label. Expressions that call the authorizer are not judged offline; a policy or binding the input does not hold is not judged.',
    remediation:
      'Change the object so that the policy’s validation holds (the message says which), or fix the policy’s expression; a binding whose params are in the cluster rather than the input can set parameterNotFoundAction: Allow.',
    category: 'correctness',
    scope: 'inventory',
    defaultSeverity: 'error',
    optionsSchema: { type: 'object', additionalProperties: false, properties: {} },
  },
  *check({ inventory, whole }): Iterable<RuleFinding> {
    const policyItems = inventory.ofKind('ValidatingAdmissionPolicy').filter((i) => i.apiVersion.startsWith('admissionregistration.k8s.io/'));
    const bindings = inventory.ofKind('ValidatingAdmissionPolicyBinding').filter((i) => i.apiVersion.startsWith('admissionregistration.k8s.io/'));
    if (!policyItems.length) return;
    const policies = new Map<string, Policy>();
    for (const item of policyItems) {
      const spec = obj(item.object.spec);
      const paramKind = obj(spec.paramKind);
      const policy: Policy = {
        item,
        failClosed: spec.failurePolicy !== 'Ignore',
        paramKind: typeof paramKind.kind === 'string' ? { apiVersion: String(paramKind.apiVersion ?? ''), kind: paramKind.kind } : undefined,
        constraints: obj(spec.matchConstraints),
        conditions: arr(spec.matchConditions).map((c, i) => ({
          name: String(obj(c).name ?? i),
          compiled: compile(obj(c).expression, 'bool'),
          at: `/spec/matchConditions/${i}/expression`,
        })),
        variables: arr(spec.variables).map((v, i) => ({
          name: String(obj(v).name ?? i),
          compiled: compile(obj(v).expression),
          at: `/spec/variables/${i}/expression`,
        })),
        validations: arr(spec.validations).map((v, i) => {
          const o = obj(v);
          const message = typeof o.messageExpression === 'string' ? compile(o.messageExpression, 'string') : undefined;
          if (message && 'error' in message) return { compiled: message, source: String(o.messageExpression), at: `/spec/validations/${i}/messageExpression` };
          return {
            compiled: compile(o.expression, 'bool'),
            message: message && 'ok' in message ? message.ok : undefined,
            text: typeof o.message === 'string' ? o.message : undefined,
            source: String(o.expression),
            at: `/spec/validations/${i}/expression`,
          };
        }),
      };
      // What the API server refuses to create: an expression that does not compile.
      for (const e of [...policy.conditions, ...policy.variables, ...policy.validations]) {
        if ('error' in e.compiled)
          yield { item, path: e.at, message: `ValidatingAdmissionPolicy ${item.name}: the expression does not compile: ${e.compiled.error}` };
      }
      policies.set(item.name, policy);
    }
    const names = resourceNames(inventory);
    const namespaces = new Map(inventory.ofKind('Namespace').map((n) => [n.name, n]));
    const namespaceLabels = (ns: string) => ({ ...labelsOf(namespaces.get(ns)?.object.metadata), [NAME_LABEL]: ns });

    // A binding's matchResources without resourceRules narrows the policy's resources by selectors only.
    const matchesResources = (m: Obj, item: InventoryItem, binding = false): { operation: 'CREATE' | 'UPDATE'; plural: string } | undefined => {
      const [group, version] = groupVersion(item.apiVersion);
      const plural = names.plural(group, item.kind);
      const cluster = names.clusterScoped(group, item.kind);
      const ruleMatches = (r: Obj) => {
        const scope = r.scope ?? '*';
        if ((scope === 'Cluster' && !cluster) || (scope === 'Namespaced' && cluster)) return false;
        const resourceNames = strings(r.resourceNames);
        if (resourceNames.length && !resourceNames.includes(item.name)) return false;
        return (
          listed(strings(r.apiGroups), group) &&
          listed(strings(r.apiVersions), version) &&
          (listed(strings(r.resources), plural) || strings(r.resources).includes('*/*'))
        );
      };
      const operationOf = (r: Obj) => {
        const ops = strings(r.operations);
        return ops.includes('*') || ops.includes('CREATE') ? 'CREATE' : ops.includes('UPDATE') ? 'UPDATE' : undefined;
      };
      const all = arr(m.resourceRules).map(obj);
      const operation =
        binding && !all.length
          ? 'CREATE'
          : all
              .filter(ruleMatches)
              .map(operationOf)
              .find((o) => o !== undefined);
      if (!operation) return undefined;
      if (arr(m.excludeResourceRules).map(obj).some(ruleMatches)) return undefined;
      if (m.objectSelector !== undefined && !matches(selectorOf(m.objectSelector), labelsOf(item.object.metadata))) return undefined;
      if (m.namespaceSelector !== undefined) {
        const labels =
          item.kind === 'Namespace' && !cluster
            ? undefined
            : item.kind === 'Namespace'
              ? labelsOf(item.object.metadata)
              : cluster
                ? undefined
                : namespaceLabels(item.namespace || 'default');
        if (labels && !matches(selectorOf(m.namespaceSelector), labels)) return undefined;
      }
      return { operation, plural };
    };

    const paramsFor = (policy: Policy, ref: Obj, item: InventoryItem): unknown[] | undefined => {
      const kind = policy.paramKind!;
      const candidates = inventory.ofKind(kind.kind).filter((p) => !kind.apiVersion || p.apiVersion === kind.apiVersion);
      const namespace = typeof ref.namespace === 'string' ? ref.namespace : item.namespace;
      const inScope = candidates.filter((p) => p.namespace === '' || p.namespace === namespace);
      const found =
        typeof ref.name === 'string'
          ? inScope.filter((p) => p.name === ref.name)
          : ref.selector !== undefined
            ? inScope.filter((p) => matches(selectorOf(ref.selector), labelsOf(p.object.metadata)))
            : [];
      return found.length ? found.map((p) => p.object) : undefined;
    };

    for (const binding of bindings) {
      const spec = obj(binding.object.spec);
      const policy = policies.get(String(spec.policyName ?? ''));
      if (!policy) continue;
      const actions = strings(spec.validationActions);
      const severity = actions.includes('Deny')
        ? undefined
        : actions.includes('Warn')
          ? ('warning' as const)
          : actions.includes('Audit')
            ? ('info' as const)
            : undefined;
      if (!actions.length) continue;
      const ref = spec.paramRef === undefined ? undefined : obj(spec.paramRef);
      const prefix = `ValidatingAdmissionPolicy '${policy.item.name}' with binding '${binding.name}' denied request`;
      for (const item of inventory.items) {
        if (item.patch || item.kind === 'ValidatingAdmissionPolicy' || item.kind === 'ValidatingAdmissionPolicyBinding') continue;
        const matched = matchesResources(policy.constraints, item);
        if (!matched || (spec.matchResources !== undefined && !matchesResources(obj(spec.matchResources), item, true))) continue;
        const full = whole ? whole(item) : item;
        let paramSets: unknown[] = [null];
        if (policy.paramKind && ref) {
          const found = paramsFor(policy, ref, item);
          if (!found) {
            if (ref.parameterNotFoundAction !== 'Allow')
              yield {
                item,
                path: '',
                message: `${prefix}: no params object ${policy.paramKind.kind} ${typeof ref.name === 'string' ? `"${ref.name}" ` : 'matching the selector '}in the input (parameterNotFoundAction ${String(ref.parameterNotFoundAction ?? 'Deny')})`,
                ...(severity ? { severity } : {}),
              };
            continue;
          }
          paramSets = found;
        }
        for (const params of paramSets) yield* judge(policy, full, params, matched, severity, prefix, namespaces.get(item.namespace)?.object ?? null);
      }
    }
  },
});

function* judge(
  policy: Policy,
  item: InventoryItem,
  params: unknown,
  { operation, plural }: { operation: 'CREATE' | 'UPDATE'; plural: string },
  severity: 'warning' | 'info' | undefined,
  prefix: string,
  namespaceObject: unknown,
): Iterable<RuleFinding> {
  const object = celValue(item.object);
  const activation: Record<string, unknown> = {
    object,
    oldObject: operation === 'UPDATE' ? object : null,
    params: celValue(params),
    request: celValue(offlineRequest(item, operation, plural)),
    namespaceObject: celValue(namespaceObject),
    authorizer: null,
  };
  const failure = (path: string, why: string): RuleFinding => ({ item, path, message: `${prefix}: ${why}`, ...(severity ? { severity } : {}) });
  const evaluate = (c: CompiledExpression, vars: Record<string, unknown>) => {
    try {
      return { value: c.evaluate(vars) };
    } catch (err) {
      if (err instanceof CelEvaluationError) return { error: err.message };
      throw err;
    }
  };
  for (const condition of policy.conditions) {
    if (!('ok' in condition.compiled)) return;
    const r = evaluate(condition.compiled.ok, activation);
    if (r.error !== undefined) {
      if (policy.failClosed) yield failure('', `matchCondition '${condition.name}' could not be evaluated: ${r.error} (failurePolicy Fail)`);
      return;
    }
    if (r.value !== true) return;
  }
  // Variables in order, each seeing the earlier ones; one that fails fails the validations that read it.
  const variables: Record<string, unknown> = {};
  const failed = new Map<string, string>();
  activation.variables = variables;
  for (const v of policy.variables) {
    if (!('ok' in v.compiled)) {
      failed.set(v.name, 'offline' in v.compiled ? 'calls the authorizer' : v.compiled.error);
      continue;
    }
    const r = evaluate(v.compiled.ok, activation);
    if (r.error !== undefined) failed.set(v.name, r.error);
    else variables[v.name] = r.value;
  }
  for (const v of policy.validations) {
    if (!('ok' in v.compiled)) continue;
    // The fields it reads, through the variables it reads too (`variables.containers` → /spec/template/spec/containers).
    const through = policy.variables.filter((x) => 'ok' in x.compiled && v.source.includes(`variables.${x.name}`));
    const path = deepest(item.object, [...v.compiled.fields, ...through.flatMap((x) => ('ok' in x.compiled ? x.compiled.fields : []))]);
    const reads = [...failed].find(([name]) => new RegExp(`\\bvariables\\.${name}\\b`).test(v.source));
    if (reads?.[1] === 'calls the authorizer') continue;
    const r = reads ? { error: `variable ${reads[0]}: ${reads[1]}` } : evaluate(v.compiled.ok, activation);
    if (r.error !== undefined) {
      if (policy.failClosed) yield failure(path, `expression '${v.source}' could not be evaluated: ${r.error} (failurePolicy Fail)`);
      continue;
    }
    if (r.value === true) continue;
    let message = v.text ?? `failed expression: ${v.source}`;
    if (v.message) {
      const m = evaluate(v.message, activation);
      if (typeof m.value === 'string' && m.value.trim()) message = m.value.trim();
    }
    yield failure(path, r.value === false ? message : `${message} (the expression yielded ${celText(r.value)}, not a bool)`);
  }
}
