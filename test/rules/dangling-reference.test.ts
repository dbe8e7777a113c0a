import rule from '../../src/rules/dangling-reference';
import { testRule } from './tester';

const deploy = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: app}\nspec: {template: {metadata: {labels: {app: web}}, spec: {containers: []}}}\n---\n';
const service = (selector = '{app: web}') => `apiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: app, labels: {app: web}}\nspec:\n  selector: ${selector}\n  ports: [{name: http, port: 80}]\n---\n`;
const monitor = (port: string) => `apiVersion: monitoring.coreos.com/v1\nkind: ServiceMonitor\nmetadata: {name: web, namespace: app}\nspec:\n  selector: {matchLabels: {app: web}}\n  endpoints:\n    - port: ${port}\n---\n`;
const sa = 'apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: web, namespace: app}\n---\n';
const role = 'apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {name: web, namespace: app}\nrules: []\n---\n';
const binding = (roleName: string, saName: string) => `apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: {name: web, namespace: app}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: ${roleName}}\nsubjects: [{kind: ServiceAccount, name: ${saName}, namespace: app}, {kind: ServiceAccount, name: prometheus-k8s, namespace: monitoring}]\n---\n`;
const flux = (dep: string) => `apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata: {name: b, namespace: flux-system}\nspec: {dependsOn: [{name: ${dep}}]}\n---\napiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata: {name: a, namespace: flux-system}\nspec: {}\n---\n`;
const vs = (gateway: string) => `apiVersion: networking.istio.io/v1beta1\nkind: Gateway\nmetadata: {name: helloworld-gateway-test, namespace: app}\nspec: {}\n---\napiVersion: networking.istio.io/v1beta1\nkind: VirtualService\nmetadata: {name: v, namespace: app}\nspec: {gateways: [${gateway}, mesh]}\n`;

testRule(rule, {
  valid: [
    { name: 'everything resolves', yaml: deploy + service() + monitor('http') + sa + role + binding('web', 'web') + flux('a') + vs('helloworld-gateway-test') },
    { name: 'built-in ClusterRole', yaml: sa + 'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata: {name: v}\nroleRef: {kind: ClusterRole, name: view}\nsubjects: [{kind: ServiceAccount, name: web, namespace: app}]\n' },
    { name: 'gateway in an external namespace', yaml: vs('istio-system/public-gateway') },
  ],
  invalid: [
    { name: 'ServiceMonitor port missing', yaml: deploy + service() + monitor('metrics'), errors: [{ path: '/spec/endpoints/0/port', message: 'scrapes port "metrics", which no selected Service names (has: http)' }] },
    { name: 'Service selects no pods', yaml: deploy + service('{app: wbe}'), errors: [{ path: '/spec/selector', message: 'Service web selects no pods (app=wbe)' }] },
    {
      name: 'binding to missing Role and ServiceAccount',
      yaml: binding('webb', 'ghost'),
      errors: [
        { path: '/roleRef', message: 'binds Role app/webb, which does not exist' },
        { path: '/subjects/0', message: 'binds ServiceAccount app/ghost, which does not exist' },
      ],
    },
    { name: 'Flux dependsOn missing', yaml: flux('c'), errors: [{ path: '/spec/dependsOn/0', message: 'depends on flux-system/c, which does not exist' }] },
    { name: 'VirtualService gateway missing', yaml: vs('helloworld-gateway-tset'), errors: [{ path: '/spec/gateways/0', message: 'Gateway app/helloworld-gateway-tset, which does not exist' }] },
    {
      name: 'webhook Service, PDB and HPA targets missing',
      yaml: 'apiVersion: admissionregistration.k8s.io/v1\nkind: ValidatingWebhookConfiguration\nmetadata: {name: h}\nwebhooks: [{name: h.x, clientConfig: {service: {name: guard, namespace: app}}}]\n---\napiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: p, namespace: app}\nspec: {selector: {matchLabels: {app: nope}}}\n---\napiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {name: h, namespace: app}\nspec: {scaleTargetRef: {kind: Deployment, name: nope}}\n',
      errors: [
        { path: '/webhooks/0/clientConfig/service', message: 'calls Service app/guard' },
        { path: '/spec/selector', message: 'PodDisruptionBudget p selects no pods' },
        { path: '/spec/scaleTargetRef', message: 'targets Deployment nope' },
      ],
    },
  ],
});
