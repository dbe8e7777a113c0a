/**
 * The runbook section each verify failure points at. Every check has a section in docs/runbooks/post-deploy.md (the
 * runbooks' post-deploy checks, gathered); where a system's own runbook has a section for exactly that object (the
 * shipshape PDB, the Zastava webhook), that section wins. A test checks every anchor exists.
 */
import type { RenderedItem } from '../rendered';

export interface RunbookSection {
  /** File under docs/runbooks/. */
  readonly file: string;
  /** GitHub anchor of the heading. */
  readonly anchor: string;
}

export const POST_DEPLOY_RUNBOOK = 'post-deploy.md';

const post = (anchor: string): RunbookSection => ({ file: POST_DEPLOY_RUNBOOK, anchor });

/** One section per check id. */
export const CHECK_SECTIONS = {
  'cluster-object-exists': post('rendered-objects-exist'),
  'cluster-workload-available': post('workloads-available'),
  'cluster-image-digest': post('image-digests-in-running-workloads'),
  'cluster-webhook-ready': post('admission-webhooks-registered-and-served'),
  'cluster-crd-established': post('custom-resource-definitions-established'),
  'cluster-lease-fresh': post('leader-leases-held-and-fresh'),
  'cluster-pdb-headroom': post('disruption-budget-headroom'),
  'cluster-hpa-active': post('autoscaler-conditions'),
  'cluster-certificate-ready': post('certificates-ready'),
} as const satisfies Record<string, RunbookSection>;

export type CheckId = keyof typeof CHECK_SECTIONS;

interface Override {
  readonly checks: readonly CheckId[];
  readonly kind: string;
  readonly namespace?: string;
  /** Omitted: every object of the kind (in the namespace). */
  readonly name?: string;
  readonly section: RunbookSection;
}

const SHIPSHAPE = 'shipshape.md';
const ZASTAVA = 'zastava-runtime-operations.md';

/** System runbook sections for specific objects, first match wins. */
export const SECTION_OVERRIDES: readonly Override[] = [
  {
    checks: ['cluster-pdb-headroom'],
    kind: 'PodDisruptionBudget',
    namespace: 'shipshape',
    name: 'helloworld-prod',
    section: { file: SHIPSHAPE, anchor: 'runbook-prod-pdb-disruptions-exhausted' },
  },
  {
    checks: ['cluster-hpa-active'],
    kind: 'HorizontalPodAutoscaler',
    namespace: 'shipshape',
    name: 'helloworld-prod',
    section: { file: SHIPSHAPE, anchor: 'runbook-prod-hpa-near-max-replicas' },
  },
  {
    checks: ['cluster-lease-fresh'],
    kind: 'Lease',
    namespace: 'shipshape',
    name: 'helloworld-controller-leader',
    section: { file: SHIPSHAPE, anchor: 'runbook-controller-no-active-leader' },
  },
  { checks: ['cluster-certificate-ready'], kind: 'Certificate', namespace: 'shipshape', section: { file: SHIPSHAPE, anchor: 'runbook-certificate-expiring' } },
  { checks: ['cluster-workload-available'], kind: 'Deployment', namespace: 'shipshape', section: { file: SHIPSHAPE, anchor: 'runbook-pod-crash-looping' } },
  {
    checks: ['cluster-webhook-ready', 'cluster-object-exists'],
    kind: 'ValidatingWebhookConfiguration',
    name: 'zastava-webhook',
    section: { file: ZASTAVA, anchor: '21-fresh-install-helm-overlay' },
  },
  {
    checks: ['cluster-workload-available'],
    kind: 'DaemonSet',
    namespace: 'stellaops',
    name: 'zastava-observer',
    section: { file: ZASTAVA, anchor: '21-fresh-install-helm-overlay' },
  },
  {
    checks: ['cluster-workload-available'],
    kind: 'Deployment',
    namespace: 'stellaops',
    name: 'zastava-webhook',
    section: { file: ZASTAVA, anchor: '21-fresh-install-helm-overlay' },
  },
  {
    checks: ['cluster-pdb-headroom'],
    kind: 'PodDisruptionBudget',
    namespace: 'stellaops',
    name: 'zastava-webhook',
    section: { file: ZASTAVA, anchor: '22-upgrades' },
  },
];

export function sectionFor(check: CheckId, item: Pick<RenderedItem, 'kind' | 'namespace' | 'name'>): RunbookSection {
  const hit = SECTION_OVERRIDES.find(
    (o) =>
      o.checks.includes(check) &&
      o.kind === item.kind &&
      (o.namespace === undefined || o.namespace === item.namespace) &&
      (o.name === undefined || o.name === item.name),
  );
  return hit?.section ?? CHECK_SECTIONS[check];
}

/** `docs/runbooks/post-deploy.md#workloads-available`: the project-relative link printed with a finding. */
export function sectionLink(section: RunbookSection): string {
  return `docs/runbooks/${section.file}#${section.anchor}`;
}
