/**
 * The one way Plimsoll talks to a cluster: @kubernetes/client-node 1.x (2.x does not load on Node 20) with the
 * user's kubeconfig and an explicit context. Its KubernetesObjectApi gives discovery, authentication (tokens, client
 * certificates, exec and OIDC plugins) and TLS; the subclass here adds a timeout and retries with backoff to every
 * request, keeps answers as plain JSON (the library's typed deserialization drops fields it does not know and turns
 * timestamps into Dates, which a diff must not see) and turns failures into messages a person can act on.
 *
 * Read-only by construction: the client can get, list and send server-side apply requests that always carry
 * dryRun=All. Nothing here can write to a cluster.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type * as K8s from '@kubernetes/client-node' with { 'resolution-mode': 'import' };
import { InputError } from '../lib/errors';
import { ApiStatusError, ClusterError, describeRequest, type RequestDescription } from './errors';
import { boundedHttpLibrary, DEFAULT_RESPONSE_LIMITS, type AnsweredResponse, type ResponseLimits } from './bounded-http';
import { checkListPage, checkObject, checkResourceList, excerpt, MalformedResponseError } from './response-shape';
import { DEFAULT_RETRY_POLICY, TRANSIENT_NETWORK_CODES, TRANSIENT_STATUS, describeApiRequest, parseRetryAfter, retryDelay, type RetryPolicy } from './retry';

/** A Kubernetes object as JSON. Nothing about a live object is trusted: read fields defensively. */
export type JsonObject = Record<string, unknown>;

export interface ObjectHeader {
  readonly apiVersion: string;
  readonly kind: string;
  /** Empty or undefined for cluster-scoped objects. */
  readonly namespace?: string;
  readonly name: string;
}

export interface ConnectOptions {
  /** The kubeconfig context to use; required so an environment is never checked against the wrong cluster. */
  readonly context: string;
  /**
   * Kubeconfig file.
   * @default - $KUBECONFIG (its files merged), else ~/.kube/config
   */
  readonly kubeconfig?: string;
  /**
   * Timeouts, retries and backoff.
   * @default DEFAULT_RETRY_POLICY
   */
  readonly policy?: Partial<RetryPolicy>;
  /**
   * Limits on what the API server may send: response size, pages and items per list.
   * @default DEFAULT_RESPONSE_LIMITS (64 MiB per response, 10,000 pages and 1,000,000 items per list)
   */
  readonly limits?: Partial<ResponseLimits>;
}

export interface ListOptions {
  readonly namespace?: string;
  readonly labelSelector?: string;
}

/** The kind is not served by the cluster (its CRD is not installed, or the API group/version does not exist). */
export class KindNotServedError extends Error {
  constructor(
    readonly apiVersion: string,
    readonly kind: string,
  ) {
    super(`the cluster does not serve ${apiVersion} ${kind}`);
    this.name = 'KindNotServedError';
  }
}

export interface ClusterClient {
  readonly context: string;
  /** The API server URL from the kubeconfig. */
  readonly server: string;
  /** The kubeconfig user of the context. */
  readonly user: string;
  /** Whether the API server serves the kind (discovery, cached per group version). */
  serves(apiVersion: string, kind: string): Promise<boolean>;
  /** The live object, or null when it does not exist (404). Throws KindNotServedError when the kind is not served. */
  get(ref: ObjectHeader): Promise<JsonObject | null>;
  /** Every object of a kind (paged), in a namespace or cluster-wide. */
  list(apiVersion: string, kind: string, options?: ListOptions): Promise<JsonObject[]>;
  /** Server-side apply with dryRun=All and force: what the object would become. Nothing is persisted. */
  dryRunApply(object: JsonObject, fieldManager: string): Promise<JsonObject>;
}

const LIST_PAGE = 500;

function statusOf(body: unknown): { reason: string; message: string; causes: ApiStatusError['causes'] } {
  if (body && typeof body === 'object') {
    const s = body as { reason?: unknown; message?: unknown; details?: { causes?: unknown } };
    const causes = Array.isArray(s.details?.causes) ? (s.details!.causes as ApiStatusError['causes']) : [];
    return { reason: typeof s.reason === 'string' ? s.reason : '', message: typeof s.message === 'string' ? s.message : '', causes };
  }
  const text = typeof body === 'string' ? body.trim().split('\n')[0].slice(0, 300) : '';
  return { reason: '', message: text, causes: [] };
}

function header(headers: Record<string, string> | undefined, name: string): string | undefined {
  if (!headers) return undefined;
  const key = Object.keys(headers).find((k) => k.toLowerCase() === name);
  return key === undefined ? undefined : headers[key];
}

