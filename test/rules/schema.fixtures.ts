/** Valid manifests of the kinds the platform renders, for test/rules/schema.test.ts (each must validate clean). */

export const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shipshape
  labels: {app.kubernetes.io/name: web}
  annotations: {plimsoll.dev/note: "x"}
spec:
  replicas: 2
  revisionHistoryLimit: 5
  selector: {matchLabels: {app.kubernetes.io/name: web}}
  strategy: {type: RollingUpdate, rollingUpdate: {maxSurge: 1, maxUnavailable: "25%"}}
  template:
    metadata: {labels: {app.kubernetes.io/name: web}}
    spec:
      serviceAccountName: web
      automountServiceAccountToken: false
      securityContext: {runAsNonRoot: true, runAsUser: 10001, fsGroup: 10001, seccompProfile: {type: RuntimeDefault}}
      affinity:
        podAntiAffinity:
          preferredDuringSchedulingIgnoredDuringExecution:
            - weight: 100
              podAffinityTerm: {topologyKey: kubernetes.io/hostname, labelSelector: {matchLabels: {app.kubernetes.io/name: web}}}
      tolerations: [{key: dedicated, operator: Equal, value: web, effect: NoSchedule}]
      containers:
        - name: web
          image: registry.example.com/web@sha256:${'a'.repeat(64)}
          imagePullPolicy: IfNotPresent
          args: [--port=8080]
          ports: [{name: http, containerPort: 8080, protocol: TCP}]
          env:
            - {name: MODE, value: prod}
            - name: TOKEN
              valueFrom: {secretKeyRef: {name: web-token, key: token}}
          resources: {requests: {cpu: 100m, memory: 64Mi}, limits: {cpu: 0.5, memory: 128Mi}}
          securityContext:
            allowPrivilegeEscalation: false
            readOnlyRootFilesystem: true
            capabilities: {drop: [ALL]}
          livenessProbe: {httpGet: {path: /healthz, port: http}, periodSeconds: 10}
          readinessProbe: {httpGet: {path: /ready, port: 8080, scheme: HTTP}, failureThreshold: 3}
          volumeMounts: [{name: tmp, mountPath: /tmp}]
      volumes: [{name: tmp, emptyDir: {sizeLimit: 64Mi}}]
`;

export const SERVICE = `apiVersion: v1
kind: Service
metadata: {name: web, namespace: shipshape}
spec:
  type: ClusterIP
  selector: {app.kubernetes.io/name: web}
  ports: [{name: http, port: 80, targetPort: http, protocol: TCP}]
`;

export const NETWORK_POLICY = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web, namespace: shipshape}
spec:
  podSelector: {matchLabels: {app.kubernetes.io/name: web}}
  policyTypes: [Ingress, Egress]
  ingress:
    - from:
        - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: istio-ingress}}
          podSelector: {matchLabels: {istio: ingressgateway}}
      ports: [{port: 8080, protocol: TCP}, {port: http}]
  egress:
    - to: [{ipBlock: {cidr: 10.0.0.0/8, except: [10.96.0.0/12]}}]
      ports: [{port: 443, endPort: 8443}]
`;

export const CLUSTER_ROLE = `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: watcher}
rules:
  - apiGroups: [""]
    resources: [pods, pods/log]
    verbs: [get, list, watch]
  - nonResourceURLs: [/metrics]
    verbs: [get]
`;

export const CRON_JOB = `apiVersion: batch/v1
kind: CronJob
metadata: {name: cleanup, namespace: shipshape}
spec:
  schedule: "17 3 * * *"
  timeZone: Etc/UTC
  concurrencyPolicy: Forbid
  successfulJobsHistoryLimit: 1
  jobTemplate:
    spec:
      backoffLimit: 2
      ttlSecondsAfterFinished: 3600
      template:
        spec:
          restartPolicy: OnFailure
          containers: [{name: cleanup, image: "registry.example.com/cleanup:1.0", command: [/cleanup]}]
`;

