import rule from '../../src/rules/deployment-order';
import { testRule } from './tester';

const ns = (name: string) => `apiVersion: v1\nkind: Namespace\nmetadata: {name: ${name}}\n`;
const cm = (namespace: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, namespace: ${namespace}}\n`;
const crd = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: observations.zen.kube-zen.io}
spec:
  group: zen.kube-zen.io
  names: {kind: Observation, plural: observations}
`;
const observation = 'apiVersion: zen.kube-zen.io/v1\nkind: Observation\nmetadata: {name: o, namespace: zen-system}\n';
const service = 'apiVersion: v1\nkind: Service\nmetadata: {name: guard, namespace: zen-system}\n';
const webhook = `apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingWebhookConfiguration
metadata: {name: guard}
webhooks:
  - name: guard.plimsoll.dev
    clientConfig:
      service: {name: guard, namespace: zen-system}
`;

testRule(rule, {
  valid: [
    {
      name: 'canonical order',
      files: {
        '00-namespaces/ns.yaml': ns('zen-system'),
        '01-crds/crd.yaml': crd,
        '05-runtime/svc.yaml': service,
        '05-runtime/obs.yaml': observation,
        '08-admission/hook.yaml': webhook,
      },
    },
    { name: 'external namespace', files: { '03-overlays-test/cm.yaml': cm('istio-system') } },
    { name: 'unstaged input is not judged', files: { 'a.yaml': ns('x'), 'b.yaml': cm('y') } },
    {
      name: 'a stage the canonical order does not know is not judged for its number',
      files: { '00-namespaces/ns.yaml': ns('zen-system'), '42-extras/cm.yaml': cm('zen-system') },
    },
    {
      name: 'monitoring objects elsewhere when the output has no monitoring stage',
      files: {
        '00-namespaces/ns.yaml': ns('zen-system'),
        '05-runtime/sm.yaml': 'apiVersion: monitoring.coreos.com/v1\nkind: ServiceMonitor\nmetadata: {name: a, namespace: zen-system}\n',
      },
    },
    {
      name: 'a policy with its own stage order',
      files: { '00-namespaces/ns.yaml': ns('zen-system'), '01-controller/cm.yaml': cm('zen-system') },
      options: { stageOrder: ['namespaces', 'controller'] },
    },
  ],
  invalid: [
    {
      name: 'a ServiceMonitor and a PrometheusRule in an app overlay (Shipshape: monitoring ownership is centralized)',
      files: {
        '00-namespaces/ns.yaml': ns('shipshape'),
        '03-overlays-test/sm.yaml': 'apiVersion: monitoring.coreos.com/v1\nkind: ServiceMonitor\nmetadata: {name: app, namespace: shipshape}\n',
        '03-overlays-test/pr.yaml': 'apiVersion: monitoring.coreos.com/v1\nkind: PrometheusRule\nmetadata: {name: app, namespace: shipshape}\n',
        '06-monitoring/sm.yaml': 'apiVersion: monitoring.coreos.com/v1\nkind: ServiceMonitor\nmetadata: {name: ok, namespace: shipshape}\n',
      },
      errors: [
        { file: '03-overlays-test/pr.yaml', path: '/kind', message: 'PrometheusRule app is in stage 03-overlays-test' },
        {
          file: '03-overlays-test/sm.yaml',
          path: '/kind',
          message:
            'ServiceMonitor app is in stage 03-overlays-test; monitoring objects belong to the monitoring stage only (monitoring ownership is centralized)',
        },
      ],
    },
    {
      name: 'a PrometheusRule in the prod overlay',
      files: {
        '00-namespaces/ns.yaml': ns('shipshape'),
        '04-overlays-prod/pr.yaml': 'apiVersion: monitoring.coreos.com/v1\nkind: PrometheusRule\nmetadata: {name: app, namespace: shipshape}\n',
        '06-monitoring/pr.yaml': 'apiVersion: monitoring.coreos.com/v1\nkind: PrometheusRule\nmetadata: {name: ok, namespace: shipshape}\n',
      },
      errors: [
        {
          file: '04-overlays-prod/pr.yaml',
          path: '/kind',
          message: 'PrometheusRule app is in stage 04-overlays-prod; monitoring objects belong to the monitoring stage only',
        },
      ],
    },
    {
      // Shipshape runbook: "monitoring ownership is centralized", so an overlay never holds them, monitoring stage or not.
      name: 'a ServiceMonitor in an overlay of output without a monitoring stage',
      files: {
        '00-namespaces/ns.yaml': ns('shipshape'),
        '04-overlays-prod/sm.yaml': 'apiVersion: monitoring.coreos.com/v1\nkind: ServiceMonitor\nmetadata: {name: app, namespace: shipshape}\n',
      },
      errors: [{ file: '04-overlays-prod/sm.yaml', path: '/kind', message: 'ServiceMonitor app is in stage 04-overlays-prod' }],
    },
    {
      // The case: 02-namespaces after 01-controller applies the controller into namespaces that do not exist yet.
      name: 'stage folders numbered against the canonical order',
      files: {
        '01-controller/cm.yaml': cm('zen-system'),
        '01-controller/cm2.yaml': cm('zen-system').replace('name: c,', 'name: d,'),
        '02-namespaces/ns.yaml': ns('zen-system'),
      },
      errors: [
        {
          file: '01-controller/cm.yaml',
          path: '',
          message:
            'stage folder 01-controller is numbered 01, but controller is stage 07-controller of the canonical order (namespaces → crds → istio-ingress → overlays-test → overlays-prod → runtime → monitoring → controller → admission → apps): the folders apply in the wrong order',
        },
        { file: '02-namespaces/ns.yaml', path: '', message: 'stage folder 02-namespaces is numbered 02, but namespaces is stage 00-namespaces' },
      ],
    },
    {
      name: 'namespace created by an overlay',
      files: { '00-namespaces/ns.yaml': ns('shipshape'), '03-overlays-test/ns.yaml': ns('other') },
      errors: [{ path: '/kind', message: 'only the namespaces stage may create Namespaces', file: '03-overlays-test/ns.yaml' }],
    },
    {
      name: 'namespace never created',
      files: { '00-namespaces/ns.yaml': ns('shipshape'), '06-monitoring/cm.yaml': cm('shipsape') },
      errors: [{ path: '/metadata/namespace', message: 'namespace "shipsape" is not created by the namespaces stage' }],
    },
    {
      name: 'custom resource in the same stage as its CRD',
      files: { '00-namespaces/ns.yaml': ns('zen-system'), '01-crds/crd.yaml': crd, '01-crds/obs.yaml': observation },
      errors: [{ path: '/kind', message: 'not after its CustomResourceDefinition observations.zen.kube-zen.io' }],
    },
    {
      name: 'webhook before its Service',
      files: { '00-namespaces/ns.yaml': ns('zen-system'), '05-runtime/hook.yaml': webhook, '07-controller/svc.yaml': service },
      errors: [{ path: '/webhooks/0/clientConfig/service', message: 'not after its backing Service zen-system/guard', line: 7 }],
    },
  ],
});
