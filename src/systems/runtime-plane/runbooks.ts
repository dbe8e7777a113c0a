/**
 * Runbook sections the runtime plane's alerts link to. The runbooks ship in docs/runbooks/ with numbered headings;
 * the anchors below are their GitHub-style slugs, and a test checks each one exists in the shipped file.
 */
export const ZASTAVA_RUNBOOK = 'zastava-runtime-operations.md';
export const ALIGNMENT_RUNBOOK = 'runtime-alignment-scanner-zastava.md';

export interface RunbookSection {
  readonly file: string;
  readonly anchor: string;
}

export const RUNBOOK_SECTIONS = {
  prerequisites: { file: ZASTAVA_RUNBOOK, anchor: '1-prerequisites' },
  telemetry: { file: ZASTAVA_RUNBOOK, anchor: '11-telemetry-quick-reference' },
  freshInstall: { file: ZASTAVA_RUNBOOK, anchor: '21-fresh-install-helm-overlay' },
  upgrades: { file: ZASTAVA_RUNBOOK, anchor: '22-upgrades' },
  authorityGuardrails: { file: ZASTAVA_RUNBOOK, anchor: '3-authority--security-guardrails' },
  authorityOffline: { file: ZASTAVA_RUNBOOK, anchor: '41-authority-offline' },
  backendLatency: { file: ZASTAVA_RUNBOOK, anchor: '42-scannerwebservice-latency-spike' },
  denyStorm: { file: ZASTAVA_RUNBOOK, anchor: '43-admission-deny-storm' },
  offlineKit: { file: ZASTAVA_RUNBOOK, anchor: '5-offline-kit--air-gapped-notes' },
  identityContract: { file: ALIGNMENT_RUNBOOK, anchor: '1-workload-identity-contract' },
  kubernetesDefaults: { file: ALIGNMENT_RUNBOOK, anchor: '3-kubernetes-defaults' },
  vmBareMetal: { file: ALIGNMENT_RUNBOOK, anchor: '4-vmbare-metal' },
  slos: { file: ALIGNMENT_RUNBOOK, anchor: '6-slos--alerts' },
} as const satisfies Record<string, RunbookSection>;

/** `<base>/<file>#<anchor>`; `base` is the environment's runtime.runbookBaseUrl (no trailing slash). */
export function runbookUrl(base: string, section: RunbookSection): string {
  return `${base}/${section.file}#${section.anchor}`;
}
