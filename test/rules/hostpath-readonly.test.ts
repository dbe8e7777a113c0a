import rule from '../../src/rules/hostpath-readonly';
import { testRule } from './tester';

const observer = (procReadOnly: string, scratchReadOnly = '') => `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: zastava-observer, namespace: stellaops}
spec:
  template:
    spec:
      volumes:
        - {name: proc, hostPath: {path: /proc}}
        - {name: scratch, hostPath: {path: /var/run/zastava/}}
        - {name: tmp, emptyDir: {}}
      containers:
        - name: observer
          image: o
          volumeMounts:
            - {name: proc, mountPath: /host/proc${procReadOnly}}
            - {name: scratch, mountPath: /var/run/zastava${scratchReadOnly}}
            - {name: tmp, mountPath: /tmp}
`;

testRule(rule, {
  valid: [{ name: 'read-only host mount and writable scratch', yaml: observer(', readOnly: true') }],
  invalid: [
    {
      name: 'writable /proc',
      yaml: observer(''),
      errors: [{ path: '/spec/template/spec/containers/0/volumeMounts/0', message: 'mounts host path /proc writable', line: 15 }],
    },
    {
      name: 'readOnly false explicitly',
      yaml: observer(', readOnly: false'),
      errors: [{ path: '/spec/template/spec/containers/0/volumeMounts/0', message: '/proc writable' }],
    },
    {
      name: 'scratch not allowed by policy',
      yaml: observer(', readOnly: true'),
      options: { scratchPaths: [] },
      errors: [{ path: '/spec/template/spec/containers/0/volumeMounts/1', message: '/var/run/zastava writable' }],
    },
  ],
});
