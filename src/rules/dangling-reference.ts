import { defineRule } from './types';
import { isEmptySelector, matches, selectorOf, type Selector } from './lib/selectors';
import { References, type Target } from './lib/reference-index';
import type { InventoryItem, RuleFinding } from '../check/types';
import { obj, arr, strings } from './lib/values';

interface Options {
  externalNamespaces: string[];
  externalClusterRoles: string[];
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
function* selectsNoPods(refs: References, item: InventoryItem, selector: Selector, what: string): Iterable<RuleFinding> {
  const ns = refs.target(item);
  if (refs.isExternal(ns.namespace) || refs.podsSelected(ns, selector).length) return;
  const maker = refs.unknownPodMaker(ns, selector);
  if (maker) {
    yield {
      item,
      path: '/spec/selector',
      severity: 'warning',
      message: `${what}; its pods are not in the input, perhaps run by the operator of ${maker.kind} ${maker.name}, whose pod labels Plimsoll does not know`,
    };
  } else if (!refs.runsPodsIn(ns)) {
    // Nothing of the input runs pods there: they come from elsewhere (another repository, a managed add-on), or the input is partial.
    const where = ns.namespace === null ? 'where it is applied' : `in namespace ${ns.namespace}`;
    yield { item, path: '/spec/selector', severity: 'warning', message: `${what}; nothing in the input runs pods ${where}, so its pods are not in the input` };
  } else {
    yield { item, path: '/spec/selector', message: what };
  }
}

function* services(refs: References, items: InventoryItem[]): Iterable<RuleFinding> {
  for (const svc of items) {
    const selector = obj(obj(svc.object.spec).selector);
    if (!Object.keys(selector).length || obj(svc.object.spec).type === 'ExternalName') continue;
    yield* selectsNoPods(refs, svc, { matchLabels: selector }, `Service ${svc.name} selects no pods (${showSelector(selector)})`);
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
      'An object points at something neither the input nor every cluster has: a ServiceMonitor port or Service, a Service or PDB selecting no pods, an HPA with no target, a binding to a missing Role/ClusterRole/ServiceAccount, a webhook Service, a VirtualService Gateway, a Flux dependsOn.',
    model:
      'An object without a namespace lands where it is applied: the `namespace:` of a kustomization file in its folder, else `--namespace`; with neither it is floating — all floating objects land in one namespace the input does not name, so a reference to one naming a namespace is satisfied, while a floating ServiceMonitor listing namespaces to search does not find floating Services there (listing says “not mine”). Cluster-scoped kinds (built-in, or by a CRD of the input) have no namespace. ' +
      'Pods are those of the input’s pod templates (src/lib/pod-specs.ts: Pods, the workload kinds, OpenShift’s DeploymentConfig and the custom resources the policy’s `podTemplates` names; a template of labels only, with no `spec`, counts) with the labels their controllers add (`pod-template-hash`; a StatefulSet’s `statefulset.kubernetes.io/pod-name` `<name>-<ordinal>` and `apps.kubernetes.io/pod-index` below `replicas`, default 1, any when an HPA scales it; `controller-revision-hash`; a DaemonSet’s `pod-template-generation`; a Job’s `job-name`, `batch.kubernetes.io/job-name`, `controller-uid`, `batch.kubernetes.io/job-completion-index`), and those operators run for custom resources (src/rules/lib/operator-pods.ts: prometheus-operator’s Prometheus, PrometheusAgent, Alertmanager, ThanosRuler with `spec.podMetadata.labels` and the operator’s own labels; Argo Rollouts’ Rollout; OpenKruise’s CloneSet). A selector matching none of them, where a custom resource of an operator Plimsoll has no recipe for is named by or labelled like the selector, is a warning (its pods are not in the input), and so is one in a namespace where nothing of the input runs pods. ' +
      'Objects every cluster has exist (src/rules/lib/cluster-builtins.ts: default/kubernetes and its Endpoints, each namespace’s `default` ServiceAccount, the built-in namespaces, `cluster-admin`/`admin`/`edit`/`view` and every `system:` ClusterRole and binding, the bootstrap Roles and RoleBindings of kube-system and kube-public). References into `externalNamespaces` are not judged, unless the input creates that Namespace.',
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
      },
    },
  },
  *check({ inventory, options, namespaces, podTemplates }): Iterable<RuleFinding> {
    const refs = new References(inventory, namespaces, options.externalNamespaces, podTemplates);
    const monitors = inventory.ofKind('ServiceMonitor');
    if (monitors.length) yield* serviceMonitors(refs, monitors);
    yield* services(refs, inventory.ofKind('Service'));
    yield* budgetsAndScalers(refs, inventory.ofKind('PodDisruptionBudget'), inventory.ofKind('HorizontalPodAutoscaler'));
    yield* bindings(refs, inventory.ofKind('RoleBinding', 'ClusterRoleBinding'), options);
    yield* webhooks(refs, inventory.ofKind('ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration'));
    yield* gatewaysAndFlux(refs, inventory.ofKind('VirtualService'), inventory.ofKind('Kustomization'));
  },
});
