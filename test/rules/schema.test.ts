import { describe, expect, it } from 'vitest';
import { WaiverSet } from '../../src/check/waiver-set';
import rule from '../../src/rules/schema';
import { Inventory, makeItem } from '../../src/check/inventory';
import type { K8sObject } from '../../src/check/types';
import { App, Chart, Cron, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { RESTRICTED_CONTAINER_SECURITY, RESTRICTED_POD_SECURITY } from '../../src/constructs/common/workload';
import { runRule, testRule } from './tester';
import { CLUSTER_ROLE, CRON_JOB, CUSTOM_RESOURCES, DEPLOYMENT, NETWORK_POLICY, SERVICE, WIDGET_CRD, widget } from './schema.fixtures';

const deployment = (spec: string) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
${spec}`;
const POD = `  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: web, image: "web:1"}]
`;
const TRAFFIC_DISTRIBUTION = `apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  selector: {app: web}
  trafficDistribution: PreferClose
  ports: [{port: 80}]
`;
const SELECTABLE_FIELDS = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: widgets.example.com}
spec:
  group: example.com
  scope: Namespaced
  names: {plural: widgets, singular: widget, kind: Widget}
  versions:
    - name: v1
      served: true
      storage: true
      selectableFields: [{jsonPath: .spec.color}]
      schema: {openAPIV3Schema: {type: object, properties: {spec: {type: object, properties: {color: {type: string}}}}}}
`;
const VALIDATING_ADMISSION_POLICY = `apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicy
metadata: {name: replicas}
spec:
  matchConstraints: {resourceRules: [{apiGroups: [apps], apiVersions: [v1], operations: [CREATE], resources: [deployments]}]}
  validations: [{expression: "object.spec.replicas <= 5"}]
`;
const nested = (depth: number) => `${'{a: '.repeat(depth)}1${'}'.repeat(depth)}`;

