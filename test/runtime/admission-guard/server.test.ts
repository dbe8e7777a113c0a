import { copyFileSync } from 'node:fs';
import { connect as netConnect } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { Agent } from 'node:https';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdmissionGuardServer } from '../../../src/runtime/admission-guard/server';
import { Logger } from '../../../src/runtime/lib/log';
import { call, compliantPod, guardConfig, httpGet, metricValue, podCreate, post, selfSignedCertificate, tempDir, unsignedPod, type Reply } from '../helpers';

let server: AdmissionGuardServer;
let ca: Buffer;
let tlsDir: string;
const logLines: string[] = [];
/** The test's log sink keeps lines only when asked (the memory test must not measure its own log buffer). */
let captureLogs = true;

beforeAll(async () => {
  tlsDir = tempDir();
  const { certFile, keyFile, cert } = selfSignedCertificate(tlsDir);
  ca = cert;
  const config = guardConfig({
    server: { tlsCertFile: certFile, tlsKeyFile: keyFile, requestTimeoutMs: 1500, headersTimeoutMs: 1000, certReloadIntervalMs: 200, logLevel: 'DEBUG' },
  });
  server = await AdmissionGuardServer.start(config, {
    log: new Logger('plimsoll.admission-guard', 'DEBUG', { write: (l: string) => captureLogs && logLines.push(l) }),
  });
});

afterAll(async () => {
  await server?.close();
});

/** Writes raw bytes on a TLS connection and collects what comes back until the server closes it. */
function raw(chunks: Array<string | { wait: number }>, port = server.port): Promise<{ text: string; ms: number }> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const socket = tlsConnect({ host: '127.0.0.1', port, rejectUnauthorized: false }, async () => {
      for (const c of chunks) {
        if (typeof c === 'string') socket.write(c);
        else await new Promise((r) => setTimeout(r, c.wait));
      }
    });
    let text = '';
    socket.on('data', (d) => (text += d.toString('utf8')));
    socket.on('close', () => resolve({ text, ms: Date.now() - started }));
    socket.on('error', (err) => (text ? resolve({ text, ms: Date.now() - started }) : reject(err)));
  });
}

function expectStatus(reply: Reply, code: number, pattern: RegExp): void {
  expect(reply.status).toBe(code);
  const body = reply.json();
  expect(body).toMatchObject({ apiVersion: 'v1', kind: 'Status', status: 'Failure', code });
  expect(body.message).toMatch(pattern);
}

