/* Generated from schemas/environment.schema.json by `npm run gen:types`. Do not edit. */

/**
 * One target cluster: what Plimsoll needs to know to render and validate its manifests. The single source of truth for what an environments/<name>.ts overlay may say.
 */
export interface Environment {
  /**
   * Environment name; also the dist/<name>/ folder. Must equal the file name environments/<name>.ts.
   */
  name: string;
  /**
   * Cluster identity, named by building block and location (e.g. hz-fsn-rtz-prod), never primary/DR. Rendered as the deployment label.
   */
  clusterId: string;
  /**
   * Tenant that owns the workloads; rendered as the tenant label.
   */
  tenant: string;
  /**
   * Provider region or location code (e.g. eu-central, fsn1).
   */
  region: string;
  /**
   * Kubernetes provider; decides how API-server egress is resolved (the runbook's EKS/GKE/AKS/generic patch files).
   */
  provider: 'eks' | 'gke' | 'aks' | 'generic';
  /**
   * lab: a test cluster where softer defaults are allowed; production: every invariant is an error.
   */
  tier: 'lab' | 'production';
  /**
   * Exact CIDRs of the Kubernetes API server endpoints (resolved as in the runbook's 'Validate Controller API Egress Policy'). Empty means not resolved yet: the deny placeholder is rendered and placeholder-cidr reports it.
   */
  apiServerCidrs: string[];
  /**
   * Node InternalIP CIDRs used by kubelet probes (replaces the runbook's 10.0.0.0/16 placeholder).
   */
  nodeCidrs: string[];
  /**
   * Public host names per application environment (e.g. test and prod of the shipshape app).
   */
  hostnames: {
    test: string;
    prod: string;
  };
  /**
   * Container registry host (and optional path) images are pulled from.
   */
  registry: string;
  /**
   * Feature flags rendered into component configuration. Unknown flags are rejected.
   */
  featureFlags: {
    /**
     * Scanner Worker EntryTrace runtime capture (runtime alignment §3 Kubernetes defaults: default false, to keep sealed-mode/offline safe). Cannot be enabled in a sealed environment (runtime.sealed).
     */
    'scanner.runtime.capture.enabled'?: boolean;
    /**
     * Zastava attach to running workloads (runtime alignment §3 Kubernetes defaults: default false, to keep sealed-mode/offline safe). Cannot be enabled in a sealed environment (runtime.sealed).
     */
    'zastava.attach.enabled'?: boolean;
  };
  /**
   * Replica profile: ha runs every stateless component with at least 2 replicas; single runs one (lab only).
   */
  replicaProfile: 'single' | 'ha';
  /**
   * Resource profile name for requests and limits.
   */
  resourceProfile: 'small' | 'medium' | 'large';
  /**
   * Where Flux reads dist/ from.
   */
  flux: {
    sourceRef: {
      kind: 'GitRepository' | 'OCIRepository' | 'Bucket';
      name: string;
      namespace?: string;
    };
    /**
     * Namespace of the Flux Kustomizations.
     */
    namespace?: string;
    /**
     * Reconcile interval (Go duration).
     */
    interval?: string;
    /**
     * Path of dist/ inside the source artifact.
     */
    pathPrefix?: string;
  };
  /**
   * Runtime plane: the Zastava Observer and admission webhook (docs/runbooks/zastava-runtime-operations.md) and the Scanner <-> Zastava alignment (docs/runbooks/runtime-alignment-scanner-zastava.md). Rendered into the zastava.runtime configuration; tenant, environment and deployment come from tenant, name and clusterId.
   */
  runtime: {
    /**
     * Sealed (air-gapped/offline) environment: images and assets come from the offline kit, and runtime capture/attach feature flags cannot be enabled (runtime alignment §3).
     */
    sealed?: boolean;
    /**
     * Scanner/WebService base address the Observer and webhook call (/runtime/events, /policy/runtime); a cluster DNS name resolvable from every node running them (runbook §1, e.g. https://scanner.internal).
     */
    backendUrl: string;
    /**
     * zastava.runtime.authority: how the Observer and webhook obtain OpToks from StellaOps Authority (runbook §1 and §3). Key material lives in the secrets zastava-authority-dpop and zastava-authority-mtls, referenced by name only.
     */
    authority: {
      /**
       * Authority issuer URL.
       */
      issuer: string;
      /**
       * Service principal of the runtime plane.
       */
      clientId?: string;
      /**
       * Token audience.
       */
      audience?: string;
      /**
       * Scopes requested; must include aud:scanner and api:scanner.runtime.write (runbook §1).
       *
       * @minItems 1
       */
      scopes?: [string, ...string[]];
      /**
       * Tokens must be DPoP-bound (runbook §3). Must be true in production.
       */
      requireDpop?: boolean;
      /**
       * mTLS during token acquisition (runbook §3). May be false only in tier lab.
       */
      requireMutualTls?: boolean;
      /**
       * Static fallback tokens, for initial bootstrap only (runbook §3). Must be false in production.
       */
      allowStaticTokenFallback?: boolean;
    };
    /**
     * zastava.runtime.metrics.
     */
    metrics?: {
      /**
       * Labels added to every scraped runtime-plane series (ServiceMonitor relabeling).
       */
      commonTags?: {
        /**
         * The cluster label (runbook §2.1). Defaults to clusterId when absent.
         */
        cluster?: string;
      };
    };
    /**
     * The zastava-webhook admission webhook.
     */
    webhook?: {
      /**
       * Webhook replicas. Absent: 3 with replicaProfile ha (runbook §2.2), 1 with single. At least 3 in production.
       */
      replicas?: number;
      /**
       * Namespaces where admission fails open (failurePolicy Ignore, scoped to these namespaces only) after a risk assessment (runbook §4.2, §4.3); every other namespace fails closed. Never kube-system or stellaops, which the webhook never sees.
       */
      failOpenNamespaces?: string[];
    };
    /**
     * Workload identity contract values (runtime alignment §1) for the stellaops.workload/project and /channel labels; id, tenant and component come from each workload and the environment.
     */
    identity?: {
      /**
       * stellaops.workload/project.
       */
      project?: string;
      /**
       * stellaops.workload/channel: the release channel.
       */
      channel?: string;
    };
    /**
     * Where docs/runbooks/ of this repository is browsable; alert runbook_url annotations point at sections below it.
     */
    runbookBaseUrl: string;
  };
}
