/**
 * What the guard decides for one AdmissionRequest, without any HTTP: the validator's object rules (the same
 * engine, rule ids and messages as `plimsoll validate`), the trusted-image check ("unsigned" → deny), status
 * integrity, fail-open namespaces, and the few requests it deliberately does not judge.
 *
 * Fail closed: a review that is not a well-formed CREATE/UPDATE/DELETE/CONNECT of a typed object is denied (400);
 * an object over the size/nesting budget, or one whose rules outrun the per-review time budget, is denied as too
 * large to judge (413). An object cannot waive rules by its own plimsoll.dev/waive.* annotations here: only the
 * waivers file of the guard configuration counts.
 */
import { isDeepStrictEqual } from 'node:util';
import { runRules } from '../../validate/engine';
import { Inventory, makeItem } from '../../check/inventory';
import { PositionCache } from '../../validate/locate';
import { WaiverSet } from '../../check/waiver-set';
import type { ActiveRule } from '../../validate/policy';
import type { Finding, K8sObject } from '../../check/types';
import type { CheckMeta } from '../../check/meta';
import { checkFinding } from '../../check/finding';
import { OBJECT_SIZE, REQUEST_WELL_FORMED, REVIEW_BUDGET, STATUS_INTEGRITY, TRUSTED_IMAGE } from './checks';
import { containersOf, podSpecsOf, type PodTemplateModel } from '../../lib/pod-specs';
import { guardPodTemplates, guardRules, type GuardConfig } from './config';
import { PINNED_DIGEST } from '../../lib/image-ref';

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

/**
 * The parts of a reported Finding an AdmissionReview carries: the check id, severity, JSON pointer into the
 * object, message, and the waiver's reason when one covers it (it then neither denies nor warns).
 */
export type GuardFinding = Pick<Finding, 'rule' | 'severity' | 'path' | 'message' | 'waived'>;

/** What the object rules' findings and the guard's own become: no file, line or object, the request is all there is. */
export function guardFinding(f: Finding): GuardFinding {
  return { rule: f.rule, severity: f.severity, path: f.path, message: f.message, ...(f.waived ? { waived: f.waived } : {}) };
}

/** The display path the object of a request is judged under. */
const REQUEST_FILE = '(admission request)';

