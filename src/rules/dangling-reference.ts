import { defineRule } from './types';
import { isEmptySelector, matches, selectorOf, type Selector } from './lib/selectors';
import { References, type ExternalObject, type PodSource, type Target } from './lib/reference-index';
import type { InventoryItem, RuleFinding } from '../check/types';
import { obj, arr, strings } from './lib/values';
import { podReferences, type PodReference, type PodReferenceKind } from './lib/pod-references';
import { containersOf, podSpecOf, type PodSpecAt } from '../lib/pod-specs';

interface Options {
  externalNamespaces: string[];
  externalClusterRoles: string[];
  externalObjects: ExternalObject[];
  ingressBackends: boolean;
  networkPolicies: boolean;
  serviceAccounts: boolean;
  configMaps: boolean;
  secrets: boolean;
  persistentVolumeClaims: boolean;
  statefulSetServices: boolean;
  targetPorts: boolean;
}

/** `ns/` before a name, or nothing when the reference's namespace is wherever a floating object lands. */
const at = (target: Target): string => (target.namespace === null ? '' : `${target.namespace}/`);

const showSelector = (selector: Record<string, unknown>): string =>
  Object.entries(selector)
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(', ');

function* serviceMonitors(refs: References, items: InventoryItem[]): Iterable<RuleFinding> {
  for (const sm of items) {
    const spec = obj(sm.object.spec);
    const nsSel = obj(spec.namespaceSelector);
    const listed = nsSel.any === true ? null : strings(nsSel.matchNames);
    const targets = listed?.length ? listed.map((ns) => refs.searched(sm, ns)) : [listed === null ? { namespace: null, floating: true } : refs.target(sm)];
    if (targets.every((t) => refs.isExternal(t.namespace))) continue;
    const wanted = targets.some((t) => t.namespace === null) ? null : new Set(targets.map((t) => t.namespace!));
    const selector = selectorOf(spec.selector);
    const services = refs.servicesIn(wanted, targets[0].floating).filter((s) => matches(selector, obj(obj(s.object.metadata).labels)));
    if (!services.length) {
      yield { item: sm, path: '/spec/selector', message: `ServiceMonitor ${sm.name} selects no Service` };
      continue;
    }
    const portNames = new Set(services.flatMap((s) => arr(obj(s.object.spec).ports).map((p) => obj(p).name)).filter((n): n is string => typeof n === 'string'));
    const endpoints = arr(spec.endpoints);
    for (let i = 0; i < endpoints.length; i++) {
      const port = obj(endpoints[i]).port;
      if (typeof port === 'string' && !portNames.has(port)) {
        yield {
          item: sm,
          path: `/spec/endpoints/${i}/port`,
          message: `ServiceMonitor ${sm.name} scrapes port "${port}", which no selected Service names (has: ${[...portNames].join(', ') || 'none'})`,
        };
      }
    }
  }
}

/**
 * A selector of `item` that matches no pod the input will make run: an error, or a warning when a custom resource
 * there whose operator no recipe knows may be what makes those pods.
 */
function* selectsNoPods(refs: References, item: InventoryItem, selector: Selector, what: string, path = '/spec/selector'): Iterable<RuleFinding> {
  const ns = refs.target(item);
  if (refs.isExternal(ns.namespace) || refs.podsSelected(ns, selector).length) return;
  const maker = refs.unknownPodMaker(ns, selector);
  if (maker) {
    yield {
      item,
      path,
      severity: 'warning',
      message: `${what}; its pods are not in the input, perhaps run by the operator of ${maker.kind} ${maker.name}, whose pod labels Plimsoll does not know`,
    };
  } else if (!refs.runsPodsIn(ns)) {
    // Nothing of the input runs pods there: they come from elsewhere (another repository, a managed add-on), or the input is partial.
    yield { item, path, severity: 'warning', message: `${what}; nothing in the input runs pods ${where(ns)}, so its pods are not in the input` };
  } else {
    yield { item, path, message: what };
  }
}

const where = (target: Target): string => (target.namespace === null ? 'where it is applied' : `in namespace ${target.namespace}`);

