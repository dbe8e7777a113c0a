/**
 * A fake Kubernetes API server for the live-cluster commands: HTTPS on 127.0.0.1 with a self-signed certificate made
 * by openssl for the test, a kubeconfig pointing at it, and the API paths the commands call (discovery, get, list
 * with label selectors, server-side apply dry runs) answered from fixtures in test/fixtures/cluster/. Faults (any
 * status with a fixture body, Retry-After, a hang for timeouts) and hostile answers (a body computed from the query,
 * a raw non-JSON body, a streamed body of any size) are injected per request path. Every request is
 * recorded, so tests can check that nothing ever writes.
 */
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { yamlDocument, yamlDocuments } from './yaml';

export const FIXTURES = resolve(__dirname, '..', 'fixtures', 'cluster');
/** The clock the live fixtures were written at. */
export const FIXTURE_NOW = new Date('2025-06-01T12:00:00Z');

type Json = Record<string, unknown>;

export interface Fault {
  readonly method?: string;
  /** Path (no query) or pattern it applies to. */
  readonly path: string | RegExp;
  /** Only requests whose query has these values. */
  readonly query?: Record<string, string>;
  /** How many matching requests it answers before the normal answer comes back. @default every one */
  readonly times?: number;
  readonly status?: number;
  readonly headers?: Record<string, string>;
  /** Fixture file under test/fixtures/cluster/errors/, a body, or a body made from the request's query. */
  readonly body?: string | Json | ((query: Record<string, string>) => Json);
  /** A body sent as is (not JSON), with Content-Type from `headers` (@default text/html). */
  readonly raw?: string;
  /** Send the body gzip-compressed (Content-Encoding: gzip). */
  readonly gzip?: boolean;
  /** A JSON-looking body of `bytes` bytes, streamed in 64 KiB chunks; with Content-Length when `declared`. */
  readonly stream?: { readonly bytes: number; readonly declared?: boolean };
  /** Never answer (the client times out). */
  readonly hang?: boolean;
}

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly query: Record<string, string>;
  readonly contentType: string;
  readonly body: string;
}

export interface FakeCluster {
  readonly url: string;
  /** A kubeconfig with contexts `fake` (a valid token) and `fake-expired` (a token the server rejects with 401). */
  readonly kubeconfig: string;
  readonly requests: RecordedRequest[];
  /** TLS connections the server accepted (each one a handshake). */
  readonly connections: () => number;
  /** The objects the server holds, by key; tests edit them before a run. */
  readonly store: Map<string, Json>;
  addFault(fault: Fault): void;
  /** A live object by kind, namespace and name (to edit in a test). */
  object(kind: string, namespace: string, name: string): Json;
  close(): Promise<void>;
}

let certCache: { key: string; cert: string } | undefined;

/** A self-signed certificate for 127.0.0.1, made once per test process with openssl. */
export function selfSignedCertificate(): { key: string; cert: string } {
  if (certCache) return certCache;
  const dir = mkdtempSync(join(tmpdir(), 'plimsoll-tls-'));
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-days',
      '2',
      '-subj',
      '/CN=fake-apiserver',
      '-addext',
      'subjectAltName=IP:127.0.0.1,DNS:localhost',
      '-keyout',
      join(dir, 'key.pem'),
      '-out',
      join(dir, 'cert.pem'),
    ],
    { stdio: 'ignore' },
  );
  certCache = { key: readFileSync(join(dir, 'key.pem'), 'utf8'), cert: readFileSync(join(dir, 'cert.pem'), 'utf8') };
  return certCache;
}

export const keyOf = (apiVersion: string, kind: string, namespace: string, name: string) => `${apiVersion}|${kind}|${namespace}|${name}`;

function metaOf(o: Json): { name: string; namespace: string; labels: Record<string, string> } {
  const m = (o.metadata ?? {}) as { name?: string; namespace?: string; labels?: Record<string, string> };
  return { name: m.name ?? '', namespace: m.namespace ?? '', labels: m.labels ?? {} };
}

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Maps merge (b wins), lists and scalars are replaced: enough of apply semantics for the fixtures. */
export function merge(a: unknown, b: unknown): unknown {
  if (!isObject(a) || !isObject(b)) return structuredClone(b);
  const out: Json = { ...structuredClone(a) };
  for (const [k, v] of Object.entries(b)) out[k] = k in out ? merge(out[k], v) : structuredClone(v);
  return out;
}

const TIME_KEYS = new Set([
  'renewTime',
  'acquireTime',
  'notAfter',
  'notBefore',
  'renewalTime',
  'lastTransitionTime',
  'lastUpdateTime',
  'startTime',
  'startedAt',
  'creationTimestamp',
  'lastScaleTime',
]);

