import { defineRule } from './types';
import { apiGroup } from '../lib/kinds';
import { STAGE_ORDER, stageDirName } from '../lib/stage-dir';
import type { InventoryItem, RuleFinding } from '../check/types';

interface Options {
  namespaceStage: string;
  externalNamespaces: string[];
  stageOrder: string[];
  monitoringStage: string;
  monitoringKinds: string[];
}

const WEBHOOK_KINDS = ['ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration'];

/** An app overlay stage: `overlays` or `overlays-<tier>` (src/stages/stages.ts). */
function isOverlayStage(id: string): boolean {
  return id === 'overlays' || id.startsWith('overlays-');
}

function stageName(item: InventoryItem): string {
  return stageDirName(item.stage!.index, item.stage!.id);
}

export default defineRule<Options>({
  meta: {
    id: 'deployment-order',
    description:
      'Staged output applies in the wrong order: a stage folder numbered against the canonical stage order, a ServiceMonitor or PrometheusRule outside the monitoring stage (in an overlay stage `overlays-<tier>` always, elsewhere when the output has a monitoring stage), a Namespace outside the namespaces stage, an object in a namespace that stage does not create, a custom resource at or before its CRD, or a webhook configuration at or before its backing Service.',
    remediation: 'Move the object to the stage the canonical order gives it (src/stages/stages.ts); never reorder stages by hand.',
    category: 'ordering',
    scope: 'inventory',
    defaultSeverity: 'error',
    optionsSchema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        namespaceStage: { description: 'The stage that alone creates Namespaces.', type: 'string', default: 'namespaces' },
        monitoringStage: {
          description: 'The stage that alone holds monitoring objects (monitoring ownership is centralized); empty: not checked.',
          type: 'string',
          default: 'monitoring',
        },
        monitoringKinds: {
          description: 'Kinds that are monitoring objects.',
          type: 'array',
          items: { type: 'string' },
          default: ['ServiceMonitor', 'PodMonitor', 'PrometheusRule', 'Probe', 'ScrapeConfig'],
        },
        stageOrder: {
          description:
            'The canonical stage order: a folder `NN-<stage>` of a stage listed here must have its position as NN (folders apply, and Flux chains them, by NN).',
          type: 'array',
          items: { type: 'string' },
          default: [...STAGE_ORDER],
        },
        externalNamespaces: {
          description: 'Namespaces created outside this output (by the cluster or another installer).',
          type: 'array',
          items: { type: 'string' },
          default: ['default', 'kube-system', 'kube-public', 'kube-node-lease', 'flux-system', 'istio-system', 'monitoring', 'cert-manager'],
        },
      },
    },
  },
  *check({ inventory, options }): Iterable<RuleFinding> {
    // Order only exists for staged output (dist/<env>/<NN>-<stage>/); unstaged objects are not judged here.
    const staged = inventory.items.filter((i) => i.stage);
    if (!staged.length) return;

    // Folders apply by their number: a known stage numbered off its canonical position runs out of order.
    const order = new Map(options.stageOrder.map((id, i) => [id, i]));
    const shown = options.stageOrder.join(' → ');
    for (const item of staged) {
      const want = order.get(item.stage!.id);
      if (want === undefined || want === item.stage!.index) continue;
      yield {
        item,
        path: '',
        once: stageName(item),
        message: `stage folder ${stageName(item)} is numbered ${String(item.stage!.index).padStart(2, '0')}, but ${item.stage!.id} is stage ${stageDirName(want, item.stage!.id)} of the canonical order (${shown}): the folders apply in the wrong order`,
      };
    }

    // Shipshape runbook: monitoring objects live in the monitoring stage only, never in an app overlay. An overlay
    // stage (`overlays` or `overlays-<tier>`) is judged even in output without a monitoring stage: an app overlay
    // never owns monitoring; other stages are judged only where a monitoring stage exists to move them to.
    if (options.monitoringStage) {
      const hasMonitoringStage = staged.some((i) => i.stage!.id === options.monitoringStage);
      for (const item of inventory.ofKind(...options.monitoringKinds)) {
        if (!item.stage || item.stage.id === options.monitoringStage) continue;
        if (!hasMonitoringStage && !isOverlayStage(item.stage.id)) continue;
        yield {
          item,
          path: '/kind',
          message: `${item.kind} ${item.name} is in stage ${stageName(item)}; monitoring objects belong to the ${options.monitoringStage} stage only (monitoring ownership is centralized)`,
        };
      }
    }

    const created = new Set<string>();
    for (const ns of inventory.ofKind('Namespace')) {
      if (!ns.stage) continue;
      if (ns.stage.id === options.namespaceStage) created.add(ns.name);
      else
        yield {
          item: ns,
          path: '/kind',
          message: `Namespace ${ns.name} is created in stage ${stageName(ns)}; only the ${options.namespaceStage} stage may create Namespaces`,
        };
    }

    const crds = new Map<string, InventoryItem>();
    for (const crd of inventory.ofKind('CustomResourceDefinition')) {
      const spec = crd.object.spec as { group?: unknown; names?: { kind?: unknown } } | undefined;
      if (typeof spec?.group === 'string' && typeof spec.names?.kind === 'string') crds.set(`${spec.group}/${spec.names.kind}`, crd);
    }

    for (const item of staged) {
      if (item.namespace && item.kind !== 'Namespace' && !created.has(item.namespace) && !options.externalNamespaces.includes(item.namespace)) {
        yield {
          item,
          path: '/metadata/namespace',
          message: `namespace "${item.namespace}" is not created by the ${options.namespaceStage} stage (nor listed as external), so the first apply of ${stageName(item)} fails`,
        };
      }
      const crd = crds.get(`${apiGroup(item.apiVersion)}/${item.kind}`);
      if (crd?.stage && crd.stage.index >= item.stage!.index) {
        yield {
          item,
          path: '/kind',
          message: `${item.kind} is applied in stage ${stageName(item)}, not after its CustomResourceDefinition ${crd.name} in ${stageName(crd)}`,
        };
      }
    }

    for (const hook of inventory.ofKind(...WEBHOOK_KINDS)) {
      if (!hook.stage || !Array.isArray(hook.object.webhooks)) continue;
      const webhooks = hook.object.webhooks as Array<{ clientConfig?: { service?: { name?: unknown; namespace?: unknown } } }>;
      for (let i = 0; i < webhooks.length; i++) {
        const svc = webhooks[i]?.clientConfig?.service;
        if (typeof svc?.name !== 'string' || typeof svc.namespace !== 'string') continue;
        for (const service of inventory.find('Service', svc.namespace, svc.name)) {
          if (service.stage && service.stage.index >= hook.stage.index) {
            yield {
              item: hook,
              path: `/webhooks/${i}/clientConfig/service`,
              message: `webhook is applied in stage ${stageName(hook)}, not after its backing Service ${svc.namespace}/${svc.name} in ${stageName(service)}; a webhook without a Ready backend blocks admission`,
            };
          }
        }
      }
    }
  },
});
