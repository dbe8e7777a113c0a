/**
 * What the guard decides for one AdmissionRequest, without any HTTP: the validator's object rules (the same
 * engine, rule ids and messages as `plimsoll validate`), the trusted-image check ("unsigned" → deny), status
 * integrity, fail-open namespaces, and the few requests it deliberately does not judge.
 */
import { isDeepStrictEqual } from 'node:util';
import { runRules } from '../../validate/engine';
import { Inventory, makeItem } from '../../validate/inventory';
import { PositionCache } from '../../validate/locate';
import { WaiverSet } from '../../validate/waiver-set';
import type { ActiveRule } from '../../validate/policy';
import type { K8sObject } from '../../validate/types';
import { containersOf, podSpecOf } from '../../rules/lib/pod-specs';
import { guardRules, type GuardConfig } from './config';

/** The parts of admission.k8s.io/v1 AdmissionRequest the guard reads. */
export interface AdmissionRequest {
  readonly uid: string;
  readonly kind?: { readonly group?: string; readonly version?: string; readonly kind?: string };
  readonly resource?: { readonly group?: string; readonly version?: string; readonly resource?: string };
  readonly subResource?: string;
  readonly name?: string;
  readonly namespace?: string;
  readonly operation?: string;
  readonly userInfo?: { readonly username?: string; readonly groups?: readonly string[] };
  readonly object?: unknown;
  readonly oldObject?: unknown;
  readonly dryRun?: boolean;
}

export type DecisionKind = 'allow' | 'deny' | 'fail-open' | 'error';

export interface GuardFinding {
  readonly rule: string;
  readonly severity: 'error' | 'warning' | 'info';
  /** JSON pointer into the object. */
  readonly path: string;
  readonly message: string;
  /** The waiver's reason, when one covers the finding (it then neither denies nor warns). */
  readonly waived?: string;
}

export interface Decision {
  readonly decision: DecisionKind;
  readonly allowed: boolean;
  /** Every finding, waived ones included. */
  readonly findings: readonly GuardFinding[];
  /** The findings that deny (or would have, in a fail-open namespace). */
  readonly denying: readonly GuardFinding[];
  /** AdmissionReview warnings shown to the client (kubectl prints them). */
  readonly warnings: readonly string[];
  /** The status message of a deny. */
  readonly message?: string;
  /** HTTP-like status code of a deny (403 policy, 400 unreadable request). */
  readonly code?: number;
  /** Why the request was not judged (operation, owner-judged, deletion), for logs. */
  readonly skipped?: string;
}

export const TRUSTED_IMAGE_RULE = 'trusted-image';
export const STATUS_INTEGRITY_RULE = 'status-integrity';

/** Kubernetes shows at most a few warnings well; more are summarized. */
const MAX_WARNINGS = 10;
const MAX_WARNING_LENGTH = 256;
const MAX_MESSAGE_FINDINGS = 20;

type Obj = Record<string, unknown>;
const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const DIGEST = /@(sha256:[0-9a-f]{64})$/;

