/**
 * The Zastava admission webhook backend (docs/runbooks/zastava-runtime-operations.md): Deployment `zastava-webhook`
 * (rolling, 3 replicas in production as runbook §2.2 scales it), its Service, a PodDisruptionBudget and a
 * ServiceAccount. It serves TLS from the pre-created secret `zastava-webhook-tls` (runbook §2.1), referenced by
 * name only. The ValidatingWebhookConfiguration that calls it is a separate construct in the admission stage.
 */
import { ApiObject, Duration, JsonPatch, Size } from 'cdk8s';
import { Construct } from 'constructs';
import * as kplus from 'cdk8s-plus-28';
import { podsWithLabels, RESTRICTED_CONTAINER_SECURITY, RESTRICTED_POD_SECURITY, stableSelector } from '../../constructs/common/workload';
import { runtimeResources } from './resource-profiles';
import { AUTHORITY_DPOP_DIR, AUTHORITY_MTLS_DIR, RUNTIME_CONFIG_DIR, STELLAOPS_NAMESPACE, WEBHOOK_NAME, WEBHOOK_TLS_DIR, ZASTAVA_SECRETS } from './settings';

export interface ZastavaWebhookProps {
  /** Image pinned by digest (from images.lock.json). */
  readonly image: string;
  /** Metadata labels of every object and of the pod template (platform labels and workload identity). */
  readonly labels: Record<string, string>;
  /** ConfigMap holding zastava-runtime.json, mounted read-only at /etc/stellaops/zastava. */
  readonly configMapName: string;
  /**
   * sha256 of the configuration, annotated on the pod template so that a configuration change rolls the pods.
   * @default - no annotation
   */
  readonly configChecksum?: string;
  /**
   * Replicas (runbook §2.2: 3).
   * @default 3
   */
  readonly replicas?: number;
  /**
   * Namespace (runbook §2.3: `kubectl -n stellaops exec deploy/zastava-webhook`).
   * @default 'stellaops'
   */
  readonly namespace?: string;
  /**
   * Deployment, Service, ServiceAccount and PodDisruptionBudget name; pods carry `app=<name>`.
   * @default 'zastava-webhook'
   */
  readonly name?: string;
  /**
   * Container port of the HTTPS admission endpoint (Service port 443).
   * @default 8443
   */
  readonly httpsPort?: number;
  /**
   * Container and Service port of /metrics.
   * @default 9090
   */
  readonly metricsPort?: number;
  /**
   * Secret with the serving certificate (tls.crt, tls.key).
   * @default 'zastava-webhook-tls'
   */
  readonly tlsSecretName?: string;
  /**
   * CPU and memory requests and limits.
   * @default - the 'small' webhook profile (src/systems/runtime-plane/resource-profiles.ts)
   */
  readonly resources?: kplus.ContainerResources;
  /**
   * Mount the DPoP key secret zastava-authority-dpop.
   * @default true
   */
  readonly mountDpopKey?: boolean;
  /**
   * Mount the mTLS client certificate secret zastava-authority-mtls.
   * @default true
   */
  readonly mountMtlsClientCertificate?: boolean;
}

export class ZastavaWebhook extends Construct {
  public readonly name: string;
  public readonly namespace: string;
  public readonly deployment: kplus.Deployment;
  public readonly service: kplus.Service;
  public readonly serviceAccount: kplus.ServiceAccount;
  public readonly pdb: kplus.k8s.KubePodDisruptionBudget;
  public readonly selectorLabels: Record<string, string>;
  /** The Service port the webhook configuration calls. */
  public readonly servicePort = 443;
  public readonly metricsPortName = 'metrics';