const TLS_CODES = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS|SSL|EPROTO/;

function kubeconfigFiles(explicit: string | undefined): string {
  if (explicit) return explicit;
  return process.env.KUBECONFIG || join(homedir(), '.kube', 'config');
}

/** Loads the kubeconfig, selects the context and returns a read-only client. Throws ClusterError/InputError with a clear message. */
export async function connect(options: ConnectOptions): Promise<ClusterClient> {
  const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...options.policy };
  const limits: ResponseLimits = { ...DEFAULT_RESPONSE_LIMITS, ...options.limits };
  for (const [k, v] of Object.entries(limits)) {
    if (!Number.isInteger(v) || v <= 0) throw new InputError(`limits.${k} must be a positive integer, got ${v}`);
  }
  const k8s: typeof K8s = await import('@kubernetes/client-node');
  const kc = new k8s.KubeConfig();
  const files = kubeconfigFiles(options.kubeconfig);
  try {
    if (options.kubeconfig) {
      if (!existsSync(options.kubeconfig)) throw new InputError(`kubeconfig ${options.kubeconfig} does not exist`);
      kc.loadFromFile(options.kubeconfig);
    } else {
      const present = files.split(process.platform === 'win32' ? ';' : ':').filter((f) => f && existsSync(f));
      if (!present.length)
        throw new InputError(
          `no kubeconfig found (${process.env.KUBECONFIG ? `KUBECONFIG=${process.env.KUBECONFIG}` : '~/.kube/config'} does not exist); pass --kubeconfig FILE or set KUBECONFIG`,
        );
      kc.loadFromDefault();
    }
  } catch (err) {
    if (err instanceof InputError) throw err;
    throw new InputError(`cannot read kubeconfig ${files}: ${(err as Error).message.split('\n')[0]}`);
  }
  const contexts = kc.getContexts().map((c) => c.name);
  const context = kc.getContextObject(options.context);
  if (!context) throw new InputError(`unknown context "${options.context}" in kubeconfig ${files} (contexts: ${contexts.join(', ') || 'none'})`);
  kc.setCurrentContext(options.context);
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new InputError(`context "${options.context}" names cluster "${context.cluster}", which kubeconfig ${files} does not define`);
  const user = kc.getCurrentUser()?.name ?? context.user ?? '';
  const server = cluster.server;
  const where = `the API server at ${server} (context "${options.context}")`;

  const fail = (request: RequestDescription, err: unknown, attempts: number): Error => {
    // Already a message about this request (response too large, malformed answer).
    if (err instanceof ClusterError) return err;
    if (err instanceof k8s.ApiException) {
      const code = (err as { code: number }).code;
      const { reason, message, causes } = statusOf((err as { body: unknown }).body);
      if (code === 401) {
        return new ClusterError(
          `${where} rejected the credentials of user "${user}" (401 Unauthorized${message ? `: ${message}` : ''}); they may have expired: log in again or refresh the token, then retry`,
        );
      }
      if (code === 403) {
        const can = request.resource
          ? `kubectl auth can-i ${request.verb} ${request.resource}${request.namespace ? ` -n ${request.namespace}` : ''} --context ${options.context}`
          : '';
        return new ClusterError(
          `forbidden: user "${user}" (context "${options.context}") may not ${describeRequest(request)} (403${message ? `; the API server said: ${message}` : ''}). ` +
            `Plimsoll needs RBAC that allows ${request.verb} on ${request.resource || request.path}${can ? `; check with \`${can}\`` : ''}`,
        );
      }
      if (TRANSIENT_STATUS.has(code)) {
        return new ClusterError(
          `${where} kept failing: ${describeRequest(request)} answered ${code}${reason ? ` ${reason}` : ''}${message ? `: ${message}` : ''} (${attempts} attempt${attempts === 1 ? '' : 's'})`,
        );
      }
      return new ApiStatusError(code, reason, message, request, causes);
    }
    const e = err as { name?: string; type?: string; code?: string; message?: string };
    if (e.name === 'AbortError' || e.type === 'aborted' || e.type === 'request-timeout') {
      return new ClusterError(
        `${where} did not answer ${describeRequest(request)} within ${policy.timeoutMs / 1000}s (${attempts} attempt${attempts === 1 ? '' : 's'}); check the cluster is reachable (VPN, proxy) or raise --request-timeout`,
      );
    }
    if (e.name === 'FetchError' || e.type === 'system') {
      const reason = (e.message ?? '').replace(/^request to \S+ failed, reason: /, '');
      if (e.code && TLS_CODES.test(e.code)) {
        return new ClusterError(
          `TLS with ${where} failed: ${reason} (${e.code}); check certificate-authority(-data) of cluster "${context.cluster}" in the kubeconfig`,
        );
      }
      return new ClusterError(
        `cannot reach ${where}: ${reason}${e.code && !reason.includes(e.code) ? ` (${e.code})` : ''}; check the cluster is up and the address is right (\`kubectl --context ${options.context} cluster-info\`)`,
      );
    }
    // Thrown before any request was sent: the kubeconfig's auth provider or exec plugin could not produce credentials.
    return new ClusterError(`cannot get credentials for user "${user}" (context "${options.context}"): ${(e.message ?? String(err)).split('\n')[0]}`);
  };

  const retriable = (err: unknown): { retryAfterMs?: number; why: string } | undefined => {
    if (err instanceof k8s.ApiException) {
      const code = (err as { code: number }).code;
      if (!TRANSIENT_STATUS.has(code)) return undefined;
      const retryAfter =
        code === 429 || code === 503 ? parseRetryAfter(header((err as { headers: Record<string, string> }).headers, 'retry-after')) : undefined;
      return { retryAfterMs: retryAfter, why: `${code}` };
    }
    const e = err as { name?: string; type?: string; code?: string };
    if (e.name === 'AbortError' || e.type === 'aborted' || e.type === 'request-timeout') return { why: 'timed out' };
    if ((e.name === 'FetchError' || e.type === 'system') && e.code && TRANSIENT_NETWORK_CODES.has(e.code)) return { why: e.code };
    return undefined;
  };

  class PlainObjectApi extends k8s.KubernetesObjectApi {
    static make(config: K8s.KubeConfig, serverUrl: string): PlainObjectApi {
      // As KubeConfig.makeApiClient, with the HTTP layer that enforces the response-size limit.
      const api = new PlainObjectApi(
        k8s.createConfiguration({
          baseServer: new k8s.ServerConfiguration(serverUrl, {}),
          authMethods: { default: config },
          httpApi: k8s.wrapHttpLibrary(boundedHttpLibrary(k8s, limits.maxResponseBytes)),
        }),
      );
      api.setDefaultNamespace(config);
      return api;
    }

    /** Every request: a fresh timeout per attempt, retries with backoff on transient failures, clear errors. */
    protected override async requestPromise<T extends K8s.KubernetesObject>(ctx: K8s.RequestContext, type?: string, opts?: K8s.Configuration): Promise<T> {
      const request = describeApiRequest(String(ctx.getHttpMethod()), ctx.getUrl());
      for (let attempt = 0; ; attempt++) {
        ctx.setSignal(AbortSignal.timeout(policy.timeoutMs) as unknown as Parameters<K8s.RequestContext['setSignal']>[0]);
        try {
          return await super.requestPromise<T>(ctx, type, opts);
        } catch (err) {
          const retry = retriable(err);
          if (!retry || attempt >= policy.retries) throw fail(request, err, attempt + 1);
          const delay = retryDelay(policy, attempt, retry.retryAfterMs);
          policy.onRetry?.(
            `${describeRequest(request)}: ${retry.why}${retry.retryAfterMs !== undefined ? ' (Retry-After)' : ''}, retrying in ${(delay / 1000).toFixed(1)}s (attempt ${attempt + 2} of ${policy.retries + 1})`,
          );
          await policy.sleep(delay);
        }
      }
    }

    /** Plain JSON: no typed deserialization (it drops unknown fields and turns timestamps into Dates). */
    protected override async processResponse<T extends K8s.KubernetesObject>(response: K8s.ResponseContext): Promise<T> {
      const text = await response.body.text();
      if (response.httpStatusCode >= 200 && response.httpStatusCode <= 299) {
        if (!text) return {} as T;
        try {
          return JSON.parse(text) as T;
        } catch (err) {
          const r = response as AnsweredResponse;
          const u = new URL(r.requestUrl);
          const contentType = header(response.headers, 'content-type') ?? 'none';
          throw new MalformedResponseError(
            `${r.requestMethod} ${u.pathname}`,
            `the body is not JSON (${(err as Error).message}): ${response.httpStatusCode}, content-type ${contentType}, ${Buffer.byteLength(text)} bytes starting ${excerpt(text)}`,
          );
        }
      }
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {
        // not JSON: keep the text
      }
      throw new k8s.ApiException(response.httpStatusCode, 'Unsuccessful HTTP Request', body, response.headers);
    }

    /** Discovery, cached per group version; undefined when the group version or the kind is not served. */
    async resourceOf(apiVersion: string, kind: string): Promise<K8s.V1APIResource | undefined> {
      const find = (list: K8s.V1APIResourceList | undefined) => list?.resources?.find((r) => r.kind === kind && !r.name.includes('/'));
      const cached = find(this.apiVersionResourceCache[apiVersion]);
      if (cached) return cached;
      try {
        const path = this.apiVersionPath(apiVersion);
        const list = checkResourceList(await this.send('GET', path, {}), `GET ${path}`);
        this.apiVersionResourceCache[apiVersion] = list;
        return find(list);
      } catch (err) {
        if (err instanceof ApiStatusError && err.status === 404) return undefined;
        throw err;
      }
    }

    async path(ref: ObjectHeader, action: 'read' | 'list' | 'patch'): Promise<string> {
      if (!(await this.resourceOf(ref.apiVersion, ref.kind))) throw new KindNotServedError(ref.apiVersion, ref.kind);
      const spec = { apiVersion: ref.apiVersion, kind: ref.kind, metadata: { name: ref.name, ...(ref.namespace ? { namespace: ref.namespace } : {}) } };
      return this.specUriPath(spec, action);
    }

    async send(method: 'GET' | 'PATCH', path: string, query: Record<string, string>, body?: { contentType: string; text: string }): Promise<JsonObject> {
      const ctx = this.configuration.baseServer.makeRequestContext(path, method as K8s.HttpMethod);
      ctx.setHeaderParam('Accept', 'application/json');
      for (const [k, v] of Object.entries(query)) ctx.setQueryParam(k, v);
      if (body) {
        ctx.setHeaderParam('Content-Type', body.contentType);
        ctx.setBody(body.text);
      }
      return this.requestPromise(ctx) as Promise<JsonObject>;
    }
  }

  const api = PlainObjectApi.make(kc, server);
  /** `GET /api/v1/namespaces/x/pods (list pods in namespace "x")`: for messages about an answer. */
  const requestName = (method: string, path: string) => {
    const r = describeApiRequest(method, new URL(path, server).toString());
    return `${method} ${r.path}${r.resource ? ` (${describeRequest(r)})` : ''}`;
  };
  return {
    context: options.context,
    server,
    user,
    async serves(apiVersion, kind) {
      return (await api.resourceOf(apiVersion, kind)) !== undefined;
    },
    async get(ref) {
      try {
        const path = await api.path(ref, 'read');
        return checkObject(await api.send('GET', path, {}), requestName('GET', path));
      } catch (err) {
        if (err instanceof ApiStatusError && err.status === 404) return null;
        throw err;
      }
    },
    async list(apiVersion, kind, opts = {}) {
      const path = await api.path({ apiVersion, kind, namespace: opts.namespace, name: '' }, 'list');
      const what = describeRequest(describeApiRequest('GET', new URL(path, server).toString()));
      const items: JsonObject[] = [];
      // Hashes of the continue tokens followed: a server that hands one back again would page forever.
      const seen = new Set<string>();
      let token = '';
      for (let pages = 1; ; pages++) {
        const query: Record<string, string> = { limit: String(LIST_PAGE) };
        if (opts.labelSelector) query.labelSelector = opts.labelSelector;
        if (token) query.continue = token;
        const page = checkListPage(await api.send('GET', path, query), requestName('GET', path));
        if (items.length + page.items.length > limits.maxListItems) {
          throw new ClusterError(
            `the API server returned more than ${limits.maxListItems} items for ${what} (page ${pages}); stopping (the limit is maxListItems)`,
          );
        }
        for (const item of page.items) items.push(item);
        token = page.continueToken;
        if (!token) return items;
        const hash = createHash('sha256').update(token).digest('hex');
        if (seen.has(hash))
          throw new ClusterError(`the API server returned continue token ${excerpt(token, 80)} again after page ${pages} for ${what}; stopping`);
        seen.add(hash);
        if (pages >= limits.maxListPages) {
          throw new ClusterError(`the API server was still returning continue tokens after ${pages} pages for ${what}; stopping (the limit is maxListPages)`);
        }
      }
    },
    async dryRunApply(object, fieldManager) {
      const m = (object.metadata ?? {}) as { name?: string; namespace?: string };
      const path = await api.path(
        { apiVersion: String(object.apiVersion), kind: String(object.kind), namespace: m.namespace, name: String(m.name ?? '') },
        'patch',
      );
      const answer = await api.send(
        'PATCH',
        path,
        { dryRun: 'All', fieldManager, force: 'true' },
        { contentType: 'application/apply-patch+yaml', text: JSON.stringify(object) },
      );
      return checkObject(answer, requestName('PATCH', path));
    },
  };
}
