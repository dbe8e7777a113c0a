import rule from '../../src/rules/restart-policy';
import { testRule } from './tester';

const job = (podSpec: string, jobSpec = '') => `apiVersion: batch/v1
kind: Job
metadata: {name: migrate}
spec:
${jobSpec}  template:
    spec:
${podSpec}      containers: [{name: m, image: m:1}]
`;
const cron = (podSpec: string) => `apiVersion: batch/v1
kind: CronJob
metadata: {name: nightly}
spec:
  schedule: "0 3 * * *"
  jobTemplate:
    spec:
      template:
        spec:
${podSpec}          containers: [{name: n, image: n:1}]
`;

testRule(rule, {
  valid: [
    { name: 'a Job that restarts OnFailure', yaml: job('      restartPolicy: OnFailure\n') },
    { name: 'a CronJob that restarts Never', yaml: cron('          restartPolicy: Never\n') },
    {
      name: 'Never beside a podFailurePolicy',
      yaml: job('      restartPolicy: Never\n', '  podFailurePolicy: {rules: [{action: FailJob, onExitCodes: {operator: In, values: [42]}}]}\n'),
    },
    {
      name: 'a Deployment restarts Always',
      yaml: 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n  template:\n    spec:\n      restartPolicy: Always\n      containers: [{name: a, image: a:1}]\n',
    },
    {
      name: 'a DaemonSet without restartPolicy (defaults to Always), a bare Pod that never restarts',
      yaml: 'apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: ds}\nspec:\n  template:\n    spec: {containers: [{name: a, image: a:1}]}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  restartPolicy: Never\n  containers: [{name: a, image: a:1}]\n',
    },
  ],
  invalid: [
    {
      name: 'a Job with restartPolicy Always',
      yaml: job('      restartPolicy: Always\n'),
      errors: [{ path: '/spec/template/spec/restartPolicy', message: 'Job migrate has restartPolicy "Always"; expected Never or OnFailure', line: 7 }],
    },
    {
      name: 'a CronJob without restartPolicy (defaults to Always)',
      yaml: cron(''),
      errors: [{ path: '/spec/jobTemplate/spec/template/spec', message: 'CronJob nightly sets no restartPolicy, which defaults to Always', line: 9 }],
    },
    {
      name: 'a StatefulSet that restarts OnFailure',
      yaml: 'apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: db}\nspec:\n  template:\n    spec:\n      restartPolicy: OnFailure\n      containers: [{name: a, image: a:1}]\n',
      errors: [{ path: '/spec/template/spec/restartPolicy', message: 'StatefulSet db has restartPolicy "OnFailure"; expected Always (or unset)', line: 7 }],
    },
    {
      name: 'OnFailure beside a podFailurePolicy',
      yaml: job('      restartPolicy: OnFailure\n', '  podFailurePolicy: {rules: [{action: Ignore, onPodConditions: [{type: DisruptionTarget}]}]}\n'),
      errors: [{ path: '/spec/template/spec/restartPolicy', message: 'restartPolicy "OnFailure" and a podFailurePolicy; expected Never', line: 8 }],
    },
  ],
});