  constructor(scope: Construct, id: string, props: ZastavaWebhookProps) {
    super(scope, id);
    this.name = props.name ?? WEBHOOK_NAME;
    this.namespace = props.namespace ?? STELLAOPS_NAMESPACE;
    const replicas = props.replicas ?? 3;
    if (!Number.isInteger(replicas) || replicas < 1) throw new Error(`zastava-webhook replicas must be an integer >= 1, got ${replicas}`);
    const httpsPort = props.httpsPort ?? 8443;
    const metricsPort = props.metricsPort ?? 9090;
    if (httpsPort === metricsPort) throw new Error(`zastava-webhook httpsPort and metricsPort must differ, both are ${httpsPort}`);
    this.selectorLabels = { app: this.name };
    const labels = { ...props.labels, ...this.selectorLabels };

    this.serviceAccount = new kplus.ServiceAccount(this, 'ServiceAccount', {
      metadata: { name: this.name, namespace: this.namespace, labels },
      // The webhook answers AdmissionReviews and calls Scanner/WebService; it does not call the Kubernetes API.
      automountToken: false,
    });

    const probe = (path: string, periodSeconds: number) =>
      kplus.Probe.fromHttpGet(path, {
        port: httpsPort,
        scheme: kplus.ConnectionScheme.HTTPS,
        periodSeconds: Duration.seconds(periodSeconds),
        failureThreshold: 3,
      });
    this.deployment = new kplus.Deployment(this, 'Resource', {
      metadata: { name: this.name, namespace: this.namespace, labels },
      select: false,
      replicas,
      // Rolling, never below the desired count: a fail-closed webhook with too few backends blocks pod creation.
      strategy: kplus.DeploymentStrategy.rollingUpdate({ maxSurge: kplus.PercentOrAbsolute.absolute(1), maxUnavailable: kplus.PercentOrAbsolute.absolute(0) }),
      serviceAccount: this.serviceAccount,
      automountServiceAccountToken: false,
      securityContext: RESTRICTED_POD_SECURITY,
      containers: [
        {
          name: 'webhook',
          image: props.image,
          imagePullPolicy: kplus.ImagePullPolicy.IF_NOT_PRESENT,
          ports: [
            { name: 'https', number: httpsPort },
            { name: this.metricsPortName, number: metricsPort },
          ],
          securityContext: RESTRICTED_CONTAINER_SECURITY,
          liveness: probe('/healthz/live', 20),
          readiness: probe('/healthz/ready', 10),
          resources: props.resources ?? runtimeResources('webhook', 'small'),
        },
      ],
    });
    const container = this.deployment.containers[0];
    const mountSecret = (id: string, volumeName: string, secretName: string, path: string) =>
      container.mount(
        path,
        kplus.Volume.fromSecret(this, `Volume-${id}`, kplus.Secret.fromSecretName(this, `Secret-${id}`, secretName), { name: volumeName }),
        { readOnly: true },
      );
    mountSecret('tls', 'webhook-tls', props.tlsSecretName ?? ZASTAVA_SECRETS.webhookTls, WEBHOOK_TLS_DIR);
    if (props.mountDpopKey ?? true) mountSecret('dpop', 'authority-dpop', ZASTAVA_SECRETS.authorityDpop, AUTHORITY_DPOP_DIR);
    if (props.mountMtlsClientCertificate ?? true) mountSecret('mtls', 'authority-mtls', ZASTAVA_SECRETS.authorityMtls, AUTHORITY_MTLS_DIR);
    const config = kplus.Volume.fromConfigMap(this, 'Volume-config', kplus.ConfigMap.fromConfigMapName(this, 'ConfigMap', props.configMapName), {
      name: 'config',
    });
    container.mount(RUNTIME_CONFIG_DIR, config, { readOnly: true });
    // The OpTok cache (runbook §1 "Authority OpTok cache dir"): per pod, never on the host.
    container.mount('/var/cache/zastava', kplus.Volume.fromEmptyDir(this, 'Volume-cache', 'optok-cache', { sizeLimit: Size.mebibytes(64) }));

    for (const [k, v] of Object.entries(labels)) this.deployment.podMetadata.addLabel(k, v);
    stableSelector(this.deployment, this.selectorLabels);
    const api = ApiObject.of(this.deployment);
    // Spread over zones and nodes so that draining one node per AZ (runbook §2.2) leaves backends elsewhere.
    api.addJsonPatch(
      JsonPatch.add('/spec/template/spec/topologySpreadConstraints', [
        { maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: this.selectorLabels } },
        { maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: this.selectorLabels } },
      ]),
    );
    if (props.configChecksum) api.addJsonPatch(JsonPatch.add('/spec/template/metadata/annotations', { 'plimsoll.dev/config-sha256': props.configChecksum }));

    this.service = new kplus.Service(this, 'Service', {
      metadata: { name: this.name, namespace: this.namespace, labels },
      selector: podsWithLabels(this, 'Pods', this.selectorLabels),
      ports: [
        { name: 'https', port: this.servicePort, targetPort: httpsPort },
        { name: this.metricsPortName, port: metricsPort, targetPort: metricsPort },
      ],
    });

    // One pod at a time may be evicted: drains proceed, and with 3 replicas two keep answering admission.
    this.pdb = new kplus.k8s.KubePodDisruptionBudget(this, 'Pdb', {
      metadata: { name: this.name, namespace: this.namespace, labels },
      spec: { maxUnavailable: kplus.k8s.IntOrString.fromNumber(1), selector: { matchLabels: this.selectorLabels } },
    });
  }
}
