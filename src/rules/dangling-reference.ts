import { defineRule } from './types';
import { isEmptySelector, matches, selectedTemplates, type Selector } from './lib/selectors';
import type { Inventory } from '../validate/inventory';
import type { InventoryItem, RuleFinding } from '../validate/types';
import { obj, arr } from './lib/values';

interface Options {
  externalNamespaces: string[];
  externalClusterRoles: string[];
}

function isExternal(ns: string, options: Options): boolean {
  return options.externalNamespaces.includes(ns);
}

/** Services by namespace, so a ServiceMonitor looks only at the namespaces it scrapes. */
function servicesByNamespace(inventory: Inventory): Map<string, InventoryItem[]> {
  const out = new Map<string, InventoryItem[]>();
  for (const s of inventory.ofKind('Service')) {
    const list = out.get(s.namespace);
    if (list) list.push(s);
    else out.set(s.namespace, [s]);
  }
  return out;
}

function* serviceMonitors(inventory: Inventory, options: Options): Iterable<RuleFinding> {
  const monitors = inventory.ofKind('ServiceMonitor');
  if (!monitors.length) return;
  const byNamespace = servicesByNamespace(inventory);
  for (const sm of monitors) {
    const spec = obj(sm.object.spec);
    const nsSel = obj(spec.namespaceSelector);
    const namespaces = nsSel.any === true ? null : arr(nsSel.matchNames).map(String);
    if (namespaces?.length && namespaces.every((ns) => isExternal(ns, options))) continue;
    const selector = obj(spec.selector) as Selector;
    // One namespace (the usual case) is a lookup; several keep the inventory's order, as the message lists ports.
    const wanted = namespaces === null ? null : new Set(namespaces.length ? namespaces : [sm.namespace]);
    const candidates = wanted?.size === 1 ? byNamespace.get([...wanted][0]) ?? [] : inventory.ofKind('Service').filter((s) => !wanted || wanted.has(s.namespace));
    const services = candidates.filter((s) => matches(selector, obj(obj(s.object.metadata).labels)));
    if (!services.length) {
      yield { item: sm, path: '/spec/selector', message: `ServiceMonitor ${sm.name} selects no Service` };
      continue;
    }
    const portNames = new Set(services.flatMap((s) => arr(obj(s.object.spec).ports).map((p) => obj(p).name)).filter((n): n is string => typeof n === 'string'));
    const endpoints = arr(spec.endpoints);
    for (let i = 0; i < endpoints.length; i++) {
      const port = obj(endpoints[i]).port;
      if (typeof port === 'string' && !portNames.has(port)) {
        yield { item: sm, path: `/spec/endpoints/${i}/port`, message: `ServiceMonitor ${sm.name} scrapes port "${port}", which no selected Service names (has: ${[...portNames].join(', ') || 'none'})` };
      }
    }
  }
}

function* services(inventory: Inventory): Iterable<RuleFinding> {
  for (const svc of inventory.ofKind('Service')) {
    const selector = obj(obj(svc.object.spec).selector);
    if (!Object.keys(selector).length || obj(svc.object.spec).type === 'ExternalName') continue;
    if (!selectedTemplates(inventory, svc.namespace, { matchLabels: selector }).length) {
      yield { item: svc, path: '/spec/selector', message: `Service ${svc.name} selects no pods (${Object.entries(selector).map(([k, v]) => `${k}=${String(v)}`).join(', ')})` };
    }
  }
}

function* budgetsAndScalers(inventory: Inventory): Iterable<RuleFinding> {
  for (const pdb of inventory.ofKind('PodDisruptionBudget')) {
    const selector = obj(obj(pdb.object.spec).selector) as Selector;
    if (isEmptySelector(selector)) continue;
    if (!selectedTemplates(inventory, pdb.namespace, selector).length) yield { item: pdb, path: '/spec/selector', message: `PodDisruptionBudget ${pdb.name} selects no pods` };
  }
  for (const hpa of inventory.ofKind('HorizontalPodAutoscaler')) {
    const ref = obj(obj(hpa.object.spec).scaleTargetRef);
    if (typeof ref.kind === 'string' && typeof ref.name === 'string' && !inventory.find(ref.kind, hpa.namespace, ref.name).length) {
      yield { item: hpa, path: '/spec/scaleTargetRef', message: `HorizontalPodAutoscaler ${hpa.name} targets ${ref.kind} ${ref.name}, which does not exist` };
    }
  }
}