/** The custom resources the platform uses, one valid object each. */
export const CUSTOM_RESOURCES: Record<string, string> = {
  PrometheusRule: `apiVersion: monitoring.coreos.com/v1
kind: PrometheusRule
metadata: {name: shipshape, namespace: monitoring}
spec:
  groups:
    - name: shipshape.rules
      interval: 30s
      rules:
        - alert: ShipshapeDown
          expr: up{job="shipshape"} == 0
          for: 5m
          keep_firing_for: 10m
          labels: {severity: critical, env: prod}
          annotations: {summary: down, runbook_url: "https://runbooks.example.com/shipshape#down"}
        - record: job:up:sum
          expr: sum by (job) (up)
`,
  ServiceMonitor: `apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor
metadata: {name: shipshape, namespace: monitoring}
spec:
  selector: {matchLabels: {app.kubernetes.io/name: shipshape}}
  namespaceSelector: {matchNames: [shipshape]}
  endpoints:
    - port: metrics
      interval: 30s
      path: /metrics
      relabelings: [{action: replace, sourceLabels: [__meta_kubernetes_pod_node_name], targetLabel: node}]
`,
  AlertmanagerConfig: `apiVersion: monitoring.coreos.com/v1alpha1
kind: AlertmanagerConfig
metadata: {name: shipshape, namespace: monitoring}
spec:
  route:
    receiver: pager
    groupBy: [alertname, env]
    groupWait: 30s
    repeatInterval: 4h
    matchers: [{name: severity, value: critical, matchType: "="}]
  receivers:
    - name: pager
      webhookConfigs: [{url: "https://alerts.example.com/hook", sendResolved: true}]
`,
  Kustomization: `apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata: {name: plimsoll-00-namespaces, namespace: flux-system}
spec:
  interval: 10m
  path: ./dist/lab/00-namespaces
  prune: true
  wait: true
  timeout: 5m
  dependsOn: [{name: plimsoll-crds}]
  sourceRef: {kind: GitRepository, name: flux-system, namespace: flux-system}
`,
  GitRepository: `apiVersion: source.toolkit.fluxcd.io/v1
kind: GitRepository
metadata: {name: flux-system, namespace: flux-system}
spec:
  interval: 1m
  url: ssh://git@git.example.com/platform.git
  ref: {branch: main}
  secretRef: {name: flux-system}
`,
  Gateway: `apiVersion: networking.istio.io/v1beta1
kind: Gateway
metadata: {name: public, namespace: istio-ingress}
spec:
  selector: {istio: ingressgateway}
  servers:
    - port: {number: 443, name: https, protocol: HTTPS}
      hosts: [shipshape.example.com]
      tls: {mode: SIMPLE, credentialName: shipshape-tls}
`,
  VirtualService: `apiVersion: networking.istio.io/v1beta1
kind: VirtualService
metadata: {name: shipshape, namespace: shipshape}
spec:
  hosts: [shipshape.example.com]
  gateways: [istio-ingress/public]
  http:
    - match: [{uri: {prefix: /api}}]
      route: [{destination: {host: web.shipshape.svc.cluster.local, port: {number: 80}}, weight: 100}]
      timeout: 10s
      retries: {attempts: 3, perTryTimeout: 2s}
`,
  DestinationRule: `apiVersion: networking.istio.io/v1beta1
kind: DestinationRule
metadata: {name: web, namespace: shipshape}
spec:
  host: web.shipshape.svc.cluster.local
  trafficPolicy:
    tls: {mode: ISTIO_MUTUAL}
    connectionPool: {tcp: {maxConnections: 100}}
    outlierDetection: {consecutive5xxErrors: 5, interval: 30s, baseEjectionTime: 30s}
`,
  AuthorizationPolicy: `apiVersion: security.istio.io/v1beta1
kind: AuthorizationPolicy
metadata: {name: web, namespace: shipshape}
spec:
  selector: {matchLabels: {app.kubernetes.io/name: web}}
  action: ALLOW
  rules:
    - from: [{source: {principals: [cluster.local/ns/istio-ingress/sa/istio-ingressgateway]}}]
      to: [{operation: {methods: [GET, POST], paths: ["/api/*"]}}]
`,
  PeerAuthentication: `apiVersion: security.istio.io/v1beta1
kind: PeerAuthentication
metadata: {name: default, namespace: shipshape}
spec:
  mtls: {mode: STRICT}
  portLevelMtls: {"8080": {mode: PERMISSIVE}}
`,
  EnvoyFilter: `apiVersion: networking.istio.io/v1alpha3
kind: EnvoyFilter
metadata: {name: ratelimit, namespace: istio-ingress}
spec:
  workloadSelector: {labels: {istio: ingressgateway}}
  configPatches:
    - applyTo: VIRTUAL_HOST
      match:
        context: GATEWAY
        routeConfiguration: {vhost: {name: "shipshape.example.com:443", route: {action: ANY}}}
      patch:
        operation: MERGE
        value: {rate_limits: [{actions: [{remote_address: {}}]}]}
`,
  Certificate: `apiVersion: cert-manager.io/v1
kind: Certificate
metadata: {name: shipshape-tls, namespace: istio-ingress}
spec:
  secretName: shipshape-tls
  dnsNames: [shipshape.example.com]
  issuerRef: {name: letsencrypt, kind: ClusterIssuer, group: cert-manager.io}
  duration: 2160h
  renewBefore: 360h
  privateKey: {algorithm: ECDSA, size: 256, rotationPolicy: Always}
  usages: [server auth, digital signature, key encipherment]
`,
};

/** A CRD with the structural-schema extensions, and custom resources for it. */
export const WIDGET_CRD = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: widgets.example.com}
spec:
  group: example.com
  names: {kind: Widget, plural: widgets, singular: widget, listKind: WidgetList}
  scope: Namespaced
  versions:
    - name: v1
      served: true
      storage: true
      schema:
        openAPIV3Schema:
          type: object
          properties:
            spec:
              type: object
              required: [size]
              properties:
                size: {type: string, enum: [small, large]}
                replicas: {type: integer, minimum: 1}
                port: {x-kubernetes-int-or-string: true, anyOf: [{type: integer}, {type: string}]}
                config: {type: object, x-kubernetes-preserve-unknown-fields: true}
                tags: {type: array, items: {type: string}, x-kubernetes-list-type: set}
                note: {type: string, nullable: true}
                template: {type: object, x-kubernetes-embedded-resource: true, x-kubernetes-preserve-unknown-fields: true}
            status: {type: object, x-kubernetes-preserve-unknown-fields: true}
`;

export const widget = (spec: string) => `apiVersion: example.com/v1
kind: Widget
metadata: {name: w, namespace: shipshape}
spec:
${spec}`;
