/** The shapes the validation engine, the rules and the reports share. */

export type Severity = 'error' | 'warning';

/** What a reported finding may carry: a rule's severity, or `info` for notes that never fail a run (e.g. a gate saying what it did not check). */
export type FindingSeverity = Severity | 'info';

/** A Kubernetes-like object as parsed; nothing about it is trusted. */
export interface K8sObject {
  readonly apiVersion?: unknown;
  readonly kind?: unknown;
  readonly metadata?: {
    readonly name?: unknown;
    readonly namespace?: unknown;
    readonly labels?: Record<string, unknown>;
    readonly annotations?: Record<string, unknown>;
    readonly [key: string]: unknown;
  };
  readonly [key: string]: unknown;
}

/** Stage position of an object, from its `NN-<stage>` folder (rendered output) or from synth directly. */
export interface StageRef {
  readonly index: number;
  readonly id: string;
}

export interface InventoryItem {
  readonly object: K8sObject;
  /** Display path of the file the object came from (or will be written to, during synth). */
  readonly file: string;
  /** Index of the YAML document within the file. */
  readonly doc: number;
  /**
   * JSON pointer of the object within its document, for an entry of a List (`/items/3`); absent for a whole
   * document. Rules' paths stay relative to the object; lines are looked up at this pointer plus the path, and
   * reported paths are this pointer plus the path (from the document's root).
   */
  readonly pointer?: string;
  readonly stage?: StageRef;
  /** Typed accessors, filled once at load. */
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  /** Empty for cluster-scoped objects and for namespaced objects that do not set one. */
  readonly namespace: string;
  /** A kustomize patch (see src/validate/kustomization.ts): a fragment of the object it patches, so fields may be missing. */
  readonly patch?: boolean;
}

/** What a rule returns: where and what. The engine adds rule id, severity, file, line and object. */
export type RuleFinding =
  | {
      readonly item: InventoryItem;
      /** JSON pointer into the object. */
      readonly path: string;
      readonly message: string;
      /**
       * A rule may lower one finding to a warning (the schema rule for a kind it has no schema for) or a note that
       * never fails a run (admission-policy's Audit); never raise.
       */
      readonly severity?: 'warning' | 'info';
      /**
       * Findings of one rule with the same key are reported once per run, on the first of their objects by file,
       * document and path (whatever the order of the input or of the threads), saying how many more there are.
       */
      readonly once?: string;
    }
  | {
      /** A problem with no object to point at (a file that does not parse): file and line instead. */
      readonly item?: undefined;
      readonly file: string;
      readonly line: number | null;
      readonly path: string;
      readonly message: string;
    };

/** A file or document the loader could not turn into an object; the parse-error rule reports these. */
export interface InputProblem {
  readonly file: string;
  readonly line: number | null;
  /** JSON pointer into the document, where the problem is inside one (a List entry that is not an object). */
  readonly path?: string;
  readonly message: string;
}

export interface ObjectRef {
  readonly apiVersion: string;
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
}

/** One finding as reported (the JSON report's shape). */
export interface Finding {
  readonly rule: string;
  readonly severity: FindingSeverity;
  readonly file: string;
  readonly line: number | null;
  readonly object: ObjectRef | null;
  readonly path: string;
  readonly message: string;
  /** Set when a waiver covers the finding: the reason given. Waived findings do not fail a run. */
  readonly waived?: string;
}

/** A file found in the input but not validated, and why (the report lists every one). */
export interface SkippedFile {
  readonly file: string;
  /** Why, e.g. `plimsoll artifact alertmanager-config`. */
  readonly reason: string;
  /** The manifest.json that says so, when one does (a JSON file that holds no Kubernetes object has none). */
  readonly manifest?: string;
}

export interface Report {
  readonly findings: Finding[];
  readonly summary: {
    readonly files: number;
    readonly objects: number;
    readonly errors: number;
    readonly warnings: number;
    readonly waived: number;
    /** Files found but not validated (`validate` on paths sets it; an in-memory inventory has none). */
    readonly skipped?: number;
    /** Input files `validate --exclude` left out unread (only with --exclude). */
    readonly excluded?: number;
    /** Files and objects loaded as context only (`--context`, or the rest of an environment folder): never reported on, not counted above. */
    readonly contextFiles?: number;
    readonly contextObjects?: number;
  };
  /** The files behind summary.skipped. */
  readonly skipped?: readonly SkippedFile[];
  /** Input that was not taken as it claims to be (a manifest.json entry that does not match its file), and what was done instead. */
  readonly inputWarnings?: readonly string[];
}
