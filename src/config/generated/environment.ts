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
   * Zen Watcher (source runbook 002, the Zen Watcher operations guide): the security and compliance event aggregator in zen-system, its CRDs, RBAC, leader election, cleanup, network policy, monitoring and status-integrity admission. Defaults follow the guide.
   */
  zenWatcher?: {
    /**
     * Render Zen Watcher in this environment.
     */
    enabled?: boolean;
    /**
     * Requests, limits and the recommended replica count, by name. events-lt-1k, events-1k-10k, events-10k-100k and events-gt-100k are the rows of the guide's 'Resource Sizing' table (events per day); production and development are the guide's 'Resource Requests and Limits' presets.
     */
    resourceProfile?:
      'events-lt-1k' | 'events-1k-10k' | 'events-10k-100k' | 'events-gt-100k' | 'production' | 'development';
    /**
     * Deployment pattern from the guide's 'Deployment Patterns': single (one replica, dev/test only), replicated (multiple replicas with leader election and a PDB minAvailable 1; the recommended default) or sharded (one independent instance per entry of shards, each watching its own namespaces with its own Lease).
     */
    pattern?: 'single' | 'replicated' | 'sharded';
    /**
     * Replicas per instance for the replicated and sharded patterns. Unset: the profile's replica count from the sizing table, but at least 2 (the guide's default). The single pattern always runs 1.
     */
    replicas?: number;
    /**
     * Namespace shards for the sharded pattern (the guide's 'Pattern 3: Namespace Sharding'): each becomes its own Deployment, Service, PDB and leader-election Lease named zen-watcher-<name>, with WATCH_NAMESPACE set to its namespaces. No two shards may watch the same namespace.
     */
    shards?: {
      /**
       * Shard name; objects are named zen-watcher-<name>.
       */
      name: string;
      /**
       * Namespaces this shard watches (rendered comma-separated into WATCH_NAMESPACE).
       *
       * @minItems 1
       */
      namespaces: [string, ...string[]];
      /**
       * Replicas of this shard. Unset: the zenWatcher replicas rule.
       */
      replicas?: number;
    }[];
    /**
     * Leader-election timings (the guide's 'Leader Failover Time'), rendered as environment variables of the watcher. Must satisfy lease duration > renew deadline > retry period.
     */
    leaderElection?: {
      /**
       * How long a leader holds the Lease without renewing.
       */
      leaseDurationSeconds?: number;
      /**
       * How long the leader keeps trying to renew before giving up leadership.
       */
      renewDeadlineSeconds?: number;
      /**
       * How often candidates retry acquiring or renewing the Lease.
       */
      retryPeriodSeconds?: number;
    };
    /**
     * The zen-event-cleanup CronJob (the guide's 'Event Cleanup'): deletes Resolved observations in zen-system older than the TTL.
     */
    cleanup?: {
      /**
       * Render the cleanup CronJob.
       */
      enabled?: boolean;
      /**
       * Cron schedule (five fields).
       */
      schedule?: string;
      /**
       * Time zone of the schedule (IANA name).
       */
      timeZone?: string;
      /**
       * Age in days after which a Resolved observation is deleted (the guide's 7-day TTL).
       */
      ttlDays?: number;
    };
    /**
     * Namespace Prometheus scrapes from; the only namespace allowed to reach the metrics port.
     */
    monitoringNamespace?: string;
    /**
     * Namespaces whose pods send events to the watcher's webhook endpoints on port 8080 (Falco, audit forwarders). Empty: none.
     */
    webhookSourceNamespaces?: string[];
    /**
     * TCP ports of the API server endpoints the watcher and the cleanup job reach (the Service port and the endpoint port).
     *
     * @minItems 1
     */
    apiServerPorts?: [number, ...number[]];
    /**
     * Where the guide's documents live; alert runbook_url annotations link to its sections.
     */
    runbookBaseUrl?: string;
    /**
     * Status-integrity admission (the guide's 'Admission Policy'): a ValidatingWebhookConfiguration sending status-subresource updates and spec updates of Observations and Ingesters, from anyone but the watcher's ServiceAccount, to the Plimsoll admission guard. Off by default: the guard's Service is rendered by the runtime-components work (issue 9), and a webhook without a backend fails every matching request (or, with Ignore, protects nothing).
     */
    statusAdmission?: {
      /**
       * Render the webhook configuration.
       */
      enabled?: boolean;
      /**
       * What the API server does when the guard cannot be reached: Fail (deny; required in production) or Ignore (allow; lab only).
       */
      failurePolicy?: 'Fail' | 'Ignore';
      /**
       * Webhook call timeout.
       */
      timeoutSeconds?: number;
      /**
       * Namespace of the admission guard Service.
       */
      serviceNamespace?: string;
      /**
       * Name of the admission guard Service.
       */
      serviceName?: string;
      /**
       * Port of the admission guard Service.
       */
      servicePort?: number;
      /**
       * HTTP path of the guard's status-integrity endpoint.
       */
      path?: string;
      /**
       * cert-manager Certificate (<namespace>/<name>) whose CA the cainjector writes into the webhook's caBundle. Unset: <serviceNamespace>/<serviceName>.
       */
      caInjectFrom?: string;
    };
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
  /**
   * Multi-region SRE (the SRE handbook, seed 004, with the shipshape runbook's alert routing matrix and multi-region strategy): peer production clusters and their GSLB records (PowerDNS lua-records), the failover controller's split-brain witness, Alertmanager routing, Runbook objects, SLO rules, GPU scheduling and DCGM alerts, air-gap image mirroring and the scheduled GDPR jobs. Every setting defaults to the handbook's value; everything that needs an address is off until configured.
   */
  sre?: {
    /**
     * Namespace of the Runbook objects, SLO and GPU rules, the failover controller configuration and the GDPR jobs (the handbook runs Catalyst components in catalyst-system).
     */
    namespace?: string;
    /**
     * Names of the environments (environments/<name>.ts) that are independent peer clusters of this one: same building blocks, same sources, same image digests, named by building block and location, never primary/DR (handbook §2.1). Peers list each other; synth renders them from the same sources and fails when they disagree on images or alert rules.
     */
    peers?: string[];
    /**
     * Public addresses of this cluster's ingress gateway (the runbook's region inventory): the GSLB records health-check them and answer with them.
     */
    ingressAddresses?: string[];
    /**
     * Global traffic: one PowerDNS LUA record per public host (hostnames) with ifurlup health-checked failover across this cluster's and its peers' ingressAddresses (handbook §2.1, MULTI-REGION-DNS), rendered as a zone fragment and a PowerDNS API payload under dist/<env>/gslb/.
     */
    gslb?: {
      /**
       * Render the GSLB records.
       */
      enabled?: boolean;
      /**
       * The GSLB zone PowerDNS is authoritative for; every public host must be inside it.
       */
      zone?: string;
      /**
       * TTL of the records. At most 60 (shipshape runbook, Multi-Cluster / Multi-Region Strategy: keep DNS failover TTL <= 60 seconds for ingress hostnames).
       */
      ttlSeconds?: number;
      /**
       * How ifurlup picks among the healthy addresses: all (every healthy peer), pickclosest (closest to the resolver or client subnet; needs the geoip backend), random or hashed.
       */
      selector?: 'all' | 'pickclosest' | 'random' | 'hashed';
      /**
       * How ifurlup answers when every address is down.
       */
      backupSelector?: 'all' | 'pickclosest' | 'random' | 'hashed';
      /**
       * Per application environment (the keys of hostnames), a selector that overrides selector for that host: e.g. prod: pickclosest.
       */
      hostSelectors?: {
        /**
         * Selector of the test host.
         */
        test?: 'all' | 'pickclosest' | 'random' | 'hashed';
        /**
         * Selector of the prod host.
         */
        prod?: 'all' | 'pickclosest' | 'random' | 'hashed';
      };
      /**
       * The ifurlup check: https://<host><path> on each address; up when it answers 200.
       */
      healthCheck?: {
        /**
         * Path checked on every address (the helloworld app serves /healthz).
         */
        path?: string;
        /**
         * ifurlup timeout.
         */
        timeoutSeconds?: number;
        /**
         * Seconds between two checks of an address.
         */
        intervalSeconds?: number;
        /**
         * Consecutive failed checks before an address is taken out.
         */
        minimumFailures?: number;
        /**
         * Only declare an address up when the body contains this string.
         */
        stringmatch?: string;
      };
      /**
       * Server id in the PowerDNS API path /api/v1/servers/<id>/zones/<zone>.
       */
      powerDnsServerId?: string;
    };
    /**
     * The failover controller (handbook §2.4): lease-based authority through a cloud witness, DNS quorum fallback, and its mode. Rendered as its configuration (ConfigMap failover-controller) in environments with peers.
     */
    failover?: {
      /**
       * automatic, semi-automatic or manual (the regulated tier).
       */
      mode?: 'automatic' | 'semi-automatic' | 'manual';
      /**
       * The witness lease: the active region renews every renewSeconds, the lease expires after ttlSeconds. Must satisfy ttlSeconds > 2 x renewSeconds (two renewals may fail before another region can take over).
       */
      lease?: {
        /**
         * Renewal interval (handbook: every 10 s).
         */
        renewSeconds?: number;
        /**
         * Lease TTL (handbook: 30 s).
         */
        ttlSeconds?: number;
      };
      /**
       * The out-of-Sovereign store holding the lease (handbook: typically Cloudflare KV).
       */
      witness?: {
        /**
         * Kind of store.
         */
        provider?: 'cloudflare-kv' | 's3' | 'http';
        /**
         * Base URL of the witness API (required with peers).
         */
        endpoint?: string;
        /**
         * Key of the lease in the store. Unset: <tenant>/<first GSLB zone or tenant>/failover-lease.
         */
        leaseKey?: string;
        /**
         * Secret holding the witness API token (referenced by name, never rendered).
         */
        credentialsSecret?: {
          /**
           * Secret name (in the namespace of the object that references it).
           */
          name?: string;
          /**
           * Key inside the Secret.
           */
          key?: string;
        };
      };
      /**
       * Fallback when the witness is unreachable: multi-resolver DNS quorum (handbook: 8.8.8.8 + 1.1.1.1 + 9.9.9.9, 2-of-3). required must be a majority of resolvers.
       */
      dnsQuorum?: {
        /**
         * Resolvers asked.
         *
         * @minItems 1
         */
        resolvers?: [string | string, ...(string | string)[]];
        /**
         * Resolvers that must agree.
         */
        required?: number;
      };
    };
    /**
     * Alertmanager routing from the handbook's §12 configuration (webhook receivers to the Gitea Actions automation endpoint with a bearer credentials_file, critical routes with group_wait 10s, namespace routes) and the shipshape routing matrix (warning -> shipshape-warning, Slack #shipshape-oncall; critical -> shipshape-critical, PagerDuty shipshape-prod + #shipshape-incidents), rendered twice from one routing tree: a plain alertmanager.yaml under dist/<env>/alertmanager/ (credentials as files) and an AlertmanagerConfig in the monitoring stage (credentials as Secret key references). Never credential values.
     */
    alerting?: {
      /**
       * Render the Alertmanager configuration.
       */
      enabled?: boolean;
      /**
       * Namespace of the AlertmanagerConfig (the Alertmanager's own, where its Secrets live): reference it from the Alertmanager resource's spec.alertmanagerConfiguration.name to make it the global configuration.
       */
      namespace?: string;
      /**
       * The default webhook receiver: Gitea Actions dispatches that run auto-remediation (handbook §4.1, §12).
       */
      automation?: {
        /**
         * Receiver name.
         */
        receiver?: string;
        /**
         * Dispatch endpoint, https://gitea.<location-code>.<sovereign-domain>/api/v1/repos/<org>/platform/actions/dispatches (required when alerting is enabled).
         */
        url?: string;
        /**
         * Bearer token file Alertmanager reads (http_config.authorization.credentials_file).
         */
        credentialsFile?: string;
        /**
         * Secret with the same token, for the AlertmanagerConfig resource.
         */
        credentialsSecret?: {
          /**
           * Secret name (in the namespace of the object that references it).
           */
          name?: string;
          /**
           * Key inside the Secret.
           */
          key?: string;
        };
      };
      /**
       * Root route group_by.
       *
       * @minItems 1
       */
      groupBy?: [string, ...string[]];
      /**
       * Root route group_wait (handbook: 30s).
       */
      groupWait?: string;
      /**
       * group_wait of the critical route (handbook: 10s).
       */
      criticalGroupWait?: string;
      /**
       * Routes by namespace to their own automation repository (the handbook's cortex -> ai-oncall route).
       */
      namespaceRoutes?: {
        /**
         * Namespace label value matched.
         */
        namespace: string;
        /**
         * Receiver name.
         */
        receiver: string;
        /**
         * Dispatch endpoint of the namespace's repository.
         */
        url: string;
        /**
         * group_by of the route.
         *
         * @minItems 1
         */
        groupBy?: [string, ...string[]];
      }[];
      /**
       * The shipshape runbook's alert routing ownership matrix: alerts of namespace, by severity, routed before the automation routes (continue: true, so the automation still sees them).
       */
      matrix?: {
        /**
         * Namespace whose alerts the matrix routes (and of the AlertmanagerConfig).
         */
        namespace?: string;
        warning?: {
          /**
           * Alertmanager route/receiver of severity warning.
           */
          receiver?: string;
          /**
           * Slack channel.
           */
          slackChannel?: string;
        };
        critical?: {
          /**
           * Alertmanager route/receiver of severity critical.
           */
          receiver?: string;
          /**
           * PagerDuty service paged.
           */
          pagerDutyService?: string;
          /**
           * Incident bridge channel.
           */
          slackChannel?: string;
        };
      };
      /**
       * Slack incoming-webhook URL: a file for alertmanager.yaml (api_url_file), a Secret key for the AlertmanagerConfig.
       */
      slack?: {
        /**
         * File holding the webhook URL.
         */
        apiUrlFile?: string;
        /**
         * Secret key holding the webhook URL.
         */
        apiUrlSecret?: {
          /**
           * Secret name (in the namespace of the object that references it).
           */
          name?: string;
          /**
           * Key inside the Secret.
           */
          key?: string;
        };
      };
      /**
       * PagerDuty Events v2 routing key of the pagerDutyService: a file for alertmanager.yaml (routing_key_file), a Secret key for the AlertmanagerConfig.
       */
      pagerDuty?: {
        /**
         * File holding the routing key.
         */
        routingKeyFile?: string;
        /**
         * Secret key holding the routing key.
         */
        routingKeySecret?: {
          /**
           * Secret name (in the namespace of the object that references it).
           */
          name?: string;
          /**
           * Key inside the Secret.
           */
          key?: string;
        };
      };
    };
    /**
     * Catalyst components this environment runs, by the handbook's SLO sections: their SLO rules (§9) and Runbook objects (§4.2) are rendered. catalyst-control-plane (§9.1), ai-hub (bp-cortex, §9.2), open-banking (bp-fingate, §9.3), data-integration (bp-fabric, §9.4), communication (bp-relay, §9.5).
     */
    components?: ('catalyst-control-plane' | 'ai-hub' | 'open-banking' | 'data-integration' | 'communication')[];
    /**
     * Runbooks as resources (handbook §14): the Runbook CRD (catalyst.openova.io/v1alpha1) and one Runbook per row of the alert-to-action tables (§4.2) of the enabled components.
     */
    runbooks?: {
      /**
       * Render the CRD and the Runbook objects.
       */
      enabled?: boolean;
    };
    /**
     * URL of the docs/runbooks folder of this repository as served by the Git host; SLO and GPU alerts without a Runbook object link <runbookBaseUrl>/sre.md#<section>.
     */
    runbookBaseUrl?: string;
    /**
     * GPU operations (handbook §10): GPU workloads get the nodeSelector node.kubernetes.io/gpu: "true" and nvidia.com/gpu.product, and tolerate the nvidia.com/gpu taint; DCGM alerts. Only an environment that enables it renders GPU workloads.
     */
    gpu?: {
      /**
       * Render the GPU workloads and the DCGM alerts.
       */
      enabled?: boolean;
      /**
       * nvidia.com/gpu.product of the GPU nodes (handbook example NVIDIA-A10).
       */
      product?: string;
      /**
       * GPUUtilizationLow fires below this average utilisation for 15m (handbook §9.2: <30% for 15m).
       */
      utilizationLowPercent?: number;
      /**
       * GPUMemoryExhausted fires above this share of frame buffer used for 5m.
       */
      memoryExhaustedPercent?: number;
      /**
       * GPUTemperatureHigh fires above this temperature for 5m (thermal throttling).
       */
      temperatureCelsius?: number;
      /**
       * The vLLM inference server in the cortex namespace (handbook §10.3): a GPU workload.
       */
      inference?: {
        /**
         * Render vLLM (only with gpu.enabled).
         */
        enabled?: boolean;
        /**
         * Namespace of vLLM.
         */
        namespace?: string;
        /**
         * Model vLLM serves (a path under the model volume or a model id).
         */
        model?: string;
        /**
         * PersistentVolumeClaim with the pre-downloaded weights, mounted read-only at /models (handbook §7.2: pre-download model weights). Unset: no volume; vLLM downloads the model (not air-gap).
         */
        modelVolumeClaim?: string;
        /**
         * Replicas.
         */
        replicas?: number;
        /**
         * nvidia.com/gpu per replica.
         */
        gpusPerReplica?: number;
      };
    };
    /**
     * Air-gapped environment (handbook §7): every image is rewritten by digest to the internal Harbor registry, the allowed-registries rule must allow exactly that registry for this environment (policies/platform.yaml environments.<name>), and the offline kit lists every image digest the environment needs.
     */
    airGap?: {
      /**
       * Air-gapped.
       */
      enabled?: boolean;
      /**
       * Internal registry host and project path images are mirrored to (e.g. harbor.hel.acme.internal/mirror). Required when enabled.
       */
      registry?: string;
    };
    /**
     * Scheduled GDPR jobs (handbook §6) that call the gdpr-controller against the Applications' compliance API.
     */
    compliance?: {
      gdpr?: {
        /**
         * Render the GDPR CronJobs.
         */
        enabled?: boolean;
        /**
         * IANA time zone of the schedules.
         */
        timeZone?: string;
        /**
         * Schedule of the data subject request job (handbook: daily 02:00).
         */
        dataSubjectRequests?: string;
        /**
         * Schedule of the data retention job (handbook: weekly Sunday 03:00).
         */
        retention?: string;
        /**
         * Base URL of the compliance API the jobs call (Application Blueprints expose DSAR endpoints).
         */
        complianceApiUrl?: string;
      };
    };
  };
  /**
   * Applications the platform runs for its tenants, one per key: the app's name (a DNS label of at most 42 characters, since its objects add suffixes such as -virtualservice), the name of its Deployment, Service and every object it gets. The apps system renders each with the platform's secure defaults (restricted Pod Security, no service-account token, read-only root filesystem, a digest-pinned image from images.lock.json, default-deny NetworkPolicy) into the apps stage, after the platform that admits and observes it; its ServiceMonitor and alerts go to the monitoring stage.
   */
  apps?: {
    [k: string]: App | undefined;
  };
  /**
   * Plimsoll's own runtime components (src/runtime/, images built by `npm run build:images` and pinned in images.lock.json): the admission guard, which runs the validator's object rules, status integrity and the trusted-image check at admission time, and the runtime evidence bundler (runtime alignment §5). Both live in the plimsoll-system namespace.
   */
  runtimeComponents?: {
    /**
     * The admission guard: Deployment, Service, PodDisruptionBudget, cert-manager Certificate and ValidatingWebhookConfiguration plimsoll-admission-guard.
     */
    admissionGuard?: {
      /**
       * Render the guard and its webhook configuration.
       */
      enabled?: boolean;
      /**
       * Guard replicas; at least 2 so a drain or a crash never leaves a fail-closed webhook without a backend (the PodDisruptionBudget keeps one).
       */
      replicas?: number;
      /**
       * What the API server does when the guard cannot answer, for the enforced namespaces: Fail (deny; required in production) or Ignore (allow; lab only). Fail-open namespaces (runtime.webhook.failOpenNamespaces) always get their own Ignore entry.
       */
      failurePolicy?: 'Fail' | 'Ignore';
      /**
       * Webhook call timeout.
       */
      timeoutSeconds?: number;
      /**
       * Namespaces whose objects the guard judges. Absent: every namespace the platform renders, except plimsoll-system (the guard never gates its own namespace) and kube-system.
       */
      namespaces?: string[];
      /**
       * Object rules of the policy the guard does not run at admission. Default: schema, because the API server has already validated the object against its own (possibly newer) schema, and the bundled Kubernetes 1.28 schemas would deny fields added since.
       */
      skipRules?: string[];
      /**
       * Image digests trusted besides every digest in images.lock.json ("unsigned" → deny): sha256:<64 hex> or repository@sha256:<64 hex>, e.g. a mirrored sidecar image.
       */
      trustedImages?: string[];
      /**
       * cert-manager issuer of the guard's serving certificate. Absent: a self-signed Issuer plimsoll-admission-guard-selfsigned in plimsoll-system (the cainjector copies the certificate's CA into the webhook's caBundle).
       */
      certificateIssuer?: {
        kind: 'Issuer' | 'ClusterIssuer';
        name: string;
      };
    };
    /**
     * The runtime evidence bundler (runtime alignment §5): a CronJob merging scanner.entrytrace.ndjson and zastava.runtime.ndjson from a volume into offline/runtime/<runId>/ with a manifest.
     */
    evidenceBundler?: {
      /**
       * Render the CronJob.
       */
      enabled?: boolean;
      /**
       * Cron schedule (UTC).
       */
      schedule?: string;
      /**
       * Render the CronJob suspended (run it by hand with kubectl create job --from=cronjob/plimsoll-evidence-bundler).
       */
      suspend?: boolean;
      /**
       * PersistentVolumeClaim in plimsoll-system holding incoming/ (the two streams) and offline/runtime/ (the bundles); created outside Plimsoll, referenced by name.
       */
      claimName?: string;
      /**
       * Size limit of the scratch volume the external sort spills to (about the size of the input).
       */
      scratchGibibytes?: number;
    };
  };
}
/**
 * One app: its Deployment, Service, ServiceAccount and every other object are named after its key.
 *
 * This interface was referenced by `Environment`'s JSON-Schema
 * via the `definition` "app".
 */
