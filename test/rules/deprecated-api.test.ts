import rule from '../../src/rules/deprecated-api';
import { testRule, type InvalidCase } from './tester';

const object = (apiVersion: string, kind: string, name = 'x') => `apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata: {name: ${name}}\n`;
const FLOW_SCHEMA = (version: string) => object(`flowcontrol.apiserver.k8s.io/${version}`, 'FlowSchema');

/** One file per removed API (`[apiVersion, kind, removed in, replacement]`), each with its one error. */
function removedCase(name: string, apis: ReadonlyArray<readonly [string, string, string, string]>): InvalidCase {
  const file = (i: number) => `${String(i).padStart(2, '0')}.yaml`;
  return {
    name,
    files: Object.fromEntries(apis.map(([apiVersion, kind], i) => [file(i), object(apiVersion, kind)])),
    errors: apis.map(([apiVersion, kind, removed, use], i) => ({
      path: '/apiVersion',
      file: file(i),
      message: `${apiVersion} ${kind} was removed in Kubernetes ${removed}; use ${use}`,
    })),
  };
}

testRule(rule, {
  valid: [
    {
      name: 'current API versions',
      yaml: [
        object('apps/v1', 'Deployment'),
        object('networking.k8s.io/v1', 'Ingress'),
        object('policy/v1', 'PodDisruptionBudget'),
        object('batch/v1', 'CronJob'),
      ].join('---\n'),
    },
    { name: 'an API version deprecated only after the target (FlowSchema v1beta3 on 1.28)', yaml: FLOW_SCHEMA('v1beta3'), kubernetesVersion: '1.28' },
    { name: 'a custom resource whose group merely looks built-in', yaml: object('example.com/v1beta1', 'Deployment') },
  ],
  invalid: [
    {
      name: 'apps/v1beta1 Deployment is removed, with the replacement and the release',
      yaml: object('apps/v1beta1', 'Deployment'),
      errors: [{ path: '/apiVersion', message: 'apps/v1beta1 Deployment was removed in Kubernetes 1.16; use apps/v1', severity: 'error', line: 1 }],
    },
    removedCase('every extensions/v1beta1 kind Pluto lists, apps/v1beta2', [
      ['extensions/v1beta1', 'Ingress', '1.22', 'networking.k8s.io/v1'],
      ['extensions/v1beta1', 'Deployment', '1.16', 'apps/v1'],
      ['extensions/v1beta1', 'DaemonSet', '1.16', 'apps/v1'],
      ['extensions/v1beta1', 'ReplicaSet', '1.16', 'apps/v1'],
      ['extensions/v1beta1', 'NetworkPolicy', '1.16', 'networking.k8s.io/v1'],
      ['extensions/v1beta1', 'PodSecurityPolicy', '1.16', 'Pod Security Admission'],
      ['apps/v1beta2', 'StatefulSet', '1.16', 'apps/v1'],
    ]),
    removedCase('the beta APIs removed in 1.22 … 1.27', [
      ['policy/v1beta1', 'PodDisruptionBudget', '1.25', 'policy/v1'],
      ['policy/v1beta1', 'PodSecurityPolicy', '1.25', 'Pod Security Admission'],
      ['batch/v1beta1', 'CronJob', '1.25', 'batch/v1'],
      ['autoscaling/v2beta1', 'HorizontalPodAutoscaler', '1.25', 'autoscaling/v2'],
      ['autoscaling/v2beta2', 'HorizontalPodAutoscaler', '1.26', 'autoscaling/v2'],
      ['networking.k8s.io/v1beta1', 'IngressClass', '1.22', 'networking.k8s.io/v1'],
      ['rbac.authorization.k8s.io/v1beta1', 'ClusterRole', '1.22', 'rbac.authorization.k8s.io/v1'],
      ['admissionregistration.k8s.io/v1beta1', 'ValidatingWebhookConfiguration', '1.22', 'admissionregistration.k8s.io/v1'],
      ['apiextensions.k8s.io/v1beta1', 'CustomResourceDefinition', '1.22', 'apiextensions.k8s.io/v1'],
      ['storage.k8s.io/v1beta1', 'CSIStorageCapacity', '1.27', 'storage.k8s.io/v1'],
      ['discovery.k8s.io/v1beta1', 'EndpointSlice', '1.25', 'discovery.k8s.io/v1'],
      ['coordination.k8s.io/v1beta1', 'Lease', '1.22', 'coordination.k8s.io/v1'],
      ['flowcontrol.apiserver.k8s.io/v1beta1', 'FlowSchema', '1.26', 'flowcontrol.apiserver.k8s.io/v1'],
    ]),
    {
      name: 'deprecated but still served is a warning naming the release it goes away in and the replacement the target serves',
      yaml: FLOW_SCHEMA('v1beta2'),
      kubernetesVersion: '1.28',
      errors: [
        {
          path: '/apiVersion',
          severity: 'warning',
          message:
            'flowcontrol.apiserver.k8s.io/v1beta2 FlowSchema is deprecated since Kubernetes 1.26 and goes away in 1.29; use flowcontrol.apiserver.k8s.io/v1beta3',
        },
      ],
    },
    {
      name: 'FlowSchema v1beta3 on 1.30: deprecated, v1 named',
      yaml: FLOW_SCHEMA('v1beta3'),
      kubernetesVersion: '1.30',
      errors: [
        { path: '/apiVersion', severity: 'warning', message: 'is deprecated since Kubernetes 1.29 and goes away in 1.32; use flowcontrol.apiserver.k8s.io/v1' },
      ],
    },
    {
      name: 'FlowSchema v1beta3 on the default release: removed',
      yaml: FLOW_SCHEMA('v1beta3'),
      errors: [
        {
          path: '/apiVersion',
          severity: 'error',
          message: 'flowcontrol.apiserver.k8s.io/v1beta3 FlowSchema was removed in Kubernetes 1.32; use flowcontrol.apiserver.k8s.io/v1',
        },
      ],
    },
    {
      name: 'FlowSchema v1beta1 on 1.28: removed, and the replacement named is one 1.28 serves',
      yaml: FLOW_SCHEMA('v1beta1'),
      kubernetesVersion: '1.28',
      errors: [{ path: '/apiVersion', message: 'was removed in Kubernetes 1.26; use flowcontrol.apiserver.k8s.io/v1beta3' }],
    },
  ],
});