/**
 * `what` (e.g. `Ingress web routes to`) names `kind` `name`, which does not exist: an error where the input makes
 * objects of that kind there (a misnamed one), a warning where it makes none (made elsewhere: by hand, by another
 * repository, by a chart's user), reported once per kind and namespace (what it says is about the namespace). A
 * Secret is always a warning, as Secrets live outside git (no-secret-data), reported once per Secret.
 */
/** The key a missing `kind` `name` in `target` is reported once under (see `missing`), or none: reported per object. */
function onceKey(refs: References, kind: string, target: Target, name: string): string | undefined {
  const ns = target.namespace ?? '';
  if (kind === 'Secret') return `missing Secret ${ns}/${name}`;
  return refs.makesKindIn(kind, target) ? undefined : `makes no ${kind} in ${ns}`;
}

function missing(refs: References, item: InventoryItem, path: string, what: string, kind: string, target: Target, name: string): RuleFinding {
  const ref = `${what} ${kind} ${at(target)}${name}`;
  const once = onceKey(refs, kind, target, name);
  if (kind === 'Secret')
    return {
      item,
      path,
      severity: 'warning',
      once,
      message: `${ref}, which is not in the input: Secrets are made out of band (or at run time by a Job or an operator), and the pods do not start until it exists`,
    };
  if (once)
    return {
      item,
      path,
      severity: 'warning',
      once,
      message: `${ref}, which does not exist; nothing in the input makes ${kind}s ${where(target)}, so it is not in the input`,
    };
  return { item, path, message: `${ref}, which does not exist` };
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);
const list = (names: Iterable<string>): string => [...names].join(', ') || 'none';

function* ingresses(refs: References, items: InventoryItem[]): Iterable<RuleFinding> {
  for (const ing of items) {
    const target = refs.target(ing);
    if (refs.isExternal(target.namespace)) continue;
    const spec = obj(ing.object.spec);
    // networking.k8s.io/v1 `service: {name, port: {number|name}}`; the removed v1beta1 `serviceName`/`servicePort`.
    const backends: Array<[unknown, string]> = [spec.defaultBackend ? [spec.defaultBackend, '/spec/defaultBackend'] : [spec.backend, '/spec/backend']];
    const rules = arr(spec.rules);
    for (let i = 0; i < rules.length; i++) {
      const paths = arr(obj(obj(rules[i]).http).paths);
      for (let j = 0; j < paths.length; j++) backends.push([obj(paths[j]).backend, `/spec/rules/${i}/http/paths/${j}/backend`]);
    }
    for (const [raw, path] of backends) {
      const backend = obj(raw);
      const v1 = obj(backend.service);
      const name = str(v1.name) ?? str(backend.serviceName);
      if (!name) continue;
      const [namePath, portPath, port] = str(v1.name)
        ? [`${path}/service/name`, `${path}/service/port`, obj(v1.port).name ?? obj(v1.port).number]
        : [`${path}/serviceName`, `${path}/servicePort`, backend.servicePort];
      const found = refs.find('Service', target, name);
      if (!found.length) {
        if (!refs.existsOutsideInput('Service', target, name)) yield missing(refs, ing, namePath, `Ingress ${ing.name} routes to`, 'Service', target, name);
        continue;
      }
      if (typeof port !== 'number' && typeof port !== 'string') continue;
      const ports = found.flatMap((s) => arr(obj(s.object.spec).ports).map(obj));
      if (!ports.length && found.some((s) => obj(s.object.spec).type === 'ExternalName')) continue;
      if (ports.some((p) => (typeof port === 'number' ? p.port === port : p.name === port))) continue;
      const has = ports.map((p) => (typeof p.name === 'string' ? `${String(p.port)}/${p.name}` : String(p.port)));
      yield {
        item: ing,
        path: portPath,
        message: `Ingress ${ing.name} routes to port ${typeof port === 'number' ? port : `"${port}"`} of Service ${at(target)}${name}, which has no such port (has: ${list(has)})`,
      };
    }
  }
}

function* networkPolicies(refs: References, items: InventoryItem[]): Iterable<RuleFinding> {
  for (const np of items) {
    const selector = selectorOf(obj(np.object.spec).podSelector);
    // An empty podSelector selects every pod of the namespace, also those of later deploys.
    if (!isEmptySelector(selector)) yield* selectsNoPods(refs, np, selector, `NetworkPolicy ${np.name} selects no pods`, '/spec/podSelector');
  }
}