testRule(rule, {
  valid: [
    { name: 'a Deployment with probes, resources, security context, affinity', yaml: DEPLOYMENT },
    { name: 'a Service with a named targetPort', yaml: SERVICE },
    { name: 'a NetworkPolicy with named and numbered ports', yaml: NETWORK_POLICY },
    { name: 'a ClusterRole', yaml: CLUSTER_ROLE },
    { name: 'a CronJob', yaml: CRON_JOB },
    ...Object.entries(CUSTOM_RESOURCES).map(([kind, yaml]) => ({ name: `a ${kind}`, yaml })),
    {
      name: 'an Istio v1 VirtualService (Istio 1.22 promoted it)',
      yaml: CUSTOM_RESOURCES.VirtualService.replace('networking.istio.io/v1beta1', 'networking.istio.io/v1'),
    },
    { name: 'a field the target release has (Service trafficDistribution, the default release)', yaml: TRAFFIC_DISTRIBUTION },
    { name: 'a field the target release has (Service trafficDistribution on 1.30)', yaml: TRAFFIC_DISTRIBUTION, kubernetesVersion: '1.30' },
    { name: 'CRD selectableFields on the default release', yaml: SELECTABLE_FIELDS },
    { name: 'a kind the target release has (ValidatingAdmissionPolicy v1 on 1.30)', yaml: VALIDATING_ADMISSION_POLICY, kubernetesVersion: '1.30' },
    { name: 'a Namespace with an empty spec (as synth renders it)', yaml: 'apiVersion: v1\nkind: Namespace\nmetadata: {name: shipshape}\nspec: {}\n' },
    {
      name: 'kubectl output: null creationTimestamp, empty status, null optional fields',
      yaml: `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, creationTimestamp: null, labels: null}\nspec:\n  replicas: null\n${POD}status: {}\n`,
    },
    {
      name: 'a custom resource valid against a CRD in the same input',
      files: {
        'crds/widget.yaml': WIDGET_CRD,
        'widget.yaml': widget(
          '  size: small\n  port: http\n  config: {any: [thing], deep: {x: 1}}\n  tags: [a, b]\n  note: null\n  template: {apiVersion: v1, kind: ConfigMap, metadata: {name: x}, data: {a: b}}\nstatus: {phase: Ready}\n',
        ),
      },
    },
    { name: 'strict: false accepts unknown fields', yaml: deployment(`  replcas: 2\n${POD}`), options: { strict: false } },
    { name: 'ignoreKinds by kind', yaml: 'apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\n', options: { ignoreKinds: ['Widget'] } },
    { name: 'ignoreKinds by apiVersion/kind', yaml: deployment('  replcas: 2\n'), options: { ignoreKinds: ['apps/v1/Deployment'] } },
    {
      name: 'ignoreMissingSchemas silences kinds without a schema',
      yaml: 'apiVersion: example.com/v1\nkind: Gadget\nmetadata: {name: g}\n',
      options: { ignoreMissingSchemas: true },
    },
    {
      name: 'an open field (ConfigMap data values are strings; annotations any key) with unusual keys',
      yaml: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  annotations: {"a/b~c": x, __proto__: y, constructor: z}\ndata: {"__proto__": v, "config.yaml": "a: 1"}\n',
    },
    {
      name: 'CRD patterns: RE2-only syntax is not held against the CRD, escapes JavaScript accepts are checked',
      files: {
        'crd.yaml': WIDGET_CRD.replace('enum: [small, large]', 'pattern: "(?i)^small$"').replace(
          'note: {type: string, nullable: true}',
          'note: {type: string, pattern: "^\\\\-?[0-9]+$"}',
        ),
        'widget.yaml': widget('  size: SMALL\n  note: "-12"\n'),
      },
    },
    {
      name: 'a CRD pattern that could backtrack exponentially is not run (the API server runs RE2, linear)',
      files: {
        'crd.yaml': WIDGET_CRD.replace('note: {type: string, nullable: true}', 'note: {type: string, pattern: "^(a+)+$"}'),
        'widget.yaml': widget(`  size: small\n  note: "${'a'.repeat(100_000)}!"\n`),
      },
    },
    {
      name: 'a kubectl List: its items are validated',
      yaml: `apiVersion: v1\nkind: List\nmetadata: {resourceVersion: ""}\nitems:\n  - {apiVersion: v1, kind: ConfigMap, metadata: {name: c}, data: {a: b}}\n  - ${JSON.stringify({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 's' } })}\n`,
    },
  ],
  invalid: [
    {
      // Paths are relative to the item, which is an object of its own; lines are the item's (see lists.ts).
      name: 'a kubectl List with a misspelled field in an item',
      yaml: 'apiVersion: v1\nkind: List\nitems:\n  - {apiVersion: v1, kind: ConfigMap, metadata: {name: c}}\n  - {apiVersion: apps/v1, kind: Deployment, metadata: {name: d}, spec: {replcas: 1}}\n',
      errors: [
        { path: '/items/1/spec', message: 'missing required property "selector"', line: 5 },
        { path: '/items/1/spec', message: 'missing required property "template"', line: 5 },
        { path: '/items/1/spec/replcas', message: 'did you mean "replicas"?', line: 5 },
      ],
    },
    {
      name: 'a misspelled field, with a suggestion',
      yaml: deployment(`  replcas: 2\n${POD}`),
      errors: [{ path: '/spec/replcas', message: 'unknown property "replcas"; did you mean "replicas"?', line: 5 }],
    },
    {
      name: 'a wrong type',
      yaml: deployment(`  replicas: two\n${POD}`),
      errors: [{ path: '/spec/replicas', message: 'got "two", expected integer', line: 5 }],
    },
    {
      name: 'a bad enum value (Service type)',
      yaml: SERVICE.replace('type: ClusterIP', 'type: ClusterIp'),
      errors: [{ path: '/spec/type', message: 'got "ClusterIp", expected one of "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"' }],
    },
    {
      name: 'a missing required field (container name) points at the container',
      yaml: deployment(POD.replace('{name: web, image: "web:1"}', '{image: "web:1"}')),
      errors: [{ path: '/spec/template/spec/containers/0', message: 'missing required property "name"' }],
    },
    {
      name: 'a missing required field (Deployment selector)',
      yaml: deployment('  template: {spec: {containers: [{name: web}]}}\n'),
      errors: [{ path: '/spec', message: 'missing required property "selector"' }],
    },
    {
      name: 'a kind with no schema is a warning that says so',
      yaml: 'apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\nspec: {anything: 1}\n',
      errors: [{ path: '', message: 'no schema for example.com/v1 Widget, so its fields are not checked', severity: 'warning' }],
    },
    {
      name: 'a bundled custom resource in a version without a schema is a warning naming the bundled versions',
      yaml: CUSTOM_RESOURCES.Certificate.replace('cert-manager.io/v1', 'cert-manager.io/v2'),
      errors: [{ path: '', message: 'bundled only as cert-manager.io/v1', severity: 'warning' }],
    },
    {
      name: 'an apiVersion the target release does not serve',
      yaml: 'apiVersion: autoscaling/v3\nkind: HorizontalPodAutoscaler\nmetadata: {name: h}\n',
      errors: [
        {
          path: '/apiVersion',
          message: 'got "autoscaling/v3", expected "autoscaling/v1" or "autoscaling/v2": Kubernetes 1.33 does not serve',
          severity: 'error',
        },
      ],
    },
    {
      name: 'a removed API where deprecated-api does not run: its replacement, also with ignoreMissingSchemas',
      yaml: 'apiVersion: extensions/v1beta1\nkind: Ingress\nmetadata: {name: i}\nspec: {backend: {serviceName: s}}\n---\napiVersion: apps/v1beta1\nkind: Deployment\nmetadata: {name: d}\n',
      options: { ignoreMissingSchemas: true },
      errors: [
        { path: '/apiVersion', line: 1, message: 'extensions/v1beta1 Ingress was removed in Kubernetes 1.22; use networking.k8s.io/v1' },
        { path: '/apiVersion', line: 6, message: 'apps/v1beta1 Deployment was removed in Kubernetes 1.16; use apps/v1' },
      ],
    },
    {
      name: 'a field newer than the target release (Service trafficDistribution on 1.29)',
      yaml: TRAFFIC_DISTRIBUTION,
      kubernetesVersion: '1.29',
      errors: [{ path: '/spec/trafficDistribution', message: '"trafficDistribution" needs Kubernetes ≥ 1.30; the target is Kubernetes 1.29', line: 6 }],
    },
    {
      name: 'a field newer than the target release inside a list (CRD selectableFields on 1.29), beside a misspelling',
      yaml: SELECTABLE_FIELDS.replace('served: true', 'servd: true'),
      kubernetesVersion: '1.29',
      errors: [
        { path: '/spec/versions/0', message: 'missing required property "served"' },
        { path: '/spec/versions/0/servd', message: 'did you mean "served"?' },
        { path: '/spec/versions/0/selectableFields', message: '"selectableFields" needs Kubernetes ≥ 1.30; the target is Kubernetes 1.29' },
      ],
    },
    {
      name: 'a kind newer than the target release (ValidatingAdmissionPolicy v1 on 1.29, FlowSchema v1 on 1.28)',
      files: { 'vap.yaml': VALIDATING_ADMISSION_POLICY, 'fs.yaml': 'apiVersion: flowcontrol.apiserver.k8s.io/v1\nkind: FlowSchema\nmetadata: {name: f}\n' },
      kubernetesVersion: '1.28',
      errors: [
        { path: '/apiVersion', file: 'fs.yaml', message: 'flowcontrol.apiserver.k8s.io/v1 FlowSchema needs Kubernetes ≥ 1.29; the target is Kubernetes 1.28' },
        {
          path: '/apiVersion',
          file: 'vap.yaml',
          message: 'admissionregistration.k8s.io/v1 ValidatingAdmissionPolicy needs Kubernetes ≥ 1.30; the target is Kubernetes 1.28',
        },
      ],
    },
    {
      name: 'a kind the target release still serves but a later one dropped is checked against the target (FlowSchema v1beta2 on 1.28)',
      yaml: 'apiVersion: flowcontrol.apiserver.k8s.io/v1beta2\nkind: FlowSchema\nmetadata: {name: f}\nspec: {priorityLevelConfiguration: {name: p}, matchingPrecedence: "high"}\n',
      kubernetesVersion: '1.28',
      errors: [{ path: '/spec/matchingPrecedence', message: 'got "high", expected integer' }],
    },
    {
      name: 'a misspelled built-in kind',
      yaml: 'apiVersion: apps/v1\nkind: Deploymnet\nmetadata: {name: d}\n',
      errors: [{ path: '/kind', message: 'did you mean "Deployment"?' }],
    },
    {
      name: 'missing kind and a non-string apiVersion',
      files: { 'a.yaml': 'apiVersion: v1\nmetadata: {name: x}\n', 'b.yaml': 'apiVersion: 1\nkind: ConfigMap\n' },
      errors: [
        { path: '', message: 'missing required property "kind"', file: 'a.yaml' },
        { path: '/apiVersion', message: 'got 1, expected string', file: 'b.yaml' },
      ],
    },
    {
      name: 'an unknown metadata field and status on a kind without one',
      yaml: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, lables: {a: b}}\nstatus: {}\n',
      errors: [
        { path: '/metadata/lables', message: 'did you mean "labels"?', line: 3 },
        { path: '/status', message: 'unknown property "status"', line: 4 },
      ],
    },
    {
      name: 'non-objects where objects are expected, and null for a required list',
      yaml: deployment('  selector: []\n  template: "pod"\n  strategy: {type: Recreate, rollingUpdate: 5}\n'),
      errors: [
        { path: '/spec/selector', message: 'got [], expected object' },
        { path: '/spec/template', message: 'got "pod", expected object' },
        { path: '/spec/strategy/rollingUpdate', message: 'got 5, expected object' },
      ],
    },
    {
      name: 'null for a required field',
      yaml: deployment('  selector: {}\n  template: {spec: {containers: null}}\n'),
      errors: [{ path: '/spec/template/spec/containers', message: 'got null, expected array' }],
    },
    {
      name: '__proto__ and constructor keys are unknown fields, not prototype tricks',
      yaml: deployment(`  __proto__: {replicas: 1}\n  constructor: x\n${POD}`),
      errors: [
        { path: '/spec/__proto__', message: 'unknown property "__proto__"' },
        { path: '/spec/constructor', message: 'unknown property "constructor"' },
      ],
    },
    {
      name: 'an unknown key with a slash is escaped in the JSON pointer',
      yaml: deployment(`  app.kubernetes.io/name: web\n${POD}`),
      errors: [{ path: '/spec/app.kubernetes.io~1name', message: 'unknown property "app.kubernetes.io/name"' }],
    },
    {
      name: '200-level nesting under a strict field is one finding',
      yaml: deployment(`  paused: ${nested(200)}\n${POD}`),
      errors: [{ path: '/spec/paused', message: 'expected boolean' }],
    },
    {
      name: 'a custom resource invalid against a CRD in the same input',
      files: {
        'crds/widget.yaml': WIDGET_CRD,
        'widget.yaml': widget(
          '  size: huge\n  replicas: 0\n  port: 1.5\n  tags: [a, a]\n  colour: red\n  template: {apiVersion: v1, kind: ConfigMap, metadata: {nmae: x}}\n',
        ),
      },
      errors: [
        { path: '/spec/size', message: 'got "huge", expected one of "small", "large"', file: 'widget.yaml', line: 5 },
        { path: '/spec/replicas', message: 'got 0, expected it must be >= 1', file: 'widget.yaml' },
        { path: '/spec/port', message: 'got 1.5, expected integer or string', file: 'widget.yaml' },
        { path: '/spec/tags', message: 'each item must be unique', file: 'widget.yaml' },
        { path: '/spec/colour', message: 'unknown property "colour"', file: 'widget.yaml' },
        { path: '/spec/template/metadata/nmae', message: 'did you mean "name"?', file: 'widget.yaml', line: 10 },
      ],
    },
    {
      name: 'a CRD with a misspelled keyword deep inside its schema (under items)',
      yaml: WIDGET_CRD.replace('tags: {type: array, items: {type: string}', 'tags: {type: array, items: {tpye: string}'),
      errors: [
        {
          path: '/spec/versions/0/schema/openAPIV3Schema/properties/spec/properties/tags/items/tpye',
          message: 'unknown property "tpye"; did you mean "type"?',
          line: 24,
        },
      ],
    },
    {
      name: 'a CRD pattern with an escape RE2 and JavaScript share is enforced',
      files: {
        'crd.yaml': WIDGET_CRD.replace('note: {type: string, nullable: true}', 'note: {type: string, pattern: "^\\\\-?[0-9]+$"}'),
        'widget.yaml': widget('  size: small\n  note: "12a"\n'),
      },
      errors: [{ path: '/spec/note', message: 'got "12a", expected a string matching ^\\-?[0-9]+$', file: 'widget.yaml' }],
    },
    {
      name: 'a custom resource missing a field its CRD requires',
      files: { 'crds/widget.yaml': WIDGET_CRD, 'widget.yaml': widget('  replicas: 2\n') },
      errors: [{ path: '/spec', message: 'missing required property "size"', file: 'widget.yaml', line: 4 }],
    },
    {
      name: 'a CRD whose schema cannot be used: an error on the CRD, a warning on its objects',
      files: {
        'crd.yaml': WIDGET_CRD.replace('enum: [small, large]', '$ref: "#/definitions/size"'),
        'widget.yaml': widget('  size: small\n'),
      },
      errors: [
        {
          path: '/spec/versions/0/schema/openAPIV3Schema/properties/spec/properties/size',
          message: 'unresolvable $ref "#/definitions/size"',
          file: 'crd.yaml',
        },
        { path: '', message: 'not checked: the schema of CustomResourceDefinition widgets.example.com is unusable', file: 'widget.yaml', severity: 'warning' },
      ],
    },
    {
      name: 'a CRD in the input takes precedence over the bundled schema',
      files: {
        'crd.yaml': WIDGET_CRD.replace('group: example.com', 'group: cert-manager.io').replace('kind: Widget,', 'kind: Certificate,'),
        'cert.yaml': CUSTOM_RESOURCES.Certificate,
      },
      errors: [
        { path: '/spec', message: 'missing required property "size"', file: 'cert.yaml' },
        { path: '/spec/secretName', message: 'unknown property "secretName"', file: 'cert.yaml' },
        { path: '/spec/dnsNames', message: 'unknown property "dnsNames"', file: 'cert.yaml' },
        { path: '/spec/issuerRef', message: 'unknown property "issuerRef"', file: 'cert.yaml' },
        { path: '/spec/duration', message: 'unknown property "duration"', file: 'cert.yaml' },
        { path: '/spec/renewBefore', message: 'unknown property "renewBefore"', file: 'cert.yaml' },
        { path: '/spec/privateKey', message: 'unknown property "privateKey"', file: 'cert.yaml' },
        { path: '/spec/usages', message: 'unknown property "usages"', file: 'cert.yaml' },
      ],
    },
    {
      name: 'Istio: two of match fields that exclude each other, and a misspelled port field',
      yaml: CUSTOM_RESOURCES.VirtualService.replace('{uri: {prefix: /api}}', '{uri: {prefix: /api, exact: /api}}').replace(
        'port: {number: 80}',
        'port: {numbr: 80}',
      ),
      errors: [
        { path: '/spec/http/0/match/0/uri', message: 'got "exact" and "prefix", expected at most one of "exact", "prefix", "regex"' },
        { path: '/spec/http/0/route/0/destination/port/numbr', message: 'did you mean "number"?' },
      ],
    },
    {
      name: 'Flux: an interval that is not a string, a source kind Flux does not know',
      yaml: CUSTOM_RESOURCES.Kustomization.replace('interval: 10m', 'interval: 10').replace('kind: GitRepository', 'kind: GitRepo'),
      errors: [
        { path: '/spec/interval', message: 'got 10, expected string' },
        { path: '/spec/sourceRef/kind', message: 'expected one of "OCIRepository", "GitRepository", "Bucket", "ExternalArtifact"' },
      ],
    },
    {
      name: 'cert-manager: a missing secretName and a bad private key algorithm',
      yaml: CUSTOM_RESOURCES.Certificate.replace('  secretName: shipshape-tls\n', '').replace('algorithm: ECDSA', 'algorithm: DSA'),
      errors: [
        { path: '/spec', message: 'missing required property "secretName"' },
        { path: '/spec/privateKey/algorithm', message: 'got "DSA", expected one of "RSA", "ECDSA", "Ed25519"' },
      ],
    },
    {
      name: 'prometheus-operator: a misspelled rule field and a group without a name',
      yaml: CUSTOM_RESOURCES.PrometheusRule.replace('for: 5m', 'fro: 5m').replace('- name: shipshape.rules', '- nme: shipshape.rules'),
      errors: [
        { path: '/spec/groups/0', message: 'missing required property "name"' },
        { path: '/spec/groups/0/nme', message: 'did you mean "name"?' },
        { path: '/spec/groups/0/rules/0/fro', message: 'did you mean "for"?' },
      ],
    },
  ],
});

