/**
 * CPU/memory requests and limits of the runtime-plane containers per environment resourceProfile. The runbooks give
 * no sizes; these are starting points sized for the work each container does (a per-node event tailer, an
 * admission backend on the pod-creation path, a scan job).
 */
import { Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import type { Environment } from '../../config/generated/environment';

type Profile = Environment['resourceProfile'];

interface Sizes {
  readonly cpu: readonly [number, number];
  readonly memoryMi: readonly [number, number];
}

const TABLE: Record<'observer' | 'webhook' | 'scannerWorker', Record<Profile, Sizes>> = {
  observer: {
    small: { cpu: [50, 250], memoryMi: [128, 256] },
    medium: { cpu: [100, 500], memoryMi: [256, 512] },
    large: { cpu: [200, 1000], memoryMi: [512, 1024] },
  },
  webhook: {
    small: { cpu: [50, 250], memoryMi: [128, 256] },
    medium: { cpu: [100, 500], memoryMi: [256, 512] },
    large: { cpu: [250, 1000], memoryMi: [512, 1024] },
  },
  scannerWorker: {
    small: { cpu: [250, 1000], memoryMi: [512, 1024] },
    medium: { cpu: [500, 2000], memoryMi: [1024, 2048] },
    large: { cpu: [1000, 4000], memoryMi: [2048, 4096] },
  },
};

export type RuntimeComponent = keyof typeof TABLE;

export function runtimeResources(component: RuntimeComponent, profile: Profile): kplus.ContainerResources {
  const s = TABLE[component][profile];
  return {
    cpu: { request: kplus.Cpu.millis(s.cpu[0]), limit: kplus.Cpu.millis(s.cpu[1]) },
    memory: { request: Size.mebibytes(s.memoryMi[0]), limit: Size.mebibytes(s.memoryMi[1]) },
  };
}