function describe(object: Obj, request: AdmissionRequest): string {
  const meta = isObject(object.metadata) ? object.metadata : {};
  const kind = typeof object.kind === 'string' ? object.kind : request.kind?.kind ?? 'object';
  const name = typeof meta.name === 'string' && meta.name ? meta.name : typeof meta.generateName === 'string' ? `${meta.generateName}*` : request.name ?? '?';
  const ns = request.namespace || (typeof meta.namespace === 'string' ? meta.namespace : '');
  return `${kind} ${ns ? `${ns}/` : ''}${name}`;
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function findingText(f: GuardFinding): string {
  return `[${f.rule}] ${f.message}${f.path ? ` (${f.path})` : ''}`;
}

export class Guard {
  private readonly rules: ActiveRule[];
  private readonly waivers: WaiverSet;
  private readonly trusted: ReadonlySet<string>;
  private readonly failOpen: ReadonlySet<string>;
  private readonly writers: ReadonlySet<string>;
  private readonly ownerJudged: ReadonlySet<string>;
  private readonly positions = new PositionCache(() => undefined);

  constructor(
    public readonly config: GuardConfig,
    private readonly clock: () => Date = () => new Date(),
  ) {
    this.rules = guardRules(config);
    this.waivers = new WaiverSet(config.waivers);
    this.trusted = new Set(config.trustedDigests);
    this.failOpen = new Set(config.failOpenNamespaces);
    this.writers = new Set(config.statusIntegrity.writers);
    this.ownerJudged = new Set(config.ownerJudgedUsers);
  }

  /** The rule ids the guard runs on objects (the policy's object rules, then its own trusted-image check). */
  public get ruleIds(): string[] {
    return [...this.rules.map((r) => r.rule.meta.id), TRUSTED_IMAGE_RULE];
  }

  /** `/validate`: object rules and trusted images. */
  public reviewObject(request: AdmissionRequest): Decision {
    const operation = request.operation ?? '';
    if (operation !== 'CREATE' && operation !== 'UPDATE') return allow(`operation ${operation || '(none)'} is not judged`);
    if (!isObject(request.object)) return unreadable(`request.object is ${request.object === undefined ? 'missing' : 'not an object'} for ${operation}`);
    const object = withNamespace(request.object, request.namespace);
    const meta = isObject(object.metadata) ? object.metadata : {};
    if (operation === 'UPDATE' && meta.deletionTimestamp) return allow('the object is being deleted');
    const user = request.userInfo?.username ?? '';
    if (this.ownerJudged.has(user) && hasControllerOwner(meta)) return allow(`created by ${user} for its controller owner, which was judged as a template`);

    let findings = this.judge(object);
    if (operation === 'UPDATE' && isObject(request.oldObject)) {
      // An update is denied only for what it introduces: problems the stored object already had become warnings,
      // so a finalizer removal or a label change on an object admitted before the guard never gets stuck.
      const before = new Set(this.judge(withNamespace(request.oldObject, request.namespace)).map(findingKey));
      findings = findings.map((f) =>
        f.severity === 'error' && !f.waived && before.has(findingKey(f)) ? { ...f, severity: 'warning', message: `${f.message} (already present before this update)` } : f,
      );
    }
    return this.verdict(findings, request, describe(object, request));
  }

  /** `/validate/status-integrity`: status is written by the controller, through the status subresource only. */
  public reviewStatusIntegrity(request: AdmissionRequest): Decision {
    if (request.operation !== 'UPDATE') return allow(`operation ${request.operation || '(none)'} is not judged`);
    const user = request.userInfo?.username ?? '';
    if (this.writers.has(user)) return allow(`${user} is a status writer`);
    const what = isObject(request.object) ? describe(request.object, request) : `${request.kind?.kind ?? 'object'} ${request.namespace ? `${request.namespace}/` : ''}${request.name ?? '?'}`;
    const writers = [...this.writers].join(', ') || 'none configured';
    let finding: GuardFinding | undefined;
    if (request.subResource === 'status') {
      finding = { rule: STATUS_INTEGRITY_RULE, severity: 'error', path: '/status', message: `status updates only allowed from the controller service account (${writers}); ${user || 'this user'} is not one` };
    } else if (!request.subResource) {
      if (!isObject(request.object)) return unreadable(`request.object is ${request.object === undefined ? 'missing' : 'not an object'} for UPDATE`);
      const before = isObject(request.oldObject) ? request.oldObject.status : undefined;
      if (!isDeepStrictEqual(request.object.status, before)) {
        finding = { rule: STATUS_INTEGRITY_RULE, severity: 'error', path: '/status', message: 'status fields cannot be set via spec update; the controller writes status through the status subresource' };
      }
    }
    return this.verdict(finding ? [finding] : [], request, what);
  }

  /** The object rules and the trusted-image check on one object, as findings. */
  public judge(object: Obj): GuardFinding[] {
    const item = makeItem(object as K8sObject, '(admission request)', 0);
    const findings: GuardFinding[] = runRules(new Inventory([item]), this.rules, this.positions, { waivers: this.waivers, now: this.clock() }).map((f) => ({
      rule: f.rule,
      severity: f.severity,
      path: f.path,
      message: f.message,
      ...(f.waived ? { waived: f.waived } : {}),
    }));
    const pod = podSpecOf(item);
    if (pod) {
      for (const { container, path, list } of containersOf(pod)) {
        const image = container.image;
        if (typeof image !== 'string' || !image) continue; // image-digest reports a missing image
        const digest = DIGEST.exec(image)?.[1];
        if (digest && this.trusted.has(digest)) continue;
        const who = `${list === 'containers' ? 'container' : list.replace(/s$/, '').replace(/C/, ' c')} "${String(container.name ?? '?')}"`;
        const why = digest ? `its digest ${digest} is not in the trusted set` : 'it is not pinned by digest, so it cannot be in the trusted set';
        findings.push({ rule: TRUSTED_IMAGE_RULE, severity: 'error', path: `${path}/image`, message: `${who} image "${image}" is unsigned: ${why} (images.lock.json and the environment's trusted images)` });
      }
    }
    return findings;
  }

  private verdict(findings: GuardFinding[], request: AdmissionRequest, what: string): Decision {
    const denying = findings.filter((f) => f.severity === 'error' && !f.waived);
    const warnings = findings.filter((f) => f.severity === 'warning' && !f.waived).map(findingText);
    if (!denying.length) return { decision: 'allow', allowed: true, findings, denying, warnings: capWarnings(warnings) };
    const ns = request.namespace ?? '';
    if (ns && this.failOpen.has(ns)) {
      const would = denying.map(findingText);
      return {
        decision: 'fail-open',
        allowed: true,
        findings,
        denying,
        warnings: capWarnings([`fail-open namespace ${ns}: plimsoll admission guard would deny ${what}`, ...would, ...warnings]),
      };
    }
    const shown = denying.slice(0, MAX_MESSAGE_FINDINGS).map(findingText);
    const more = denying.length > MAX_MESSAGE_FINDINGS ? `; and ${denying.length - MAX_MESSAGE_FINDINGS} more` : '';
    return {
      decision: 'deny',
      allowed: false,
      findings,
      denying,
      warnings: capWarnings(warnings),
      code: 403,
      message: `plimsoll admission guard denied ${what}: ${shown.join('; ')}${more}`,
    };
  }
}

function findingKey(f: GuardFinding): string {
  return `${f.rule}\0${f.path}\0${f.message}`;
}

function capWarnings(warnings: string[]): string[] {
  const out = warnings.slice(0, MAX_WARNINGS).map((w) => clip(w, MAX_WARNING_LENGTH));
  if (warnings.length > MAX_WARNINGS) out.push(`… and ${warnings.length - MAX_WARNINGS} more warnings`);
  return out;
}

function allow(skipped: string): Decision {
  return { decision: 'allow', allowed: true, findings: [], denying: [], warnings: [], skipped };
}

function unreadable(message: string): Decision {
  return { decision: 'error', allowed: false, findings: [], denying: [], warnings: [], code: 400, message: `plimsoll admission guard cannot judge this request: ${message}` };
}

/** The API server fills metadata.namespace in, but a request may come without it: the request's namespace counts. */
function withNamespace(object: Obj, namespace: string | undefined): Obj {
  const meta = isObject(object.metadata) ? object.metadata : undefined;
  if (!namespace || (meta && typeof meta.namespace === 'string' && meta.namespace)) return object;
  return { ...object, metadata: { ...(meta ?? {}), namespace } };
}

function hasControllerOwner(meta: Obj): boolean {
  return Array.isArray(meta.ownerReferences) && meta.ownerReferences.some((r) => isObject(r) && r.controller === true);
}
