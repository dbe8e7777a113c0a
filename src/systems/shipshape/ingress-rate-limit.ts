import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { ISTIO_INGRESS_GATEWAY } from '../../constructs/common/external-peers';

export interface TokenBucket {
  /**
   * Bucket size: how many requests may burst.
   * @default 120
   */
  readonly maxTokens?: number;
  /**
   * Tokens added per fill interval.
   * @default 120
   */
  readonly tokensPerFill?: number;
  /**
   * Fill interval in seconds.
   * @default 60
   */
  readonly fillIntervalSeconds?: number;
}

export interface IngressRateLimitProps {
  /**
   * Public hosts served by the gateway on HTTPS; each gets its own bucket. Pass the hosts of the Gateways
   * (`HelloworldIngress.host`), never a separate list: the vhost names are derived from them.
   */
  readonly hosts: readonly string[];
  /**
   * Gateway server port the hosts are served on; Istio names gateway virtual hosts `<host>:<port>`.
   * @default 443
   */
  readonly port?: number;
  /**
   * The token bucket, per host per ingress-gateway pod.
   * @default - 120 requests per 60 s (runbook: Validate Ingress Rate Limiting)
   */
  readonly tokenBucket?: TokenBucket;
  /**
   * Response header added to a rate-limited (429) response.
   * @default { name: 'x-shipshape-ratelimited', value: 'true' }
   */
  readonly limitedHeader?: { readonly name: string; readonly value: string };
  /**
   * EnvoyFilter name.
   * @default 'helloworld-ingress-ratelimit'
   */
  readonly name?: string;
  /**
   * Namespace of the ingress gateway (an EnvoyFilter applies to workloads in its own namespace).
   * @default 'istio-system'
   */
  readonly namespace?: string;
  /**
   * Pod labels of the ingress gateway workload.
   * @default { istio: 'ingressgateway' }
   */
  readonly gatewayLabels?: Readonly<Record<string, string>>;
  /**
   * Extra metadata labels (platform labels).
   * @default - none
   */
  readonly labels?: Record<string, string>;
}

const LOCAL_RATELIMIT_FILTER = 'envoy.filters.http.local_ratelimit';
const LOCAL_RATELIMIT_TYPE = 'type.googleapis.com/envoy.extensions.filters.http.local_ratelimit.v3.LocalRateLimit';
const TYPED_STRUCT = 'type.googleapis.com/udpa.type.v1.TypedStruct';
const STAT_PREFIX = 'http_local_rate_limiter';
const HUNDRED_PERCENT = { numerator: 100, denominator: 'HUNDRED' };

/** The Istio virtual host name of `host` on a gateway server port: what `routeConfiguration.vhost.name` must match. */
export function gatewayVhostName(host: string, port = 443): string {
  return `${host}:${port}`;
}

/**
 * Istio ingress local rate limiting (runbook: Validate Ingress Rate Limiting): the Envoy local_ratelimit filter on
 * the gateway's HTTP connection manager, and per virtual host a token bucket (so each host is limited on its own,
 * per gateway pod) that answers 429 with the marker header. The vhost names are derived from `hosts`, so renaming a
 * host in the environment moves the limit with it instead of silently disabling it.
 */
export class IngressRateLimit extends Construct {
  public readonly name: string;
  public readonly vhostNames: readonly string[];

  constructor(scope: Construct, id: string, props: IngressRateLimitProps) {
    super(scope, id);
    const hosts = [...new Set(props.hosts)];
    if (!hosts.length) throw new Error(`${id}: hosts is empty; pass the Gateway hosts whose traffic is rate limited`);
    for (const host of hosts) {
      if (host.includes(':') || host.includes('/'))
        throw new Error(`${id}: host "${host}" must be a bare host name (no port, no namespace/); the port comes from props.port`);
    }
    const port = props.port ?? 443;
    const maxTokens = props.tokenBucket?.maxTokens ?? 120;
    const tokensPerFill = props.tokenBucket?.tokensPerFill ?? 120;
    const fillIntervalSeconds = props.tokenBucket?.fillIntervalSeconds ?? 60;
    for (const [k, v] of Object.entries({ maxTokens, tokensPerFill, fillIntervalSeconds })) {
      if (!Number.isInteger(v) || v < 1) throw new Error(`${id}: tokenBucket.${k} must be a positive integer, got ${v}`);
    }
    const header = props.limitedHeader ?? { name: 'x-shipshape-ratelimited', value: 'true' };
    this.name = props.name ?? 'helloworld-ingress-ratelimit';
    this.vhostNames = hosts.map((h) => gatewayVhostName(h, port));

    const bucket = {
      stat_prefix: STAT_PREFIX,
      token_bucket: { max_tokens: maxTokens, tokens_per_fill: tokensPerFill, fill_interval: `${fillIntervalSeconds}s` },
      filter_enabled: { runtime_key: 'local_rate_limit_enabled', default_value: HUNDRED_PERCENT },
      filter_enforced: { runtime_key: 'local_rate_limit_enforced', default_value: HUNDRED_PERCENT },
      response_headers_to_add: [{ append_action: 'OVERWRITE_IF_EXISTS_OR_ADD', header: { key: header.name, value: header.value } }],
    };

    new ApiObject(this, 'Resource', {
      apiVersion: 'networking.istio.io/v1alpha3',
      kind: 'EnvoyFilter',
      metadata: { name: this.name, namespace: props.namespace ?? 'istio-system', labels: props.labels },
      spec: {
        workloadSelector: { labels: { ...(props.gatewayLabels ?? ISTIO_INGRESS_GATEWAY.podLabels) } },
        configPatches: [
          {
            // The filter itself, inert until a virtual host configures a bucket for it.
            applyTo: 'HTTP_FILTER',
            match: {
              context: 'GATEWAY',
              listener: {
                filterChain: { filter: { name: 'envoy.filters.network.http_connection_manager', subFilter: { name: 'envoy.filters.http.router' } } },
              },
            },
            patch: {
              operation: 'INSERT_BEFORE',
              value: {
                name: LOCAL_RATELIMIT_FILTER,
                typed_config: { '@type': TYPED_STRUCT, type_url: LOCAL_RATELIMIT_TYPE, value: { stat_prefix: STAT_PREFIX } },
              },
            },
          },
          ...this.vhostNames.map((vhost) => ({
            applyTo: 'VIRTUAL_HOST',
            match: { context: 'GATEWAY', routeConfiguration: { portNumber: port, vhost: { name: vhost } } },
            patch: {
              operation: 'MERGE',
              value: { typed_per_filter_config: { [LOCAL_RATELIMIT_FILTER]: { '@type': TYPED_STRUCT, type_url: LOCAL_RATELIMIT_TYPE, value: bucket } } },
            },
          })),
        ],
      },
    });
  }
}
