/**
 * A deterministic validation corpus: FILES files of DOCS_PER_FILE documents, mixed Deployments and Services
 * (~1 KB per object on average), plus a PodDisruptionBudget and a default-deny NetworkPolicy per namespace in the
 * first files, with a known share of violations (mutable tags, missing labels, Services that select nothing). Same
 * arguments, same bytes.
 */
import { closeSync, mkdirSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';

const DIGEST = `sha256:${'5'.repeat(64)}`;

/**
 * `anchored`: the same object written with anchors, aliases and `<<` merge keys (the selector reused as the pod
 * labels' base, the requests as an alias), for the anchors benchmark; the parsed objects are identical.
 */
function deployment(i: number, anchored = false): string {
  const bad = i % 97 === 0;
  const image = bad ? `registry.example.com/team/app-${i % 50}:1.${i % 7}` : `registry.example.com/team/app-${i % 50}@${DIGEST}`;
  const labels = i % 89 === 0 ? `app: app-${i}` : `app: app-${i}\n    app.kubernetes.io/name: app-${i}`;
  const plain = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: app-${i}
  namespace: team-${i % 20}
  labels:
    ${labels}
  annotations:
    owner: team-${i % 20}@example.com
spec:
  replicas: ${2 + (i % 3)}
  selector:
    matchLabels:
      app: app-${i}
  strategy:
    type: RollingUpdate
    rollingUpdate: {maxSurge: 1, maxUnavailable: 0}
  template:
    metadata:
      labels:
        app: app-${i}
        app.kubernetes.io/name: app-${i}
    spec:
      serviceAccountName: app-${i}
      automountServiceAccountToken: false
      securityContext: {runAsNonRoot: true, runAsUser: 65532, seccompProfile: {type: RuntimeDefault}}
      topologySpreadConstraints: [{maxSkew: 1, topologyKey: kubernetes.io/hostname, whenUnsatisfiable: ScheduleAnyway, labelSelector: {matchLabels: {app: app-${i}}}}]
      containers:
        - name: app
          image: ${image}
          ports:
            - {name: http, containerPort: 8080}
          env:
            - {name: LOG_LEVEL, value: info}
            - {name: REGION, value: eu-central}
          livenessProbe: {httpGet: {path: /healthz, port: 8080}, periodSeconds: 10}
          readinessProbe: {httpGet: {path: /readyz, port: 8080}, periodSeconds: 5}
          resources:
            requests: {cpu: 100m, memory: 128Mi}
            limits: {cpu: 500m, memory: 256Mi}
          securityContext:
            allowPrivilegeEscalation: false
            readOnlyRootFilesystem: true
            capabilities: {drop: [ALL]}
`;
  return anchored ? anchor(plain) : plain;
}

/** Rewrites of a plain Deployment into the anchored one: the same object once parsed. */
const ANCHORING: ReadonlyArray<[RegExp, string]> = [
  [/( {2}selector:\n {4}matchLabels:)\n/, '$1 &selector\n'],
  [/( {4}metadata:\n {6}labels:\n) {8}app: app-\d+\n/, '$1        <<: *selector\n'],
  [/livenessProbe: \{/, 'livenessProbe: &probe {'],
  [/readinessProbe: \{/, 'readinessProbe: {<<: *probe, '],
];

function anchor(plain: string): string {
  return ANCHORING.reduce((text, [from, to]) => {
    if (!from.test(text)) throw new Error(`corpus: ${from} matches nothing to anchor`);
    return text.replace(from, to);
  }, plain);
}

/** Namespaces the corpus's objects land in (`team-<i % NAMESPACES>`). */
const NAMESPACES = 20;

/** A namespace's PodDisruptionBudget: one pod of the namespace evicted at a time (the Deployments run 2 to 4 replicas). */
function budget(t: number): string {
  return `apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: team-${t}
  namespace: team-${t}
  labels:
    app.kubernetes.io/name: team-${t}
spec:
  maxUnavailable: 1
  selector: {}
`;
}

/** A namespace's default-deny NetworkPolicy: every pod of the namespace isolated. */
function defaultDeny(t: number): string {
  return `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: default-deny
  namespace: team-${t}
  labels:
    app.kubernetes.io/name: team-${t}
spec:
  podSelector: {}
  policyTypes: [Ingress, Egress]
`;
}

/** The Service in front of Deployment `i` (every 83rd selects nothing). */
function service(i: number): string {
  const selector = i % 83 === 0 ? `app: app-missing-${i}` : `app: app-${i}`;
  return `apiVersion: v1
kind: Service
metadata:
  name: app-${i}
  namespace: team-${i % 20}
  labels:
    app.kubernetes.io/name: app-${i}
spec:
  selector:
    ${selector}
  ports:
    - {name: http, port: 80, targetPort: http, protocol: TCP}
`;
}

export interface CorpusStats {
  readonly files: number;
  readonly objects: number;
  readonly bytes: number;
}

/** Object `n` of the corpus: three Deployments, then the Service of the last one. */
export function corpusDocument(n: number, options: CorpusOptions = {}): string {
  return n % 4 === 3 ? service(n - 1) : deployment(n, options.anchored);
}

/** The first `objects` objects of the corpus as one file, then every namespace's budget and default deny. */
export function writeOneFile(path: string, objects: number, options: CorpusOptions = {}): CorpusStats {
  const fd = openSync(path, 'w');
  let bytes = 0;
  try {
    for (let n = 0; n < objects; n++) bytes += writeSync(fd, (n ? '---\n' : '') + corpusDocument(n, options));
    for (let t = 0; t < NAMESPACES; t++) bytes += writeSync(fd, `---\n${budget(t)}---\n${defaultDeny(t)}`);
  } finally {
    closeSync(fd);
  }
  return { files: 1, objects: objects + 2 * NAMESPACES, bytes };
}

export interface CorpusOptions {
  /** Deployments written with anchors and merge keys (same objects). */
  readonly anchored?: boolean;
}

export function writeCorpus(dir: string, files = 5000, docsPerFile = 10, options: CorpusOptions = {}): CorpusStats {
  let bytes = 0;
  let n = 0;
  let extra = 0;
  for (let f = 0; f < files; f++) {
    const sub = join(dir, `team-${f % 50}`);
    if (f < 50) mkdirSync(sub, { recursive: true });
    const docs: string[] = [];
    for (let d = 0; d < docsPerFile; d++, n++) {
      // Three Deployments, then the Service of the last one: about 1 KB per object on average.
      docs.push(corpusDocument(n, options));
    }
    // The first files also hold their namespace's budget and default deny (team-<f>), so every namespace has them.
    if (f < NAMESPACES) {
      docs.push(budget(f), defaultDeny(f));
      extra += 2;
    }
    const text = docs.join('---\n');
    writeFileSync(join(sub, `manifests-${String(f).padStart(5, '0')}.yaml`), text);
    bytes += Buffer.byteLength(text);
  }
  return { files, objects: n + extra, bytes };
}