const KIND_OPTION: Record<PodReferenceKind, keyof Options> = {
  ServiceAccount: 'serviceAccounts',
  ConfigMap: 'configMaps',
  Secret: 'secrets',
  PersistentVolumeClaim: 'persistentVolumeClaims',
};

/** Keys of a ConfigMap (data, binaryData) or Secret (data, stringData); none when it has no data (something else fills it). */
function keysOf(item: InventoryItem): Set<string> {
  const fields = item.kind === 'Secret' ? ['data', 'stringData'] : ['data', 'binaryData'];
  return new Set(fields.flatMap((f) => Object.keys(obj(item.object[f]))));
}

/** Whether the reference at `path` of `a` comes before that at `q` of `b` in the input (file, document, path), as the engine orders `once`. */
const before = (a: InventoryItem, p: string, b: InventoryItem, q: string): boolean =>
  a.file !== b.file ? a.file < b.file : a.doc !== b.doc ? a.doc < b.doc : p < q;

/**
 * ServiceAccounts, ConfigMaps, Secrets and PersistentVolumeClaims that pod specs name: one finding per missing
 * object and pod spec, and one per `once` key for all pod specs alike (grouped here, not by the engine: a large
 * input of workloads whose ServiceAccounts live elsewhere would otherwise make a finding per workload first).
 */
function* podReferenceChecks(refs: References, inventory: { items: readonly InventoryItem[] }, options: Options): Iterable<RuleFinding> {
  const grouped = new Map<string, { item: InventoryItem; r: PodReference; target: Target; objects: number }>();
  for (const item of inventory.items) {
    const pod = podSpecOf(item);
    if (!pod) continue;
    const references = podReferences(pod);
    if (!references.length) continue;
    const target = refs.target(item);
    if (refs.isExternal(target.namespace)) continue;
    let absent: Map<string, { finding?: RuleFinding; more: number }> | undefined;
    for (const r of references) {
      if (!options[KIND_OPTION[r.kind]] || r.optional) continue;
      const key = `${r.kind}\0${r.name}`;
      const seen = absent?.get(key);
      if (seen) {
        seen.more++;
        continue;
      }
      const found = refs.find(r.kind, target, r.name);
      if (!found.length) {
        if (refs.existsOutsideInput(r.kind, target, r.name)) continue;
        const once = onceKey(refs, r.kind, target, r.name);
        if (once) {
          (absent ??= new Map()).set(key, { more: 0 });
          const g = grouped.get(once);
          if (!g) grouped.set(once, { item, r, target, objects: 1 });
          else if (g.item !== item) {
            g.objects++;
            if (before(item, r.path, g.item, g.r.path)) Object.assign(g, { item, r, target });
          }
        } else {
          (absent ??= new Map()).set(key, { finding: missing(refs, item, r.path, `${item.kind} ${item.name} ${r.verb}`, r.kind, target, r.name), more: 0 });
        }
        continue;
      }
      if (!r.keys.length) continue;
      const keys = found.map(keysOf).filter((k) => k.size);
      if (keys.length < found.length) continue;
      for (const { key: k, path } of r.keys) {
        if (keys.some((set) => set.has(k))) continue;
        yield {
          item,
          path,
          message: `${item.kind} ${item.name} ${r.verb} key "${k}" of ${r.kind} ${at(target)}${r.name}, which has no such key (has: ${list(new Set(keys.flatMap((s) => [...s])))})`,
        };
      }
    }
    if (!absent) continue;
    for (const { finding, more } of absent.values()) {
      if (finding) yield more ? { ...finding, message: `${finding.message} (and ${more} more reference${more > 1 ? 's' : ''} to it)` } : finding;
    }
  }
  for (const { item, r, target, objects } of grouped.values()) {
    const { once: _, ...finding } = missing(refs, item, r.path, `${item.kind} ${item.name} ${r.verb}`, r.kind, target, r.name) as RuleFinding & {
      once?: string;
    };
    yield objects > 1 ? { ...finding, message: `${finding.message} (reported once: ${objects - 1} more object${objects === 2 ? '' : 's'} alike)` } : finding;
  }
}

