/**
 * The one canonical, ordered list of deployment stages. Every construct lands in exactly one stage; the render
 * step writes dist/<env>/<NN>-<stage>/ in this order, chains the Flux Kustomizations with dependsOn in this
 * order, and writes it to dist/<env>/ORDER. Nothing else may define an order.
 *
 * The shipshape runbook's apply order (namespace, istio-ingress, overlays/test, overlays/prod, monitoring,
 * controller) is a subsequence. Webhook configurations come last: a `failurePolicy: Fail` webhook applied before
 * its backend is Ready blocks every matching request in the cluster. Tenants' apps come after all of it.
 */

import { parseStageDir, stageDirName, STAGE_ORDER, type StageId } from '../lib/stage-dir';

export interface Stage {
  /** Public stage name; also the folder suffix. */
  readonly id: StageId;
  /** Position in the canonical order; the folder prefix (two digits). */
  readonly index: number;
  /**
   * Whether Flux waits for this stage's objects to become Ready before the next stage applies
   * (`wait: true`): set where a later stage needs them working, not merely present.
   */
  readonly wait: boolean;
  /** Why the stage exists and what may live in it. */
  readonly purpose: string;
}

export type { StageId } from '../lib/stage-dir';

const DEFINITIONS: ReadonlyArray<Omit<Stage, 'index'>> = [
  { id: 'namespaces', wait: true, purpose: 'The only stage that emits Namespace objects; everything after it lives in them.' },
  { id: 'crds', wait: true, purpose: 'CustomResourceDefinitions; later stages create their custom resources, so they must be Established first.' },
  { id: 'istio-ingress', wait: false, purpose: 'Ingress-gateway policy in istio-system (rate limiting EnvoyFilter).' },
  { id: 'overlays-test', wait: false, purpose: 'The application test environment.' },
  { id: 'overlays-prod', wait: false, purpose: 'The application production environment.' },
  { id: 'runtime', wait: true, purpose: 'Runtime-plane workloads, including the backends that admission webhooks call.' },
  { id: 'monitoring', wait: false, purpose: 'ServiceMonitors, PrometheusRules and dashboards: the single home of monitoring objects.' },
  { id: 'controller', wait: true, purpose: 'Controllers that act on the objects above.' },
  { id: 'admission', wait: false, purpose: 'Webhook configurations, after every workload that serves them is Ready.' },
  // Last, so an app is admitted by the guard and observed by the runtime plane from its first pod; rendered only
  // for environments with apps (empty stages get no folder), so adding it renumbered nothing.
  { id: 'apps', wait: true, purpose: "The environment's apps (the apps section), after the platform that admits, observes and monitors them." },
];

if (DEFINITIONS.map((d) => d.id).join() !== STAGE_ORDER.join())
  throw new Error('src/stages/stages.ts: DEFINITIONS must list the stages in STAGE_ORDER (src/lib/stage-dir.ts)');

export const STAGES: ReadonlyArray<Stage> = DEFINITIONS.map((d, index) => Object.freeze({ ...d, index }));

/** `00-namespaces`: the stage's folder under dist/<env>/. */
export function stageDir(stage: Stage): string {
  return stageDirName(stage.index, stage.id);
}

export { parseStageDir };