/** Moves every timestamp in the fixtures by `deltaMs` (fixtures are written at FIXTURE_NOW). */
export function shiftTimes(value: unknown, deltaMs: number): unknown {
  if (Array.isArray(value)) return value.map((v) => shiftTimes(v, deltaMs));
  if (!isObject(value)) return value;
  const out: Json = {};
  for (const [k, v] of Object.entries(value)) {
    if (TIME_KEYS.has(k) && typeof v === 'string' && !Number.isNaN(Date.parse(v))) {
      const frac = /\.(\d+)Z$/.exec(v)?.[1];
      const shifted = new Date(Date.parse(v) + deltaMs).toISOString();
      out[k] = frac && frac.length === 6 ? shifted.replace(/\.(\d{3})Z$/, `.$1${frac.slice(3)}Z`) : frac ? shifted : shifted.replace(/\.\d{3}Z$/, 'Z');
    } else out[k] = shiftTimes(v, deltaMs);
  }
  return out;
}

/** What the API server adds to an object it stores. */
function asStored(o: Json, resourceVersion: number): Json {
  const m = (o.metadata ?? {}) as Json;
  return {
    ...o,
    metadata: {
      uid: randomUUID(),
      resourceVersion: String(resourceVersion),
      generation: 1,
      creationTimestamp: '2025-05-30T09:04:58Z',
      ...m,
      managedFields: [
        {
          manager: 'kustomize-controller',
          operation: 'Apply',
          apiVersion: String(o.apiVersion),
          time: '2025-06-01T10:19:58Z',
          fieldsType: 'FieldsV1',
          fieldsV1: {},
        },
      ],
    },
  };
}

/** Every rendered object of dist/<env> as applied, from its manifest. */
export function renderedObjects(distEnvDir: string): Json[] {
  const manifest = JSON.parse(readFileSync(join(distEnvDir, 'manifest.json'), 'utf8')) as { objects: Array<{ file: string }> };
  return manifest.objects.map((m) => yamlDocument<Json>(readFileSync(join(distEnvDir, m.file), 'utf8')));
}

export function loadLiveFixture(file: string): Json[] {
  return yamlDocuments<Json>(readFileSync(file, 'utf8'));
}

export interface FakeClusterOptions {
  /** Objects as applied (e.g. the rendered ones); server metadata is added. */
  readonly applied?: Json[];
  /** Live objects merged over the applied ones (they win), e.g. test/fixtures/cluster/prod-fsn/live.yaml. */
  readonly live?: Json[];
  /** Clock the fixtures' timestamps are shifted to. @default FIXTURE_NOW (no shift) */
  readonly now?: Date;
  readonly faults?: Fault[];
}

function status(code: number, reason: string, message: string, details?: Json): Json {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, ...(details ? { details } : {}), code };
}

