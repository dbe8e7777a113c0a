/**
 * The bundled CRD catalog (src/validate/schemas/generated/custom-resources.json) through the `schema` rule: one
 * realistic object per project the catalog covers is valid, and a typical mistake in each is found.
 */
import rule from '../../src/rules/schema';
import { testRule } from './tester';

const meta = (name: string, namespace = 'apps') => `metadata: {name: ${name}, namespace: ${namespace}}\n`;

const FLUX_KUSTOMIZATION = `apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
${meta('apps', 'flux-system')}spec:
  interval: 10m
  path: ./apps
  prune: true
  sourceRef: {kind: ExternalArtifact, name: apps}
`;
const HELM_RELEASE = `apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
${meta('web')}spec:
  interval: 1h
  chart:
    spec:
      chart: web
      version: ">=1.0.0"
      sourceRef: {kind: HelmRepository, name: charts}
  install: {remediation: {retries: 3}}
  values: {replicaCount: 2, nested: {anything: [1, "two"]}}
`;
const OCI_REPOSITORY = `apiVersion: source.toolkit.fluxcd.io/v1
kind: OCIRepository
${meta('charts')}spec:
  interval: 24h
  url: oci://registry.example/charts/web
  ref: {semver: ">= 1.0.0"}
  layerSelector: {mediaType: application/vnd.cncf.helm.chart.content.v1.tar+gzip, operation: copy}
`;
const HELM_CHART = `apiVersion: source.toolkit.fluxcd.io/v1
kind: HelmChart
${meta('web')}spec:
  interval: 1h
  chart: web
  sourceRef: {kind: HelmRepository, name: charts}
`;
const BUCKET = `apiVersion: source.toolkit.fluxcd.io/v1
kind: Bucket
${meta('artifacts')}spec:
  interval: 5m
  bucketName: artifacts
  endpoint: s3.example
  provider: aws
`;
const HTTP_ROUTE = `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
${meta('web')}spec:
  parentRefs: [{name: public, namespace: gateways}]
  hostnames: [web.example]
  rules:
    - matches: [{path: {type: PathPrefix, value: /}}]
      backendRefs: [{name: web, port: 80}]
`;
const CERTIFICATE = `apiVersion: cert-manager.io/v1
kind: Certificate
${meta('web')}spec:
  secretName: web-tls
  dnsNames: [web.example]
  issuerRef: {name: letsencrypt, kind: ClusterIssuer}
  privateKey: {algorithm: ECDSA, size: 256, rotationPolicy: Always}
`;
const VIRTUAL_SERVICE = `apiVersion: networking.istio.io/v1
kind: VirtualService
${meta('web')}spec:
  hosts: [web]
  http:
    - match: [{uri: {prefix: /api}}]
      route: [{destination: {host: api, port: {number: 8080}}}]
`;
const APPLICATION = `apiVersion: argoproj.io/v1alpha1
kind: Application
${meta('web', 'argocd')}spec:
  project: default
  source: {repoURL: https://git.example/web.git, targetRevision: HEAD, path: deploy}
  destination: {server: https://kubernetes.default.svc, namespace: web}
  syncPolicy: {automated: {prune: true, selfHeal: true}}
`;
const ROLLOUT = `apiVersion: argoproj.io/v1alpha1
kind: Rollout
${meta('web')}spec:
  replicas: 3
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: web, image: "web:1"}]
  strategy:
    canary:
      steps: [{setWeight: 20}, {pause: {duration: 1h}}]
`;
const EXTERNAL_SECRET = `apiVersion: external-secrets.io/v1
kind: ExternalSecret
${meta('db')}spec:
  refreshInterval: 1h
  secretStoreRef: {name: vault, kind: ClusterSecretStore}
  target: {name: db}
  data: [{secretKey: password, remoteRef: {key: db/password}}]
`;
const SCALED_OBJECT = `apiVersion: keda.sh/v1alpha1
kind: ScaledObject
${meta('worker')}spec:
  scaleTargetRef: {name: worker}
  minReplicaCount: 1
  maxReplicaCount: 10
  triggers: [{type: prometheus, metadata: {serverAddress: "http://prometheus:9090", query: "sum(rate(jobs[1m]))", threshold: "5"}}]
`;
const CLUSTER_POLICY = `apiVersion: kyverno.io/v1
kind: ClusterPolicy
metadata: {name: require-team}
spec:
  validationFailureAction: Enforce
  rules:
    - name: team-label
      match: {any: [{resources: {kinds: [Deployment]}}]}
      validate:
        message: a team label is required
        pattern: {metadata: {labels: {team: "?*"}}}
`;

