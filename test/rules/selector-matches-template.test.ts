import rule from '../../src/rules/selector-matches-template';
import { testRule } from './tester';

const workload = (kind: string, selector: string, labels: string) => `apiVersion: apps/v1
kind: ${kind}
metadata: {name: web}
spec:
  selector: ${selector}
  template:
    metadata:
      labels: ${labels}
    spec:
      containers: [{name: app, image: app:1}]
`;
const job = (spec: string, labels: string) => `apiVersion: batch/v1
kind: Job
metadata: {name: once}
spec:
${spec}  template:
    metadata:
      labels: ${labels}
    spec:
      restartPolicy: Never
      containers: [{name: app, image: app:1}]
`;

testRule(rule, {
  valid: [
    { name: 'matchLabels a subset of the template labels', yaml: workload('Deployment', '{matchLabels: {app: web}}', '{app: web, tier: front}') },
    {
      name: 'matchExpressions of every operator that hold',
      yaml: workload(
        'StatefulSet',
        '{matchExpressions: [{key: app, operator: In, values: [web, api]}, {key: tier, operator: NotIn, values: [db]}, {key: app, operator: Exists}, {key: canary, operator: DoesNotExist}]}',
        '{app: web, tier: front}',
      ),
    },
    {
      name: 'a ReplicationController without a selector takes its template labels',
      yaml: 'apiVersion: v1\nkind: ReplicationController\nmetadata: {name: rc}\nspec:\n  template:\n    metadata: {labels: {app: rc}}\n    spec: {containers: [{name: a, image: a:1}]}\n',
    },
    { name: 'a Job without a selector', yaml: job('', '{app: once}') },
    { name: 'a Job selector on the job-name label the API server adds', yaml: job('  selector: {matchLabels: {job-name: once}}\n', '{app: once}') },
    { name: 'a manual Job selector that holds', yaml: job('  manualSelector: true\n  selector: {matchLabels: {app: once}}\n', '{app: once}') },
    {
      name: 'an unknown operator is left to label-syntax',
      yaml: workload('DaemonSet', '{matchExpressions: [{key: app, operator: Equals, values: [web]}]}', '{app: api}'),
    },
    {
      name: 'no selector (the schema requires one)',
      yaml: 'apiVersion: apps/v1\nkind: ReplicaSet\nmetadata: {name: rs}\nspec:\n  template:\n    metadata: {labels: {a: b}}\n',
    },
  ],
  invalid: [
    {
      name: 'a Deployment whose selector misses its template',
      yaml: workload('Deployment', '{matchLabels: {app: web}}', '{app: website}'),
      errors: [
        {
          path: '/spec/selector',
          message: "Deployment web: selector requirement app=web is not met by the template's labels ({app: website}); the API server rejects",
          line: 5,
        },
      ],
    },
    {
      name: 'a template without labels',
      yaml: 'apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: agent}\nspec:\n  selector: {matchLabels: {app: agent}}\n  template:\n    spec: {containers: [{name: a, image: a:1}]}\n',
      errors: [{ path: '/spec/selector', message: "selector requirement app=agent is not met by the template's labels (none)" }],
    },
    {
      name: 'failing expressions are named as kubectl prints them',
      yaml: workload(
        'ReplicaSet',
        '{matchExpressions: [{key: app, operator: In, values: [api, db]}, {key: tier, operator: NotIn, values: [front]}, {key: zone, operator: Exists}, {key: tier, operator: DoesNotExist}]}',
        '{app: web, tier: front}',
      ),
      errors: [{ path: '/spec/selector', message: 'selector requirement app in (api,db), tier notin (front), zone, !tier is not met' }],
    },
    {
      name: 'an empty apps/v1 selector',
      yaml: workload('StatefulSet', '{}', '{app: web}'),
      errors: [{ path: '/spec/selector', message: 'StatefulSet web has an empty selector, which the API server rejects' }],
    },
    {
      name: 'a plain label map where apps/v1 wants matchLabels',
      yaml: workload('Deployment', '{app: web}', '{app: web}'),
      errors: [
        { path: '/spec/selector', message: 'Deployment web has an empty selector ("app" belong under matchLabels), which the API server rejects', line: 5 },
      ],
    },
    {
      name: 'a ReplicationController selector that misses',
      yaml: 'apiVersion: v1\nkind: ReplicationController\nmetadata: {name: rc}\nspec:\n  selector: {app: rc, v: "2"}\n  template:\n    metadata: {labels: {app: rc, v: "1"}}\n    spec: {containers: [{name: a, image: a:1}]}\n',
      errors: [{ path: '/spec/selector', message: 'ReplicationController rc: selector requirement v=2 is not met', line: 5 }],
    },
    {
      name: 'a Job selector (no manualSelector) that misses its template',
      yaml: job('  selector: {matchLabels: {app: other}}\n', '{app: once}'),
      errors: [
        {
          path: '/spec/selector',
          message: "Job once: selector app=other is not met by the template's labels ({app: once}) and the labels the Job controller adds",
        },
      ],
    },
    {
      name: 'a manual Job selector on job-name, which the API server does not add then',
      yaml: job('  manualSelector: true\n  selector: {matchLabels: {job-name: once}}\n', '{app: once}'),
      errors: [{ path: '/spec/selector', message: 'Job once: selector requirement job-name=once is not met' }],
    },
    {
      name: 'manualSelector without a selector',
      yaml: job('  manualSelector: true\n', '{app: once}'),
      errors: [{ path: '/spec/manualSelector', message: 'sets manualSelector: true without a selector', line: 5 }],
    },
    {
      name: "a CronJob's job template with a manual selector that misses",
      yaml: `apiVersion: batch/v1
kind: CronJob
metadata: {name: nightly}
spec:
  schedule: "0 3 * * *"
  jobTemplate:
    spec:
      manualSelector: true
      selector: {matchLabels: {app: nightly}}
      template:
        metadata: {labels: {app: daily}}
        spec: {restartPolicy: Never, containers: [{name: a, image: a:1}]}
`,
      errors: [{ path: '/spec/jobTemplate/spec/selector', message: 'CronJob nightly: selector requirement app=nightly is not met', line: 9 }],
    },
    {
      name: 'an OpenShift DeploymentConfig',
      yaml: 'apiVersion: apps.openshift.io/v1\nkind: DeploymentConfig\nmetadata: {name: dc}\nspec:\n  selector: {app: dc}\n  template:\n    spec: {containers: [{name: a, image: a:1}]}\n',
      errors: [{ path: '/spec/selector', message: 'DeploymentConfig dc: selector requirement app=dc' }],
    },
  ],
});