function* statefulSetServices(refs: References, items: InventoryItem[]): Iterable<RuleFinding> {
  for (const sts of items) {
    const spec = obj(sts.object.spec);
    const name = str(spec.serviceName);
    const target = refs.target(sts);
    if (!name || refs.isExternal(target.namespace)) continue;
    const found = refs.find('Service', target, name);
    // The governing Service gives each pod its DNS name (<pod>.<service>): only a headless one that selects the pods
    // does. The pods run without it, so each of these is a warning.
    if (!found.length) {
      if (!refs.existsOutsideInput('Service', target, name)) {
        const elsewhere = refs.makesKindIn('Service', target) ? '' : ` (nothing in the input makes Services ${where(target)})`;
        yield {
          item: sts,
          path: '/spec/serviceName',
          severity: 'warning',
          message: `StatefulSet ${sts.name} is governed by Service ${at(target)}${name}, which does not exist${elsewhere}, so its pods get no DNS names of their own`,
        };
      }
      continue;
    }
    const headless = found.find((s) => obj(s.object.spec).clusterIP === 'None');
    if (!headless) {
      yield {
        item: sts,
        path: '/spec/serviceName',
        severity: 'warning',
        message: `StatefulSet ${sts.name} is governed by Service ${at(target)}${name}, which is not headless (clusterIP: None), so its pods get no DNS names of their own`,
      };
      continue;
    }
    const selector = obj(obj(headless.object.spec).selector);
    const labels = obj(obj(obj(spec.template).metadata).labels);
    if (Object.keys(selector).length && !matches({ matchLabels: selector }, labels)) {
      yield {
        item: sts,
        path: '/spec/serviceName',
        severity: 'warning',
        message: `StatefulSet ${sts.name} is governed by Service ${at(target)}${name}, which does not select its pods (${showSelector(selector)}), so they get no DNS names of their own`,
      };
    }
  }
}

/** Container port names of a pod spec, with their protocol (TCP when unset). */
function portNames(pod: PodSpecAt): Map<string, string> {
  const names = new Map<string, string>();
  for (const { container } of containersOf(pod)) {
    for (const p of arr(container.ports).map(obj)) if (typeof p.name === 'string') names.set(p.name, typeof p.protocol === 'string' ? p.protocol : 'TCP');
  }
  return names;
}

const DIGITS = /^\d+$/;

/** A Service's targetPorts by name: port names of the containers of the pods it selects. */
function* targetPorts(svc: InventoryItem, sources: readonly PodSource[], cache: Map<InventoryItem, Map<string, string>>): Iterable<RuleFinding> {
  const ports = arr(obj(svc.object.spec).ports).map(obj);
  if (!ports.some((p) => typeof p.targetPort === 'string' && !DIGITS.test(p.targetPort))) return;
  const named: Array<readonly [InventoryItem, Map<string, string>]> = [];
  for (const { item } of sources) {
    const pod = podSpecOf(item);
    // An operator's pods: their ports are not in the input.
    if (!pod) return;
    named.push([item, cache.get(item) ?? cache.set(item, portNames(pod)).get(item)!]);
  }
  for (let i = 0; i < ports.length; i++) {
    const tp = ports[i].targetPort;
    if (typeof tp !== 'string' || DIGITS.test(tp) || named.some(([, names]) => names.has(tp))) continue;
    const has = [...new Set(named.map(([item, names]) => `${item.kind} ${item.name}: ${list(names.keys())}`))].slice(0, 3).join('; ');
    yield {
      item: svc,
      path: `/spec/ports/${i}/targetPort`,
      message: `Service ${svc.name} targets port "${tp}", which no container of the pods it selects names (${has})`,
    };
  }
}

/** A Service selecting no pods; and, with `checkPorts`, one whose named targetPort no container of its pods has. */
function* services(refs: References, items: InventoryItem[], checkPorts: boolean): Iterable<RuleFinding> {
  const cache = new Map<InventoryItem, Map<string, string>>();
  for (const svc of items) {
    const selector = obj(obj(svc.object.spec).selector);
    if (!Object.keys(selector).length || obj(svc.object.spec).type === 'ExternalName') continue;
    const target = refs.target(svc);
    if (refs.isExternal(target.namespace)) continue;
    const sources = refs.podsSelected(target, { matchLabels: selector });
    if (!sources.length) yield* selectsNoPods(refs, svc, { matchLabels: selector }, `Service ${svc.name} selects no pods (${showSelector(selector)})`);
    else if (checkPorts) yield* targetPorts(svc, sources, cache);
  }
}

