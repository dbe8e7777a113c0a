/**
 * Timeouts and retries for API requests. Transient answers (429 Too Many Requests, 500/502/503/504, a request that
 * timed out or a connection reset) are retried with exponential backoff and jitter; a 429's Retry-After is honoured
 * (capped). Everything else fails at once: retrying a 403 or a refused connection only delays the message.
 */
import type { RequestDescription } from './errors';

export interface RetryPolicy {
  /** Per-request timeout (the whole answer, body included). */
  readonly timeoutMs: number;
  /** Attempts after the first. */
  readonly retries: number;
  /** First backoff; doubles per attempt. */
  readonly backoffMs: number;
  readonly maxBackoffMs: number;
  /** Longest Retry-After honoured; longer asks are capped. */
  readonly maxRetryAfterMs: number;
  /** Injected in tests. */
  readonly sleep: (ms: number) => Promise<void>;
  /** Told before each retry (the CLI prints it to stderr). */
  readonly onRetry?: (message: string) => void;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  timeoutMs: 15_000,
  retries: 4,
  backoffMs: 500,
  maxBackoffMs: 8_000,
  maxRetryAfterMs: 30_000,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export const TRANSIENT_STATUS: ReadonlySet<number> = new Set([429, 500, 502, 503, 504]);

/** Socket errors worth another attempt; a refused connection or an unknown host is not (the cluster is unreachable). */
export const TRANSIENT_NETWORK_CODES: ReadonlySet<string> = new Set(['ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EAI_AGAIN', 'ECONNABORTED']);

/** Retry-After as delta-seconds or an HTTP date, in ms; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** Delay before retry number `attempt` (0-based): Retry-After when the server gave one, else capped exponential with jitter. */
export function retryDelay(policy: RetryPolicy, attempt: number, retryAfterMs?: number, random = Math.random): number {
  if (retryAfterMs !== undefined) return Math.min(retryAfterMs, policy.maxRetryAfterMs);
  const ceiling = Math.min(policy.maxBackoffMs, policy.backoffMs * 2 ** attempt);
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/** RBAC terms of an API request (verb, resource with its group, namespace, name) from its method and URL. */
export function describeApiRequest(method: string, url: string): RequestDescription {
  const u = new URL(url);
  const path = u.pathname;
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  let group = '';
  let rest: string[];
  if (parts[0] === 'api' && parts.length >= 2) rest = parts.slice(2);
  else if (parts[0] === 'apis' && parts.length >= 3) {
    group = parts[1];
    rest = parts.slice(3);
  } else return { verb: method.toLowerCase(), resource: '', namespace: '', name: '', path };
  if (!rest.length) return { verb: method.toLowerCase(), resource: '', namespace: '', name: '', path };
  let namespace = '';
  if (rest[0] === 'namespaces' && rest.length >= 3) {
    namespace = rest[1];
    rest = rest.slice(2);
  }
  const [plural, name = '', sub] = rest;
  const resource = `${sub ? `${plural}/${sub}` : plural}${group ? `.${group}` : ''}`;
  const verbs: Record<string, string> = {
    GET: name ? 'get' : u.searchParams.get('watch') === 'true' ? 'watch' : 'list',
    PATCH: 'patch',
    POST: 'create',
    PUT: 'update',
    DELETE: 'delete',
  };
  return { verb: verbs[method.toUpperCase()] ?? method.toLowerCase(), resource, namespace, name, path };
}
