import rule from '../../src/rules/admission-policy';
import { testRule } from './tester';

// After the Kubernetes documentation's "Validating Admission Policy" examples (demo-policy.example.com).
const policy = (spec: string, name = 'demo-policy.example.com') => `apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicy
metadata: {name: ${name}}
spec:
${spec}`;
const deployments = `  matchConstraints:
    resourceRules:
      - {apiGroups: [apps], apiVersions: [v1], operations: [CREATE, UPDATE], resources: [deployments]}
`;
const replicas = `${deployments}  validations:
    - expression: object.spec.replicas <= 5
`;
const binding = (extra = '', actions = '[Deny]', name = 'demo-binding') => `---
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicyBinding
metadata: {name: ${name}}
spec:
  policyName: demo-policy.example.com
  validationActions: ${actions}
${extra}`;
const deployment = (replicasCount = 3, namespace = 'shop', image = 'registry.example.com/web:1', labels = '{app: web}') => `---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: ${namespace}, labels: ${labels}}
spec:
  replicas: ${replicasCount}
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
        - {name: web, image: ${image}}
`;
const namespace = (name: string, labels: string) => `---
apiVersion: v1
kind: Namespace
metadata: {name: ${name}, labels: ${labels}}
`;
const params = `${deployments}  paramKind: {apiVersion: v1, kind: ConfigMap}
  validations:
    - expression: object.spec.replicas <= int(params.data.maxReplicas)
      messageExpression: "'object.spec.replicas must be no greater than ' + params.data.maxReplicas"
      reason: Invalid
`;
const configMap = (max: string, ns = 'shop') => `---
apiVersion: v1
kind: ConfigMap
metadata: {name: replica-limits, namespace: ${ns}}
data: {maxReplicas: "${max}"}
`;
const images = `${deployments}  variables:
    - name: containers
      expression: object.spec.template.spec.containers
  validations:
    - expression: "variables.containers.all(c, c.image.startsWith('registry.example.com/'))"
      message: images come from registry.example.com
`;