function* budgetsAndScalers(refs: References, budgets: InventoryItem[], scalers: InventoryItem[]): Iterable<RuleFinding> {
  for (const pdb of budgets) {
    const selector = selectorOf(obj(pdb.object.spec).selector);
    if (!isEmptySelector(selector)) yield* selectsNoPods(refs, pdb, selector, `PodDisruptionBudget ${pdb.name} selects no pods`);
  }
  for (const hpa of scalers) {
    const ref = obj(obj(hpa.object.spec).scaleTargetRef);
    const ns = refs.target(hpa);
    if (typeof ref.kind !== 'string' || typeof ref.name !== 'string' || refs.isExternal(ns.namespace) || refs.exists(ref.kind, ns, ref.name)) continue;
    yield { item: hpa, path: '/spec/scaleTargetRef', message: `HorizontalPodAutoscaler ${hpa.name} targets ${ref.kind} ${ref.name}, which does not exist` };
  }
}

function* bindings(refs: References, items: InventoryItem[], options: Options): Iterable<RuleFinding> {
  for (const b of items) {
    const ref = obj(b.object.roleRef);
    const own = refs.target(b);
    if (ref.kind === 'ClusterRole' && typeof ref.name === 'string') {
      const listed = options.externalClusterRoles.some((p) => (p.endsWith('*') ? String(ref.name).startsWith(p.slice(0, -1)) : p === ref.name));
      if (!listed && !refs.exists('ClusterRole', { namespace: '', floating: true }, ref.name))
        yield { item: b, path: '/roleRef', message: `${b.kind} ${b.name} binds ClusterRole ${ref.name}, which does not exist` };
    } else if (ref.kind === 'Role' && typeof ref.name === 'string' && !refs.isExternal(own.namespace) && !refs.exists('Role', own, ref.name)) {
      yield { item: b, path: '/roleRef', message: `${b.kind} ${b.name} binds Role ${at(own)}${ref.name}, which does not exist` };
    }
    const subjects = arr(b.object.subjects);
    for (let i = 0; i < subjects.length; i++) {
      const s = obj(subjects[i]);
      if (s.kind !== 'ServiceAccount' || typeof s.name !== 'string') continue;
      const ns = refs.target(b, s.namespace);
      if (refs.isExternal(ns.namespace) || refs.exists('ServiceAccount', ns, s.name)) continue;
      yield { item: b, path: `/subjects/${i}`, message: `${b.kind} ${b.name} binds ServiceAccount ${at(ns)}${s.name}, which does not exist` };
    }
  }
}

function* webhooks(refs: References, items: InventoryItem[]): Iterable<RuleFinding> {
  for (const hook of items) {
    const list = arr(hook.object.webhooks);
    for (let i = 0; i < list.length; i++) {
      const svc = obj(obj(obj(list[i]).clientConfig).service);
      if (
        typeof svc.name !== 'string' ||
        typeof svc.namespace !== 'string' ||
        refs.isExternal(svc.namespace) ||
        refs.exists('Service', refs.target(hook, svc.namespace), svc.name)
      )
        continue;
      yield { item: hook, path: `/webhooks/${i}/clientConfig/service`, message: `webhook calls Service ${svc.namespace}/${svc.name}, which does not exist` };
    }
  }
}