testRule(rule, {
  valid: [
    { name: 'Flux Kustomization whose source is an ExternalArtifact', yaml: FLUX_KUSTOMIZATION },
    { name: 'Flux HelmRelease v2 with free-form values', yaml: HELM_RELEASE },
    { name: 'Flux OCIRepository v1', yaml: OCI_REPOSITORY },
    { name: 'Flux HelmChart v1', yaml: HELM_CHART },
    { name: 'Flux Bucket v1', yaml: BUCKET },
    { name: 'Gateway API HTTPRoute v1', yaml: HTTP_ROUTE },
    { name: 'cert-manager Certificate', yaml: CERTIFICATE },
    { name: 'Istio VirtualService v1', yaml: VIRTUAL_SERVICE },
    { name: 'Argo CD Application', yaml: APPLICATION },
    { name: 'Argo Rollouts Rollout with a pod template', yaml: ROLLOUT },
    { name: 'External Secrets ExternalSecret v1', yaml: EXTERNAL_SECRET },
    { name: 'KEDA ScaledObject', yaml: SCALED_OBJECT },
    { name: 'Kyverno ClusterPolicy', yaml: CLUSTER_POLICY },
    { name: 'a status written by the controller is not judged', yaml: `${HELM_CHART}status: {anything: [1]}\n` },
  ],
  invalid: [
    {
      name: 'Flux Kustomization: a misspelled field and no interval',
      yaml: FLUX_KUSTOMIZATION.replace('  interval: 10m\n', '').replace('prune: true', 'prnue: true'),
      errors: [
        { path: '/spec', message: 'missing required property "interval"' },
        { path: '/spec', message: 'missing required property "prune"' },
        { path: '/spec/prnue', message: 'did you mean "prune"?' },
      ],
    },
    {
      name: 'Flux HelmRelease: a chart without a sourceRef',
      yaml: HELM_RELEASE.replace('      sourceRef: {kind: HelmRepository, name: charts}\n', ''),
      errors: [{ path: '/spec/chart/spec', message: 'missing required property "sourceRef"' }],
    },
    {
      name: 'Gateway API HTTPRoute: a path match type it does not have',
      yaml: HTTP_ROUTE.replace('type: PathPrefix', 'type: Prefix'),
      errors: [{ path: '/spec/rules/0/matches/0/path/type', message: 'got "Prefix", expected one of "Exact", "PathPrefix", "RegularExpression"' }],
    },
    {
      name: 'Istio VirtualService v1: two URI match fields that exclude each other',
      yaml: VIRTUAL_SERVICE.replace('{prefix: /api}', '{prefix: /api, exact: /api}'),
      errors: [{ path: '/spec/http/0/match/0/uri', message: 'got "exact" and "prefix", expected at most one of "exact", "prefix", "regex"' }],
    },
    {
      name: 'Argo Rollouts: the pod template is checked as a Kubernetes pod template',
      yaml: ROLLOUT.replace('image: "web:1"', 'image: "web:1", imagePullPolicy: Sometimes, portz: []'),
      errors: [
        { path: '/spec/template/spec/containers/0/imagePullPolicy', message: 'got "Sometimes", expected one of "Always", "IfNotPresent", "Never"' },
        { path: '/spec/template/spec/containers/0/portz', message: 'did you mean "ports"?' },
      ],
    },
    {
      name: 'External Secrets: a store kind it does not have',
      yaml: EXTERNAL_SECRET.replace('kind: ClusterSecretStore', 'kind: Vault'),
      errors: [{ path: '/spec/secretStoreRef/kind', message: 'got "Vault", expected one of "SecretStore", "ClusterSecretStore"' }],
    },
    {
      name: 'KEDA ScaledObject: a trigger without a type',
      yaml: SCALED_OBJECT.replace('type: prometheus, ', ''),
      errors: [{ path: '/spec/triggers/0', message: 'missing required property "type"' }],
    },
    {
      name: 'Kyverno ClusterPolicy: a misspelled rule field',
      yaml: CLUSTER_POLICY.replace('      validate:', '      validat:'),
      errors: [{ path: '/spec/rules/0/validat', message: 'did you mean "validate"?' }],
    },
    {
      name: 'cert-manager Certificate: a key algorithm it does not have',
      yaml: CERTIFICATE.replace('algorithm: ECDSA', 'algorithm: DSA'),
      errors: [{ path: '/spec/privateKey/algorithm', message: 'got "DSA", expected one of "RSA", "ECDSA", "Ed25519"' }],
    },
  ],
});
