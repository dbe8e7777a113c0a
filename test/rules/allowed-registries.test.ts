import rule from '../../src/rules/allowed-registries';
import { testRule } from './tester';

const D = '@sha256:' + 'e'.repeat(64);
const pod = (image: string) => `apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: c\n      image: ${image}\n`;
const harbor = { registries: ['harbor.internal.example/platform'] };

testRule(rule, {
  valid: [
    { name: 'internal registry', yaml: pod(`harbor.internal.example/platform/zen-watcher:1.0${D}`), options: harbor },
    { name: 'not enforced without a list', yaml: pod(`nginx${D}`) },
  ],
  invalid: [
    {
      name: 'docker hub short name',
      yaml: pod(`nginx${D}`),
      options: harbor,
      errors: [{ path: '/spec/containers/0/image', message: 'comes from docker.io', line: 7 }],
    },
    {
      name: 'other path on the same host',
      yaml: pod(`harbor.internal.example/other/x${D}`),
      options: harbor,
      errors: [{ path: '/spec/containers/0/image', message: 'allowed: harbor.internal.example/platform' }],
    },
  ],
});