export async function startFakeCluster(options: FakeClusterOptions = {}): Promise<FakeCluster> {
  const discovery = JSON.parse(readFileSync(join(FIXTURES, 'discovery.json'), 'utf8')) as Record<
    string,
    { resources: Array<{ name: string; kind: string; namespaced: boolean }> }
  >;
  const delta = (options.now ?? FIXTURE_NOW).getTime() - FIXTURE_NOW.getTime();
  const store = new Map<string, Json>();
  let rv = 1_000_000;
  for (const o of options.applied ?? []) {
    const m = metaOf(o);
    store.set(keyOf(String(o.apiVersion), String(o.kind), m.namespace, m.name), asStored(o, rv++));
  }
  for (const raw of options.live ?? []) {
    const o = shiftTimes(raw, delta) as Json;
    const m = metaOf(o);
    const key = keyOf(String(o.apiVersion), String(o.kind), m.namespace, m.name);
    store.set(key, store.has(key) ? (merge(store.get(key), o) as Json) : o);
  }
  const faults: Array<Fault & { used: number }> = (options.faults ?? []).map((f) => ({ ...f, used: 0 }));
  const requests: RecordedRequest[] = [];
  const hanging = new Set<ServerResponse>();

  const send = (res: ServerResponse, code: number, body: unknown, headers: Record<string, string> = {}) => {
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    res.writeHead(code, { 'Content-Type': 'application/json', 'Audit-Id': randomUUID(), ...headers });
    res.end(text);
  };

  /** `{"kind":"List","items":["xxxx…"]}` of `bytes` bytes, written as the client reads it (backpressure). */
  const streamBody = (res: ServerResponse, code: number, bytes: number, declared: boolean) => {
    res.writeHead(code, { 'Content-Type': 'application/json', ...(declared ? { 'Content-Length': String(bytes) } : {}) });
    const head = Buffer.from('{"kind":"List","apiVersion":"v1","metadata":{},"items":["');
    const tail = Buffer.from('"]}');
    const chunk = Buffer.alloc(64 * 1024, 'x');
    let left = bytes - head.length - tail.length;
    res.on('error', () => undefined);
    res.write(head);
    const pump = () => {
      while (left > 0 && !res.destroyed) {
        const n = Math.min(left, chunk.length);
        left -= n;
        if (!res.write(n === chunk.length ? chunk : chunk.subarray(0, n))) return void res.once('drain', pump);
      }
      if (!res.destroyed) res.end(tail);
    };
    pump();
  };

  const resourceFor = (gv: string, plural: string) => discovery[gv]?.resources.find((r) => r.name === plural);

  const handle = (req: IncomingMessage, res: ServerResponse, body: string) => {
    const url = new URL(req.url ?? '/', 'https://127.0.0.1');
    const method = req.method ?? 'GET';
    const query = Object.fromEntries(url.searchParams);
    requests.push({ method, path: url.pathname, query, contentType: String(req.headers['content-type'] ?? ''), body });

    const auth = String(req.headers.authorization ?? '');
    if (auth !== 'Bearer fake-valid-token') return send(res, 401, JSON.parse(readFileSync(join(FIXTURES, 'errors', '401.json'), 'utf8')));

    for (const f of faults) {
      const pathMatches = typeof f.path === 'string' ? f.path === url.pathname : f.path.test(url.pathname);
      const queryMatches = Object.entries(f.query ?? {}).every(([k, v]) => query[k] === v);
      if (pathMatches && queryMatches && (!f.method || f.method === method) && f.used < (f.times ?? Infinity)) {
        f.used++;
        if (f.hang) {
          hanging.add(res);
          return;
        }
        if (f.raw !== undefined) {
          res.writeHead(f.status ?? 200, { 'Content-Type': 'text/html', ...f.headers });
          return res.end(f.raw);
        }
        if (f.stream) return streamBody(res, f.status ?? 200, f.stream.bytes, f.stream.declared ?? false);
        if (typeof f.body === 'function') return send(res, f.status ?? 200, f.body(query), f.headers);
        if (f.gzip) {
          res.writeHead(f.status ?? 200, { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip', ...f.headers });
          return res.end(gzipSync(JSON.stringify(f.body)));
        }
        const faultBody =
          typeof f.body === 'string'
            ? JSON.parse(readFileSync(join(FIXTURES, 'errors', f.body), 'utf8'))
            : (f.body ?? status(f.status ?? 500, 'InternalError', 'injected'));
        return send(res, f.status ?? 500, faultBody, f.headers);
      }
    }

    const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    let gv: string;
    let rest: string[];
    if (parts[0] === 'api' && parts[1] === 'v1') {
      gv = 'v1';
      rest = parts.slice(2);
    } else if (parts[0] === 'apis' && parts.length >= 3) {
      gv = `${parts[1]}/${parts[2]}`;
      rest = parts.slice(3);
    } else return send(res, 404, status(404, 'NotFound', 'the server could not find the requested resource'));
    if (!rest.length)
      return discovery[gv] && gv !== '_comment'
        ? send(res, 200, discovery[gv])
        : send(res, 404, status(404, 'NotFound', 'the server could not find the requested resource'));
    let namespace = '';
    if (rest[0] === 'namespaces' && rest.length >= 3) {
      namespace = rest[1];
      rest = rest.slice(2);
    }
    const [plural, name] = rest;
    const resource = resourceFor(gv, plural);
    if (!resource) return send(res, 404, status(404, 'NotFound', 'the server could not find the requested resource'));
    const group = gv.includes('/') ? gv.split('/')[0] : '';
    const qualified = `${plural}${group ? `.${group}` : ''}`;

    if (method === 'GET' && !name) {
      const selector = (query.labelSelector ?? '')
        .split(',')
        .filter(Boolean)
        .map((s) => s.split('='));
      const items = [...store.values()].filter((o) => {
        const m = metaOf(o);
        return (
          String(o.apiVersion) === gv && o.kind === resource.kind && (!namespace || m.namespace === namespace) && selector.every(([k, v]) => m.labels[k] === v)
        );
      });
      return send(res, 200, { kind: `${resource.kind}List`, apiVersion: gv, metadata: { resourceVersion: String(rv) }, items });
    }
    const key = keyOf(gv, resource.kind, resource.namespaced ? namespace : '', name ?? '');
    const live = store.get(key);
    if (method === 'GET')
      return live ? send(res, 200, live) : send(res, 404, status(404, 'NotFound', `${qualified} "${name}" not found`, { name, group, kind: plural }));
    if (method === 'PATCH') {
      // Read-only contract: Plimsoll may only send server-side apply dry runs. Anything else is a test failure.
      if (query.dryRun !== 'All' || req.headers['content-type'] !== 'application/apply-patch+yaml' || !query.fieldManager) {
        return send(
          res,
          400,
          status(
            400,
            'BadRequest',
            `fake API server: refusing a PATCH that is not a server-side apply dry run (dryRun=${query.dryRun}, content-type ${req.headers['content-type']})`,
          ),
        );
      }
      const applied = JSON.parse(body) as Json;
      if (resource.namespaced && !store.has(keyOf('v1', 'Namespace', '', namespace)))
        return send(res, 404, status(404, 'NotFound', `namespaces "${namespace}" not found`, { name: namespace, kind: 'namespaces' }));
      const result = live ? (merge(live, applied) as Json) : asStored(applied, rv + 1);
      const specChanged = live && JSON.stringify(merge(live.spec ?? {}, applied.spec ?? {})) !== JSON.stringify(live.spec ?? {});
      const m = result.metadata as Json;
      if (specChanged) m.generation = Number(m.generation ?? 1) + 1;
      m.managedFields = [
        { manager: query.fieldManager, operation: 'Apply', apiVersion: gv, time: new Date().toISOString(), fieldsType: 'FieldsV1', fieldsV1: {} },
      ];
      return send(res, live ? 200 : 201, result);
    }
    return send(res, 405, status(405, 'MethodNotAllowed', `fake API server: ${method} is not served (Plimsoll never writes)`));
  };

  const { key, cert } = selfSignedCertificate();
  const server: Server = createServer({ key, cert }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => handle(req, res, Buffer.concat(chunks).toString('utf8')));
  });
  let connections = 0;
  server.on('secureConnection', () => connections++);
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const port = (server.address() as { port: number }).port;
  const url = `https://127.0.0.1:${port}`;
  const dir = mkdtempSync(join(tmpdir(), 'plimsoll-kubeconfig-'));
  const kubeconfig = join(dir, 'config');
  const ca = Buffer.from(cert).toString('base64');
  writeFileSync(
    kubeconfig,
    `apiVersion: v1
kind: Config
clusters:
  - name: fake
    cluster: { server: "${url}", certificate-authority-data: ${ca} }
  - name: fake-unreachable
    cluster: { server: "https://127.0.0.1:1", certificate-authority-data: ${ca} }
  - name: fake-untrusted
    cluster: { server: "${url}" }
users:
  - name: reader
    user: { token: fake-valid-token }
  - name: expired
    user: { token: fake-expired-token }
contexts:
  - name: fake
    context: { cluster: fake, user: reader }
  - name: fake-expired
    context: { cluster: fake, user: expired }
  - name: fake-unreachable
    context: { cluster: fake-unreachable, user: reader }
  - name: fake-untrusted
    context: { cluster: fake-untrusted, user: reader }
current-context: fake-unreachable
`,
  );
  return {
    url,
    kubeconfig,
    requests,
    connections: () => connections,
    store,
    addFault: (f) => faults.push({ ...f, used: 0 }),
    object(kind, namespace, name) {
      const hit = [...store.values()].find((o) => o.kind === kind && metaOf(o).namespace === namespace && metaOf(o).name === name);
      if (!hit) throw new Error(`fake cluster holds no ${kind} ${namespace}/${name}`);
      return hit;
    },
    close: () =>
      new Promise<void>((ok) => {
        for (const r of hanging) r.destroy();
        server.closeAllConnections?.();
        server.close(() => ok());
      }),
  };
}

