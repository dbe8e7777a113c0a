import { describe, expect, it } from 'vitest';
import { Inventory, makeItem } from '../../src/check/inventory';
import { WaiverSet } from '../../src/check/waiver-set';
import { parseManifestText } from '../../src/validate/load';
import rule from '../../src/rules/automount-sa-token';
import { testRule } from './tester';

const deploy = (podSpec: string) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  template:
    metadata: {labels: {app: web}}
    spec:
${podSpec}      containers: [{name: web, image: web}]
`;
const sa = (extra = '') => `---
apiVersion: v1
kind: ServiceAccount
metadata: {name: web, namespace: shop}
${extra}`;
const binding = (subject: string) => `---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: web, namespace: shop}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: reader}
subjects: [${subject}]
`;
const asWeb = '      serviceAccountName: web\n';

testRule(rule, {
  valid: [
    { name: 'the pod turns the token off', yaml: deploy(asWeb + '      automountServiceAccountToken: false\n') + sa() },
    { name: 'the ServiceAccount turns the token off', yaml: deploy(asWeb) + sa('automountServiceAccountToken: false\n') },
    { name: 'the pod asks for the token', yaml: deploy(asWeb + '      automountServiceAccountToken: true\n') + sa('automountServiceAccountToken: false\n') },
    { name: 'a RoleBinding grants the account', yaml: deploy(asWeb) + sa() + binding('{kind: ServiceAccount, name: web, namespace: shop}') },
    { name: 'a binding names the account as a user', yaml: deploy(asWeb) + binding('{kind: User, name: "system:serviceaccount:shop:web"}') },
    { name: 'a binding grants every account of the namespace', yaml: deploy(asWeb) + binding('{kind: Group, name: "system:serviceaccounts:shop"}') },
  ],
  invalid: [
    {
      name: 'the token is mounted and nothing binds the account',
      yaml: deploy(asWeb) + sa(),
      errors: [
        {
          path: '/spec/template/spec',
          message: 'pod of Deployment web mounts the token of ServiceAccount web, which no binding in the input grants anything',
          line: 7,
        },
      ],
    },
    {
      name: 'the binding names the account in another namespace',
      yaml: deploy(asWeb) + sa() + binding('{kind: ServiceAccount, name: web, namespace: other}'),
      errors: [{ path: '/spec/template/spec', message: 'ServiceAccount web,' }],
    },
    {
      name: 'an account the input does not have',
      yaml: deploy(asWeb),
      errors: [{ path: '/spec/template/spec', message: 'ServiceAccount web (not in the input)' }],
    },
    {
      name: 'the default account, when default-service-account does not run',
      yaml: deploy(''),
      errors: [{ path: '/spec/template/spec', message: 'ServiceAccount default (not in the input)' }],
    },
  ],
});

describe('automount-sa-token beside default-service-account', () => {
  const check = (activeRules: string[]) => {
    const items = parseManifestText(deploy(''), 'case.yaml').objects.map((o) => makeItem(o.object, 'case.yaml', o.doc));
    return [...rule.check({ inventory: new Inventory(items), options: {}, waivers: new WaiverSet(), now: new Date(), activeRules: new Set(activeRules) })];
  };
  it('leaves pods running as default to default-service-account when that rule runs', () => {
    expect(check(['automount-sa-token', 'default-service-account'])).toEqual([]);
    expect(check(['automount-sa-token'])).toHaveLength(1);
  });
});
