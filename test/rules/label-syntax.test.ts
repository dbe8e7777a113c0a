import rule from '../../src/rules/label-syntax';
import { testRule } from './tester';

const cm = (metadata: string) => `apiVersion: v1
kind: ConfigMap
metadata:
  name: c
${metadata}`;
const long = (n: number) => 'a'.repeat(n);

testRule(rule, {
  valid: [
    {
      name: 'prefixed and plain keys, empty and dotted values',
      yaml: cm(
        `  labels:\n    app.kubernetes.io/name: web\n    tier: ""\n    version: 1.2.3_build-4\n    Upper.Case_Name: X\n    ${long(253 - 4)}.com/${long(63)}: ${long(63)}\n`,
      ),
    },
    {
      name: 'annotation keys are judged lowercased; annotation values are free text',
      yaml: cm('  annotations:\n    Example.COM/Note: "any text: with spaces, slashes / and more than sixty-three characters of it"\n'),
    },
    {
      name: 'selectors of every kind that hold to the syntax',
      yaml: `apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: pdb}
spec:
  minAvailable: 1
  selector:
    matchLabels: {app: web}
    matchExpressions: [{key: tier, operator: In, values: [front, ""]}, {key: canary, operator: DoesNotExist}]
`,
    },
    {
      name: 'Flux post-build substitution variables are judged after substitution',
      yaml: cm('  labels:\n    cluster: ${cluster_name}\n    ${team_prefix}/owner: "${owner} team"\n'),
    },
    { name: 'a non-string label value is the schema rule’s', yaml: cm('  labels:\n    replicas: 3\n') },
    {
      name: 'a Service selector and CronJob templates',
      files: {
        'svc.yaml': 'apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec:\n  selector: {app.kubernetes.io/name: web}\n',
        'cron.yaml':
          'apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: c}\nspec:\n  jobTemplate:\n    metadata: {labels: {job: c}}\n    spec:\n      template:\n        metadata: {labels: {job: c}}\n',
      },
    },
  ],
  invalid: [
    {
      name: 'a value with a space, a key with two slashes',
      yaml: cm('  labels:\n    team: platform team\n    a/b/c: x\n'),
      errors: [
        { path: '/metadata/labels/team', message: 'label "team" has value "platform team": expected at most 63 characters of [-A-Za-z0-9_.]', line: 6 },
        { path: '/metadata/labels/a~1b~1c', message: 'label key "a/b/c" has more than one "/"', line: 7 },
      ],
    },
    {
      name: 'a value of 64 characters and one ending in a dash',
      yaml: cm(`  labels:\n    commit: ${long(64)}\n    branch: feature-\n`),
      errors: [
        { path: '/metadata/labels/commit', message: 'is 64 characters; expected at most 63 (or empty)' },
        { path: '/metadata/labels/branch', message: 'has value "feature-"' },
      ],
    },
    {
      name: 'an uppercase label prefix, an empty prefix, a name of 64 and a prefix of 254',
      yaml: cm(`  labels:\n    Example.com/team: a\n    /team: b\n    ${long(64)}: c\n    ${long(250)}.com/x: d\n`),
      errors: [
        { path: '/metadata/labels/Example.com~1team', message: 'has prefix "Example.com"; expected a DNS subdomain' },
        { path: '/metadata/labels/~1team', message: 'has an empty prefix before "/"' },
        { path: `/metadata/labels/${long(64)}`, message: 'has a name of 64 characters' },
        { path: `/metadata/labels/${long(250)}.com~1x`, message: 'has a prefix of 254 characters' },
      ],
    },
    {
      name: 'an annotation key with a bad name part',
      yaml: cm('  annotations:\n    example.com/my note: x\n'),
      errors: [{ path: '/metadata/annotations/example.com~1my note', message: 'annotation key "example.com/my note" has name "my note"', line: 6 }],
    },
    {
      name: 'a Service selector value, CronJob job and pod template labels, a claim template label',
      files: {
        'svc.yaml': 'apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec:\n  selector: {app: web/api}\n',
        'cron.yaml':
          'apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: c}\nspec:\n  jobTemplate:\n    metadata: {labels: {job: c.}}\n    spec:\n      template:\n        metadata: {labels: {"job name": c}}\n',
        'sts.yaml':
          'apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: db}\nspec:\n  volumeClaimTemplates:\n    - metadata: {name: data, labels: {size: 10 Gi}}\n',
      },
      errors: [
        { path: '/spec/jobTemplate/metadata/labels/job', message: 'job template label "job" has value "c."', file: 'cron.yaml', line: 6 },
        { path: '/spec/jobTemplate/spec/template/metadata/labels/job name', message: 'template label key "job name"', file: 'cron.yaml', line: 9 },
        { path: '/spec/volumeClaimTemplates/0/metadata/labels/size', message: 'claim template label "size" has value "10 Gi"', file: 'sts.yaml', line: 6 },
        { path: '/spec/selector/app', message: 'selector label "app" has value "web/api"', file: 'svc.yaml', line: 5 },
      ],
    },
    {
      name: 'a NetworkPolicy podSelector',
      yaml: 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: np}\nspec:\n  podSelector: {matchLabels: {role: "db*"}}\n',
      errors: [{ path: '/spec/podSelector/matchLabels/role', message: 'selector label "role" has value "db*"', line: 5 }],
    },
    {
      name: 'annotations over 256 KiB together',
      yaml: cm(`  annotations:\n    a: ${long(200 * 1024)}\n    b: ${long(60 * 1024)}\n`),
      errors: [{ path: '/metadata/annotations', message: 'annotations total 266242 bytes; the API server accepts at most 262144' }],
    },
    {
      name: 'template labels, selector labels and expressions of a Deployment',
      yaml: `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  selector:
    matchLabels: {app: "web app"}
    matchExpressions:
      - {key: tier, operator: In}
      - {key: zone, operator: Exists, values: [a]}
      - {key: env, operator: Equals, values: [prod]}
      - {key: "-bad", operator: NotIn, values: ["x y"]}
  template:
    metadata:
      labels: {app: "web app", _tier: a}
    spec: {containers: [{name: a, image: a:1}]}
`,
      errors: [
        { path: '/spec/selector/matchLabels/app', message: 'selector label "app" has value "web app"', line: 6 },
        { path: '/spec/selector/matchExpressions/0', message: 'selector operator In on "tier" needs values', line: 8 },
        { path: '/spec/selector/matchExpressions/1/values', message: 'selector operator Exists on "zone" takes no values', line: 9 },
        { path: '/spec/selector/matchExpressions/2/operator', message: 'selector operator "Equals" is not In, NotIn, Exists or DoesNotExist', line: 10 },
        { path: '/spec/selector/matchExpressions/3/key', message: 'selector key "-bad" has name "-bad"', line: 11 },
        { path: '/spec/selector/matchExpressions/3/values/0', message: 'selector value "x y"', line: 11 },
        { path: '/spec/template/metadata/labels/_tier', message: 'template label key "_tier" has name "_tier"', line: 14 },
        { path: '/spec/template/metadata/labels/app', message: 'template label "app" has value "web app"', line: 14 },
      ],
    },
  ],
});