export interface App {
  /**
   * Namespace the app runs in. The apps system creates it in the namespaces stage (restricted Pod Security; Istio injection with mesh) unless another system of the platform already renders it.
   */
  namespace: string;
  /**
   * The app's entry in images.lock.json (its key): the app runs that digest-pinned image, mirrored like every other for an air-gapped environment.
   */
  image: string;
  /**
   * Replicas. Default: 2 with replicaProfile ha, 1 with single. With 2 or more the app gets a PodDisruptionBudget (maxUnavailable 1) and spreads over nodes.
   */
  replicas?: number;
  /**
   * Ports the container listens on; the first is the app's main port (probes, ingress and monitoring use it unless told). 1024 or above: the app runs as a non-root user with no capabilities.
   *
   * @minItems 1
   */
  ports: [AppPort, ...AppPort[]];
  /**
   * Kubelet probes, on the first port unless told. The startup probe holds the others off while the app starts.
   */
  probes?: {
    startup?: AppProbe;
    liveness?: AppProbe1;
    readiness?: AppProbe2;
  };
  /**
   * Container requests and limits.
   */
  resources?: {
    cpuRequestMillis?: number;
    cpuLimitMillis?: number;
    memoryRequestMebibytes?: number;
    memoryLimitMebibytes?: number;
  };
  /**
   * Environment variables (name → value) from ConfigMap <app>-env; a change restarts the pods. Not for credentials: use secretEnv.
   */
  env?: {
    [k: string]: string | undefined;
  };
  /**
   * Secrets in the app's namespace (created outside Plimsoll, e.g. by External Secrets) whose keys become environment variables.
   */
  secretEnv?: string[];
  /**
   * Files (name → content) mounted read-only at mountPath from ConfigMap <app>-files; a change restarts the pods.
   */
  config?: {
    mountPath?: string;
    files: {
      [k: string]: string | undefined;
    };
  };
  /**
   * A public HTTPS host through the Istio ingress gateway: cert-manager Certificate <app>-cert, Gateway <app>-gateway and VirtualService <app>-virtualservice (and an ISTIO_MUTUAL DestinationRule with mesh); the NetworkPolicy admits the gateway on the port.
   */
  ingress?: {
    host: string;
    /**
     * Name of the port the host routes to. Default: the first port.
     */
    port?: string;
    certificateIssuer?: {
      kind?: 'ClusterIssuer' | 'Issuer';
      name?: string;
    };
  };
  /**
   * Other workloads that may connect: pods with podLabels in namespace (every pod of it when podLabels is empty), on the ports named (default: all of the app's ports). With mesh, the AuthorizationPolicy admits the namespace, or exactly serviceAccount's identity when given.
   */
  allowFrom?: {
    namespace: string;
    podLabels?: {
      [k: string]: string | undefined;
    };
    serviceAccount?: string;
    /**
     * @minItems 1
     */
    ports?: [string, ...string[]];
  }[];
  /**
   * Egress beyond cluster DNS (and istiod with mesh): pods with podLabels in namespace, or a CIDR, on the TCP ports given. Exactly one of namespace and cidr.
   */
  allowTo?: {
    namespace?: string;
    podLabels?: {
      [k: string]: string | undefined;
    };
    cidr?: string;
    /**
     * @minItems 1
     */
    ports: [number, ...number[]];
  }[];
  /**
   * Run in the Istio mesh: sidecar injection, STRICT mTLS and an ALLOW AuthorizationPolicy admitting exactly the ingress gateway, Prometheus (on /metrics) and allowFrom.
   */
  mesh?: boolean;
  /**
   * Prometheus: ServiceMonitor <app> on port and path, and PrometheusRule <app>-alerts (targets down, unavailable, degraded, restarting), the critical ones paging in a production tier.
   */
  monitoring?: {
    enabled?: boolean;
    /**
     * Name of the metrics port. Default: the first port.
     */
    port?: string;
    path?: string;
    /**
     * Where the alerts link to; each alert appends #<alert name, lower case>. Default: the shipped generic app runbook, <runtime.runbookBaseUrl>/apps.md.
     */
    runbookUrl?: string;
  };
}
/**
 * This interface was referenced by `Environment`'s JSON-Schema
 * via the `definition` "appPort".
 */
