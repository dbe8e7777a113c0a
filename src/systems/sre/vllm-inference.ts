/**
 * vLLM, the AI Hub's inference server (SRE handbook §10.3: `kubectl exec -n cortex deploy/vllm -- curl
 * localhost:8000/health`), as a GPU workload: Deployment and Service `vllm` on port 8000, probes on /health (a long
 * startup window: loading weights takes minutes), the handbook's GPU node selector and toleration with
 * `nvidia.com/gpu` limits (src/constructs/common/gpu.ts). Pre-downloaded weights (handbook §7.2) mount read-only
 * from a PersistentVolumeClaim at /models; offline, Hugging Face downloads are switched off.
 */
import { Construct } from 'constructs';
import { Duration, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { RESTRICTED_CONTAINER_SECURITY, RESTRICTED_POD_SECURITY, podsWithLabels, stableSelector } from '../../constructs/common/workload';
import { containerResources, type ResourceFigures } from '../../constructs/common/resources';
import { scheduleOnGpu } from '../../constructs/common/gpu';

export interface VllmInferenceProps {
  /** Namespace (the handbook: cortex). */
  readonly namespace: string;
  /** The vLLM OpenAI-compatible server image, from images.lock.json. */
  readonly image: string;
  /** Model to serve: a path under /models or a model id. */
  readonly model: string;
  /** `nvidia.com/gpu.product` of the GPU nodes. */
  readonly gpuProduct: string;
  /**
   * GPUs per replica (also vLLM's --tensor-parallel-size).
   * @default 1
   */
  readonly gpusPerReplica?: number;
  /**
   * Replicas.
   * @default 1
   */
  readonly replicas?: number;
  /**
   * PersistentVolumeClaim with the model weights, mounted read-only at /models.
   * @default - none (vLLM downloads the model; not possible offline)
   */
  readonly modelVolumeClaim?: string;
  /**
   * Air-gapped: no Hugging Face downloads or usage reporting (HF_HUB_OFFLINE=1).
   * @default false
   */
  readonly offline?: boolean;
  /**
   * CPU and memory of the server process (GPU memory is the GPU's).
   * @default - 2/8 CPU, 16/32 GiB
   */
  readonly resources?: ResourceFigures;
  /**
   * Metadata labels of every object and the pod template (platform labels).
   * @default - none
   */
  readonly labels?: Record<string, string>;
}

export const VLLM_NAME = 'vllm';
export const VLLM_PORT = 8000;
const DEFAULT_RESOURCES: ResourceFigures = { cpuRequestMillis: 2000, cpuLimitMillis: 8000, memoryRequestMebibytes: 16384, memoryLimitMebibytes: 32768 };

export class VllmInference extends Construct {
  public readonly deployment: kplus.Deployment;
  public readonly service: kplus.Service;
  public readonly selectorLabels: Readonly<Record<string, string>>;

  constructor(scope: Construct, id: string, props: VllmInferenceProps) {
    super(scope, id);
    const replicas = props.replicas ?? 1;
    const gpus = props.gpusPerReplica ?? 1;
    if (!Number.isInteger(replicas) || replicas < 1) throw new Error(`VllmInference: replicas must be a whole number >= 1, got ${replicas}`);
    if (!props.model) throw new Error('VllmInference: model is empty; name the model to serve');
    if (props.model.startsWith('/') && !props.model.startsWith('/models/') && props.modelVolumeClaim) {
      throw new Error(`VllmInference: model path "${props.model}" is outside /models, where modelVolumeClaim is mounted`);
    }
    this.selectorLabels = { 'app.kubernetes.io/name': VLLM_NAME, 'app.kubernetes.io/component': 'inference' };
    const labels = { ...props.labels, ...this.selectorLabels };
    const meta = { name: VLLM_NAME, namespace: props.namespace, labels };

    const serviceAccount = new kplus.ServiceAccount(this, 'ServiceAccount', { metadata: meta, automountToken: false });
    const tmp = kplus.Volume.fromEmptyDir(this, 'Tmp', 'tmp', { sizeLimit: Size.gibibytes(20) });
    // Tensor-parallel workers exchange tensors through shared memory; the container runtime's 64 MiB is too small.
    const shm = kplus.Volume.fromEmptyDir(this, 'Shm', 'dshm', { medium: kplus.EmptyDirMedium.MEMORY, sizeLimit: Size.gibibytes(8) });
    const mounts: kplus.VolumeMount[] = [
      { path: '/tmp', volume: tmp },
      { path: '/dev/shm', volume: shm },
    ];
    if (props.modelVolumeClaim) {
      const models = kplus.Volume.fromPersistentVolumeClaim(
        this,
        'Models',
        kplus.PersistentVolumeClaim.fromClaimName(this, 'ModelsClaim', props.modelVolumeClaim),
        { name: 'models', readOnly: true },
      );
      mounts.push({ path: '/models', volume: models, readOnly: true });
    }
    const probe = (failureThreshold: number, periodSeconds: number) =>
      kplus.Probe.fromHttpGet('/health', {
        port: VLLM_PORT,
        periodSeconds: Duration.seconds(periodSeconds),
        timeoutSeconds: Duration.seconds(5),
        failureThreshold,
      });
    const env: Record<string, kplus.EnvValue> = {
      // The root filesystem is read-only: caches (Hugging Face, vLLM, Triton) go to the /tmp volume.
      HOME: kplus.EnvValue.fromValue('/tmp'),
      HF_HOME: kplus.EnvValue.fromValue('/tmp/huggingface'),
      VLLM_NO_USAGE_STATS: kplus.EnvValue.fromValue('1'),
      DO_NOT_TRACK: kplus.EnvValue.fromValue('1'),
    };
    if (props.offline) env.HF_HUB_OFFLINE = kplus.EnvValue.fromValue('1');

    this.deployment = new kplus.Deployment(this, 'Deployment', {
      metadata: meta,
      replicas,
      select: false,
      serviceAccount,
      automountServiceAccountToken: false,
      securityContext: RESTRICTED_POD_SECURITY,
      containers: [
        {
          name: VLLM_NAME,
          image: props.image,
          imagePullPolicy: kplus.ImagePullPolicy.IF_NOT_PRESENT,
          args: ['--model', props.model, '--host', '0.0.0.0', '--port', String(VLLM_PORT), '--tensor-parallel-size', String(gpus)],
          ports: [{ name: 'http', number: VLLM_PORT, protocol: kplus.Protocol.TCP }],
          envVariables: env,
          // Up to 20 minutes to load weights before liveness applies.
          startup: probe(120, 10),
          liveness: probe(3, 10),
          readiness: probe(3, 5),
          resources: containerResources(props.resources ?? DEFAULT_RESOURCES, `${id}.resources`),
          securityContext: RESTRICTED_CONTAINER_SECURITY,
          volumeMounts: mounts,
        },
      ],
    });
    for (const [k, v] of Object.entries(props.labels ?? {})) this.deployment.podMetadata.addLabel(k, v);
    stableSelector(this.deployment, this.selectorLabels);
    scheduleOnGpu(this.deployment, { product: props.gpuProduct, gpus });

    this.service = new kplus.Service(this, 'Service', {
      metadata: meta,
      selector: podsWithLabels(this, 'Pods', this.selectorLabels),
      ports: [{ name: 'http', port: VLLM_PORT, targetPort: VLLM_PORT, protocol: kplus.Protocol.TCP }],
    });
  }
}