function* gatewaysAndFlux(refs: References, routes: InventoryItem[], kustomizations: InventoryItem[]): Iterable<RuleFinding> {
  for (const vs of routes) {
    const gateways = arr(obj(vs.object.spec).gateways);
    for (let i = 0; i < gateways.length; i++) {
      const g = gateways[i];
      if (typeof g !== 'string' || g === 'mesh') continue;
      const [named, name] = g.includes('/') ? g.split('/', 2) : [undefined, g];
      const ns = refs.target(vs, named);
      if (refs.isExternal(ns.namespace)) continue;
      if (!refs.find('Gateway', ns, name).some((gw) => gw.apiVersion.startsWith('networking.istio.io/'))) {
        yield { item: vs, path: `/spec/gateways/${i}`, message: `VirtualService ${vs.name} routes through Gateway ${at(ns)}${name}, which does not exist` };
      }
    }
  }
  for (const k of kustomizations) {
    if (!k.apiVersion.startsWith('kustomize.toolkit.fluxcd.io/')) continue;
    const deps = arr(obj(k.object.spec).dependsOn);
    for (let i = 0; i < deps.length; i++) {
      const d = obj(deps[i]);
      const ns = refs.target(k, d.namespace);
      if (typeof d.name === 'string' && !refs.isExternal(ns.namespace) && !refs.find('Kustomization', ns, d.name).length) {
        yield { item: k, path: `/spec/dependsOn/${i}`, message: `Flux Kustomization ${k.name} depends on ${at(ns)}${d.name}, which does not exist` };
      }
    }
  }
}

