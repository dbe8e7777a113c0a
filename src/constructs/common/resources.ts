/** Container resources as plain figures, so profiles and environments can state them and tests can read them. */
import { Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';

export interface ResourceFigures {
  readonly cpuRequestMillis: number;
  readonly cpuLimitMillis: number;
  readonly memoryRequestMebibytes: number;
  readonly memoryLimitMebibytes: number;
}

/** cdk8s-plus resources from figures; throws (naming `who`) when a request exceeds its limit. */
export function containerResources(r: ResourceFigures, who: string): kplus.ContainerResources {
  const values = Object.values(r);
  if (values.some((v) => !Number.isInteger(v) || v < 1)) throw new Error(`${who}: every resource figure must be a positive integer, got ${JSON.stringify(r)}`);
  if (r.cpuRequestMillis > r.cpuLimitMillis || r.memoryRequestMebibytes > r.memoryLimitMebibytes) {
    throw new Error(`${who}: requests must not exceed limits, got ${JSON.stringify(r)}`);
  }
  return {
    cpu: { request: kplus.Cpu.millis(r.cpuRequestMillis), limit: kplus.Cpu.millis(r.cpuLimitMillis) },
    memory: { request: Size.mebibytes(r.memoryRequestMebibytes), limit: Size.mebibytes(r.memoryLimitMebibytes) },
  };
}
