/**
 * What `plimsoll graph` draws: the stages of an environment in apply order (Flux Kustomizations chained by
 * dependsOn, `wait` where a later stage needs this one Ready), and the references between its objects — Service →
 * the workloads whose pods it selects, bindings → roles and ServiceAccounts, workloads → ServiceAccounts,
 * ServiceMonitor → Services, webhooks → Services, PodDisruptionBudget and HPA → workloads, VirtualService →
 * Gateway and Service, alert → Runbook and Runbook → alert. A reference that resolves to nothing gets a node of its
 * own marked missing (drawn red). Built from the same reference index as the `dangling-reference` rule.
 */
import type { Inventory } from '../check/inventory';
import type { InventoryItem } from '../check/types';
import { References } from '../rules/lib/reference-index';
import { isEmptySelector, matches, selectorOf } from '../rules/lib/selectors';
import { prometheusRules } from '../rules/lib/prometheus-rules';
import { podSpecOf } from '../lib/pod-specs';
import { stageDirName } from '../lib/stage-dir';
import { arr, obj } from '../rules/lib/values';

export interface GraphStage {
  /** `05-runtime` */
  readonly folder: string;
  readonly wait: boolean;
  /** The stage folder this one waits for (its Flux Kustomization's dependsOn), if any. */
  readonly dependsOn?: string;
  readonly objects: number;
}

export interface GraphNode {
  /** `Kind namespace/name` (cluster-scoped: `Kind name`; an alert: `alert Name`). */
  readonly id: string;
  readonly kind: string;
  readonly label: string;
  /** Stage folder of the object; absent for a missing target or an alert. */
  readonly stage?: string;
  readonly missing: boolean;
}

export interface GraphEdge {
  readonly from: string;
  readonly to: string;
  /** What the reference is: selects, binds, subject, runs as, scrapes, calls, protects, scales, routes, runbook, triggered by. */
  readonly label: string;
}

export interface EnvironmentGraph {
  readonly environment: string;
  readonly stages: readonly GraphStage[];
  readonly nodes: readonly GraphNode[];
  readonly edges: readonly GraphEdge[];
}

const WORKLOADS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'CronJob', 'Pod']);
const nodeId = (kind: string, namespace: string, name: string) => `${kind} ${namespace ? `${namespace}/` : ''}${name}`;

