import rule from '../../src/rules/dangling-reference';
import { testRule } from './tester';

const deploy =
  'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: app}\nspec: {template: {metadata: {labels: {app: web}}, spec: {containers: []}}}\n---\n';
const service = (selector = '{app: web}') =>
  `apiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: app, labels: {app: web}}\nspec:\n  selector: ${selector}\n  ports: [{name: http, port: 80}]\n---\n`;
const monitor = (port: string) =>
  `apiVersion: monitoring.coreos.com/v1\nkind: ServiceMonitor\nmetadata: {name: web, namespace: app}\nspec:\n  selector: {matchLabels: {app: web}}\n  endpoints:\n    - port: ${port}\n---\n`;
const sa = 'apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: web, namespace: app}\n---\n';
const role = 'apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {name: web, namespace: app}\nrules: []\n---\n';
const binding = (roleName: string, saName: string) =>
  `apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: {name: web, namespace: app}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: ${roleName}}\nsubjects: [{kind: ServiceAccount, name: ${saName}, namespace: app}, {kind: ServiceAccount, name: prometheus-k8s, namespace: monitoring}]\n---\n`;
const flux = (dep: string, ns = 'gitops') =>
  `apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata: {name: b, namespace: ${ns}}\nspec: {dependsOn: [{name: ${dep}}]}\n---\napiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata: {name: a, namespace: ${ns}}\nspec: {}\n---\n`;
const vs = (gateway: string) =>
  `apiVersion: networking.istio.io/v1beta1\nkind: Gateway\nmetadata: {name: helloworld-gateway-test, namespace: app}\nspec: {}\n---\napiVersion: networking.istio.io/v1beta1\nkind: VirtualService\nmetadata: {name: v, namespace: app}\nspec: {gateways: [${gateway}, mesh]}\n`;

// Namespaces: a namespace-less object is where it is applied.
const floatingSa = 'apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: controller}\n---\n';
const clusterBinding =
  'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata: {name: controller}\nroleRef: {kind: ClusterRole, name: controller}\nsubjects: [{kind: ServiceAccount, name: controller, namespace: argocd}]\n---\napiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: controller, namespace: stray}\nrules: []\n---\n';
const floatingRoleBinding =
  'apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: {name: reader}\nroleRef: {kind: Role, name: reader}\nsubjects: [{kind: ServiceAccount, name: default}]\n---\napiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {name: reader, namespace: team}\nrules: []\n---\n';
