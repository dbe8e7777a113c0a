/** The contract every rule in src/rules/<rule-id>.ts fulfils. */
import type { Inventory } from '../check/inventory';
import type { InventoryItem, RuleFinding, Severity } from '../check/types';
import type { WaiverSet } from '../check/waiver-set';
import type { KubernetesVersion } from '../validate/schemas/versions';
import type { ApplyNamespaces } from '../lib/apply-namespace';
import type { CheckCategory, CheckMeta } from '../check/meta';
import type { PodTemplateModel } from '../lib/pod-specs';

export type RuleCategory = CheckCategory;

/** A check's meta (id equal to the file name) plus what only rules have. */
export interface RuleMeta extends CheckMeta {
  /** What the rule assumes where the input does not say (docs/rules.md prints it under the description). */
  readonly model?: string;
  /**
   * What a check reads: 'object' rules judge each object on its own (they run beside parsing, in parallel,
   * on large inputs); 'inventory' rules relate objects to each other and run once over everything.
   */
  readonly scope: 'object' | 'inventory';
  /** Severity when the policy does not say; policies decide in the end. */
  readonly defaultSeverity: Severity;
  /** JSON Schema of the options (with `additionalProperties: false` and defaults). */
  readonly optionsSchema: Record<string, unknown>;
}

export interface RuleContext<Options> {
  readonly inventory: Inventory;
  readonly options: Options;
  /** Waivers in force for this run (empty with --no-waivers). */
  readonly waivers: WaiverSet;
  /** The moment the run judges expiry against. */
  readonly now: Date;
  /**
   * The CustomResourceDefinitions `schema` judges custom resources against: every one of the input, also when the
   * rule runs on a part of it (the parallel path's re-check of custom resources, see src/validate/parallel.ts).
   * @default - the CustomResourceDefinitions in `inventory`
   */
  readonly crds?: readonly InventoryItem[];
  /**
   * The Kubernetes release the input is judged against (`--kubernetes-version`, the policy's `kubernetesVersion`).
   * @default - the newest bundled release
   */
  readonly kubernetesVersion?: KubernetesVersion;
  /**
   * Ids of the rules this run runs, so a rule can leave a finding to another that words it better (schema leaves
   * removed API versions to deprecated-api).
   * @default - unknown: a rule reports everything itself
   */
  readonly activeRules?: ReadonlySet<string>;
  /**
   * Where objects that name no namespace land (`--namespace`, kustomizations beside the input).
   * @default - nowhere known: `default`, floating (see src/lib/apply-namespace.ts)
   */
  readonly namespaces?: ApplyNamespaces;
  /**
   * Where pods live: the built-in kinds and the custom resources the policy's `podTemplates` names.
   * @default - the built-in kinds (BUILTIN_POD_TEMPLATES)
   */
  readonly podTemplates?: PodTemplateModel;
  /**
   * An inventory rule sees workloads without their containers (see src/validate/projection.ts); this gives the
   * whole object of one of its items, for the few rules that judge what another object says of it (admission-policy).
   * @default - the item as the rule sees it
   */
  readonly whole?: (item: InventoryItem) => InventoryItem;
}

export interface Rule<Options = Record<string, unknown>> {
  readonly meta: RuleMeta;
  check(ctx: RuleContext<Options>): Iterable<RuleFinding>;
}

/** Identity helper that keeps a rule's options type while the registry holds rules of many types. */
export function defineRule<Options>(rule: Rule<Options>): Rule<Options> {
  return rule;
}
