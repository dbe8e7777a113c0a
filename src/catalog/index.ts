/**
 * Every check of every kind, grouped by what runs it: the validator's rules, the gates, verify, the admission
 * guard's own checks and peer parity. docs/checks.md, `plimsoll checks list` and the meta test read this; the
 * code that runs each kind reads its own registry, not this one.
 */
import { RULES } from '../rules';
import { EVIDENCE_CHECKS } from '../gates/evidence';
import { RELEASE_CHECKS } from '../gates/release';
import { VERIFY_CHECKS } from '../cluster/verify';
import { GUARD_CHECKS } from '../runtime/admission-guard/checks';
import { PEER_PARITY } from '../render/peer-parity';
import { checkMeta, type CheckMeta } from '../check/meta';

export interface CheckKind {
  /** Kebab-case name of the kind (`plimsoll checks list --format json`). */
  readonly kind: string;
  /** Heading in docs/checks.md. */
  readonly title: string;
  /** What runs the checks and what a finding does: one or two sentences for the docs. */
  readonly runs: string;
  readonly checks: readonly CheckMeta[];
}

export const RULE_CHECKS: CheckKind = {
  kind: 'rule',
  title: 'Validator rules',
  runs: '`plimsoll validate` and `plimsoll synth` run them on manifests, the admission guard runs the object rules at admission; policies choose severity and options. Documented in [rules.md](rules.md).',
  checks: RULES.map((r) => checkMeta(r.meta)),
};

/** Every kind but the rules, in docs/checks.md's order. */
export const CHECK_KINDS: readonly CheckKind[] = [
  {
    kind: 'evidence-gate',
    title: 'Evidence gate',
    runs: '`plimsoll gate evidence --environment NAME` reads the operations artifacts (docs/operations-artifacts/ or `--artifacts DIR`); any error finding fails it (exit 1).',
    checks: EVIDENCE_CHECKS.map(checkMeta),
  },
  {
    kind: 'release-gate',
    title: 'Release gate',
    runs: '`plimsoll gate release` runs in the project root and checks what a release tag promises; any error finding fails it (exit 1).',
    checks: RELEASE_CHECKS.map(checkMeta),
  },
  {
    kind: 'verify',
    title: 'Verify checks',
    runs: '`plimsoll verify --context C --env E` compares the live cluster with dist/<env>; each finding names the object, its rendered file and the runbook section to follow.',
    checks: VERIFY_CHECKS.map(checkMeta),
  },
  {
    kind: 'admission-guard',
    title: 'Admission guard checks',
    runs: "The admission guard's own checks, beside the object rules it runs: a finding denies the request (in a fail-open namespace, it is allowed with the finding as a warning).",
    checks: GUARD_CHECKS.map(checkMeta),
  },
  {
    kind: 'peer-parity',
    title: 'Peer parity (synth)',
    runs: '`plimsoll synth` compares every production environment with its peers after rendering; any finding stops the write (exit 1).',
    checks: [checkMeta(PEER_PARITY)],
  },
];

/** The rules and every other kind. */
export const ALL_CHECK_KINDS: readonly CheckKind[] = [RULE_CHECKS, ...CHECK_KINDS];