/** The reference graph of `inventory` (objects with their stage) and its stages. */
export function buildGraph(environment: string, inventory: Inventory, stages: readonly GraphStage[]): EnvironmentGraph {
  const refs = new References(inventory, undefined, []);
  const nodes = new Map<string, GraphNode>();
  const edges = new Map<string, GraphEdge>();
  const own = (item: InventoryItem) => {
    const id = nodeId(item.kind, item.namespace, item.name);
    if (!nodes.has(id))
      nodes.set(id, {
        id,
        kind: item.kind,
        label: `${item.kind}\n${item.namespace ? `${item.namespace}/` : ''}${item.name}`,
        stage: item.stage ? stageDirName(item.stage.index, item.stage.id) : undefined,
        missing: false,
      });
    return id;
  };
  const missing = (kind: string, namespace: string, name: string) => {
    const id = nodeId(kind, namespace, name);
    if (!nodes.has(id)) nodes.set(id, { id, kind, label: `${kind}\n${namespace ? `${namespace}/` : ''}${name}`, missing: true });
    return id;
  };
  const edge = (from: string, to: string, label: string) => edges.set(`${from}\0${to}\0${label}`, { from, to, label });
  /** `kind` `name` where `from` points (its namespace unless `namespace`), as a node: the object, or a missing one. */
  const ref = (from: InventoryItem, kind: string, name: string, label: string, namespace?: string) => {
    const target = refs.target(from, namespace);
    const found = refs.find(kind, target, name);
    const ns = refs.isClusterScoped(kind) ? '' : (namespace ?? from.namespace);
    edge(own(from), found.length ? own(found[0]) : missing(kind, ns, name), label);
  };

  for (const item of inventory.items) {
    own(item);
    const spec = obj(item.object.spec);
    if (item.kind === 'Service' && Object.keys(obj(spec.selector)).length) {
      const pods = refs.podsSelected(refs.target(item), { matchLabels: obj(spec.selector) as Record<string, string> });
      if (pods.length) for (const p of pods) edge(own(item), own(p.item), 'selects');
      else
        edge(
          own(item),
          missing(
            'Pod',
            item.namespace,
            Object.entries(obj(spec.selector))
              .map(([k, v]) => `${k}=${String(v)}`)
              .join(','),
          ),
          'selects',
        );
    }
    if (item.kind === 'RoleBinding' || item.kind === 'ClusterRoleBinding') {
      const roleRef = obj(item.object.roleRef);
      if (typeof roleRef.kind === 'string' && typeof roleRef.name === 'string') ref(item, roleRef.kind, roleRef.name, 'binds');
      for (const s of arr(item.object.subjects).map(obj)) {
        if (s.kind === 'ServiceAccount' && typeof s.name === 'string')
          ref(item, 'ServiceAccount', s.name, 'subject', typeof s.namespace === 'string' ? s.namespace : undefined);
      }
    }
    if (WORKLOADS.has(item.kind)) {
      const pod = podSpecOf(item);
      const account = pod && typeof pod.spec.serviceAccountName === 'string' ? pod.spec.serviceAccountName : undefined;
      if (account && account !== 'default') ref(item, 'ServiceAccount', account, 'runs as');
    }
    if (item.kind === 'ServiceMonitor') {
      const selector = selectorOf(spec.selector);
      const names = arr(obj(spec.namespaceSelector).matchNames).filter((n): n is string => typeof n === 'string');
      const services = refs.servicesIn(new Set(names.length ? names : [item.namespace]), false).filter((s) => matchesLabels(selector, s));
      if (services.length) for (const s of services) edge(own(item), own(s), 'scrapes');
      else edge(own(item), missing('Service', item.namespace, 'selected'), 'scrapes');
    }
    if (item.kind === 'ValidatingWebhookConfiguration' || item.kind === 'MutatingWebhookConfiguration') {
      for (const hook of arr(item.object.webhooks).map(obj)) {
        const svc = obj(obj(hook.clientConfig).service);
        if (typeof svc.name === 'string' && typeof svc.namespace === 'string') ref(item, 'Service', svc.name, 'calls', svc.namespace);
      }
    }
    if (item.kind === 'PodDisruptionBudget') {
      const pods = refs.podsSelected(refs.target(item), selectorOf(spec.selector));
      for (const p of pods) edge(own(item), own(p.item), 'protects');
      if (!pods.length) edge(own(item), missing('Pod', item.namespace, 'selected'), 'protects');
    }
    if (item.kind === 'HorizontalPodAutoscaler') {
      const target = obj(spec.scaleTargetRef);
      if (typeof target.kind === 'string' && typeof target.name === 'string') ref(item, target.kind, target.name, 'scales');
    }
    if (item.kind === 'VirtualService') {
      for (const g of arr(spec.gateways)) {
        if (typeof g !== 'string' || g === 'mesh') continue;
        const [ns, name] = g.includes('/') ? g.split('/', 2) : [undefined, g];
        ref(item, 'Gateway', name, 'routes', ns);
      }
      for (const route of arr(spec.http).map(obj)) {
        for (const r of arr(route.route).map(obj)) {
          const host = obj(r.destination).host;
          const m = typeof host === 'string' ? /^([a-z0-9-]+)(?:\.([a-z0-9-]+))?(?:\.svc(?:\.cluster\.local)?)?$/.exec(host) : null;
          if (m) ref(item, 'Service', m[1], 'routes', m[2]);
        }
      }
    }
  }
  // Alerts and Runbooks: an alert links `runbook://<name>`; a Runbook's triggers name alerts.
  const alerts = new Map<string, InventoryItem>();
  for (const { item, rule } of prometheusRules(inventory)) {
    if (typeof rule.alert !== 'string') continue;
    alerts.set(rule.alert, item);
    const id = `alert ${rule.alert}`;
    nodes.set(id, {
      id,
      kind: 'alert',
      label: `alert\n${rule.alert}`,
      stage: item.stage ? stageDirName(item.stage.index, item.stage.id) : undefined,
      missing: false,
    });
    edge(own(item), id, 'defines');
    const link = Object.values(obj(rule.annotations)).find((v): v is string => typeof v === 'string' && v.startsWith('runbook://'));
    if (link) ref(item, 'Runbook', link.slice('runbook://'.length), 'runbook');
  }
  for (const runbook of inventory.ofKind('Runbook')) {
    for (const t of arr(obj(runbook.object.spec).triggers).map(obj)) {
      if (typeof t.alertName !== 'string') continue;
      const id = `alert ${t.alertName}`;
      if (!nodes.has(id)) nodes.set(id, { id, kind: 'alert', label: `alert\n${t.alertName}`, missing: true });
      edge(own(runbook), id, 'triggered by');
    }
  }
  const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  const edgeKey = (e: GraphEdge) => `${e.from}\0${e.to}\0${e.label}`;
  return {
    environment,
    stages,
    nodes: [...nodes.values()].sort(byId),
    edges: [...edges.values()].sort((a, b) => (edgeKey(a) < edgeKey(b) ? -1 : edgeKey(a) > edgeKey(b) ? 1 : 0)),
  };
}

/** An empty selector selects nothing here: the ServiceMonitor would scrape every Service, which is not a reference. */
function matchesLabels(selector: ReturnType<typeof selectorOf>, service: InventoryItem): boolean {
  return !isEmptySelector(selector) && matches(selector, obj(obj(service.object.metadata).labels));
}
