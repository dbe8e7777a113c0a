/**
 * The guard's HTTPS server: AdmissionReview endpoints `/validate` (object rules and trusted images) and
 * `/validate/status-integrity`, plus `/healthz`, `/readyz` and `/metrics` (also on a plain HTTP port for
 * Prometheus). Bad input never reaches the decision code and never takes the process down: every malformed,
 * oversized, slow or aborted request gets a clear 4xx (or is closed) and is counted.
 */
import { createServer as createHttpServer, type IncomingMessage, type Server as HttpServer, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { PLIMSOLL_VERSION } from '../../version';
import { boundText, Logger } from '../lib/log';
import { Counter, Gauge, Histogram, PROMETHEUS_CONTENT_TYPE, Registry } from '../lib/metrics';
import { readKeyPair, TlsFiles } from '../lib/tls-files';
import type { GuardConfig } from './config';
import { Guard, type AdmissionRequest, type Decision, type GuardLimits } from './decide';
import { admissionResponse, parseEnvelope, statusBody } from './review';

export type Webhook = 'objects' | 'status-integrity';

export const ROUTES: Readonly<Record<string, Webhook>> = {
  '/validate': 'objects',
  '/validate/status-integrity': 'status-integrity',
};

const LATENCY_BUCKETS_MS = [0.5, 1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000];
const DECISIONS = ['allow', 'deny', 'fail-open', 'error'] as const;

export class GuardMetrics {
  public readonly registry = new Registry();
  public readonly decisions: Counter;
  public readonly ruleDecisions: Counter;
  public readonly failOpen: Counter;
  public readonly latency: Histogram;
  public readonly badRequests: Counter;
  public readonly certificateReloads: Counter;

  constructor(environment: string) {
    const r = this.registry;
    this.decisions = r.register(
      new Counter(
        'plimsoll_admission_decisions_total',
        'Admission verdicts by webhook and decision (allow, deny, fail-open, error).',
        (Object.values(ROUTES) as Webhook[]).flatMap((webhook) => DECISIONS.map((decision) => ({ webhook, decision }))),
      ),
    );
    this.ruleDecisions = r.register(
      new Counter('plimsoll_admission_rule_decisions_total', 'Findings by rule and what they did: deny, fail-open (would have denied), warn, waived.'),
    );
    this.failOpen = r.register(
      new Counter('plimsoll_admission_fail_open_total', 'Requests a fail-open namespace let through although a rule denied them, by namespace.'),
    );
    this.latency = r.register(new Histogram('plimsoll_admission_latency_ms', 'Time from request to verdict in milliseconds, by webhook.', LATENCY_BUCKETS_MS));
    this.badRequests = r.register(new Counter('plimsoll_admission_bad_requests_total', 'Requests answered with a 4xx or closed before a verdict, by reason.'));
    this.certificateReloads = r.register(
      new Counter('plimsoll_admission_certificate_reloads_total', 'Serving certificate reloads by result.', [{ result: 'success' }, { result: 'failure' }]),
    );
    r.register(
      new Gauge('plimsoll_admission_guard_info', 'The running guard: version and environment.', () => [[{ version: PLIMSOLL_VERSION, environment }, 1]]),
    );
    r.registerProcessMetrics();
  }
}

export interface GuardServerOptions {
  readonly log?: Logger;
  readonly clock?: () => Date;
  /** The guard's object size and time budgets. @default - DEFAULT_LIMITS of decide.ts */
  readonly limits?: Partial<GuardLimits>;
}

/** At most this many denying findings are returned as causes (and warnings as warnings); the rest are counted. */
export const MAX_RESPONSE_FINDINGS = 20;
const MAX_FINDING_CHARS = 512;
const MAX_STATUS_MESSAGE_CHARS = 4096;

/**
 * `decision` with every text the API server and the log get bounded: finding messages and rule texts echo input
 * values (an image string may be megabytes), so each long value is shortened in place with its length, each text
 * capped, and the causes and warnings capped in number. The verdict, rule ids and paths are kept.
 */
export function boundedDecision(decision: Decision): Decision {
  const clip = (text: string, max = MAX_FINDING_CHARS) => boundText(text, 128, max);
  const denying = decision.denying
    .slice(0, MAX_RESPONSE_FINDINGS)
    .map((f) => ({ ...f, rule: clip(f.rule, 128), path: clip(f.path, 256), message: clip(f.message) }));
  const warnings = decision.warnings.slice(0, MAX_RESPONSE_FINDINGS).map((w) => clip(w));
  if (decision.warnings.length > MAX_RESPONSE_FINDINGS) warnings.push(`… and ${decision.warnings.length - MAX_RESPONSE_FINDINGS} more warnings`);
  return {
    ...decision,
    denying,
    warnings,
    ...(decision.message !== undefined ? { message: clip(decision.message, MAX_STATUS_MESSAGE_CHARS) } : {}),
    ...(decision.skipped !== undefined ? { skipped: clip(decision.skipped) } : {}),
  };
}

function sendJson(res: ServerResponse, code: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(code, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

function sendText(res: ServerResponse, code: number, text: string, contentType = 'text/plain; charset=utf-8'): void {
  res.writeHead(code, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

export class AdmissionGuardServer {
  public readonly metrics: GuardMetrics;
  public readonly guard: Guard;
  private readonly log: Logger;
  private https!: HttpsServer;
  private http?: HttpServer;
  private tls!: TlsFiles;
  private ready = false;
  private readonly sockets = new Set<Socket>();

  private constructor(
    public readonly config: GuardConfig,
    options: GuardServerOptions,
  ) {
    this.log = options.log ?? new Logger('plimsoll.admission-guard', config.server.logLevel);
    this.guard = new Guard(config, options.clock, options.limits);
    this.metrics = new GuardMetrics(config.environment.name);
  }

  /** Loads the certificate, listens on both ports and returns once they accept connections. */
  public static async start(config: GuardConfig, options: GuardServerOptions = {}): Promise<AdmissionGuardServer> {
    const server = new AdmissionGuardServer(config, options);
    await server.listen();
    return server;
  }

  public get port(): number {
    return (this.https.address() as AddressInfo).port;
  }

  public get metricsPort(): number | undefined {
    return this.http ? (this.http.address() as AddressInfo).port : undefined;
  }

  /** Re-reads the certificate files now (they are also watched); true when a new pair was loaded. */
  public reloadCertificate(): boolean {
    return this.tls.check();
  }

  private async listen(): Promise<void> {
    const s = this.config.server;
    const pair = readKeyPair(s.tlsCertFile, s.tlsKeyFile);
    // How often requestTimeout/headersTimeout are enforced (Node's default, 30 s, lets slow clients linger).
    const checkingInterval = Math.max(50, Math.min(1000, Math.floor(s.headersTimeoutMs / 4)));
    // Node's header and request timeouts only run once a request has begun: a connection that never sends a
    // byte would stay open. Any socket silent for longer than a whole request may take is closed; a request in
    // progress meets its 408 first (it started no later than the silence did), and idle keep-alive connections
    // get Node's keepAliveTimeout instead.
    const idleTimeoutMs = s.requestTimeoutMs + checkingInterval;
    this.https = createHttpsServer(
      {
        cert: pair.cert,
        key: pair.key,
        minVersion: 'TLSv1.2',
        handshakeTimeout: s.headersTimeoutMs,
        requestTimeout: s.requestTimeoutMs,
        headersTimeout: s.headersTimeoutMs,
        keepAliveTimeout: s.keepAliveTimeoutMs,
        connectionsCheckingInterval: checkingInterval,
      },
      (req, res) => this.handle(req, res, true),
    );
    this.https.on('clientError', (err, socket) => this.clientError(err, socket));
    // A connection that never completes the handshake (no ClientHello, plain HTTP, bad TLS) ends here after
    // handshakeTimeout; Node then also calls clientError, which destroys it (nothing can be written to it).
    this.https.on('tlsClientError', (err: NodeJS.ErrnoException) => {
      this.metrics.badRequests.inc({ reason: err.code === 'ERR_TLS_HANDSHAKE_TIMEOUT' ? 'tls-handshake-timeout' : 'tls-handshake' });
      this.log.debug('TLS handshake failed', { error: err, code: err.code });
    });
    this.https.on('connection', (socket: Socket) => this.track(socket));
    this.https.setTimeout(idleTimeoutMs);
    this.tls = new TlsFiles(s.tlsCertFile, s.tlsKeyFile, pair, {
      onReload: (next) => {
        this.https.setSecureContext({ cert: next.cert, key: next.key, minVersion: 'TLSv1.2' });
        this.metrics.certificateReloads.inc({ result: 'success' });
        this.log.info('serving certificate reloaded', { certFile: s.tlsCertFile });
      },
      onError: (err) => {
        this.metrics.certificateReloads.inc({ result: 'failure' });
        this.log.error('serving certificate not reloaded', { error: err, certFile: s.tlsCertFile });
      },
    });
    await new Promise<void>((resolve, reject) => {
      this.https.once('error', reject);
      this.https.listen(s.port, s.host, () => {
        this.https.off('error', reject);
        resolve();
      });
    });
    this.https.on('error', (err) => this.log.error('server error', { error: err }));
    if (s.metricsPort !== null) {
      this.http = createHttpServer(
        { requestTimeout: s.requestTimeoutMs, headersTimeout: s.headersTimeoutMs, keepAliveTimeout: s.keepAliveTimeoutMs },
        (req, res) => this.handle(req, res, false),
      );
      this.http.setTimeout(idleTimeoutMs);
      this.http.on('clientError', (err, socket) => this.clientError(err, socket));
      this.http.on('connection', (socket: Socket) => this.track(socket));
      await new Promise<void>((resolve, reject) => {
        this.http!.once('error', reject);
        this.http!.listen(s.metricsPort!, s.host, () => {
          this.http!.off('error', reject);
          resolve();
        });
      });
      this.http.on('error', (err) => this.log.error('metrics server error', { error: err }));
    }
    this.tls.start(s.certReloadIntervalMs);
    this.ready = true;
    this.log.info('admission guard listening', {
      version: PLIMSOLL_VERSION,
      environment: this.config.environment.name,
      port: this.port,
      metricsPort: this.metricsPort,
      rules: this.guard.ruleIds,
      trustedDigests: this.config.trustedDigests.length,
      failOpenNamespaces: this.config.failOpenNamespaces,
    });
  }

  /** Stops accepting, answers what is in flight, then closes (SIGTERM). */
  public async close(): Promise<void> {
    this.ready = false;
    this.tls?.stop();
    const closing = [this.https, this.http]
      .filter((s): s is HttpsServer | HttpServer => Boolean(s))
      .map((s) => new Promise<void>((resolve) => s.close(() => resolve())));
    for (const s of [this.https, this.http]) s?.closeIdleConnections();
    const timer = setTimeout(() => {
      for (const socket of this.sockets) socket.destroy();
    }, 2000);
    timer.unref();
    await Promise.all(closing);
    clearTimeout(timer);
  }

  private track(socket: Socket): void {
    this.sockets.add(socket);
    socket.once('close', () => this.sockets.delete(socket));
  }

  private clientError(err: NodeJS.ErrnoException, socket: Socket | import('node:stream').Duplex): void {
    // A TLS failure before the handshake completed (counted by tlsClientError): an HTTP reply written to that
    // socket would wait for a handshake that never comes and keep the connection open.
    if (/^ERR_(?:TLS|SSL)_/.test(err.code ?? '') || 'library' in err) {
      socket.destroy();
      return;
    }
    const code = err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : err.code === 'HPE_HEADER_OVERFLOW' ? 431 : 400;
    const reason = code === 408 ? 'timeout' : code === 431 ? 'headers-too-large' : err.code === 'ECONNRESET' ? 'aborted' : 'client-error';
    this.metrics.badRequests.inc({ reason });
    this.log.debug('bad client request', { reason, code: err.code });
    if (err.code === 'ECONNRESET' || !socket.writable || (socket as Socket).destroyed) {
      socket.destroy();
      return;
    }
    const body = JSON.stringify(
      statusBody(
        code,
        code === 408 ? 'Timeout' : 'BadRequest',
        code === 408 ? 'request not received in time' : `malformed HTTP request (${err.code ?? 'parse error'})`,
      ),
    );
    socket.end(
      `HTTP/1.1 ${code} ${code === 408 ? 'Request Timeout' : code === 431 ? 'Request Header Fields Too Large' : 'Bad Request'}\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
  }

  private handle(req: IncomingMessage, res: ServerResponse, secure: boolean): void {
    const started = process.hrtime.bigint();
    req.on('error', () => undefined);
    res.on('error', () => undefined);
    try {
      const path = (req.url ?? '/').split('?')[0];
      if (path === '/healthz' || path === '/readyz' || path === '/metrics') {
        if (req.method !== 'GET' && req.method !== 'HEAD')
          return this.reject(res, 405, 'method-not-allowed', `${req.method} not allowed on ${path}; use GET`, { Allow: 'GET, HEAD' });
        req.resume();
        if (path === '/healthz') return sendText(res, 200, 'ok\n');
        if (path === '/readyz') return this.ready ? sendText(res, 200, 'ok\n') : sendText(res, 503, 'not ready\n');
        return sendText(res, 200, this.metrics.registry.render(), PROMETHEUS_CONTENT_TYPE);
      }
      const webhook = secure ? ROUTES[path] : undefined;
      if (!webhook)
        return this.reject(res, 404, 'not-found', `no endpoint ${path.slice(0, 200)}; admission endpoints (HTTPS): ${Object.keys(ROUTES).join(', ')}`);
      if (req.method !== 'POST')
        return this.reject(res, 405, 'method-not-allowed', `${req.method} not allowed on ${path}; the API server POSTs AdmissionReviews`, { Allow: 'POST' });
      const type = String(req.headers['content-type'] ?? '');
      if (!/^application\/json\b/i.test(type))
        return this.reject(res, 415, 'unsupported-media-type', `content-type ${JSON.stringify(type)} is not application/json`);
      const max = this.config.server.maxBodyBytes;
      const declared = Number(req.headers['content-length']);
      if (Number.isFinite(declared) && declared > max) return this.reject(res, 413, 'body-too-large', `request body of ${declared} bytes exceeds ${max} bytes`);
      const chunks: Buffer[] = [];
      let size = 0;
      let done = false;
      req.on('data', (chunk: Buffer) => {
        if (done) return;
        size += chunk.length;
        if (size > max) {
          done = true;
          chunks.length = 0;
          this.reject(res, 413, 'body-too-large', `request body exceeds ${max} bytes`);
          return;
        }
        chunks.push(chunk);
      });
      req.on('aborted', () => {
        if (done) return;
        done = true;
        this.metrics.badRequests.inc({ reason: 'aborted' });
      });
      req.on('end', () => {
        if (done) return;
        done = true;
        this.review(webhook, Buffer.concat(chunks, size), res, started);
      });
    } catch (err) {
      this.internalError(res, err);
    }
  }

  private review(webhook: Webhook, body: Buffer, res: ServerResponse, started: bigint): void {
    let request: AdmissionRequest | undefined;
    try {
      const envelope = parseEnvelope(body);
      if (!envelope.ok) return this.reject(res, 400, envelope.reason, envelope.message);
      request = envelope.request;
      const decision = webhook === 'objects' ? this.guard.reviewObject(request) : this.guard.reviewStatusIntegrity(request);
      const bounded = boundedDecision(decision);
      sendJson(res, 200, admissionResponse(request.uid, bounded));
      this.record(webhook, request, decision, bounded, started);
    } catch (err) {
      // A guard bug must not crash the process: answer the request with an error verdict and log it.
      this.log.error('admission review failed', { error: err, uid: request?.uid });
      this.metrics.decisions.inc({ webhook, decision: 'error' });
      if (request && typeof request.uid === 'string' && !res.headersSent) {
        return sendJson(
          res,
          200,
          admissionResponse(
            request.uid,
            boundedDecision({
              decision: 'error',
              allowed: false,
              findings: [],
              denying: [],
              warnings: [],
              code: 500,
              message: `plimsoll admission guard failed: ${(err as Error).message}`,
            }),
          ),
        );
      }
      this.internalError(res, err);
    }
  }

  /** Metrics from the whole `decision`; the log line from its `bounded` texts. */
  private record(webhook: Webhook, request: AdmissionRequest, decision: Decision, bounded: Decision, started: bigint): void {
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    const m = this.metrics;
    m.decisions.inc({ webhook, decision: decision.decision });
    m.latency.observe({ webhook }, ms);
    for (const f of decision.findings) {
      const did = f.waived
        ? 'waived'
        : decision.denying.includes(f)
          ? decision.decision === 'fail-open'
            ? 'fail-open'
            : 'deny'
          : f.severity === 'warning'
            ? 'warn'
            : undefined;
      if (did) m.ruleDecisions.inc({ webhook, rule: f.rule, decision: did });
    }
    if (decision.decision === 'fail-open') m.failOpen.inc({ namespace: request.namespace ?? '' });
    const level = decision.decision === 'allow' ? 'DEBUG' : decision.decision === 'error' ? 'WARNING' : 'INFO';
    if (!this.log.enabled(level)) return;
    this.log.log(level, `admission ${decision.decision}`, {
      uid: request.uid,
      webhook,
      decision: decision.decision,
      operation: request.operation,
      kind: request.kind?.kind,
      subResource: request.subResource || undefined,
      namespace: request.namespace || undefined,
      name: request.name || undefined,
      user: request.userInfo?.username,
      dryRun: request.dryRun || undefined,
      rules: decision.denying.length ? [...new Set(decision.denying.map((f) => f.rule))] : undefined,
      message: bounded.message,
      skipped: bounded.skipped,
      latencyMs: Math.round(ms * 1000) / 1000,
    });
  }

  private reject(res: ServerResponse, code: number, reason: string, message: string, headers: Record<string, string> = {}): void {
    this.metrics.badRequests.inc({ reason });
    this.log.debug('request rejected', { code, reason, message });
    if (res.headersSent) return;
    // Anything but a clean 4xx after a complete body closes the connection: the rest of the body is not read.
    sendJson(res, code, statusBody(code, reason, message), code === 413 || code === 415 || code === 405 ? { Connection: 'close', ...headers } : headers);
  }

  private internalError(res: ServerResponse, err: unknown): void {
    this.log.error('request handling failed', { error: err });
    this.metrics.badRequests.inc({ reason: 'internal-error' });
    if (!res.headersSent) sendJson(res, 500, statusBody(500, 'InternalError', 'the admission guard failed to handle this request'), { Connection: 'close' });
  }
}
