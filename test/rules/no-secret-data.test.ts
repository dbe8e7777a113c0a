import rule from '../../src/rules/no-secret-data';
import { testRule } from './tester';

testRule(rule, {
  valid: [
    { name: 'a Secret with no data (created out of band)', yaml: 'apiVersion: v1\nkind: Secret\nmetadata: {name: s}\ntype: Opaque\n' },
    { name: 'a ConfigMap may carry data', yaml: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {MESSAGE: hi}\n' },
  ],
  invalid: [
    {
      name: 'data',
      yaml: 'apiVersion: v1\nkind: Secret\nmetadata: {name: zastava-webhook-tls}\ndata:\n  tls.key: c2VjcmV0\n',
      errors: [{ path: '/data', message: 'renders data (keys: tls.key)', line: 4 }],
    },
    {
      name: 'stringData',
      yaml: 'apiVersion: v1\nkind: Secret\nmetadata: {name: s}\nstringData: {token: abc}\n',
      errors: [{ path: '/stringData', message: 'renders stringData' }],
    },
  ],
});