describe('admission guard server (HTTPS on loopback, certificate made with openssl)', () => {
  it('answers a real AdmissionReview over verified TLS: deny with the uid echoed, rule causes and a 403 status', async () => {
    const reply = await post(server.port, podCreate(unsignedPod()), { ca });
    expect(reply.status).toBe(200);
    expect(reply.headers['content-type']).toBe('application/json');
    const review = reply.json();
    expect(review).toMatchObject({
      apiVersion: 'admission.k8s.io/v1',
      kind: 'AdmissionReview',
      response: { uid: 'uid-1', allowed: false, status: { code: 403, reason: 'Forbidden' } },
    });
    expect(review.response.status.message).toMatch(/^plimsoll admission guard denied Pod shop\/unsigned: /);
    expect(review.response.status.details.causes).toContainEqual({
      reason: 'trusted-image',
      field: '/spec/containers/0/image',
      message: expect.stringContaining('is unsigned'),
    });
  });

  it('allows a trusted, compliant Pod', async () => {
    const review = (await post(server.port, podCreate(compliantPod()), { ca })).json();
    expect(review.response).toEqual({ uid: 'uid-1', allowed: true });
  });

  it('serves the status-integrity path the Zen Watcher webhook calls', async () => {
    const ingester = { apiVersion: 'zen.kube-zen.io/v1alpha1', kind: 'Ingester', metadata: { name: 'i', namespace: 'zen-system' }, status: { phase: 'x' } };
    const review = {
      apiVersion: 'admission.k8s.io/v1',
      kind: 'AdmissionReview',
      request: {
        uid: 'st-1',
        operation: 'UPDATE',
        subResource: 'status',
        namespace: 'zen-system',
        name: 'i',
        userInfo: { username: 'bob' },
        object: ingester,
        oldObject: { ...ingester, status: {} },
      },
    };
    const denied = (await post(server.port, review, { path: '/validate/status-integrity', ca })).json();
    expect(denied.response).toMatchObject({ uid: 'st-1', allowed: false, status: { code: 403 } });
    review.request.userInfo.username = 'system:serviceaccount:zen-system:zen-watcher';
    expect((await post(server.port, review, { path: '/validate/status-integrity', ca })).json().response).toEqual({ uid: 'st-1', allowed: true });
  });

  it('fail-open namespace: allowed, with warnings, counted', async () => {
    const before = metricValue((await httpGet(server.metricsPort!, '/metrics')).body, 'plimsoll_admission_fail_open_total{namespace="legacy"}');
    const review = (await post(server.port, podCreate(unsignedPod('legacy')), { ca })).json();
    expect(review.response.allowed).toBe(true);
    expect(review.response.warnings[0]).toBe('fail-open namespace legacy: plimsoll admission guard would deny Pod legacy/unsigned');
    const after = metricValue((await httpGet(server.metricsPort!, '/metrics')).body, 'plimsoll_admission_fail_open_total{namespace="legacy"}');
    expect(after).toBe(before + 1);
  });

  it('/healthz, /readyz and /metrics on HTTPS and on the plain metrics port; Prometheus text with decisions by result and rule and a latency histogram in ms', async () => {
    for (const get of [(p: string) => call(server.port, { method: 'GET', path: p, ca }), (p: string) => httpGet(server.metricsPort!, p)]) {
      expect((await get('/healthz')).body).toBe('ok\n');
      expect((await get('/readyz')).status).toBe(200);
      const metrics = await get('/metrics');
      expect(metrics.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
      const text = metrics.body;
      expect(text).toContain('# TYPE plimsoll_admission_decisions_total counter');
      expect(metricValue(text, 'plimsoll_admission_decisions_total{decision="deny",webhook="objects"}')).toBeGreaterThanOrEqual(1);
      expect(metricValue(text, 'plimsoll_admission_rule_decisions_total{decision="deny",rule="trusted-image",webhook="objects"}')).toBeGreaterThanOrEqual(1);
      expect(text).toContain('# TYPE plimsoll_admission_latency_ms histogram');
      expect(text).toMatch(/^plimsoll_admission_latency_ms_bucket\{webhook="objects",le="10"\} \d+$/m);
      expect(metricValue(text, 'plimsoll_admission_latency_ms_count{webhook="objects"}')).toBeGreaterThanOrEqual(2);
      expect(text).toMatch(/^process_resident_memory_bytes \d+$/m);
    }
    // Admission is never served without TLS.
    expect((await httpGet(server.metricsPort!, '/validate')).status).toBe(404);
  });

  it('logs structured JSON lines (ts, level, logger, msg) per decision, with credentials redacted', async () => {
    const pod = unsignedPod('shop', 'leaky');
    await post(server.port, podCreate(pod, { uid: 'log-1', userInfo: { username: 'token=s3cr3t-value' } }), { ca });
    const line = logLines.map((l) => JSON.parse(l)).find((l) => l.uid === 'log-1');
    expect(line).toMatchObject({
      level: 'INFO',
      logger: 'plimsoll.admission-guard',
      msg: 'admission deny',
      decision: 'deny',
      webhook: 'objects',
      namespace: 'shop',
      name: 'leaky',
      user: 'token=[REDACTED]',
    });
    expect(typeof line.ts).toBe('string');
    expect(line.rules).toContain('trusted-image');
    expect(logLines.join('\n')).not.toContain('s3cr3t-value');
  });
});

describe('admission guard server: bad requests get a clear 4xx, never a crash', () => {
  it('malformed JSON → 400', async () => {
    expectStatus(await call(server.port, { body: '{"apiVersion": ' }), 400, /request body is not JSON/);
  });

  it('wrong apiVersion or kind → 400 naming what was expected', async () => {
    expectStatus(
      await post(server.port, { apiVersion: 'admission.k8s.io/v1beta1', kind: 'AdmissionReview', request: { uid: 'x' } }),
      400,
      /expected apiVersion "admission.k8s.io\/v1" kind "AdmissionReview"/,
    );
    expectStatus(await post(server.port, { apiVersion: 'admission.k8s.io/v1', kind: 'Pod' }), 400, /got apiVersion "admission.k8s.io\/v1" kind "Pod"/);
    expectStatus(await post(server.port, [1, 2]), 400, /request body is a list/);
  });

  it('missing request or request.uid → 400', async () => {
    expectStatus(await post(server.port, { apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview' }), 400, /no request object/);
    expectStatus(
      await post(server.port, { apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', request: { operation: 'CREATE' } }),
      400,
      /request.uid is missing/,
    );
  });

  it('a CREATE without an object → a well-formed AdmissionReview error (400 status, not allowed)', async () => {
    const review = (
      await post(server.port, { apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', request: { uid: 'no-obj', operation: 'CREATE' } })
    ).json();
    expect(review.response).toMatchObject({ uid: 'no-obj', allowed: false, status: { code: 400, reason: 'BadRequest' } });
  });

  it('bodies over 3 MiB → 413, whether declared by content-length or streamed', async () => {
    const big = Buffer.alloc(3 * 1024 * 1024 + 10, 0x20);
    expectStatus(await call(server.port, { body: big }), 413, /exceeds 3145728 bytes/);
    const streamed = await raw([
      `POST /validate HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n`,
      ...Array.from({ length: 4 }, () => `100000\r\n${' '.repeat(0x100000)}\r\n`),
    ]);
    expect(streamed.text).toMatch(/^HTTP\/1.1 413 /);
  });

  it('wrong method, content type or path → 405, 415, 404', async () => {
    expectStatus(await call(server.port, { method: 'GET' }), 405, /GET not allowed on \/validate/);
    expectStatus(await call(server.port, { body: 'x=1', headers: { 'content-type': 'application/x-www-form-urlencoded' } }), 415, /is not application\/json/);
    expectStatus(await call(server.port, { path: '/mutate', body: '{}' }), 404, /no endpoint \/mutate/);
  });

  it('a slow client (headers never finished, or a body that trickles) gets 408 and the connection closed within the timeouts', async () => {
    // Both clients at once: each is timed on its own connection.
    const [headers, body] = await Promise.all([
      raw(['POST /validate HTTP/1.1\r\nHost: x\r\n', { wait: 3000 }]),
      raw([
        'POST /validate HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{',
        { wait: 800 },
        ' ',
        { wait: 800 },
        ' ',
        { wait: 2000 },
      ]),
    ]);
    expect(headers.text).toMatch(/^HTTP\/1.1 408 /);
    expect(headers.ms).toBeLessThan(3000);
    expect(body.text).toMatch(/^HTTP\/1.1 408 /);
    expect(body.ms).toBeLessThan(3600);
  });

  it('garbage instead of HTTP, or plain HTTP on the TLS port, is closed and counted', async () => {
    const garbage = await raw(['\x00\x01 not http at all\r\n\r\n']);
    expect(garbage.text).toMatch(/^HTTP\/1.1 400 /);
    const metrics = (await httpGet(server.metricsPort!, '/metrics')).body;
    expect(metricValue(metrics, 'plimsoll_admission_bad_requests_total{reason="client-error"}')).toBeGreaterThanOrEqual(1);
  });

  it('survives 10,000 malformed requests with flat memory', async () => {
    setFlagsFromString('--expose_gc');
    const gc = runInNewContext('gc') as () => void;
    const agent = new Agent({ keepAlive: true, maxSockets: 16, rejectUnauthorized: false });
    const bad: Array<() => Promise<Reply>> = [
      () => call(server.port, { body: '{"apiVersion": ', agent }),
      () => post(server.port, { apiVersion: 'v1', kind: 'Pod' }, { agent }),
      () => post(server.port, { apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', request: {} }, { agent }),
      () => post(server.port, { apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', request: { uid: 'u', operation: 'CREATE', object: 7 } }, { agent }),
      () => call(server.port, { body: 'x', headers: { 'content-type': 'text/plain' }, agent }),
      () => call(server.port, { path: '/nope', body: '{}', agent }),
    ];
    const burst = async (n: number, offset: number) => {
      for (let i = 0; i < n; i += 50) {
        const replies = await Promise.all(Array.from({ length: Math.min(50, n - i) }, (_, j) => bad[(offset + i + j) % bad.length]()));
        for (const r of replies) expect([200, 400, 404, 415]).toContain(r.status);
      }
    };
    captureLogs = false;
    await burst(1000, 0); // warm up: JIT, TLS sessions, metric series
    gc();
    const heapBefore = process.memoryUsage().heapUsed;
    await burst(10_000, 1000);
    gc();
    const heapAfter = process.memoryUsage().heapUsed;
    agent.destroy();
    captureLogs = true;
    const growthMb = (heapAfter - heapBefore) / 1024 / 1024;
    process.stderr.write(
      `admission guard: heap ${(heapBefore / 1048576).toFixed(1)} MB before, ${(heapAfter / 1048576).toFixed(1)} MB after 10,000 malformed requests\n`,
    );
    expect(growthMb).toBeLessThan(4);
    expect((await post(server.port, podCreate(compliantPod()), { ca })).json().response.allowed).toBe(true);
  }, 120_000);
});

describe('admission guard server: certificate reload', () => {
  async function servedCertificate(): Promise<string> {
    return new Promise((resolve, reject) => {
      const socket = tlsConnect({ host: '127.0.0.1', port: server.port, rejectUnauthorized: false, servername: 'localhost' }, () => {
        const fp = socket.getPeerCertificate().fingerprint256;
        socket.end();
        resolve(fp);
      });
      socket.on('error', reject);
    });
  }

  it('serves a renewed certificate once the files change, and keeps the old one when the new pair is broken', async () => {
    const first = await servedCertificate();
    const next = tempDir();
    const renewed = selfSignedCertificate(next, 'renewed');
    const brokenDir = tempDir();
    const other = selfSignedCertificate(brokenDir, 'other');
    // A key that does not match the certificate: refused, counted, old pair kept.
    copyFileSync(renewed.certFile, join(tlsDir, 'tls.crt'));
    copyFileSync(other.keyFile, join(tlsDir, 'tls.key'));
    expect(server.reloadCertificate()).toBe(false);
    expect(await servedCertificate()).toBe(first);
    copyFileSync(renewed.keyFile, join(tlsDir, 'tls.key'));
    // Picked up by the watcher or the 200 ms check, without calling reloadCertificate().
    const deadline = Date.now() + 5000;
    let current = first;
    while (current === first && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      current = await servedCertificate();
    }
    expect(current).not.toBe(first);
    const metrics = (await httpGet(server.metricsPort!, '/metrics')).body;
    expect(metricValue(metrics, 'plimsoll_admission_certificate_reloads_total{result="success"}')).toBeGreaterThanOrEqual(1);
    expect(metricValue(metrics, 'plimsoll_admission_certificate_reloads_total{result="failure"}')).toBeGreaterThanOrEqual(1);
  });
});

// Concurrent: each case waits on timers of its own connections, so they need not wait for each other.
describe.concurrent('admission guard server: silent and idle connections are closed at the configured timeouts', () => {
  let quiet: AdmissionGuardServer;
  beforeAll(async () => {
    const { certFile, keyFile } = selfSignedCertificate(tempDir());
    quiet = await AdmissionGuardServer.start(
      guardConfig({ server: { tlsCertFile: certFile, tlsKeyFile: keyFile, requestTimeoutMs: 1500, headersTimeoutMs: 1000, keepAliveTimeoutMs: 1000 } }),
    );
  });
  afterAll(async () => {
    await quiet?.close();
  });

  /** Milliseconds until the server closes `socket`, or Infinity when it is still open after `cap` ms. */
  function closedAfter(socket: import('node:net').Socket, cap = 6000): Promise<number> {
    const started = Date.now();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        socket.destroy();
        resolve(Infinity);
      }, cap);
      socket.on('data', () => undefined);
      socket.on('error', () => undefined);
      socket.on('close', () => {
        clearTimeout(timer);
        resolve(Date.now() - started);
      });
    });
  }

  it('a TCP connection that never sends a ClientHello is closed after the handshake timeout (headersTimeoutMs)', async () => {
    expect(await closedAfter(netConnect(quiet.port, '127.0.0.1'))).toBeLessThan(1000 + 700);
    const metrics = (await httpGet(quiet.metricsPort!, '/metrics')).body;
    expect(metricValue(metrics, 'plimsoll_admission_bad_requests_total{reason="tls-handshake-timeout"}')).toBeGreaterThanOrEqual(1);
  });

  it('plain HTTP on the TLS port is closed at once', async () => {
    const socket = netConnect(quiet.port, '127.0.0.1', () => socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n'));
    expect(await closedAfter(socket)).toBeLessThan(700);
  });

  it('a connection that sends nothing after the handshake, or nothing at all on the metrics port, is closed within the request timeout', async () => {
    const [tls, metrics] = await Promise.all([
      closedAfter(tlsConnect({ host: '127.0.0.1', port: quiet.port, rejectUnauthorized: false })),
      closedAfter(netConnect(quiet.metricsPort!, '127.0.0.1')),
    ]);
    expect(tls).toBeLessThan(1500 + 700);
    expect(metrics).toBeLessThan(1500 + 700);
  });

  it('an idle keep-alive connection is closed after keepAliveTimeoutMs (Node adds up to 1 s)', async () => {
    const request = 'GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n';
    const tls = tlsConnect({ host: '127.0.0.1', port: quiet.port, rejectUnauthorized: false }, () => tls.write(request));
    const plain = netConnect(quiet.metricsPort!, '127.0.0.1', () => plain.write(request));
    const [tlsMs, plainMs] = await Promise.all([closedAfter(tls), closedAfter(plain)]);
    expect(tlsMs).toBeLessThan(1000 + 1000 + 700);
    expect(plainMs).toBeLessThan(1000 + 1000 + 700);
  });
});

describe('admission guard server: responses and log lines stay bounded whatever the input echoes', () => {
  let big: AdmissionGuardServer;
  const lines: string[] = [];
  beforeAll(async () => {
    const { certFile, keyFile } = selfSignedCertificate(tempDir());
    // The object budget raised past the image, so the rules do judge (and echo) it.
    big = await AdmissionGuardServer.start(guardConfig({ server: { tlsCertFile: certFile, tlsKeyFile: keyFile } }), {
      log: new Logger('plimsoll.admission-guard', 'INFO', { write: (l: string) => lines.push(l) }),
      limits: { maxObjectBytes: 8 * 1024 * 1024 },
    });
  });
  afterAll(async () => {
    await big?.close();
  });

  it.each([
    ['denied', 'shop'],
    ['fail-open (warnings)', 'legacy'],
  ])(
    'a Pod with a 3 MB image string: response under 64 KiB and log line under 16 KiB, %s with the rule id',
    async (_, namespace) => {
      const pod = compliantPod(`nginx:${'a'.repeat(3_000_000)}`, namespace, 'huge');
      // Many more findings than a response carries.
      pod.spec.initContainers = Array.from({ length: 30 }, (_, i) => ({ ...pod.spec.containers[0], name: `init-${i}`, image: `busybox:${'b'.repeat(1000)}` }));
      const reply = await post(big.port, podCreate(pod, { uid: `huge-${namespace}` }));
      expect(reply.status).toBe(200);
      expect(Buffer.byteLength(reply.body)).toBeLessThan(64 * 1024);
      const response = reply.json().response;
      if (namespace === 'shop') {
        expect(response).toMatchObject({ uid: 'huge-shop', allowed: false, status: { code: 403 } });
        const causes = response.status.details.causes as Array<{ field: string; reason: string; message: string }>;
        expect(causes).toHaveLength(20);
        const cause = causes.find((c) => c.field === '/spec/containers/0/image')!;
        expect(cause.reason).toBe('image-digest');
        expect(cause.message).toMatch(/"nginx:a+…"[,.:;]* \(3,000,00\d bytes\)/);
      } else {
        expect(response.allowed).toBe(true);
        expect(response.warnings.length).toBeLessThanOrEqual(21);
        expect(response.warnings[1]).toMatch(/^\[image-digest\] container "app" image "nginx:a+…/);
      }
      const line = lines.find((l) => l.includes(`"uid":"huge-${namespace}"`))!;
      expect(Buffer.byteLength(line)).toBeLessThan(16 * 1024);
      expect(JSON.parse(line).rules).toEqual(expect.arrayContaining(['image-digest', 'trusted-image']));
    },
    30_000,
  );
});