const podsIn = (ns: string) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: api, namespace: ${ns}}\nspec: {template: {metadata: {labels: {app: api}}, spec: {containers: []}}}\n`;
const floatingService = 'apiVersion: v1\nkind: Service\nmetadata: {name: api}\nspec: {selector: {app: api}, ports: [{port: 80}]}\n';
const floatingMonitor = (nsSelector: string) =>
  `apiVersion: v1\nkind: Service\nmetadata: {name: metrics, labels: {app: metrics}}\nspec: {ports: [{name: http, port: 80}]}\n---\napiVersion: monitoring.coreos.com/v1\nkind: ServiceMonitor\nmetadata: {name: metrics}\nspec: {${nsSelector}selector: {matchLabels: {app: metrics}}, endpoints: [{port: http}]}\n---\n`;

// Pods an operator runs for a custom resource.
const prometheus =
  'apiVersion: monitoring.coreos.com/v1\nkind: Prometheus\nmetadata: {name: k8s, namespace: obs}\nspec: {podMetadata: {labels: {team: sre}}}\n---\napiVersion: monitoring.coreos.com/v1\nkind: Alertmanager\nmetadata: {name: main, namespace: obs}\nspec: {}\n---\n';
const selecting = (kind: 'Service' | 'PodDisruptionBudget', name: string, ns: string, labels: string) =>
  kind === 'Service'
    ? `apiVersion: v1\nkind: Service\nmetadata: {name: ${name}, namespace: ${ns}}\nspec: {selector: ${labels}, ports: [{port: 80}]}\n---\n`
    : `apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: ${name}, namespace: ${ns}}\nspec: {maxUnavailable: 1, selector: {matchLabels: ${labels}}}\n---\n`;
const kafka = 'apiVersion: kafka.strimzi.io/v1beta2\nkind: Kafka\nmetadata: {name: events, namespace: obs}\nspec: {}\n---\n';

// Labels the built-in controllers add.
const statefulSet = (replicas: string) =>
  `apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: redis, namespace: app}\nspec: {${replicas}selector: {matchLabels: {app: redis}}, template: {metadata: {labels: {app: redis}}, spec: {containers: []}}}\n---\n`;
const job =
  'apiVersion: batch/v1\nkind: Job\nmetadata: {name: migrate, namespace: app}\nspec: {template: {metadata: {labels: {app: migrate}}, spec: {containers: []}}}\n---\napiVersion: batch/v1\nkind: CronJob\nmetadata: {name: nightly, namespace: app}\nspec: {schedule: "@daily", jobTemplate: {spec: {template: {spec: {containers: []}}}}}\n---\n';
const scaler =
  'apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {name: redis, namespace: app}\nspec: {scaleTargetRef: {apiVersion: apps/v1, kind: StatefulSet, name: redis}, minReplicas: 1, maxReplicas: 10}\n---\n';

// Objects every cluster has.
const apiserverMonitor = (port: string) =>
  `apiVersion: monitoring.coreos.com/v1\nkind: ServiceMonitor\nmetadata: {name: apiserver, namespace: app}\nspec:\n  namespaceSelector: {matchNames: [default]}\n  selector: {matchLabels: {component: apiserver, provider: kubernetes}}\n  endpoints: [{port: ${port}}]\n---\n`;
const authReaderBinding = (role: string) =>
  `apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: {name: auth-reader, namespace: kube-system}\nroleRef: {kind: Role, name: ${role}}\nsubjects: [{kind: ServiceAccount, name: default, namespace: app}]\n---\n`;
const noExternal = { externalNamespaces: [] };

// What pod specs, Ingresses, NetworkPolicies and StatefulSets name.
const pod = (spec: string, meta = '{name: api, namespace: app}') =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata: ${meta}\nspec:\n  selector: {matchLabels: {app: api}}\n  template:\n    metadata: {labels: {app: api}}\n    spec:\n${spec}---\n`;
const container = (extra: string) => `      containers:\n        - name: api\n          image: api\n${extra}`;
const configMap = (name: string, data = '{a: "1"}') => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ${name}, namespace: app}\ndata: ${data}\n---\n`;
const secretOf = (name: string, data = '{token: c2VjcmV0}') => `apiVersion: v1\nkind: Secret\nmetadata: {name: ${name}, namespace: app}\ndata: ${data}\n---\n`;
const claim = (name: string) =>
  `apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: {name: ${name}, namespace: app}\nspec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}\n---\n`;
const account = (name: string) => `apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: ${name}, namespace: app}\n---\n`;
const apiService = (ports = '[{name: http, port: 80, targetPort: http}]') =>
  `apiVersion: v1\nkind: Service\nmetadata: {name: api, namespace: app}\nspec: {selector: {app: api}, ports: ${ports}}\n---\n`;
const backendService = (ports = '[{name: http, port: 80}]') =>
  `apiVersion: v1\nkind: Service\nmetadata: {name: api, namespace: app}\nspec: {ports: ${ports}}\n---\n`;
const ingress = (backend: string, apiVersion = 'networking.k8s.io/v1') =>
  `apiVersion: ${apiVersion}\nkind: Ingress\nmetadata: {name: public, namespace: app}\nspec:\n  rules:\n    - host: api.example.test\n      http:\n        paths:\n          - path: /\n            pathType: Prefix\n            backend: ${backend}\n`;
const netpol = (selector: string, ns = 'app') =>
  `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deny, namespace: ${ns}}\nspec: {podSelector: ${selector}, policyTypes: [Ingress]}\n---\n`;
const sts = (serviceName: string, claims = '') =>
  `apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: db, namespace: app}\nspec:\n  serviceName: ${serviceName}\n  selector: {matchLabels: {app: db}}\n  template:\n    metadata: {labels: {app: db}}\n    spec: {containers: [{name: db, image: db, ports: [{name: sql, containerPort: 5432}]}]}\n${claims}---\n`;
const governing = (clusterIP: string, selector = '{app: db}') =>
  `apiVersion: v1\nkind: Service\nmetadata: {name: db, namespace: app}\nspec: {clusterIP: ${clusterIP}, selector: ${selector}, ports: [{port: 5432, targetPort: sql}]}\n---\n`;
const envFromAll = container(
  '          envFrom: [{configMapRef: {name: settings}}, {secretRef: {name: creds}}]\n          env:\n            - {name: A, valueFrom: {configMapKeyRef: {name: settings, key: a}}}\n            - {name: T, valueFrom: {secretKeyRef: {name: creds, key: token}}}\n',
);

testRule(rule, {
  valid: [
    { name: 'everything resolves', yaml: deploy + service() + monitor('http') + sa + role + binding('web', 'web') + flux('a') + vs('helloworld-gateway-test') },
    {
      name: 'built-in ClusterRole',
      yaml:
        sa +
        'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata: {name: v}\nroleRef: {kind: ClusterRole, name: view}\nsubjects: [{kind: ServiceAccount, name: web, namespace: app}]\n',
    },
    { name: 'gateway in an external namespace', yaml: vs('istio-system/public-gateway') },
    { name: 'Flux dependsOn into flux-system, an external namespace', yaml: flux('c', 'flux-system') },
    // Namespaces
    { name: 'namespace-less ServiceAccount bound in an explicit namespace, no --namespace', yaml: floatingSa + clusterBinding },
    { name: 'namespace-less ServiceAccount applied with --namespace argocd', yaml: floatingSa + clusterBinding, namespace: 'argocd' },
    { name: 'namespace-less RoleBinding to a Role of a named namespace, no --namespace', yaml: floatingRoleBinding },
    {
      name: 'namespace-less RoleBinding naming its subject namespace, namespace-less ServiceAccount',
      yaml: floatingSa + floatingRoleBinding.replace('name: default}', 'name: controller, namespace: argocd}'),
    },
    { name: 'namespace-less ServiceMonitor and Service land in one namespace', yaml: floatingMonitor('') },
    {
      name: 'namespace-less Service beside a kustomization namespace',
      files: { 'base/service.yaml': floatingService, 'base/deploy.yaml': podsIn('shop') },
      kustomizeNamespaces: { base: 'shop' },
    },
    // Operator pods
    {
      name: 'Service and PDB select the pods of Prometheus and Alertmanager resources',
      yaml:
        prometheus +
        selecting('Service', 'prometheus', 'obs', '{app.kubernetes.io/name: prometheus, prometheus: k8s, team: sre}') +
        selecting('PodDisruptionBudget', 'prometheus', 'obs', '{operator.prometheus.io/name: k8s, app.kubernetes.io/instance: k8s}') +
        selecting('Service', 'alertmanager', 'obs', '{alertmanager: main, app.kubernetes.io/managed-by: prometheus-operator}'),
    },
    // Controller labels
    {
      name: 'StatefulSet pod-name of an ordinal below replicas',
      yaml: statefulSet('replicas: 3, ') + selecting('Service', 'redis-2', 'app', '{app: redis, statefulset.kubernetes.io/pod-name: redis-2}'),
    },
    {
      name: 'StatefulSet pod-name of a scaled StatefulSet',
      yaml:
        statefulSet('replicas: 1, ') +
        scaler +
        selecting('Service', 'redis-7', 'app', '{statefulset.kubernetes.io/pod-name: redis-7, controller-revision-hash: redis-5d8f7}'),
    },
    {
      name: 'Job and CronJob pods by job-name',
      yaml:
        job +
        selecting('Service', 'migrate', 'app', '{batch.kubernetes.io/job-name: migrate}') +
        selecting('PodDisruptionBudget', 'nightly', 'app', '{job-name: nightly-29000000}'),
    },
    {
      name: 'DaemonSet pods by controller-revision-hash and pod-template-generation',
      yaml:
        'apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: agent, namespace: app}\nspec: {template: {metadata: {labels: {app: agent}}, spec: {containers: []}}}\n---\n' +
        selecting('Service', 'agent', 'app', '{app: agent, controller-revision-hash: 6b5dfc, pod-template-generation: "3"}'),
    },
    { name: 'Deployment pods by pod-template-hash', yaml: deploy + selecting('Service', 'pinned', 'app', '{app: web, pod-template-hash: 7d4b9c}') },
    // Objects every cluster has
    { name: 'ServiceMonitor of the API server Service', yaml: apiserverMonitor('https') },
    { name: 'bootstrap Role and default ServiceAccount', yaml: authReaderBinding('extension-apiserver-authentication-reader'), options: noExternal },
    {
      name: 'selectors of the wrong shape are left to the schema rule',
      yaml:
        'apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: odd, namespace: app}\nspec: {selector: {matchLabels: [a], matchExpressions: {key: app}}}\n---\napiVersion: monitoring.coreos.com/v1\nkind: ServiceMonitor\nmetadata: {name: odd, namespace: app}\nspec: {selector: {matchExpressions: 7}, namespaceSelector: {matchNames: kube-system}}\n---\n' +
        deploy +
        service(),
    },
    // externalNamespaces
    {
      name: 'references into external namespaces are not judged',
      yaml: authReaderBinding('vendor-role') + selecting('Service', 'exporter', 'monitoring', '{app: exporter}'),
    },
    // A pod template of labels only (no spec) still makes the pods its Service means.
    {
      name: 'a Service selecting a pod template that has labels but no spec',
      yaml:
        'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: app}\nspec: {template: {metadata: {labels: {app: web}}}}\n---\n' + service(),
    },
    {
      name: 'a Service selecting an OpenShift DeploymentConfig',
      yaml:
        'apiVersion: apps.openshift.io/v1\nkind: DeploymentConfig\nmetadata: {name: web, namespace: app}\nspec: {template: {metadata: {labels: {app: web}}, spec: {containers: []}}}\n---\n' +
        service(),
    },
    {
      name: 'a Service selecting the pods of a custom resource the policy names',
      yaml:
        'apiVersion: example.com/v1\nkind: Worker\nmetadata: {name: web, namespace: app}\nspec: {pod: {metadata: {labels: {app: web}}, spec: {containers: []}}}\n---\n' +
        service(),
      podTemplates: [{ kind: 'Worker', path: '/spec/pod' }],
    },
    // Ingress backends
    {
      name: 'Ingress backends by port number, port name, default backend and resource',
      yaml:
        pod(container('          ports: [{name: http, containerPort: 8080}]\n')) +
        apiService() +
        ingress('{service: {name: api, port: {name: http}}}') +
        '---\napiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: other, namespace: app}\nspec:\n  defaultBackend: {service: {name: api, port: {number: 80}}}\n  rules: [{http: {paths: [{path: /s, pathType: Prefix, backend: {resource: {apiGroup: k8s.example.com, kind: StorageBucket, name: assets}}}]}}]\n',
    },
    {
      name: 'Ingress of a namespace in externalNamespaces',
      yaml: ingress('{service: {name: api, port: {number: 80}}}').replace('namespace: app', 'namespace: monitoring'),
    },
    // NetworkPolicy podSelector
    { name: 'NetworkPolicy with an empty podSelector selects every pod, even none', yaml: netpol('{}', 'empty') },
    { name: 'NetworkPolicy selecting the pods of a Deployment', yaml: pod(container('')) + netpol('{matchLabels: {app: api}}') },
    // Pod references
    {
      name: 'ServiceAccount, ConfigMaps, Secrets and claims of the input, with their keys',
      yaml:
        pod(
          '      serviceAccountName: api\n' +
            envFromAll +
            '          volumeMounts: [{name: c, mountPath: /c}]\n      volumes:\n        - {name: c, configMap: {name: settings, items: [{key: a, path: a}]}}\n        - {name: s, secret: {secretName: creds}}\n        - {name: d, persistentVolumeClaim: {claimName: data}}\n        - name: p\n          projected: {sources: [{configMap: {name: kube-root-ca.crt}}, {secret: {name: creds}}, {serviceAccountToken: {path: token}}]}\n',
        ) +
        account('api') +
        configMap('settings') +
        secretOf('creds') +
        claim('data'),
    },
    {
      name: 'the default ServiceAccount, the deprecated serviceAccount field, optional references',
      yaml:
        pod(
          '      serviceAccount: default\n' +
            container(
              '          envFrom: [{configMapRef: {name: maybe, optional: true}}]\n          env: [{name: T, valueFrom: {secretKeyRef: {name: maybe, key: t, optional: true}}}]\n',
            ) +
            '      volumes: [{name: s, secret: {secretName: maybe, optional: true}}]\n',
        ) + configMap('other'),
    },
    {
      name: 'Secrets made by ExternalSecret, SealedSecret and Certificate; claims of a StatefulSet template',
      yaml:
        pod(
          container('') +
            '      volumes:\n        - {name: a, secret: {secretName: db-creds}}\n        - {name: b, secret: {secretName: sealed}}\n        - {name: c, secret: {secretName: api-tls}}\n        - {name: d, persistentVolumeClaim: {claimName: data-db-1}}\n',
        ) +
        'apiVersion: external-secrets.io/v1beta1\nkind: ExternalSecret\nmetadata: {name: db, namespace: app}\nspec: {target: {name: db-creds}}\n---\n' +
        'apiVersion: bitnami.com/v1alpha1\nkind: SealedSecret\nmetadata: {name: sealed, namespace: app}\nspec: {encryptedData: {}}\n---\n' +
        'apiVersion: cert-manager.io/v1\nkind: Certificate\nmetadata: {name: api, namespace: app}\nspec: {secretName: api-tls}\n---\n' +
        sts('db', '  volumeClaimTemplates: [{metadata: {name: data}}]\n') +
        governing('None'),
    },
    {
      name: 'objects the policy lists as made outside the input',
      yaml:
        pod(
          '      serviceAccountName: robot\n' +
            container('') +
            '      volumes: [{name: a, secret: {secretName: vendor-token}}, {name: b, persistentVolumeClaim: {claimName: restored}}]\n',
        ) +
        account('other') +
        claim('other'),
      options: {
        externalObjects: [
          { kind: 'Secret', namespace: 'app', name: 'vendor-*' },
          { kind: 'PersistentVolumeClaim', name: 'restored' },
          { kind: 'ServiceAccount', namespace: '*', name: 'robot' },
        ],
      },
    },
    {
      name: 'a ConfigMap without data is filled by something else: its keys are not judged',
      yaml: pod(envFromAll.replace('key: a', 'key: z')) + configMap('settings', '{}') + secretOf('creds'),
    },
    { name: 'pod reference checks turned off', yaml: pod(envFromAll) + configMap('other'), options: { configMaps: false, secrets: false } },
    // StatefulSet serviceName
    { name: 'StatefulSet governed by a headless Service selecting its pods', yaml: sts('db') + governing('None') },
    // Service targetPort names
    {
      name: 'Service targetPort names of the selected containers, and of pods an operator runs',
      yaml:
        pod(container('          ports: [{name: http, containerPort: 8080}]\n')) +
        apiService('[{name: http, port: 80, targetPort: http}, {name: raw, port: 81, targetPort: 8081}]') +
        prometheus +
        'apiVersion: v1\nkind: Service\nmetadata: {name: prometheus, namespace: obs}\nspec: {selector: {prometheus: k8s}, ports: [{port: 9090, targetPort: web}]}\n',
    },
  ],
  invalid: [
    {
      name: 'ServiceMonitor port missing',
      yaml: deploy + service() + monitor('metrics'),
      errors: [{ path: '/spec/endpoints/0/port', message: 'scrapes port "metrics", which no selected Service names (has: http)' }],
    },
    {
      name: 'Service selects no pods',
      yaml: deploy + service('{app: wbe}'),
      errors: [{ path: '/spec/selector', message: 'Service web selects no pods (app=wbe)' }],
    },
    {
      name: 'binding to missing Role and ServiceAccount',
      yaml: binding('webb', 'ghost'),
      errors: [
        { path: '/roleRef', message: 'binds Role app/webb, which does not exist' },
        { path: '/subjects/0', message: 'binds ServiceAccount app/ghost, which does not exist' },
      ],
    },
    { name: 'Flux dependsOn missing', yaml: flux('c'), errors: [{ path: '/spec/dependsOn/0', message: 'depends on gitops/c, which does not exist' }] },
    {
      name: 'VirtualService gateway missing',
      yaml: vs('helloworld-gateway-tset'),
      errors: [{ path: '/spec/gateways/0', message: 'Gateway app/helloworld-gateway-tset, which does not exist' }],
    },
    {
      name: 'webhook Service, PDB and HPA targets missing',
      yaml: 'apiVersion: admissionregistration.k8s.io/v1\nkind: ValidatingWebhookConfiguration\nmetadata: {name: h}\nwebhooks: [{name: h.x, clientConfig: {service: {name: guard, namespace: app}}}]\n---\napiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: p, namespace: app}\nspec: {selector: {matchLabels: {app: nope}}}\n---\napiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {name: h, namespace: app}\nspec: {scaleTargetRef: {kind: Deployment, name: nope}}\n',
      errors: [
        { path: '/webhooks/0/clientConfig/service', message: 'calls Service app/guard' },
        { path: '/spec/selector', message: 'PodDisruptionBudget p selects no pods' },
        { path: '/spec/scaleTargetRef', message: 'targets Deployment nope' },
      ],
    },
    // Namespaces
    {
      name: 'namespace-less ServiceAccount applied with another --namespace',
      yaml: floatingSa + clusterBinding,
      namespace: 'tools',
      errors: [{ path: '/subjects/0', message: 'binds ServiceAccount argocd/controller, which does not exist' }],
    },
    {
      name: 'ClusterRole that neither the input nor the cluster has, whatever --namespace',
      yaml: floatingSa + clusterBinding.replace('roleRef: {kind: ClusterRole, name: controller}', 'roleRef: {kind: ClusterRole, name: ghost}'),
      namespace: 'argocd',
      errors: [{ path: '/roleRef', message: 'ClusterRoleBinding controller binds ClusterRole ghost, which does not exist' }],
    },
    {
      name: 'namespace-less RoleBinding applied with --namespace elsewhere',
      yaml: floatingRoleBinding,
      namespace: 'other',
      errors: [{ path: '/roleRef', message: 'binds Role other/reader, which does not exist' }],
    },
    {
      name: 'namespace-less Service beside a kustomization namespace without those pods',
      files: { 'base/service.yaml': floatingService, 'base/deploy.yaml': podsIn('web') },
      kustomizeNamespaces: { base: 'shop' },
      errors: [{ path: '/spec/selector', message: 'Service api selects no pods (app=api)', file: 'base/service.yaml' }],
    },
    {
      name: 'namespace-less ServiceMonitor naming another namespace does not see its namespace-less Services',
      yaml: floatingMonitor('namespaceSelector: {matchNames: [other]}, '),
      errors: [{ path: '/spec/selector', message: 'ServiceMonitor metrics selects no Service' }],
    },
    // Operator pods
    {
      name: 'Service selects a Prometheus that does not exist',
      yaml: prometheus + selecting('Service', 'prometheus', 'obs', '{app.kubernetes.io/name: prometheus, prometheus: k9s}'),
      errors: [{ path: '/spec/selector', message: 'selects no pods (app.kubernetes.io/name=prometheus, prometheus=k9s)', severity: 'error' }],
    },
    {
      name: 'Service may select the pods of an operator Plimsoll does not know',
      yaml: kafka + selecting('Service', 'brokers', 'obs', '{strimzi.io/cluster: events}'),
      errors: [{ path: '/spec/selector', message: 'its pods are not in the input, perhaps run by the operator of Kafka events', severity: 'warning' }],
    },
    // Controller labels
    {
      name: 'StatefulSet pod-name beyond replicas',
      yaml: statefulSet('replicas: 3, ') + selecting('Service', 'redis-3', 'app', '{statefulset.kubernetes.io/pod-name: redis-3}'),
      errors: [{ path: '/spec/selector', message: 'redis-3 selects no pods' }],
    },
    {
      name: 'StatefulSet pod-name beyond the default single replica',
      yaml: statefulSet('') + selecting('Service', 'redis-1', 'app', '{statefulset.kubernetes.io/pod-name: redis-1}'),
      errors: [{ path: '/spec/selector', message: 'redis-1 selects no pods' }],
    },
    {
      name: 'a StatefulSet label on Deployment pods',
      yaml: deploy + selecting('Service', 'web-0', 'app', '{app: web, statefulset.kubernetes.io/pod-name: web-0}'),
      errors: [{ path: '/spec/selector', message: 'Service web-0 selects no pods' }],
    },
    {
      name: 'job-name of a Job not in the input',
      yaml: job + selecting('PodDisruptionBudget', 'backup', 'app', '{job-name: backup}'),
      errors: [{ path: '/spec/selector', message: 'PodDisruptionBudget backup selects no pods' }],
    },
    // Where nothing of the input runs pods, the pods are elsewhere (a managed add-on, another repository): a warning.
    {
      name: 'Service selecting pods where pods of the input run',
      yaml: deploy + selecting('Service', 'api', 'app', '{app: api}'),
      errors: [{ path: '/spec/selector', message: 'Service api selects no pods (app=api)', severity: 'error' }],
    },
    {
      name: 'Service in a namespace where nothing of the input runs pods',
      yaml: deploy + selecting('Service', 'exporter', 'gpu-addon', '{app: exporter}'),
      errors: [
        {
          path: '/spec/selector',
          message: 'Service exporter selects no pods (app=exporter); nothing in the input runs pods in namespace gpu-addon, so its pods are not in the input',
          severity: 'warning',
        },
      ],
    },
    // Objects every cluster has
    {
      name: 'ServiceMonitor port the API server Service does not name',
      yaml: apiserverMonitor('http'),
      errors: [{ path: '/spec/endpoints/0/port', message: 'scrapes port "http", which no selected Service names (has: https)' }],
    },
    {
      name: 'Role that is not a bootstrap Role',
      yaml: authReaderBinding('vendor-role'),
      options: noExternal,
      errors: [{ path: '/roleRef', message: 'binds Role kube-system/vendor-role, which does not exist' }],
    },
    // externalNamespaces
    {
      name: 'an external namespace the input creates is judged',
      yaml: 'apiVersion: v1\nkind: Namespace\nmetadata: {name: monitoring}\n---\n' + selecting('Service', 'exporter', 'monitoring', '{app: exporter}'),
      errors: [{ path: '/spec/selector', message: 'Service exporter selects no pods (app=exporter)' }],
    },
    // Ingress backends
    {
      name: 'Ingress to a Service that does not exist, where the input makes Services',
      yaml: backendService('[{port: 80}]') + ingress('{service: {name: apii, port: {number: 80}}}'),
      errors: [
        {
          path: '/spec/rules/0/http/paths/0/backend/service/name',
          message: 'Ingress public routes to Service app/apii, which does not exist',
          severity: 'error',
          line: 16,
        },
      ],
    },
    {
      name: 'Ingress to a Service, where the input makes none',
      yaml: ingress('{service: {name: api, port: {number: 80}}}'),
      errors: [
        {
          path: '/spec/rules/0/http/paths/0/backend/service/name',
          message: 'routes to Service app/api, which does not exist; nothing in the input makes Services in namespace app, so it is not in the input',
          severity: 'warning',
        },
      ],
    },
    {
      name: 'Ingress to a port number and a port name the Service does not have',
      yaml:
        backendService() +
        ingress('{service: {name: api, port: {number: 8080}}}') +
        '---\n' +
        ingress('{service: {name: api, port: {name: https}}}').replace('name: public', 'name: tls'),
      errors: [
        {
          path: '/spec/rules/0/http/paths/0/backend/service/port',
          message: 'Ingress public routes to port 8080 of Service app/api, which has no such port (has: 80/http)',
        },
        { path: '/spec/rules/0/http/paths/0/backend/service/port', message: 'Ingress tls routes to port "https" of Service app/api' },
      ],
    },
    {
      name: 'v1beta1 Ingress backend by serviceName and servicePort',
      yaml: backendService() + ingress('{serviceName: api, servicePort: metrics}', 'networking.k8s.io/v1beta1'),
      errors: [{ path: '/spec/rules/0/http/paths/0/backend/servicePort', message: 'routes to port "metrics" of Service app/api' }],
    },
    // NetworkPolicy podSelector
    {
      name: 'NetworkPolicy selecting no pods where pods of the input run',
      yaml: pod(container('')) + netpol('{matchLabels: {app: apii}}'),
      errors: [{ path: '/spec/podSelector', message: 'NetworkPolicy deny selects no pods', severity: 'error', line: 16 }],
    },
    {
      name: 'NetworkPolicy in a namespace where nothing of the input runs pods',
      yaml: netpol('{matchLabels: {app.kubernetes.io/name: app1}}', 'edge'),
      errors: [{ path: '/spec/podSelector', message: 'nothing in the input runs pods in namespace edge', severity: 'warning' }],
    },
    // Pod references
    {
      name: 'ServiceAccount and ConfigMap that do not exist, where the input makes others',
      yaml: pod('      serviceAccountName: apii\n' + envFromAll) + account('api') + configMap('other') + secretOf('creds'),
      errors: [
        {
          path: '/spec/template/spec/serviceAccountName',
          message: 'Deployment api runs as ServiceAccount app/apii, which does not exist',
          severity: 'error',
          line: 9,
        },
        {
          path: '/spec/template/spec/containers/0/env/0/valueFrom/configMapKeyRef/name',
          message: 'Deployment api reads ConfigMap app/settings, which does not exist (and 1 more reference to it)',
          severity: 'error',
        },
      ],
    },
    {
      name: 'the deprecated serviceAccount field, no namespace, no ServiceAccount in the input',
      yaml: pod('      serviceAccount: missing\n' + container(''), '{name: app}'),
      errors: [
        {
          path: '/spec/template/spec/serviceAccount',
          message: 'Deployment app runs as ServiceAccount missing, which does not exist; nothing in the input makes ServiceAccounts where it is applied',
          severity: 'warning',
        },
      ],
    },
    {
      name: 'a Secret the input does not make is a warning',
      yaml: pod(envFromAll) + configMap('settings'),
      errors: [
        {
          path: '/spec/template/spec/containers/0/env/1/valueFrom/secretKeyRef/name',
          message: 'Deployment api reads Secret app/creds, which is not in the input: Secrets are made out of band',
          severity: 'warning',
        },
      ],
    },
    {
      name: 'a claim that is not one of the claims a StatefulSet template makes there',
      yaml:
        pod(container('') + '      volumes: [{name: d, persistentVolumeClaim: {claimName: data-web-0}}]\n') +
        sts('db', '  volumeClaimTemplates: [{metadata: {name: data}}]\n') +
        governing('None'),
      errors: [
        {
          path: '/spec/template/spec/volumes/0/persistentVolumeClaim/claimName',
          message: 'Deployment api mounts PersistentVolumeClaim app/data-web-0, which does not exist',
          severity: 'error',
        },
      ],
    },
    {
      name: 'keys a ConfigMap and a Secret of the input do not have',
      yaml:
        pod(
          envFromAll.replace('key: a', 'key: b').replace('key: token', 'key: password') +
            '      volumes: [{name: c, projected: {sources: [{configMap: {name: settings, items: [{key: a, path: a}, {key: c, path: c}]}}]}}]\n',
        ) +
        configMap('settings') +
        secretOf('creds'),
      errors: [
        { path: '/spec/template/spec/containers/0/env/0/valueFrom/configMapKeyRef/key', message: 'reads key "b" of ConfigMap app/settings' },
        {
          path: '/spec/template/spec/containers/0/env/1/valueFrom/secretKeyRef/key',
          message: 'reads key "password" of Secret app/creds, which has no such key (has: token)',
        },
        {
          path: '/spec/template/spec/volumes/0/projected/sources/0/configMap/items/1/key',
          message: 'Deployment api mounts key "c" of ConfigMap app/settings, which has no such key (has: a)',
        },
      ],
    },
    {
      name: 'a missing Secret, and ServiceAccounts where the input makes none, are reported once for all objects alike',
      yaml:
        pod('      serviceAccountName: api\n' + envFromAll) +
        pod('      serviceAccountName: worker\n' + envFromAll, '{name: worker, namespace: app}') +
        configMap('settings'),
      errors: [
        {
          path: '/spec/template/spec/serviceAccountName',
          message: 'nothing in the input makes ServiceAccounts in namespace app, so it is not in the input (reported once: 1 more object alike)',
          severity: 'warning',
        },
        {
          path: '/spec/template/spec/containers/0/env/1/valueFrom/secretKeyRef/name',
          message: 'Secret app/creds, which is not in the input',
          severity: 'warning',
        },
      ],
    },
    // StatefulSet serviceName
    {
      name: 'StatefulSet governed by a Service that does not exist',
      yaml: sts('dbb') + governing('None'),
      errors: [
        {
          path: '/spec/serviceName',
          message: 'StatefulSet db is governed by Service app/dbb, which does not exist, so its pods get no DNS names of their own',
          severity: 'warning',
        },
      ],
    },
    {
      name: 'StatefulSet governed by a Service that is not headless, and by one selecting other pods',
      yaml:
        sts('db') +
        governing('10.0.0.7') +
        sts('db').replace('name: db, namespace: app', 'name: db, namespace: other').replace('serviceName: db', 'serviceName: cache') +
        governing('None', '{app: cache}').replace('name: db, namespace: app', 'name: cache, namespace: other'),
      errors: [
        { path: '/spec/serviceName', message: 'Service app/db, which is not headless (clusterIP: None)', severity: 'warning' },
        { path: '/spec/serviceName', message: 'Service other/cache, which does not select its pods (app=cache)', severity: 'warning' },
        { path: '/spec/selector', message: 'Service cache selects no pods (app=cache)' },
      ],
    },
    // Service targetPort names
    {
      name: 'Service targetPort name no selected container has',
      yaml: pod(container('          ports: [{name: http, containerPort: 8080}]\n')) + apiService('[{name: http, port: 80, targetPort: htp}]'),
      errors: [
        {
          path: '/spec/ports/0/targetPort',
          message: 'Service api targets port "htp", which no container of the pods it selects names (Deployment api: http)',
          line: 17,
        },
      ],
    },
  ],
});