export const ROOT_DIR = resolve(__dirname, '..', '..');

/** prod-fsn as rendered in dist/, applied and healthy (test/fixtures/cluster/prod-fsn/live.yaml), at `now`. */
export function prodFsnCluster(options: { now?: Date; faults?: Fault[] } = {}): Promise<FakeCluster> {
  const applied = renderedObjects(join(ROOT_DIR, 'dist', 'prod-fsn'));
  // The guard's image digest changes with every build of it: its healthy pods run whatever was rendered.
  const guard = applied.find((o) => o.kind === 'Deployment' && (o.metadata as Json).name === 'plimsoll-admission-guard') as any;
  const guardImage: string = guard.spec.template.spec.containers[0].image;
  const components = readFileSync(join(FIXTURES, 'prod-fsn', 'live-runtime-components.yaml'), 'utf8')
    .split('${ADMISSION_GUARD_IMAGE}')
    .join(guardImage);
  return startFakeCluster({
    applied,
    live: [...loadLiveFixture(join(FIXTURES, 'prod-fsn', 'live.yaml')), ...yamlDocuments<Json>(components)],
    ...options,
  });
}

/**
 * Retry timings for tests: no real waiting, delays recorded. The request timeout is generous by default (this fake
 * server shares its process's event loop with the client, and a busy machine delays both); a test of timeouts sets one.
 */
export function fastPolicy(delays: number[] = [], timeoutMs = 5_000) {
  return { timeoutMs, retries: 3, backoffMs: 10, maxBackoffMs: 40, maxRetryAfterMs: 5_000, sleep: async (ms: number) => void delays.push(ms) };
}
