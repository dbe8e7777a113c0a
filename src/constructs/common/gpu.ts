/**
 * GPU scheduling (SRE handbook §10.1 "GPU node management"): a GPU workload selects GPU nodes by
 * `node.kubernetes.io/gpu: "true"` and the GPU model `nvidia.com/gpu.product`, tolerates the `nvidia.com/gpu`
 * NoSchedule taint GPU nodes carry, and requests its GPUs as the extended resource `nvidia.com/gpu` (the device
 * plugin's resource; without it the pod lands on a GPU node but sees no GPU). One helper for every system.
 */
import { ApiObject, JsonPatch } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';

export const GPU_NODE_LABEL = 'node.kubernetes.io/gpu';
export const GPU_PRODUCT_LABEL = 'nvidia.com/gpu.product';
export const GPU_RESOURCE = 'nvidia.com/gpu';
export const GPU_TAINT_KEY = 'nvidia.com/gpu';

export interface GpuSchedulingOptions {
  /** `nvidia.com/gpu.product` of the nodes (e.g. NVIDIA-A10, as GPU feature discovery labels them). */
  readonly product: string;
  /**
   * GPUs each GPU container gets (limits `nvidia.com/gpu`).
   * @default 1
   */
  readonly gpus?: number;
  /**
   * Names of the containers that use the GPUs.
   * @default - the first container
   */
  readonly containers?: readonly string[];
}

/** The handbook's nodeSelector for `product`. */
export function gpuNodeSelector(product: string): Record<string, string> {
  return { [GPU_NODE_LABEL]: 'true', [GPU_PRODUCT_LABEL]: product };
}

/** The handbook's toleration. */
export const GPU_TOLERATION = { key: GPU_TAINT_KEY, operator: 'Exists', effect: 'NoSchedule' } as const;

type GpuWorkload = kplus.Deployment | kplus.StatefulSet | kplus.DaemonSet | kplus.Job | kplus.CronJob;

/** Makes `workload` a GPU workload: GPU node selector, the nvidia.com/gpu toleration and GPU limits. */
export function scheduleOnGpu(workload: GpuWorkload, options: GpuSchedulingOptions): void {
  if (!/^[A-Za-z0-9]([A-Za-z0-9._-]{0,61}[A-Za-z0-9])?$/.test(options.product)) {
    throw new Error(`GPU product must be a label value such as NVIDIA-A10, got "${options.product}"`);
  }
  const gpus = options.gpus ?? 1;
  if (!Number.isInteger(gpus) || gpus < 1) throw new Error(`GPUs per container must be a whole number >= 1, got ${gpus}`);
  const names = workload.containers.map((c) => c.name);
  const wanted = options.containers ?? names.slice(0, 1);
  if (!wanted.length) throw new Error('a GPU workload needs a container');
  const spec = workload instanceof kplus.CronJob ? '/spec/jobTemplate/spec/template/spec' : '/spec/template/spec';
  const api = ApiObject.of(workload);
  api.addJsonPatch(JsonPatch.add(`${spec}/nodeSelector`, gpuNodeSelector(options.product)));
  workload.scheduling.tolerate(kplus.Node.tainted(kplus.NodeTaintQuery.exists(GPU_TAINT_KEY, { effect: kplus.TaintEffect.NO_SCHEDULE })));
  for (const name of wanted) {
    const i = names.indexOf(name);
    if (i < 0) throw new Error(`GPU container "${name}" is not in the workload (containers: ${names.join(', ')})`);
    if (!workload.containers[i].resources?.memory?.limit) throw new Error(`GPU container "${name}" needs resource limits before GPUs are added`);
    // The generated Kube* classes read each limit as a Quantity ({ value }) after patches apply.
    api.addJsonPatch(JsonPatch.add(`${spec}/containers/${i}/resources/limits/${GPU_RESOURCE.replace('/', '~1')}`, { value: gpus }));
  }
}