export default defineRule<Options>({
  meta: {
    id: 'dangling-reference',
    description:
      'An object points at something neither the input nor every cluster has: a ServiceMonitor port or Service, a Service or PDB selecting no pods, an HPA with no target, a binding to a missing Role/ClusterRole/ServiceAccount, a webhook Service, a VirtualService Gateway, a Flux dependsOn; an Ingress backend Service or port; a NetworkPolicy podSelector selecting no pods; a pod’s ServiceAccount, ConfigMaps, Secrets (and their keys) and claims; a StatefulSet’s governing Service; a Service targetPort name no selected container has.',
    model:
      'An object without a namespace lands where it is applied: the `namespace:` of a kustomization file in its folder, else `--namespace`; with neither it is floating — all floating objects land in one namespace the input does not name, so a reference to one naming a namespace is satisfied, while a floating ServiceMonitor listing namespaces to search does not find floating Services there (listing says “not mine”). Cluster-scoped kinds (built-in, or by a CRD of the input) have no namespace. ' +
      'Pods are those of the input’s pod templates (src/lib/pod-specs.ts: Pods, the workload kinds, OpenShift’s DeploymentConfig and the custom resources the policy’s `podTemplates` names; a template of labels only, with no `spec`, counts) with the labels their controllers add (`pod-template-hash`; a StatefulSet’s `statefulset.kubernetes.io/pod-name` `<name>-<ordinal>` and `apps.kubernetes.io/pod-index` below `replicas`, default 1, any when an HPA scales it; `controller-revision-hash`; a DaemonSet’s `pod-template-generation`; a Job’s `job-name`, `batch.kubernetes.io/job-name`, `controller-uid`, `batch.kubernetes.io/job-completion-index`), and those operators run for custom resources (src/rules/lib/operator-pods.ts: prometheus-operator’s Prometheus, PrometheusAgent, Alertmanager, ThanosRuler with `spec.podMetadata.labels` and the operator’s own labels; Argo Rollouts’ Rollout; OpenKruise’s CloneSet). A selector matching none of them, where a custom resource of an operator Plimsoll has no recipe for is named by or labelled like the selector, is a warning (its pods are not in the input), and so is one in a namespace where nothing of the input runs pods. ' +
      'Objects every cluster has exist (src/rules/lib/cluster-builtins.ts: default/kubernetes and its Endpoints, each namespace’s `default` ServiceAccount, the built-in namespaces, `cluster-admin`/`admin`/`edit`/`view` and every `system:` ClusterRole and binding, the bootstrap Roles and RoleBindings of kube-system and kube-public). References into `externalNamespaces` are not judged, unless the input creates that Namespace. ' +
      'Objects controllers make from the input exist too (src/rules/lib/made-objects.ts: the Secrets of ExternalSecret, SealedSecret, cert-manager Certificate, SecretProviderClass, Vault Secrets Operator, 1Password and sops-secrets-operator resources; a StatefulSet’s claims `<template>-<name>-<ordinal>`), and so do the policy’s `externalObjects`. ' +
      'A missing ServiceAccount, ConfigMap, claim or Service is an error where the input makes others of that kind there, else a warning reported once per kind and namespace (they are made elsewhere); a missing Secret is always a warning, once per Secret (Secrets live outside git); `optional: true` references are not judged, nor keys of a ConfigMap or Secret without data. ' +
      'A StatefulSet whose governing Service is missing, not headless or selecting other pods still runs, without pod DNS names: a warning.',
    remediation:
      'Fix the name or selector so it matches the object it means, or add the missing object; references into namespaces owned elsewhere are listed in the policy as external.',
    category: 'correctness',
    scope: 'inventory',
    defaultSeverity: 'error',
    optionsSchema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        externalNamespaces: {
          description:
            'Namespaces whose objects are managed outside this inventory; references into them are not checked (unless the input creates the Namespace).',
          type: 'array',
          items: { type: 'string' },
          default: ['kube-system', 'kube-public', 'istio-system', 'monitoring', 'cert-manager', 'flux-system'],
        },
        externalClusterRoles: {
          description: 'ClusterRoles the cluster provides beyond the built-in ones (a trailing * matches a prefix).',
          type: 'array',
          items: { type: 'string' },
          default: ['cluster-admin', 'admin', 'edit', 'view', 'system:*'],
        },
        externalObjects: {
          description:
            'Objects made outside the input (a Secret a runbook has you create, a pre-provisioned claim): a reference to one is not judged. `name` and `namespace` (any when absent) take a trailing * as a prefix.',
          type: 'array',
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['kind', 'name'],
            properties: { kind: { type: 'string' }, namespace: { type: 'string' }, name: { type: 'string' } },
          },
          default: [],
        },
        ingressBackends: {
          description: 'Check that an Ingress backend names a Service of its namespace and a port of that Service.',
          type: 'boolean',
          default: true,
        },
        networkPolicies: { description: 'Check that a NetworkPolicy’s non-empty podSelector selects pods.', type: 'boolean', default: true },
        serviceAccounts: { description: 'Check that a pod’s serviceAccountName (or serviceAccount) names a ServiceAccount.', type: 'boolean', default: true },
        configMaps: {
          description: 'Check the ConfigMaps (and their keys) that pod volumes, env valueFrom and envFrom name, unless optional.',
          type: 'boolean',
          default: true,
        },
        secrets: {
          description: 'Check the Secrets (and their keys) that pod volumes, env valueFrom and envFrom name, unless optional (a missing one is a warning).',
          type: 'boolean',
          default: true,
        },
        persistentVolumeClaims: { description: 'Check the PersistentVolumeClaims that pod volumes claim.', type: 'boolean', default: true },
        statefulSetServices: {
          description: 'Check that a StatefulSet’s serviceName names a headless Service that selects its pods.',
          type: 'boolean',
          default: true,
        },
        targetPorts: {
          description: 'Check that a Service’s targetPort given by name is a container port name of the pods it selects.',
          type: 'boolean',
          default: true,
        },
      },
    },
  },
  *check({ inventory, options, namespaces, podTemplates }): Iterable<RuleFinding> {
    const refs = new References(inventory, namespaces, options.externalNamespaces, podTemplates, options.externalObjects);
    const monitors = inventory.ofKind('ServiceMonitor');
    if (monitors.length) yield* serviceMonitors(refs, monitors);
    yield* services(refs, inventory.ofKind('Service'), options.targetPorts);
    yield* budgetsAndScalers(refs, inventory.ofKind('PodDisruptionBudget'), inventory.ofKind('HorizontalPodAutoscaler'));
    yield* bindings(refs, inventory.ofKind('RoleBinding', 'ClusterRoleBinding'), options);
    yield* webhooks(refs, inventory.ofKind('ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration'));
    yield* gatewaysAndFlux(refs, inventory.ofKind('VirtualService'), inventory.ofKind('Kustomization'));
    if (options.ingressBackends) yield* ingresses(refs, inventory.ofKind('Ingress'));
    if (options.networkPolicies) yield* networkPolicies(refs, inventory.ofKind('NetworkPolicy'));
    if (options.serviceAccounts || options.configMaps || options.secrets || options.persistentVolumeClaims) yield* podReferenceChecks(refs, inventory, options);
    if (options.statefulSetServices) yield* statefulSetServices(refs, inventory.ofKind('StatefulSet'));
  },
});