describe('schema rule on hostile input (objects built directly: the YAML loader stops far earlier)', () => {
  const options = { strict: true, ignoreKinds: [], ignoreMissingSchemas: false };
  const check = (...objects: K8sObject[]) => [
    ...rule.check({ inventory: new Inventory(objects.map((o, i) => makeItem(o, `o${i}.yaml`, 0))), options, waivers: new WaiverSet(), now: new Date() }),
  ];
  const deep = (depth: number, leaf: unknown, key = 'a'): unknown => {
    let node = leaf;
    for (let i = 0; i < depth; i++) node = { [key]: node };
    return node;
  };

  it('a 100,000-level object under an unknown field is one finding', () => {
    const findings = check({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, extra: deep(100_000, 1) });
    expect(findings.map((f) => [f.path, f.message])).toEqual([['/extra', expect.stringContaining('unknown property "extra"')]]);
  });

  it('a CRD nesting its schema 1,000 levels deep: a finding on the CRD, a warning on its objects, no crash', () => {
    const crd = {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: 'deeps.example.com' },
      spec: {
        group: 'example.com',
        scope: 'Namespaced',
        names: { kind: 'Deep', plural: 'deeps' },
        versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: deep(1000, { type: 'string' }, 'properties') } }],
      },
    };
    const findings = check(crd, { apiVersion: 'example.com/v1', kind: 'Deep', metadata: { name: 'd' } });
    const messages = findings.map((f) => f.message);
    expect(messages.some((m) => m.includes('nests deeper than 64 levels'))).toBe(true);
    expect(messages.some((m) => m.startsWith('not checked: the schema of CustomResourceDefinition deeps.example.com is unusable'))).toBe(true);
  });

  it('an object so deep that validating it exhausts the stack is a finding, not a crash', () => {
    // JSONSchemaProps is recursive, so a CRD's own schema is validated as deep as it goes.
    const crd = {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: 'deeper.example.com' },
      spec: {
        group: 'example.com',
        scope: 'Namespaced',
        names: { kind: 'Deeper', plural: 'deepers' },
        versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: deep(100_000, { type: 'object' }, 'not') } }],
      },
    };
    const findings = check(crd);
    expect(findings.some((f) => f.path === '' && f.message.startsWith('could not be validated'))).toBe(true);
  });

  it('metadata that is not an object, and a document that is a Kubernetes List of nothing', () => {
    const findings = check(
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: 'c' as never },
      { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, data: ['x'] },
    );
    expect(findings.map((f) => [f.item?.file, f.path, f.message])).toEqual([
      ['o0.yaml', '/metadata', 'got "c", expected object'],
      ['o1.yaml', '/data', 'got ["x"], expected object'],
    ]);
  });
});

