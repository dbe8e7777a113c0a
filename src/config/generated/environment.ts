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
}