/** A denying finding of one of the guard's own checks, at `path` in the object. */
function ownFinding(check: CheckMeta, path: string, message: string): GuardFinding {
  return guardFinding(checkFinding(check, 'error', { file: REQUEST_FILE, line: null, object: null, path }, message));
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

export const TRUSTED_IMAGE_RULE = TRUSTED_IMAGE.id;
export const STATUS_INTEGRITY_RULE = STATUS_INTEGRITY.id;

/** The budgets that keep one request from taking the guard down. */
export interface GuardLimits {
  /** Largest object judged, in (approximate) JSON bytes: the API server's own request limit, 3 MiB. */
  readonly maxObjectBytes: number;
  /** Deepest object nesting judged (a Pod nests about 10 levels). */
  readonly maxObjectDepth: number;
  /** Time one review may spend in the rules (the webhook times out after 5 s by default). */
  readonly reviewBudgetMs: number;
  /** Milliseconds now (monotonic); for tests. */
  readonly timer: () => number;
}

export const DEFAULT_LIMITS: GuardLimits = { maxObjectBytes: 3145728, maxObjectDepth: 64, reviewBudgetMs: 2000, timer: () => performance.now() };

const OPERATIONS = ['CREATE', 'UPDATE', 'DELETE', 'CONNECT'] as const;
/** Subresources whose object is the whole Pod and whose update changes its containers. */
export const POD_SPEC_SUBRESOURCES: readonly string[] = ['ephemeralcontainers', 'resize'];
const ANNOTATION_WAIVERS_IGNORED = 'at admission: an object cannot waive the guard by its own annotations; add an entry to the waivers file instead';

/** Thrown between rules when the review's time budget is spent. */
class OverBudget extends Error {}

/** Kubernetes shows at most a few warnings well; more are summarized. */
const MAX_WARNINGS = 10;
const MAX_WARNING_LENGTH = 256;
const MAX_MESSAGE_FINDINGS = 20;

type Obj = Record<string, unknown>;
const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function describe(object: Obj, request: AdmissionRequest): string {
  const meta = isObject(object.metadata) ? object.metadata : {};
  const kind = typeof object.kind === 'string' ? object.kind : (request.kind?.kind ?? 'object');
  const name = typeof meta.name === 'string' && meta.name ? meta.name : typeof meta.generateName === 'string' ? `${meta.generateName}*` : (request.name ?? '?');
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
  private readonly rules: readonly ActiveRule[];
  private readonly waivers: WaiverSet;
  private readonly trusted: ReadonlySet<string>;
  private readonly failOpen: ReadonlySet<string>;
  private readonly writers: ReadonlySet<string>;
  private readonly ownerJudged: ReadonlySet<string>;
  private readonly podTemplates: PodTemplateModel;
  private readonly positions = new PositionCache(() => undefined);
  private readonly limits: GuardLimits;

  constructor(
    public readonly config: GuardConfig,
    private readonly clock: () => Date = () => new Date(),
    limits: Partial<GuardLimits> = {},
  ) {
    this.limits = { ...DEFAULT_LIMITS, ...limits };
    this.rules = guardRules(config);
    this.podTemplates = guardPodTemplates(config);
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
  public reviewObject(input: AdmissionRequest): Decision {
    const checked = checkRequest(input);
    if (typeof checked === 'string') return unreadable(checked);
    const request = checked;
    const operation = request.operation as string;
    if (operation !== 'CREATE' && operation !== 'UPDATE') return allow(`operation ${operation} is not judged`);
    const typed = typedObject(request.object, request, 'request.object');
    if (typeof typed === 'string') return unreadable(typed);
    const object = withNamespace(typed, request.namespace);
    const sub = request.subResource ?? '';
    if (POD_SPEC_SUBRESOURCES.includes(sub) && object.kind !== 'Pod')
      return unreadable(`request.object of a pods/${sub} ${operation} is a ${String(object.kind)}, expected the Pod`);
    const meta = isObject(object.metadata) ? object.metadata : {};
    // A subresource update (an ephemeral container, a resize) changes what the owner's template said: always judged.
    if (!sub && operation === 'UPDATE' && meta.deletionTimestamp) return allow('the object is being deleted');
    const user = request.userInfo?.username ?? '';
    if (!sub && this.ownerJudged.has(user) && hasControllerOwner(meta))
      return allow(`created by ${user} for its controller owner, which was judged as a template`);
    const what = describe(object, request);
    const old = operation === 'UPDATE' && isObject(request.oldObject) ? withNamespace(request.oldObject, request.namespace) : undefined;
    for (const [name, o] of [
      ['request.object', object],
      ['request.oldObject', old],
    ] as const) {
      const over = o && this.overSize(o, name);
      if (over) return this.tooLarge(request, what, OBJECT_SIZE, over);
    }

    const deadline = this.limits.timer() + this.limits.reviewBudgetMs;
    let findings: GuardFinding[];
    try {
      findings = this.judge(object, deadline);
      if (old) {
        // An update is denied only for what it introduces: problems the stored object already had become warnings,
        // so a finalizer removal or a label change on an object admitted before the guard never gets stuck.
        const before = new Set(this.judge(old, deadline).map(findingKey));
        findings = findings.map((f) =>
          f.severity === 'error' && !f.waived && before.has(findingKey(f))
            ? { ...f, severity: 'warning', message: `${f.message} (already present before this update)` }
            : f,
        );
      }
    } catch (err) {
      if (err instanceof OverBudget) return this.tooLarge(request, what, REVIEW_BUDGET, err.message);
      throw err;
    }
    return this.verdict(findings, request, what);
  }

  /** `/validate/status-integrity`: status is written by the controller, through the status subresource only. */
  public reviewStatusIntegrity(input: AdmissionRequest): Decision {
    const checked = checkRequest(input);
    if (typeof checked === 'string') return unreadable(checked);
    const request = checked;
    if (request.operation !== 'UPDATE') return allow(`operation ${request.operation} is not judged`);
    const user = request.userInfo?.username ?? '';
    if (this.writers.has(user)) return allow(`${user} is a status writer`);
    const what = isObject(request.object)
      ? describe(request.object, request)
      : `${request.kind?.kind ?? 'object'} ${request.namespace ? `${request.namespace}/` : ''}${request.name ?? '?'}`;
    const writers = [...this.writers].join(', ') || 'none configured';
    let finding: GuardFinding | undefined;
    if (request.subResource === 'status') {
      finding = ownFinding(
        STATUS_INTEGRITY,
        '/status',
        `status updates only allowed from the controller service account (${writers}); ${user || 'this user'} is not one`,
      );
    } else if (!request.subResource) {
      if (!isObject(request.object)) return unreadable(`request.object is ${request.object === undefined ? 'missing' : 'not an object'} for UPDATE`);
      for (const [name, o] of [
        ['request.object', request.object],
        ['request.oldObject', request.oldObject],
      ] as const) {
        const over = isObject(o) && this.overSize(o, name);
        if (over) return this.tooLarge(request, what, OBJECT_SIZE, over);
      }
      const before = isObject(request.oldObject) ? request.oldObject.status : undefined;
      if (!isDeepStrictEqual(request.object.status, before)) {
        finding = ownFinding(
          STATUS_INTEGRITY,
          '/status',
          'status fields cannot be set via spec update; the controller writes status through the status subresource',
        );
      }
    }
    return this.verdict(finding ? [finding] : [], request, what);
  }

  /** A 413 deny: the request is over `budget`. A fail-open namespace gets an allow with the reason as a warning. */
  private tooLarge(request: AdmissionRequest, what: string, budget: CheckMeta, why: string): Decision {
    const message = `plimsoll admission guard denied ${what}: too large to judge: ${why}`;
    const finding = ownFinding(budget, '', why);
    const ns = request.namespace ?? '';
    if (ns && this.failOpen.has(ns)) {
      return {
        decision: 'fail-open',
        allowed: true,
        findings: [finding],
        denying: [finding],
        warnings: capWarnings([`fail-open namespace ${ns}: plimsoll admission guard would deny ${what}: too large to judge`, clip(why, MAX_WARNING_LENGTH)]),
      };
    }
    return { decision: 'error', allowed: false, findings: [finding], denying: [finding], warnings: [], code: 413, message };
  }

  /** Why `object` is over the size or nesting budget, or undefined; iterative, and stops at the first budget passed. */
  private overSize(object: Obj, name: string): string | undefined {
    const { maxObjectBytes, maxObjectDepth } = this.limits;
    let bytes = 0;
    const stack: Array<[unknown, number]> = [[object, 1]];
    while (stack.length) {
      const [v, depth] = stack.pop()!;
      if (typeof v === 'string') bytes += v.length + 3;
      else if (v === null || typeof v !== 'object') bytes += 8;
      else {
        if (depth > maxObjectDepth) return `${name} nests more than ${maxObjectDepth} levels deep, more than this guard judges`;
        bytes += 2;
        if (Array.isArray(v)) for (const x of v) stack.push([x, depth + 1]);
        else
          for (const [k, x] of Object.entries(v)) {
            bytes += k.length + 4;
            stack.push([x, depth + 1]);
          }
      }
      if (bytes > maxObjectBytes) return `${name} is more than ${maxObjectBytes} bytes, more than this guard judges`;
    }
    return undefined;
  }

  /** The object rules and the trusted-image check on one object, as findings. */
  public judge(object: Obj, deadline = this.limits.timer() + this.limits.reviewBudgetMs): GuardFinding[] {
    const item = makeItem(object as K8sObject, REQUEST_FILE, 0);
    const inventory = new Inventory([item]);
    const engine = {
      waivers: this.waivers,
      now: this.clock(),
      annotationWaivers: false,
      annotationWaiversIgnored: ANNOTATION_WAIVERS_IGNORED,
      podTemplates: this.podTemplates,
    };
    const findings: GuardFinding[] = [];
    // One rule at a time, with the deadline checked between them: a slow rule cannot hold the review past its budget.
    for (let i = 0; i < this.rules.length; i++) {
      if (this.limits.timer() > deadline) {
        throw new OverBudget(
          `judging it took more than the ${this.limits.reviewBudgetMs} ms budget of a review (${i} of ${this.rules.length} rules run, next ${this.rules[i].rule.meta.id})`,
        );
      }
      for (const f of runRules(inventory, [this.rules[i]], this.positions, engine)) {
        findings.push(guardFinding(f));
      }
    }
    findings.sort((a, b) => a.rule.localeCompare(b.rule) || a.path.localeCompare(b.path));
    for (const pod of podSpecsOf(item, this.podTemplates)) {
      for (const { container, path, list } of containersOf(pod)) {
        const image = container.image;
        if (typeof image !== 'string' || !image) continue; // image-digest reports a missing image
        const digest = PINNED_DIGEST.exec(image)?.[1];
        if (digest && this.trusted.has(digest)) continue;
        const who = `${list === 'containers' ? 'container' : list.replace(/s$/, '').replace(/C/, ' c')} "${String(container.name ?? '?')}"`;
        const why = digest ? `its digest ${digest} is not in the trusted set` : 'it is not pinned by digest, so it cannot be in the trusted set';
        findings.push(
          ownFinding(TRUSTED_IMAGE, `${path}/image`, `${who} image "${image}" is unsigned: ${why} (images.lock.json and the environment's trusted images)`),
        );
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
  const finding = ownFinding(REQUEST_WELL_FORMED, '', message);
  return {
    decision: 'error',
    allowed: false,
    findings: [finding],
    denying: [finding],
    warnings: [],
    code: 400,
    message: `plimsoll admission guard cannot judge this request: ${message}`,
  };
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

function typeName(v: unknown): string {
  return v === null ? 'null' : Array.isArray(v) ? 'a list' : typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}

/**
 * `request` when it is a well-formed CREATE/UPDATE/DELETE/CONNECT review, else why not. Every field the guard
 * reads has the type the AdmissionRequest schema gives it: a field of another type would otherwise read as
 * absent and let the request through.
 */
export function checkRequest(request: unknown): AdmissionRequest | string {
  if (!isObject(request)) return `request is ${typeName(request)}, expected an AdmissionRequest object`;
  const r = request;
  if (typeof r.uid !== 'string' || !r.uid)
    return `request.uid is ${typeof r.uid === 'string' ? 'empty' : r.uid === undefined ? 'missing' : typeName(r.uid)}; expected a string`;
  const expected = `expected one of ${OPERATIONS.join(', ')}`;
  if (r.operation === undefined) return `request.operation is missing; ${expected}`;
  if (typeof r.operation !== 'string') return `request.operation is ${typeName(r.operation)}; ${expected}`;
  if (!(OPERATIONS as readonly string[]).includes(r.operation))
    return `request.operation ${JSON.stringify(r.operation.slice(0, 64))} is not an admission operation; ${expected}`;
  for (const key of ['name', 'namespace', 'subResource'] as const) {
    if (r[key] !== undefined && typeof r[key] !== 'string') return `request.${key} is ${typeName(r[key])}; expected a string`;
  }
  if (r.dryRun !== undefined && typeof r.dryRun !== 'boolean') return `request.dryRun is ${typeName(r.dryRun)}; expected a boolean`;
  for (const [key, fields] of [
    ['kind', ['group', 'version', 'kind']],
    ['resource', ['group', 'version', 'resource']],
  ] as const) {
    const v = r[key];
    if (v === undefined) continue;
    if (!isObject(v)) return `request.${key} is ${typeName(v)}; expected an object with ${fields.join(', ')}`;
    for (const f of fields) if (v[f] !== undefined && typeof v[f] !== 'string') return `request.${key}.${f} is ${typeName(v[f])}; expected a string`;
  }
  const user = r.userInfo;
  if (user !== undefined) {
    if (!isObject(user)) return `request.userInfo is ${typeName(user)}; expected an object`;
    if (user.username !== undefined && typeof user.username !== 'string') return `request.userInfo.username is ${typeName(user.username)}; expected a string`;
    if (user.groups !== undefined && !(Array.isArray(user.groups) && user.groups.every((g) => typeof g === 'string')))
      return 'request.userInfo.groups is not a list of strings';
  }
  const op = r.operation;
  if ((op === 'CREATE' || op === 'UPDATE') && !isObject(r.object))
    return `request.object is ${r.object === undefined ? 'missing' : typeName(r.object)} for ${op}; expected the object`;
  if (r.object !== undefined && r.object !== null && !isObject(r.object)) return `request.object is ${typeName(r.object)}; expected an object or null`;
  if (r.oldObject !== undefined && r.oldObject !== null && !isObject(r.oldObject))
    return `request.oldObject is ${typeName(r.oldObject)}; expected an object or null`;
  if (op === 'DELETE' && !isObject(r.oldObject) && isObject(r.object))
    return 'request of a DELETE carries an object but no oldObject; expected the deleted object in oldObject';
  return r as unknown as AdmissionRequest;
}

/**
 * `object` with its kind and apiVersion, from the request's kind (group/version/kind) when the object omits
 * them, or why it cannot be typed.
 */
function typedObject(object: unknown, request: AdmissionRequest, name: string): Obj | string {
  if (!isObject(object)) return `${name} is ${typeName(object)}; expected the object`;
  for (const key of ['kind', 'apiVersion'] as const) {
    if (object[key] !== undefined && (typeof object[key] !== 'string' || !object[key]))
      return `${name}.${key} is ${typeof object[key] === 'string' ? 'empty' : typeName(object[key])}; expected a string`;
  }
  const k = request.kind;
  const fromRequest = k?.kind && k.version ? { kind: k.kind, apiVersion: k.group ? `${k.group}/${k.version}` : k.version } : undefined;
  if (typeof object.kind === 'string' && fromRequest && object.kind !== fromRequest.kind)
    return `${name}.kind ${object.kind} is not request.kind ${fromRequest.kind}; the API server sends them alike`;
  if (typeof object.kind === 'string' && typeof object.apiVersion === 'string') return object;
  if (!fromRequest)
    return `${name} has no ${typeof object.kind === 'string' ? 'apiVersion' : 'kind'} and request.kind does not give one (group/version/kind); cannot tell which rules apply`;
  return { ...object, kind: object.kind ?? fromRequest.kind, apiVersion: object.apiVersion ?? fromRequest.apiVersion };
}