describe('schema rule on what cdk8s-plus-28 synthesizes (the library the platform renders with)', () => {
  it('finds nothing in a chart of typical workloads, services, RBAC and policies', () => {
    const app = new App();
    const chart = new Chart(app, 'c', { namespace: 'shipshape' });
    const sa = new kplus.ServiceAccount(chart, 'sa', { metadata: { name: 'web' } });
    const container = {
      image: `registry.example.com/web@sha256:${'c'.repeat(64)}`,
      portNumber: 8080,
      securityContext: RESTRICTED_CONTAINER_SECURITY,
      resources: { cpu: { request: kplus.Cpu.millis(100), limit: kplus.Cpu.units(1) }, memory: { request: Size.mebibytes(64), limit: Size.mebibytes(128) } },
      liveness: kplus.Probe.fromHttpGet('/healthz'),
      readiness: kplus.Probe.fromHttpGet('/ready'),
      envVariables: { MODE: kplus.EnvValue.fromValue('prod') },
      volumeMounts: [{ path: '/tmp', volume: kplus.Volume.fromEmptyDir(chart, 'tmp', 'tmp') }],
    };
    const deployment = new kplus.Deployment(chart, 'web', { serviceAccount: sa, securityContext: RESTRICTED_POD_SECURITY, containers: [container] });
    deployment.exposeViaService({ ports: [{ port: 80, targetPort: 8080 }] });
    new kplus.StatefulSet(chart, 'db', { containers: [container], securityContext: RESTRICTED_POD_SECURITY });
    new kplus.DaemonSet(chart, 'agent', { containers: [container], securityContext: RESTRICTED_POD_SECURITY });
    new kplus.CronJob(chart, 'cleanup', { schedule: Cron.daily(), containers: [container], securityContext: RESTRICTED_POD_SECURITY, timeZone: 'Etc/UTC' });
    new kplus.ConfigMap(chart, 'cm', { data: { 'a.yaml': 'x: 1' } });
    const role = new kplus.Role(chart, 'role');
    role.allowRead(kplus.ApiResource.PODS);
    role.bind(sa);
    new kplus.HorizontalPodAutoscaler(chart, 'hpa', {
      target: deployment,
      maxReplicas: 4,
      metrics: [kplus.Metric.resourceCpu(kplus.MetricTarget.averageUtilization(70))],
    });
    new kplus.NetworkPolicy(chart, 'np', {
      selector: deployment,
      ingress: { rules: [{ peer: kplus.Pods.all(chart, 'all'), ports: [kplus.NetworkPolicyPort.tcp(8080)] }] },
    });
    new kplus.k8s.KubePodDisruptionBudget(chart, 'pdb', {
      spec: { minAvailable: kplus.k8s.IntOrString.fromNumber(1), selector: { matchLabels: { app: 'web' } } },
    });
    const objects = chart.toJson();
    expect(new Set(objects.map((o) => o.kind)).size).toBeGreaterThanOrEqual(12);
    const yaml = objects.map((o) => JSON.stringify(o)).join('\n---\n');
    expect(runRule(rule, { name: 'cdk8s', yaml }).map((f) => `${f.object?.kind} ${f.path}: ${f.message}`)).toEqual([]);
    // The same objects with one field misspelled: the check is live, not vacuous.
    const broken = yaml.replace('"minReadySeconds"', '"minReadySecond"');
    expect(runRule(rule, { name: 'cdk8s broken', yaml: broken }).map((f) => `${f.object?.kind} ${f.path}`)).toEqual(['Deployment /spec/minReadySecond']);
  });
});
