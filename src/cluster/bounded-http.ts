/**
 * The HTTP layer under the Kubernetes client: node's http(s) with the agent the kubeconfig configured (CA, client
 * certificate, proxy), and a byte counter on the body. The library's default (node-fetch) buffers whatever the
 * server sends; a hostile or broken API server can send gigabytes. Here a body above the limit is refused (at once
 * when Content-Length says so, else as soon as the count passes it) and the connection is dropped.
 */
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { createHash } from 'node:crypto';
import { createGunzip, createInflate } from 'node:zlib';
import type { Readable } from 'node:stream';
import type * as K8s from '@kubernetes/client-node' with { 'resolution-mode': 'import' };
import { ClusterError, describeRequest } from './errors';
import { describeApiRequest } from './retry';

/** Limits on what the API server may send back. */
export interface ResponseLimits {
  /** Largest response body (after decompression), in bytes. */
  readonly maxResponseBytes: number;
  /** Most pages one list may take (continue tokens followed). */
  readonly maxListPages: number;
  /** Most items one list may return, over all its pages. */
  readonly maxListItems: number;
}

export const DEFAULT_RESPONSE_LIMITS: ResponseLimits = {
  maxResponseBytes: 64 * 1024 * 1024,
  maxListPages: 10_000,
  maxListItems: 1_000_000,
};

/** `64 MiB`, `512 KiB`, `100 bytes`. */
export function formatBytes(n: number): string {
  if (n >= 1024 * 1024 && n % (1024 * 1024) === 0) return `${n / (1024 * 1024)} MiB`;
  if (n >= 1024 && n % 1024 === 0) return `${n / 1024} KiB`;
  return `${n} bytes`;
}

/** Shaped like node-fetch's FetchError (name, type 'system', code), which the client's error messages read. */
class NetworkError extends Error {
  readonly type = 'system';
  constructor(
    url: string,
    readonly code: string | undefined,
    reason: string,
  ) {
    super(`request to ${url} failed, reason: ${reason}`);
    this.name = 'FetchError';
  }
}

/** A response the client could act on, plus the request it answers (for messages about a bad body). */
export interface AnsweredResponse extends K8s.ResponseContext {
  readonly requestMethod: string;
  readonly requestUrl: string;
}

/**
 * The client makes a new https.Agent for every request (without keep-alive), so every request paid a TLS
 * handshake: 193 of them for one `verify`. Requests with the same TLS settings share one keep-alive agent instead
 * (idle sockets do not keep the process alive). Proxy agents, and agents with settings other than these, are used as given.
 */
function keepAliveAgents(): (agent: unknown) => unknown {
  const pooled = new Map<string, HttpsAgent>();
  const TLS_KEYS = ['ca', 'cert', 'key', 'pfx', 'passphrase', 'rejectUnauthorized', 'servername'];
  return (agent) => {
    if (!(agent instanceof HttpsAgent) || agent.constructor !== HttpsAgent) return agent;
    const options = (agent as HttpsAgent & { options: Record<string, unknown> }).options;
    if (Object.keys(options).some((k) => options[k] !== undefined && !TLS_KEYS.includes(k) && k !== 'path' && k !== 'noDelay')) return agent;
    const key = createHash('sha256')
      .update(JSON.stringify(TLS_KEYS.map((k) => options[k] ?? null)))
      .digest('hex');
    let shared = pooled.get(key);
    if (!shared) {
      shared = new HttpsAgent({ ...options, keepAlive: true });
      pooled.set(key, shared);
    }
    return shared;
  };
}

export function boundedHttpLibrary(k8s: typeof K8s, maxBytes: number): K8s.PromiseHttpLibrary {
  const agentFor = keepAliveAgents();
  return {
    send(ctx: K8s.RequestContext): Promise<K8s.ResponseContext> {
      const url = ctx.getUrl();
      const method = String(ctx.getHttpMethod());
      const tooLarge = (size: string) =>
        new ClusterError(
          `the API server's answer to ${describeRequest(describeApiRequest(method, url))} is ${size}, over the ${formatBytes(maxBytes)} response limit; refusing it`,
        );
      return new Promise((resolve, reject) => {
        const body = ctx.getBody();
        const headers: Record<string, string> = { ...ctx.getHeaders(), 'Accept-Encoding': 'gzip, deflate' };
        if (typeof body === 'string') headers['Content-Length'] = String(Buffer.byteLength(body));
        const send = url.startsWith('https:') ? httpsRequest : httpRequest;
        const signal = ctx.getSignal() as AbortSignal | undefined;
        let settled = false;
        const finish = (fn: () => void) => {
          if (settled) return;
          settled = true;
          fn();
        };
        const req = send(url, { method, headers, agent: agentFor(ctx.getAgent()) as HttpsAgent | undefined, signal }, (res: IncomingMessage) => {
          const declared = Number(res.headers['content-length']);
          const encoding = String(res.headers['content-encoding'] ?? '').toLowerCase();
          if (!encoding && Number.isFinite(declared) && declared > maxBytes) {
            finish(() => reject(tooLarge(`${formatBytes(declared)} (Content-Length)`)));
            res.destroy();
            req.destroy();
            return;
          }
          let stream: Readable = res;
          if (encoding === 'gzip' || encoding === 'x-gzip') stream = res.pipe(createGunzip());
          else if (encoding === 'deflate') stream = res.pipe(createInflate());
          const chunks: Buffer[] = [];
          let size = 0;
          stream.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size > maxBytes) {
              chunks.length = 0;
              // Settle first: destroying the response emits 'aborted' at once.
              finish(() => reject(tooLarge(`more than ${formatBytes(maxBytes)}`)));
              res.destroy();
              req.destroy();
              stream.destroy();
              return;
            }
            chunks.push(chunk);
          });
          stream.on('error', (err: Error & { code?: string }) => {
            finish(() => reject(err.name === 'AbortError' ? err : new NetworkError(url, err.code, err.message)));
          });
          res.on('aborted', () => finish(() => reject(new NetworkError(url, 'ECONNRESET', 'the connection closed before the answer was complete'))));
          stream.on('end', () => {
            const buffer = Buffer.concat(chunks);
            const responseHeaders: Record<string, string> = {};
            for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) responseHeaders[k] = Array.isArray(v) ? v.join(', ') : v;
            const response = new k8s.ResponseContext(res.statusCode ?? 0, responseHeaders, {
              text: async () => buffer.toString('utf8'),
              binary: async () => buffer,
            });
            finish(() => resolve(Object.assign(response, { requestMethod: method, requestUrl: url })));
          });
        });
        req.on('error', (err: Error & { code?: string }) => {
          finish(() => reject(err.name === 'AbortError' ? err : new NetworkError(url, err.code, err.message)));
        });
        if (typeof body === 'string') req.write(body);
        else if (body !== undefined) {
          req.destroy();
          return finish(() => reject(new Error(`internal: request bodies other than strings are not supported (${method} ${url})`)));
        }
        req.end();
      });
    },
  };
}