testRule(rule, {
  valid: [
    { name: 'within the limit', yaml: policy(replicas) + binding() + deployment(3) },
    { name: 'a policy without a binding judges nothing', yaml: policy(replicas) + deployment(9) },
    { name: 'a binding to a policy the input does not hold judges nothing', yaml: binding() + deployment(9) },
    { name: 'resources of another kind are not matched', yaml: policy(replicas.replace('deployments', 'statefulsets')) + binding() + deployment(9) },
    {
      name: 'the namespaceSelector leaves out a namespace of other labels',
      yaml:
        policy(replicas) +
        binding('  matchResources:\n    namespaceSelector: {matchLabels: {environment: test}}\n') +
        namespace('shop', '{environment: prod}') +
        deployment(9),
    },
    {
      name: 'the objectSelector leaves out an object of other labels',
      yaml: policy(replicas) + binding('  matchResources:\n    objectSelector: {matchLabels: {tier: web}}\n') + deployment(9),
    },
    {
      name: 'excludeResourceRules by name',
      yaml:
        policy(
          replicas.replace(
            '  validations:',
            '    excludeResourceRules:\n      - {apiGroups: [apps], apiVersions: [v1], operations: ["*"], resources: [deployments], resourceNames: [web]}\n  validations:',
          ),
        ) +
        binding() +
        deployment(9),
    },
    {
      name: 'a matchCondition that is false skips the object',
      yaml:
        policy(
          replicas.replace('  validations:', '  matchConditions:\n    - {name: not-shop, expression: "object.metadata.namespace != \'shop\'"}\n  validations:'),
        ) +
        binding() +
        deployment(9),
    },
    {
      name: 'params by name within their limit',
      yaml: policy(params) + binding('  paramRef: {name: replica-limits, parameterNotFoundAction: Deny}\n') + configMap('10') + deployment(9),
    },
    {
      name: 'a missing params object with parameterNotFoundAction Allow',
      yaml: policy(params) + binding('  paramRef: {name: replica-limits, parameterNotFoundAction: Allow}\n') + deployment(9),
    },
    { name: 'variables: images from the registry', yaml: policy(images) + binding() + deployment(3) },
    {
      name: 'failurePolicy Ignore: an expression that cannot be evaluated passes',
      yaml: policy(`  failurePolicy: Ignore\n${deployments}  validations:\n    - expression: object.spec.paused == false\n`) + binding() + deployment(3),
    },
    {
      name: 'an expression calling the authorizer is not judged offline',
      yaml: policy(`${deployments}  validations:\n    - expression: \"authorizer.requestResource.check('scale').allowed()\"\n`) + binding() + deployment(3),
    },
    {
      name: 'quantity in a validation',
      yaml:
        policy(
          `  matchConstraints:\n    resourceRules:\n      - {apiGroups: [""], apiVersions: [v1], operations: [CREATE], resources: [persistentvolumeclaims]}\n  validations:\n    - expression: \"quantity(object.spec.resources.requests.storage).compareTo(quantity('100Gi')) <= 0\"\n`,
        ) +
        binding() +
        '---\napiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: {name: data, namespace: shop}\nspec: {resources: {requests: {storage: 20Gi}}}\n',
    },
  ],
  invalid: [
    {
      name: 'over the limit, Deny',
      yaml: policy(replicas) + binding() + deployment(9),
      errors: [
        {
          path: '/spec/replicas',
          message:
            "ValidatingAdmissionPolicy 'demo-policy.example.com' with binding 'demo-binding' denied request: failed expression: object.spec.replicas <= 5",
          severity: 'error',
          line: 22,
        },
      ],
    },
    {
      name: 'Warn is a warning',
      yaml: policy(replicas) + binding('', '[Warn]') + deployment(9),
      errors: [{ path: '/spec/replicas', message: 'failed expression: object.spec.replicas <= 5', severity: 'warning' }],
    },
    {
      name: 'the namespaceSelector matches the input Namespace labels',
      yaml:
        policy(replicas) +
        binding('  matchResources:\n    namespaceSelector: {matchLabels: {environment: test}}\n') +
        namespace('shop', '{environment: test}') +
        deployment(9),
      errors: [{ path: '/spec/replicas', message: 'denied request' }],
    },
    {
      name: 'params by name, with messageExpression',
      yaml: policy(params) + binding('  paramRef: {name: replica-limits, parameterNotFoundAction: Deny}\n') + configMap('5') + deployment(9),
      errors: [{ path: '/spec/replicas', message: 'denied request: object.spec.replicas must be no greater than 5' }],
    },
    {
      name: 'a missing params object with parameterNotFoundAction Deny',
      yaml: policy(params) + binding('  paramRef: {name: replica-limits, parameterNotFoundAction: Deny}\n') + configMap('5', 'other') + deployment(3),
      errors: [{ path: '', message: 'no params object ConfigMap "replica-limits" in the input (parameterNotFoundAction Deny)' }],
    },
    {
      name: 'variables: an image from elsewhere',
      yaml: policy(images) + binding() + deployment(3, 'shop', 'nginx:1.27'),
      errors: [{ path: '/spec/template/spec/containers', message: 'denied request: images come from registry.example.com' }],
    },
    {
      name: 'failurePolicy Fail: an expression that cannot be evaluated fails',
      yaml: policy(`${deployments}  validations:\n    - expression: object.spec.paused == false\n`) + binding() + deployment(3),
      errors: [{ path: '/spec', message: "expression 'object.spec.paused == false' could not be evaluated: No such key: paused (failurePolicy Fail)" }],
    },
    {
      name: 'an expression that does not compile is an error on the policy',
      yaml: policy(`${deployments}  validations:\n    - expression: object.spec.replicas <=\n`),
      errors: [{ path: '/spec/validations/0/expression', message: 'the expression does not compile: syntax error' }],
    },
    {
      name: 'url and list macros in a custom resource policy',
      yaml:
        policy(
          `  matchConstraints:\n    resourceRules:\n      - {apiGroups: [example.com], apiVersions: [v1], operations: ["*"], resources: [webhooks]}\n  validations:\n    - expression: \"object.spec.endpoints.all(e, isURL(e) && url(e).getScheme() == 'https')\"\n      message: endpoints are https URLs\n`,
        ) +
        binding() +
        '---\napiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata: {name: webhooks.example.com}\nspec: {group: example.com, scope: Namespaced, names: {kind: Hook, plural: webhooks}, versions: [{name: v1, served: true, storage: true}]}\n' +
        '---\napiVersion: example.com/v1\nkind: Hook\nmetadata: {name: h, namespace: shop}\nspec: {endpoints: ["https://a.example.com/x", "http://b.example.com/"]}\n',
      errors: [{ path: '/spec/endpoints', message: 'denied request: endpoints are https URLs' }],
    },
    {
      name: 'Audit is a note',
      yaml: policy(replicas) + binding('', '[Audit]', 'audit-binding') + deployment(9),
      errors: [{ path: '/spec/replicas', message: "with binding 'audit-binding' denied request", severity: 'info' }],
    },
  ],
});
