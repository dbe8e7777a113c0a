import rule from '../../src/rules/rolling-update';
import { testRule } from './tester';

const deploy = (strategy: string, replicas = 3, volumes = '') => `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  replicas: ${replicas}
  strategy: ${strategy}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: web, image: web}]
${volumes}`;
const sts = (kind: string, strategy: string) => `apiVersion: apps/v1
kind: ${kind}
metadata: {name: db, namespace: shop}
spec:
  updateStrategy: ${strategy}
  template: {metadata: {labels: {app: db}}, spec: {containers: [{name: db, image: db}]}}
`;

testRule(rule, {
  valid: [
    { name: 'RollingUpdate', yaml: deploy('{type: RollingUpdate, rollingUpdate: {maxUnavailable: 1}}') },
    { name: 'a singleton may Recreate', yaml: deploy('{type: Recreate}', 1) },
    {
      name: 'Recreate moves a claimed volume',
      yaml: deploy('{type: Recreate}', 2, '      volumes: [{name: data, persistentVolumeClaim: {claimName: data}}]\n'),
    },
    { name: 'a StatefulSet rolling', yaml: sts('StatefulSet', '{type: RollingUpdate}') },
    { name: 'a DaemonSet rolling', yaml: sts('DaemonSet', '{type: RollingUpdate}') },
  ],
  invalid: [
    {
      name: 'a replicated Deployment recreating',
      yaml: deploy('{type: Recreate}'),
      errors: [{ path: '/spec/strategy/type', message: 'Deployment web runs 3 replicas with strategy Recreate', line: 6 }],
    },
    {
      name: 'Recreate with a volume that is not a claim',
      yaml: deploy('{type: Recreate}', 2, '      volumes: [{name: tmp, emptyDir: {}}]\n'),
      errors: [{ path: '/spec/strategy/type', message: 'runs 2 replicas with strategy Recreate' }],
    },
    {
      name: 'a StatefulSet on delete',
      yaml: sts('StatefulSet', '{type: OnDelete}'),
      errors: [{ path: '/spec/updateStrategy/type', message: 'StatefulSet db uses updateStrategy OnDelete', line: 5 }],
    },
    {
      name: 'a DaemonSet on delete',
      yaml: sts('DaemonSet', '{type: OnDelete}'),
      errors: [{ path: '/spec/updateStrategy/type', message: 'DaemonSet db uses updateStrategy OnDelete' }],
    },
  ],
});