function* bindings(inventory: Inventory, options: Options): Iterable<RuleFinding> {
  for (const b of inventory.ofKind('RoleBinding', 'ClusterRoleBinding')) {
    const ref = obj(b.object.roleRef);
    if (ref.kind === 'ClusterRole' && typeof ref.name === 'string') {
      const builtin = options.externalClusterRoles.some((p) => (p.endsWith('*') ? String(ref.name).startsWith(p.slice(0, -1)) : p === ref.name));
      if (!builtin && !inventory.find('ClusterRole', '', ref.name).length) yield { item: b, path: '/roleRef', message: `${b.kind} ${b.name} binds ClusterRole ${ref.name}, which does not exist` };
    } else if (ref.kind === 'Role' && typeof ref.name === 'string' && !inventory.find('Role', b.namespace, ref.name).length) {
      yield { item: b, path: '/roleRef', message: `${b.kind} ${b.name} binds Role ${b.namespace}/${ref.name}, which does not exist` };
    }
    const subjects = arr(b.object.subjects);
    for (let i = 0; i < subjects.length; i++) {
      const s = obj(subjects[i]);
      if (s.kind !== 'ServiceAccount' || typeof s.name !== 'string') continue;
      const ns = typeof s.namespace === 'string' ? s.namespace : b.namespace;
      if (isExternal(ns, options)) continue;
      if (!inventory.find('ServiceAccount', ns, s.name).length) yield { item: b, path: `/subjects/${i}`, message: `${b.kind} ${b.name} binds ServiceAccount ${ns}/${s.name}, which does not exist` };
    }
  }
}

function* webhooks(inventory: Inventory, options: Options): Iterable<RuleFinding> {
  for (const hook of inventory.ofKind('ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration')) {
    const list = arr(hook.object.webhooks);
    for (let i = 0; i < list.length; i++) {
      const svc = obj(obj(obj(list[i]).clientConfig).service);
      if (typeof svc.name !== 'string' || typeof svc.namespace !== 'string' || isExternal(svc.namespace, options)) continue;
      if (!inventory.find('Service', svc.namespace, svc.name).length) yield { item: hook, path: `/webhooks/${i}/clientConfig/service`, message: `webhook calls Service ${svc.namespace}/${svc.name}, which does not exist` };
    }
  }
}

function* gatewaysAndFlux(inventory: Inventory, options: Options): Iterable<RuleFinding> {
  for (const vs of inventory.ofKind('VirtualService')) {
    const gateways = arr(obj(vs.object.spec).gateways);
    for (let i = 0; i < gateways.length; i++) {
      const g = gateways[i];
      if (typeof g !== 'string' || g === 'mesh') continue;
      const [ns, name] = g.includes('/') ? g.split('/', 2) : [vs.namespace, g];
      if (isExternal(ns, options)) continue;
      if (!inventory.find('Gateway', ns, name).some((gw: InventoryItem) => gw.apiVersion.startsWith('networking.istio.io/'))) {
        yield { item: vs, path: `/spec/gateways/${i}`, message: `VirtualService ${vs.name} routes through Gateway ${ns}/${name}, which does not exist` };
      }
    }
  }
  for (const k of inventory.ofKind('Kustomization')) {
    if (!k.apiVersion.startsWith('kustomize.toolkit.fluxcd.io/')) continue;
    const deps = arr(obj(k.object.spec).dependsOn);
    for (let i = 0; i < deps.length; i++) {
      const d = obj(deps[i]);
      const ns = typeof d.namespace === 'string' ? d.namespace : k.namespace;
      if (typeof d.name === 'string' && !inventory.find('Kustomization', ns, d.name).length) {
        yield { item: k, path: `/spec/dependsOn/${i}`, message: `Flux Kustomization ${k.name} depends on ${ns}/${d.name}, which does not exist` };
      }
    }
  }
}

export default defineRule<Options>({
  meta: {
    id: 'dangling-reference',
    description:
      'An object points at something the inventory does not have: a ServiceMonitor port or Service, a Service selecting no pods, a PDB or HPA with no target, a binding to a missing Role/ClusterRole/ServiceAccount, a webhook Service, a VirtualService Gateway, a Flux dependsOn.',
    remediation: 'Fix the name or selector so it matches the object it means, or add the missing object; references into namespaces owned elsewhere are listed in the policy as external.',
    category: 'correctness',
    scope: 'inventory',
    defaultSeverity: 'error',
    optionsSchema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        externalNamespaces: {
          description: 'Namespaces whose objects are managed outside this inventory; references into them are not checked.',
          type: 'array',
          items: { type: 'string' },
          default: ['kube-system', 'kube-public', 'istio-system', 'monitoring', 'cert-manager', 'flux-system'],
        },
        externalClusterRoles: {
          description: 'ClusterRoles the cluster provides (a trailing * matches a prefix).',
          type: 'array',
          items: { type: 'string' },
          default: ['cluster-admin', 'admin', 'edit', 'view', 'system:*'],
        },
      },
    },
  },
  *check({ inventory, options }): Iterable<RuleFinding> {
    yield* serviceMonitors(inventory, options);
    yield* services(inventory);
    yield* budgetsAndScalers(inventory);
    yield* bindings(inventory, options);
    yield* webhooks(inventory, options);
    yield* gatewaysAndFlux(inventory, options);
  },
});