export interface AppPort {
  /**
   * Port name (an IANA service name: at most 15 lower-case letters, digits and dashes); Istio reads the protocol from its prefix (http-, grpc-, tcp-).
   */
  name: string;
  port: number;
  protocol?: 'TCP' | 'UDP';
}
/**
 * Startup probe: up to failureThreshold × periodSeconds to come up.
 */
export interface AppProbe {
  /**
   * HTTP GET path; an empty string probes the port with a TCP connection instead.
   */
  path?: string;
  /**
   * Name of the port probed. Default: the first port.
   */
  port?: string;
  periodSeconds?: number;
  timeoutSeconds?: number;
  failureThreshold?: number;
}
/**
 * Liveness probe: the kubelet restarts the container after failureThreshold failures.
 */
export interface AppProbe1 {
  /**
   * HTTP GET path; an empty string probes the port with a TCP connection instead.
   */
  path?: string;
  /**
   * Name of the port probed. Default: the first port.
   */
  port?: string;
  periodSeconds?: number;
  timeoutSeconds?: number;
  failureThreshold?: number;
}
/**
 * Readiness probe: the pod gets traffic only while it passes.
 */
export interface AppProbe2 {
  /**
   * HTTP GET path; an empty string probes the port with a TCP connection instead.
   */
  path?: string;
  /**
   * Name of the port probed. Default: the first port.
   */
  port?: string;
  periodSeconds?: number;
  timeoutSeconds?: number;
  failureThreshold?: number;
}
/**
 * A kubelet probe of the app: HTTP GET on path, or a TCP connection when path is empty.
 *
 * This interface was referenced by `Environment`'s JSON-Schema
 * via the `definition` "appProbe".
 */
export interface AppProbe3 {
  /**
   * HTTP GET path; an empty string probes the port with a TCP connection instead.
   */
  path?: string;
  /**
   * Name of the port probed. Default: the first port.
   */
  port?: string;
  periodSeconds?: number;
  timeoutSeconds?: number;
  failureThreshold?: number;
}
