import rule from '../../src/rules/pod-security';
import { testRule } from './tester';

const restricted = '{runAsNonRoot: true, allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}, seccompProfile: {type: RuntimeDefault}}';
const pod = (containerSc: string, podExtra = '', podSc = '{}') => `apiVersion: apps/v1
kind: Deployment
metadata: {name: w, namespace: n}
spec:
  template:
    spec:
      securityContext: ${podSc}${podExtra}
      containers:
        - name: app
          image: a
          securityContext: ${containerSc}
`;
/** A restricted container with `extra` fields in its security context. */
const withSc = (extra: string) => pod(restricted.replace('{', `{${extra}, `));
const C = '/spec/template/spec/containers/0/securityContext';
const P = '/spec/template/spec/securityContext';
const baseline = { level: 'baseline' };
const annotated = (annotation: string) =>
  pod(restricted).replace('  template:\n    spec:', `  template:\n    metadata:\n      annotations: {${annotation}}\n    spec:`);
const bare = (sc: string) => `apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: app, image: a, securityContext: ${sc}}]\n`;

testRule(rule, {
  valid: [
    { name: 'restricted container', yaml: pod(restricted) },
    {
      name: 'non-root and seccomp from the pod',
      yaml: pod(
        '{allowPrivilegeEscalation: false, capabilities: {drop: [ALL], add: [NET_BIND_SERVICE]}}',
        '',
        '{runAsNonRoot: true, seccompProfile: {type: RuntimeDefault}}',
      ),
    },
    { name: 'baseline: an empty security context', yaml: pod('{}'), options: baseline },
    {
      name: 'baseline: capabilities of the default set',
      yaml: pod('{capabilities: {add: [CHOWN, NET_RAW, SETUID]}}').replace('NET_RAW, ', ''),
      options: baseline,
    },
    { name: 'procMount Default', yaml: withSc('procMount: Default') },
    {
      name: 'safe sysctls',
      yaml: pod(restricted, '', '{sysctls: [{name: net.ipv4.ip_local_port_range, value: "1024 65535"}, {name: kernel.shm_rmid_forced, value: "1"}]}'),
    },
    {
      name: 'a sysctl made safe in 1.29, at 1.29',
      yaml: pod(restricted, '', '{sysctls: [{name: net.ipv4.tcp_keepalive_time, value: "600"}]}'),
      kubernetesVersion: '1.29',
    },
    { name: 'SELinux type container_t and level', yaml: withSc('seLinuxOptions: {type: container_t, level: "s0:c123,c456"}') },
    { name: 'SELinux type container_engine_t from 1.31', yaml: withSc('seLinuxOptions: {type: container_engine_t}'), kubernetesVersion: '1.31' },
    {
      name: 'AppArmor RuntimeDefault and Localhost',
      yaml: pod(restricted.replace('{', '{appArmorProfile: {type: Localhost, localhostProfile: p}, '), '', '{appArmorProfile: {type: RuntimeDefault}}'),
    },
    {
      name: 'AppArmor annotation runtime/default and localhost/',
      yaml: annotated('container.apparmor.security.beta.kubernetes.io/app: runtime/default, container.apparmor.security.beta.kubernetes.io/b: localhost/x'),
    },
    { name: 'hostProcess false', yaml: pod(restricted.replace('{', '{windowsOptions: {hostProcess: false}, '), '', '{windowsOptions: {hostProcess: false}}') },
    {
      name: 'restricted volume types',
      yaml: pod(
        restricted,
        '\n      volumes: [{name: a, emptyDir: {}}, {name: b, configMap: {name: c}}, {name: c, secret: {secretName: s}}, {name: d, persistentVolumeClaim: {claimName: p}}, {name: e, projected: {sources: []}}, {name: f, csi: {driver: d}}, {name: g, downwardAPI: {}}, {name: h, ephemeral: {}}, {name: i}]',
      ),
    },
    { name: 'baseline: an nfs volume', yaml: pod('{}', '\n      volumes: [{name: n, nfs: {server: s, path: /x}}]'), options: baseline },
    {
      // Restricted does not judge the Linux-only controls on Windows pods (PodSecurity, 1.25+).
      name: 'a Windows pod without seccomp, capabilities and allowPrivilegeEscalation',
      yaml: pod('{runAsNonRoot: true}', '\n      os: {name: windows}'),
    },
    { name: 'seccomp Localhost on the container', yaml: pod(restricted.replace('type: RuntimeDefault', 'type: Localhost, localhostProfile: p.json')) },
  ],
  invalid: [
    {
      name: 'empty security context',
      yaml: pod('{}'),
      errors: [
        { path: C, message: 'does not set runAsNonRoot: true' },
        { path: C, message: 'does not set allowPrivilegeEscalation: false' },
        { path: C, message: 'does not drop ALL capabilities' },
        { path: C, message: 'has seccomp unset' },
      ],
    },
    {
      name: 'privileged',
      yaml: pod(restricted.replace('{', '{privileged: true, ')),
      errors: [{ path: `${C}/privileged`, message: 'is privileged' }],
    },
    {
      name: 'host network',
      yaml: pod(restricted, '\n      hostNetwork: true'),
      errors: [{ path: '/spec/template/spec/hostNetwork', message: 'hostNetwork: true', line: 8 }],
    },
    {
      name: 'hostPath volume and extra capability',
      yaml: pod(restricted.replace('drop: [ALL]', 'drop: [ALL], add: [SYS_ADMIN]'), '\n      volumes: [{name: p, hostPath: {path: /proc}}]'),
      errors: [
        { path: '/spec/template/spec/volumes/0/hostPath', message: 'volume "p" is a hostPath' },
        { path: `${C}/capabilities/add`, message: 'adds capabilities SYS_ADMIN' },
      ],
    },
    {
      name: 'baseline: a capability beyond the default set',
      yaml: pod('{capabilities: {add: [CHOWN, NET_ADMIN]}}'),
      options: baseline,
      errors: [{ path: `${C}/capabilities/add`, message: 'adds capabilities NET_ADMIN (beyond the baseline’s default set)' }],
    },
    { name: 'procMount Unmasked', yaml: withSc('procMount: Unmasked'), errors: [{ path: `${C}/procMount`, message: 'sets procMount "Unmasked"' }] },
    {
      name: 'baseline: procMount Unmasked',
      yaml: pod('{procMount: Unmasked}'),
      options: baseline,
      errors: [{ path: `${C}/procMount`, message: 'unmasks /proc' }],
    },
    {
      name: 'unsafe sysctls',
      yaml: pod(
        restricted,
        '',
        '{sysctls: [{name: kernel.msgmax, value: "1"}, {name: net.ipv4.ip_local_port_range, value: "1 2"}, {name: net.core.somaxconn, value: "1024"}]}',
      ),
      errors: [
        { path: `${P}/sysctls/0/name`, message: 'unsafe sysctl kernel.msgmax' },
        { path: `${P}/sysctls/2/name`, message: 'unsafe sysctl net.core.somaxconn' },
      ],
    },
    {
      name: 'a sysctl made safe in 1.32, at 1.28',
      yaml: pod(restricted, '', '{sysctls: [{name: net.ipv4.tcp_rmem, value: "4096 87380 6291456"}]}'),
      kubernetesVersion: '1.28',
      errors: [{ path: `${P}/sysctls/0/name`, message: 'not in the safe set of Kubernetes 1.28' }],
    },
    {
      name: 'Windows hostProcess on the pod and a container',
      yaml: pod(restricted.replace('{', '{windowsOptions: {hostProcess: true}, '), '', '{windowsOptions: {hostProcess: true}}'),
      errors: [
        { path: `${P}/windowsOptions/hostProcess`, message: 'pod sets windowsOptions.hostProcess: true' },
        { path: `${C}/windowsOptions/hostProcess`, message: 'container "app" sets windowsOptions.hostProcess: true' },
      ],
    },
    {
      name: 'baseline: hostProcess on a Windows pod',
      yaml: pod('{}', '\n      os: {name: windows}', '{windowsOptions: {hostProcess: true}}'),
      options: baseline,
      errors: [{ path: `${P}/windowsOptions/hostProcess`, message: 'hostProcess: true' }],
    },
    {
      name: 'SELinux type, user and role',
      yaml: pod(restricted.replace('{', '{seLinuxOptions: {type: spc_t}, '), '', '{seLinuxOptions: {user: system_u, role: system_r}}'),
      errors: [
        { path: `${P}/seLinuxOptions/role`, message: 'pod sets SELinux role "system_r"' },
        { path: `${P}/seLinuxOptions/user`, message: 'pod sets SELinux user "system_u"' },
        { path: `${C}/seLinuxOptions/type`, message: 'container "app" sets SELinux type "spc_t"' },
      ],
    },
    {
      name: 'SELinux container_engine_t before 1.31',
      yaml: withSc('seLinuxOptions: {type: container_engine_t}'),
      kubernetesVersion: '1.30',
      errors: [{ path: `${C}/seLinuxOptions/type`, message: 'sets SELinux type "container_engine_t"' }],
    },
    {
      name: 'AppArmor Unconfined on the pod and a container',
      yaml: pod(restricted.replace('{', '{appArmorProfile: {type: Unconfined}, '), '', '{appArmorProfile: {type: Unconfined}}'),
      errors: [
        { path: `${P}/appArmorProfile/type`, message: 'pod sets AppArmor profile type "Unconfined"' },
        { path: `${C}/appArmorProfile/type`, message: 'container "app" sets AppArmor profile type "Unconfined"' },
      ],
    },
    {
      name: 'AppArmor annotation unconfined',
      yaml: annotated('container.apparmor.security.beta.kubernetes.io/app: unconfined'),
      options: baseline,
      errors: [{ path: '/spec/template/metadata/annotations/container.apparmor.security.beta.kubernetes.io~1app', message: 'sets an AppArmor profile' }],
    },
    {
      name: 'seccomp Unconfined on the pod, RuntimeDefault on the container',
      yaml: pod(restricted, '', '{runAsNonRoot: true, seccompProfile: {type: Unconfined}}'),
      errors: [{ path: `${P}/seccompProfile/type`, message: 'pod sets seccomp "Unconfined"' }],
    },
    {
      name: 'seccomp Unconfined on a container',
      yaml: pod(restricted.replace('type: RuntimeDefault', 'type: Unconfined')),
      errors: [{ path: `${C}/seccompProfile/type`, message: 'container "app" has seccomp "Unconfined"' }],
    },
    {
      name: 'baseline: seccomp Unconfined, on the pod and a container',
      yaml: pod('{seccompProfile: {type: Unconfined}}', '', '{seccompProfile: {type: Unconfined}}'),
      options: baseline,
      errors: [
        { path: `${P}/seccompProfile/type`, message: 'pod sets seccomp "Unconfined"' },
        { path: `${C}/seccompProfile/type`, message: 'has seccomp "Unconfined"' },
      ],
    },
    {
      name: 'restricted volume types: nfs, gitRepo, awsElasticBlockStore',
      yaml: pod(
        restricted,
        '\n      volumes: [{name: a, nfs: {server: s, path: /x}}, {name: b, gitRepo: {repository: r}}, {name: c, emptyDir: {}}, {name: d, awsElasticBlockStore: {volumeID: v}}]',
      ),
      errors: [
        { path: '/spec/template/spec/volumes/0/nfs', message: 'volume "a" is a nfs volume' },
        { path: '/spec/template/spec/volumes/1/gitRepo', message: 'volume "b" is a gitRepo volume' },
        { path: '/spec/template/spec/volumes/3/awsElasticBlockStore', message: 'volume "d" is a awsElasticBlockStore volume' },
      ],
    },
    {
      name: 'runAsNonRoot false on the pod, runAsUser 0 on pod and container',
      yaml: pod(restricted.replace('runAsNonRoot: true', 'runAsUser: 0'), '', '{runAsNonRoot: false, runAsUser: 0}'),
      errors: [
        { path: `${P}/runAsNonRoot`, message: 'pod sets runAsNonRoot: false' },
        { path: `${P}/runAsUser`, message: 'pod runs as uid 0' },
        { path: `${C}/runAsUser`, message: 'container "app" runs as uid 0' },
      ],
    },
    {
      name: 'runAsNonRoot false on the container overrides the pod',
      yaml: pod(restricted.replace('runAsNonRoot: true', 'runAsNonRoot: false'), '', '{runAsNonRoot: true}'),
      errors: [{ path: `${C}/runAsNonRoot`, message: 'container "app" sets runAsNonRoot: false' }],
    },
    {
      name: 'hostPort on an init container',
      yaml: pod(restricted).replace(
        '      containers:',
        `      initContainers: [{name: init, image: i, securityContext: ${restricted}, ports: [{containerPort: 80, hostPort: 8080}]}]\n      containers:`,
      ),
      errors: [{ path: '/spec/template/spec/initContainers/0/ports/0/hostPort', message: 'container "init" binds hostPort 8080' }],
    },
    {
      name: 'a bare Pod, an OpenShift DeploymentConfig: the same controls',
      files: {
        'pod.yaml': bare('{privileged: true}'),
        'dc.yaml': pod(restricted, '\n      hostPID: true').replace('apps/v1\nkind: Deployment', 'apps.openshift.io/v1\nkind: DeploymentConfig'),
      },
      options: baseline,
      errors: [
        { path: '/spec/template/spec/hostPID', message: 'hostPID: true', file: 'dc.yaml' },
        { path: '/spec/containers/0/securityContext/privileged', message: 'is privileged', file: 'pod.yaml' },
      ],
    },
  ],
});
