/** Shared by the runtime component tests: certificates, guard configurations, AdmissionReviews, HTTPS calls. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { request as httpsRequest, Agent } from 'node:https';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadPolicy, PLATFORM_POLICY } from '../../src/validate/policy';
import { parseGuardConfig, resolveGuardPolicy, type GuardConfig, type GuardConfigInput } from '../../src/runtime/admission-guard/config';
import type { AdmissionRequest } from '../../src/runtime/admission-guard/decide';

export const TRUSTED = `sha256:${'1'.repeat(64)}`;
export const TRUSTED_IMAGE = `registry.acme.example/platform/app:1.0@${TRUSTED}`;
export const UNTRUSTED_PINNED = `registry.acme.example/platform/app:1.0@sha256:${'2'.repeat(64)}`;

export function tempDir(prefix = 'plimsoll-runtime-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** A self-signed serving certificate for localhost/127.0.0.1 made with openssl, in `dir` (tls.crt, tls.key). */
export function selfSignedCertificate(dir: string, commonName = 'plimsoll-admission-guard'): { certFile: string; keyFile: string; cert: Buffer } {
  const certFile = join(dir, 'tls.crt');
  const keyFile = join(dir, 'tls.key');
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
      '-keyout',
      keyFile,
      '-out',
      certFile,
      '-days',
      '2',
      '-subj',
      `/CN=${commonName}`,
      '-addext',
      'subjectAltName=DNS:localhost,IP:127.0.0.1',
    ],
    { stdio: 'ignore' },
  );
  return { certFile, keyFile, cert: execFileSync('cat', [certFile]) };
}

/** The lab environment's guard configuration from policies/platform.yaml, with test server settings. */
export function guardConfig(
  overrides: Partial<GuardConfigInput> & { server?: Partial<GuardConfig['server']> } = {},
  env: { name: string; tier: 'lab' | 'production' } = { name: 'lab', tier: 'lab' },
): GuardConfig {
  const input: GuardConfigInput = {
    environment: env,
    policy: resolveGuardPolicy(loadPolicy(PLATFORM_POLICY), env, ['schema']),
    trustedDigests: [TRUSTED],
    failOpenNamespaces: ['legacy'],
    statusIntegrity: { writers: ['system:serviceaccount:zen-system:zen-watcher'] },
    ...overrides,
    server: { host: '127.0.0.1', port: 0, metricsPort: 0, logLevel: 'ERROR', ...overrides.server },
  };
  return parseGuardConfig(input, 'test');
}

/** A CREATE of `object` by alice, as the API server sends it to the guard. */
export function admissionCreate(object: Record<string, any>, extra: Partial<AdmissionRequest> = {}): AdmissionRequest {
  return {
    uid: 'u',
    operation: 'CREATE',
    namespace: object.metadata?.namespace,
    name: object.metadata?.name,
    userInfo: { username: 'alice' },
    object,
    ...extra,
  };
}

export function writeJson(dir: string, name: string, data: unknown): string {
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify(data));
  return file;
}

const LABELS = { 'app.kubernetes.io/name': 'app', 'app.kubernetes.io/part-of': 'shop', 'app.kubernetes.io/managed-by': 'plimsoll' };

/** A Pod that passes every platform rule when `image` is trusted. */
export function compliantPod(image = TRUSTED_IMAGE, namespace = 'shop', name = 'app'): Record<string, any> {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace, labels: { ...LABELS } },
    spec: {
      securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
      containers: [
        {
          name: 'app',
          image,
          securityContext: {
            allowPrivilegeEscalation: false,
            runAsNonRoot: true,
            readOnlyRootFilesystem: true,
            capabilities: { drop: ['ALL'] },
            seccompProfile: { type: 'RuntimeDefault' },
          },
          resources: { requests: { cpu: '10m', memory: '16Mi' }, limits: { cpu: '100m', memory: '64Mi' } },
          // A bare Pod that runs until deleted is judged for probes like a Deployment's.
          livenessProbe: { httpGet: { path: '/healthz', port: 8080 } },
          readinessProbe: { httpGet: { path: '/readyz', port: 8080 } },
        },
      ],
    },
  };
}

/** The Zastava runbook's smoke-test "unsigned Pod": a tag, no digest, nothing else. */
export function unsignedPod(namespace = 'shop', name = 'unsigned'): Record<string, any> {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace }, spec: { containers: [{ name: 'app', image: 'nginx:1.25' }] } };
}

export function admissionReview(request: Record<string, any>): Record<string, any> {
  return {
    apiVersion: 'admission.k8s.io/v1',
    kind: 'AdmissionReview',
    request: { uid: 'uid-1', operation: 'CREATE', userInfo: { username: 'alice' }, ...request },
  };
}

export function podCreate(pod: Record<string, any>, extra: Record<string, any> = {}): Record<string, any> {
  return admissionReview({
    kind: { group: '', version: 'v1', kind: 'Pod' },
    resource: { group: '', version: 'v1', resource: 'pods' },
    namespace: pod.metadata.namespace,
    name: pod.metadata.name,
    object: pod,
    ...extra,
  });
}

export interface Reply {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
  json(): any;
}

export interface CallOptions {
  readonly method?: string;
  readonly path?: string;
  readonly body?: string | Buffer;
  readonly headers?: Record<string, string>;
  readonly agent?: Agent | false;
  readonly ca?: Buffer;
}

/** One HTTPS call to the guard on loopback (certificate verified against `ca` when given). */
export function call(port: number, options: CallOptions = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest(
      {
        host: '127.0.0.1',
        port,
        servername: 'localhost',
        method: options.method ?? 'POST',
        path: options.path ?? '/validate',
        headers: { 'content-type': 'application/json', ...options.headers },
        agent: options.agent,
        ...(options.ca ? { ca: options.ca } : { rejectUnauthorized: false }),
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => {
          const body = Buffer.concat(chunks).toString('utf8');
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body, json: () => JSON.parse(body) });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

export function post(port: number, review: unknown, options: CallOptions = {}): Promise<Reply> {
  return call(port, { ...options, body: JSON.stringify(review) });
}

/** A plain HTTP GET (the metrics port). */
export function httpGet(port: number, path: string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    httpRequest({ host: '127.0.0.1', port, path }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body, json: () => JSON.parse(body) });
      });
    })
      .on('error', reject)
      .end();
  });
}

/** The value of one series in Prometheus text output (0 when absent). */
export function metricValue(text: string, series: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : 0;
}
