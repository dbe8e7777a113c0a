/* Generated from schemas/policy.schema.json by `npm run gen:types`. Do not edit. */

/**
 * This interface was referenced by `Policy`'s JSON-Schema
 * via the `definition` "ruleSetting".
 */
export type RuleSetting =
  | Severity
  | {
      severity?: Severity;
      /**
       * Rule options; see `plimsoll rules list` for each rule's schema.
       */
      options?: {};
    };
/**
 * This interface was referenced by `Policy`'s JSON-Schema
 * via the `definition` "severity".
 */
export type Severity = 'error' | 'warning' | 'off';

/**
 * Which rules run, at what severity, with which options; overrides per environment tier and per environment. Rule options are checked against each rule's own options schema at load.
 */
export interface Policy {
  /**
   * Another policy file (path relative to this one, or a built-in preset name: 'minimal', 'recommended' or 'strict') whose settings this one starts from.
   */
  extends?: string;
  /**
   * The Kubernetes release (minor) the built-in schemas and the API lifecycle (deprecated-api) are judged against; `--kubernetes-version` overrides it. Default: the newest bundled release.
   */
  kubernetesVersion?: '1.28' | '1.29' | '1.30' | '1.31' | '1.32' | '1.33';
  /**
   * Pod templates of custom resources, judged like a Deployment's by every rule that reads pods (pod-security, probes, resources, image-digest, hostpath-readonly, required-labels, allowed-registries, leader-election-probes, and the pods dangling-reference and pdb-allows-disruption select). The built-in kinds need no entry: Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job, CronJob and OpenShift's DeploymentConfig. The entries of every policy in the `extends` chain add up.
   */
  podTemplates?: PodTemplate[];
  rules?: RuleSettings;
  /**
   * Rules this policy declares itself, each a CEL expression over `object` (the language of ValidatingAdmissionPolicy and CRD validation rules, with the Kubernetes libraries: quantity, url, lists, regex, ip, cidr, format). Each is compiled when the policy loads and runs as an object rule under its own id: in reports, `rules list --policy`, waivers, and the `rules` settings of this policy and those that extend it. See docs/custom-rules.md.
   */
  customRules?: CustomRule[];
  /**
   * Accept a policy under which no rule runs (every rule off). Without it, a policy whose active rule set is empty for the environment being validated is an input error, so a mistake cannot switch validation off silently.
   */
  allowNoRules?: boolean;
  /**
   * Overrides for every environment of a tier, applied after rules.
   */
  tiers?: {
    lab?: Override;
    production?: Override;
  };
  /**
   * Overrides for one named environment, applied after the tier's.
   */
  environments?: {
    [k: string]: Override | undefined;
  };
}
/**
 * This interface was referenced by `Policy`'s JSON-Schema
 * via the `definition` "podTemplate".
 */
export interface PodTemplate {
  /**
   * The resource's apiVersion (`group/version`); omitted: every version of the kind.
   */
  apiVersion?: string;
  /**
   * The resource's kind, e.g. Rollout.
   */
  kind: string;
  /**
   * JSON pointer of a PodTemplateSpec (an object with `metadata` and `spec`) in the resource, e.g. /spec/template; a `*` step goes into every entry of a list or map there (/spec/replicaSpecs/* /template).
   */
  path: string;
}
/**
 * This interface was referenced by `Policy`'s JSON-Schema
 * via the `definition` "ruleSettings".
 */
export interface RuleSettings {
  [k: string]: RuleSetting | undefined;
}
/**
 * This interface was referenced by `Policy`'s JSON-Schema
 * via the `definition` "customRule".
 */
export interface CustomRule {
  /**
   * The rule id findings carry (kebab-case; not a built-in rule's id).
   */
  id: string;
  /**
   * What the rule requires, one sentence.
   */
  description?: string;
  /**
   * What to do about a finding, one sentence.
   */
  remediation?: string;
  /**
   * The objects the rule judges: every listed condition must hold.
   */
  match: {
    /**
     * Kinds judged (`*`: every kind).
     *
     * @minItems 1
     */
    kinds: [string, ...string[]];
    /**
     * apiVersions judged (e.g. apps/v1); default: any.
     */
    apiVersions?: string[];
    /**
     * Namespaces judged; default: any (and cluster-scoped objects).
     */
    namespaces?: string[];
    /**
     * Labels the object must carry, with these values.
     */
    labels?: {
      [k: string]: string | undefined;
    };
  };
  /**
   * A CEL expression that yields true for a valid object; `object` is the object (`oldObject`, `params` are null; `request` is the object's offline CREATE).
   */
  expression: string;
  /**
   * The finding's message (default: `failed expression: <expression>`).
   */
  message?: string;
  /**
   * A CEL expression yielding the message (a string), as in ValidatingAdmissionPolicy; when it fails or yields an empty string, `message` is used.
   */
  messageExpression?: string;
  /**
   * JSON pointer into the object that findings name (default: the deepest `object.…` field the expression reads that the object has).
   */
  path?: string;
  /**
   * Severity when the policy's `rules` do not say (default error).
   */
  severity?: 'error' | 'warning';
  /**
   * ValidatingAdmissionPolicy's reason for a denial (the admission guard's response code: Unauthorized 401, Forbidden 403, Invalid 422, RequestEntityTooLarge 413).
   */
  reason?: 'Unauthorized' | 'Forbidden' | 'Invalid' | 'RequestEntityTooLarge';
  /**
   * When the expression cannot be evaluated on an object (a field it reads is absent): Fail (default) reports a finding, as the API server rejects the request; Ignore passes the object.
   */
  failurePolicy?: 'Fail' | 'Ignore';
}
/**
 * This interface was referenced by `Policy`'s JSON-Schema
 * via the `definition` "override".
 */
export interface Override {
  rules: RuleSettings;
}
