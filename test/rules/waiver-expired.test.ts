import rule from '../../src/rules/waiver-expired';
import { testRule } from './tester';

const waivers = (expires: string) => `waivers:
  - rule: pod-security
    match: {kind: DaemonSet, namespace: stellaops, name: zastava-*}
    reason: "Zastava runbook: the Observer reads /proc and the containerd socket"
    owner: team-runtime
    expires: ${expires}
`;

testRule(rule, {
  valid: [
    { name: 'waiver still in force', waivers: waivers('2026-12-31') },
    { name: 'waiver valid through its last day', waivers: waivers('2026-06-01') },
    { name: 'no waivers', yaml: '' },
  ],
  invalid: [
    {
      name: 'expired yesterday',
      waivers: waivers('2026-05-31'),
      errors: [{ path: '/waivers/0', message: 'waiver for pod-security (owner team-runtime) expired on 2026-05-31', line: 2, file: 'waivers.yaml' }],
    },
    {
      name: 'expired long ago',
      waivers: waivers('2025-01-01'),
      now: '2026-11-21T00:00:00Z',
      errors: [{ path: '/waivers/0', message: 'expired on 2025-01-01' }],
    },
  ],
});
