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
  featureFlags: {};
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
   * Shipshape (runbook 003): the helloworld app in its test and prod app environments, ingress rate limiting, monitoring and the ConfigMap reload controller. Hosts come from hostnames, API egress from apiServerCidrs (provider decides the ports), kubelet probe sources from nodeCidrs. Every setting defaults to the runbook's value.
   */
  shipshape?: {
    /**
     * MESSAGE each app environment serves (ConfigMap helloworld-config-<env>).
     */
    messages?: {
      test?: string;
      prod?: string;
    };
    /**
     * Ingress local rate limit token bucket per host per ingress-gateway pod (runbook: Validate Ingress Rate Limiting).
     */
    rateLimit?: {
      /**
       * Bucket size: the burst allowed.
       */
      maxTokens?: number;
      /**
       * Tokens added every fill interval.
       */
      tokensPerFill?: number;
      /**
       * Fill interval in seconds.
       */
      fillIntervalSeconds?: number;
    };
    /**
     * cert-manager issuer of the helloworld-cert-<env> Certificates.
     */
    certificateIssuer?: {
      kind?: 'ClusterIssuer' | 'Issuer';
      name?: string;
    };
    /**
     * HorizontalPodAutoscaler helloworld-prod (runbook: HPA Prerequisites and Preflight).
     */
    prodAutoscaling?: {
      /**
       * At least 2, so the PDB helloworld-prod always allows one disruption.
       */
      minReplicas?: number;
      maxReplicas?: number;
      targetCpuUtilizationPercent?: number;
    };
    /**
     * The ConfigMap reload controller helloworld-controller (DEBOUNCE_SECONDS and LEADER_ELECTION_* environment variables).
     */
    controller?: {
      /**
       * Coalescing window for repeated ConfigMap changes (DEBOUNCE_SECONDS).
       */
      debounceSeconds?: number;
      /**
       * Lease timings; must satisfy retryPeriod < renewDeadline < leaseDuration.
       */
      leaderElection?: {
        leaseDurationSeconds?: number;
        renewDeadlineSeconds?: number;
        retryPeriodSeconds?: number;
        /**
         * How long a demoted leader waits for its watch loop to stop before the process exits.
         */
        controllerStopTimeoutSeconds?: number;
      };
      logLevel?: 'DEBUG' | 'INFO' | 'WARNING' | 'ERROR' | 'CRITICAL';
    };
    /**
     * Who scrapes the app and where alert runbook links point.
     */
    monitoring?: {
      /**
       * Mesh identity of Prometheus; the only principal allowed to GET /metrics under strict mTLS.
       */
      prometheusPrincipal?: string;
      /**
       * Mesh identity of the Istio ingress gateway; the only principal allowed to reach the app's other paths.
       */
      ingressGatewayPrincipal?: string;
      /**
       * URL of the docs/runbooks folder of this repository as served by the Git host; alerts link to <runbookBaseUrl>/shipshape.md#<section>.
       */
      runbookBaseUrl?: string;
    };
  };
}
