import rule from '../../src/rules/default-service-account';
import { testRule } from './tester';

const deploy = (podSpec: string, kind = 'Deployment') => `apiVersion: apps/v1
kind: ${kind}
metadata: {name: web, namespace: shop}
spec:
  template:
    metadata: {labels: {app: web}}
    spec:
${podSpec}      containers: [{name: web, image: web}]
`;
const defaultSa = (extra: string) => `---
apiVersion: v1
kind: ServiceAccount
metadata: {name: default, namespace: shop}
${extra}`;

testRule(rule, {
  valid: [
    { name: 'an account of its own', yaml: deploy('      serviceAccountName: web\n') },
    { name: 'the deprecated field names its own account', yaml: deploy('      serviceAccount: web\n') },
    { name: 'default without a token', yaml: deploy('      automountServiceAccountToken: false\n') },
    { name: "the namespace's default account mounts no token", yaml: deploy('') + defaultSa('automountServiceAccountToken: false\n') },
  ],
  invalid: [
    {
      name: 'serviceAccountName unset',
      yaml: deploy(''),
      errors: [
        {
          path: '/spec/template/spec',
          message: 'pod of Deployment web runs as ServiceAccount default (serviceAccountName unset) with its token mounted',
          line: 7,
        },
      ],
    },
    {
      name: 'default named explicitly',
      yaml: deploy('      serviceAccountName: default\n', 'StatefulSet'),
      errors: [
        { path: '/spec/template/spec/serviceAccountName', message: 'pod of StatefulSet web runs as ServiceAccount default with its token mounted', line: 8 },
      ],
    },
    {
      name: 'the pod asks for the token over the account',
      yaml: deploy('      automountServiceAccountToken: true\n') + defaultSa('automountServiceAccountToken: false\n'),
      errors: [{ path: '/spec/template/spec', message: 'with its token mounted' }],
    },
    {
      name: 'default is granted permissions',
      yaml:
        deploy('') +
        '---\napiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: {name: b, namespace: shop}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: r}\nsubjects: [{kind: ServiceAccount, name: default, namespace: shop}]\n',
      errors: [{ path: '/spec/template/spec', message: 'which a binding of the input grants permissions to' }],
    },
  ],
});
