import { describe, expect, it } from 'vitest';
import { Cron, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { GPU_TOLERATION, gpuNodeSelector, scheduleOnGpu } from '../../../src/constructs/common/gpu';
import { GpuAlerts, VllmInference } from '../../../src/systems/sre';
import { loadEnvironment } from '../../../src/environments/load-environment';
import { renderEnvironment } from '../../../src/render/render-environment';
import { loadPeers } from '../../../src/environments/peers';
import { promtoolCheck } from '../../helpers/promtool';
import { PROMTOOL, requireTool } from '../../helpers/tools';
import { editedEnvironments, inSre, only, SHIPPED, sreObjects, synth } from './helpers';
import { plimsoll, tempDir } from '../../helpers/cli';

const promtool = requireTool(PROMTOOL);
const IMAGE = `docker.io/vllm/vllm-openai:v0.6.3@sha256:${'c'.repeat(64)}`;
const BASE = 'https://git.acme.example/platform/plimsoll/blob/main/docs/runbooks';
/** The handbook's §10.1 block. */
const HANDBOOK_SELECTOR = { 'node.kubernetes.io/gpu': 'true', 'nvidia.com/gpu.product': 'NVIDIA-A10' };
const HANDBOOK_TOLERATION = { key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' };

const podSpec = (o: any) => (o.kind === 'CronJob' ? o.spec.jobTemplate.spec.template.spec : o.spec.template.spec);
const resources = {
  cpu: { request: kplus.Cpu.millis(100), limit: kplus.Cpu.millis(200) },
  memory: { request: Size.mebibytes(64), limit: Size.mebibytes(128) },
};

describe('scheduleOnGpu', () => {
  it("defaults: the handbook's nodeSelector and toleration, one nvidia.com/gpu", () => {
    expect(gpuNodeSelector('NVIDIA-A10')).toEqual(HANDBOOK_SELECTOR);
    expect(GPU_TOLERATION).toEqual(HANDBOOK_TOLERATION);
    const { objects } = synth((chart) => {
      const d = new kplus.Deployment(chart, 'd', { metadata: { name: 'd' }, containers: [{ name: 'main', image: IMAGE, resources }] });
      scheduleOnGpu(d, { product: 'NVIDIA-A10' });
    });
    const spec = podSpec(only(objects, 'Deployment'));
    expect(spec.nodeSelector).toEqual(HANDBOOK_SELECTOR);
    expect(spec.tolerations).toEqual([HANDBOOK_TOLERATION]);
    expect(spec.containers[0].resources.limits['nvidia.com/gpu']).toBe(1);
  });

  it('custom: a CronJob, another product, two GPUs for a named container only', () => {
    const { objects } = synth((chart) => {
      const c = new kplus.CronJob(chart, 'c', {
        metadata: { name: 'train' },
        schedule: Cron.daily(),
        containers: [
          { name: 'sidecar', image: IMAGE, resources },
          { name: 'trainer', image: IMAGE, resources },
        ],
      });
      scheduleOnGpu(c, { product: 'NVIDIA-H100-80GB-HBM3', gpus: 2, containers: ['trainer'] });
    });
    const spec = podSpec(only(objects, 'CronJob'));
    expect(spec.nodeSelector).toEqual({ 'node.kubernetes.io/gpu': 'true', 'nvidia.com/gpu.product': 'NVIDIA-H100-80GB-HBM3' });
    expect(spec.tolerations).toEqual([HANDBOOK_TOLERATION]);
    expect(spec.containers[0].resources.limits['nvidia.com/gpu']).toBeUndefined();
    expect(spec.containers[1].resources.limits['nvidia.com/gpu']).toBe(2);
  });

  it('fails if the product is not a label value, the container is unknown, or GPUs are not a whole number', () => {
    const build = (options: Parameters<typeof scheduleOnGpu>[1]) =>
      synth((chart) => scheduleOnGpu(new kplus.Deployment(chart, 'd', { containers: [{ name: 'main', image: IMAGE, resources }] }), options));
    expect(() => build({ product: 'NVIDIA A10' })).toThrow('GPU product must be a label value such as NVIDIA-A10, got "NVIDIA A10"');
    expect(() => build({ product: 'NVIDIA-A10', containers: ['trainer'] })).toThrow('GPU container "trainer" is not in the workload (containers: main)');
    expect(() => build({ product: 'NVIDIA-A10', gpus: 0.5 })).toThrow('GPUs per container must be a whole number >= 1, got 0.5');
  });
});

describe('VllmInference', () => {
  const vllm = (props: Partial<ConstructorParameters<typeof VllmInference>[2]> = {}) =>
    synth((chart) => new VllmInference(chart, 'vllm', { namespace: 'cortex', image: IMAGE, model: '/models/default', gpuProduct: 'NVIDIA-A10', ...props }))
      .objects;

  it('defaults: Deployment and Service vllm in cortex on 8000, /health probes, restricted, a GPU workload', () => {
    const objects = vllm();
    const d = only(objects, 'Deployment', 'vllm');
    expect(d.metadata.namespace).toBe('cortex');
    const spec = podSpec(d);
    const [c] = spec.containers;
    expect(c.ports).toEqual([{ containerPort: 8000, name: 'http', protocol: 'TCP' }]);
    for (const probe of ['livenessProbe', 'readinessProbe', 'startupProbe']) expect(c[probe].httpGet).toMatchObject({ path: '/health', port: 8000 });
    expect(c.args).toEqual(['--model', '/models/default', '--host', '0.0.0.0', '--port', '8000', '--tensor-parallel-size', '1']);
    expect(c.securityContext).toMatchObject({
      runAsNonRoot: true,
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
    });
    expect(c.imagePullPolicy).toBe('IfNotPresent');
    expect(spec.nodeSelector).toEqual(HANDBOOK_SELECTOR);
    expect(spec.tolerations).toEqual([HANDBOOK_TOLERATION]);
    expect(c.resources.limits).toMatchObject({ 'nvidia.com/gpu': 1, cpu: '8000m', memory: '32768Mi' });
    expect(c.env.find((e: any) => e.name === 'HF_HUB_OFFLINE')).toBeUndefined();
    expect(only(objects, 'Service', 'vllm').spec.ports).toEqual([{ name: 'http', port: 8000, targetPort: 8000, protocol: 'TCP' }]);
    expect(JSON.stringify(objects)).not.toContain('cdk8s.io/metadata.addr');
  });

  it('custom: two GPUs per replica, weights from a claim mounted read-only, offline', () => {
    const spec = podSpec(only(vllm({ gpusPerReplica: 2, replicas: 2, modelVolumeClaim: 'llm-weights', offline: true }), 'Deployment'));
    const [c] = spec.containers;
    expect(c.resources.limits['nvidia.com/gpu']).toBe(2);
    expect(c.args).toContain('2');
    expect(c.volumeMounts).toContainEqual({ mountPath: '/models', name: 'models', readOnly: true });
    expect(spec.volumes).toContainEqual({ name: 'models', persistentVolumeClaim: { claimName: 'llm-weights', readOnly: true } });
    expect(c.env).toContainEqual({ name: 'HF_HUB_OFFLINE', value: '1' });
  });

  it('fails if the model is outside the mounted claim or replicas are not a whole number', () => {
    expect(() => vllm({ model: '/data/m', modelVolumeClaim: 'w' })).toThrow('model path "/data/m" is outside /models');
    expect(() => vllm({ replicas: 0 })).toThrow('replicas must be a whole number >= 1, got 0');
  });
});

describe('GpuAlerts', () => {
  const alerts = (props: Partial<ConstructorParameters<typeof GpuAlerts>[2]> = {}) =>
    only(synth((chart) => new GpuAlerts(chart, 'gpu', { namespace: 'catalyst-system', runbookBaseUrl: BASE, ...props })).objects, 'PrometheusRule');
  const rules = (o: any) => o.spec.groups[0].rules;

  it('defaults: DCGM alerts of the handbook, non-paging, linking the GPU operations section', () => {
    const o = alerts();
    expect(o.metadata.name).toBe('gpu-dcgm');
    expect(rules(o).map((r: any) => [r.alert, r.expr, r.for, r.labels.severity, r.annotations.runbook_url])).toEqual([
      ['GPUUtilizationLow', 'avg by (Hostname, gpu) (avg_over_time(DCGM_FI_DEV_GPU_UTIL[5m])) < 30', '15m', 'warning', `${BASE}/sre.md#gpu-operations`],
      ['GPUMemoryExhausted', '100 * DCGM_FI_DEV_FB_USED / (DCGM_FI_DEV_FB_USED + DCGM_FI_DEV_FB_FREE) > 95', '5m', 'warning', `${BASE}/sre.md#gpu-operations`],
      ['GPUTemperatureHigh', 'max by (Hostname, gpu) (DCGM_FI_DEV_GPU_TEMP) > 85', '5m', 'warning', `${BASE}/sre.md#gpu-operations`],
      ['GPUMetricsAbsent', 'absent(DCGM_FI_DEV_GPU_UTIL)', '10m', 'warning', `${BASE}/sre.md#gpu-operations`],
    ]);
  });

  it('custom: production pages memory exhaustion, thresholds, Runbook links', () => {
    const o = alerts({ paging: true, runbooks: new Set(['gpu-utilization-low', 'gpu-memory-exhausted']), utilizationLowPercent: 20, temperatureCelsius: 80 });
    const [util, mem, temp] = rules(o);
    expect(util).toMatchObject({
      expr: 'avg by (Hostname, gpu) (avg_over_time(DCGM_FI_DEV_GPU_UTIL[5m])) < 20',
      annotations: { runbook_url: 'runbook://gpu-utilization-low' },
    });
    expect(mem).toMatchObject({ labels: { severity: 'critical', paging: 'true' }, annotations: { runbook_url: 'runbook://gpu-memory-exhausted' } });
    expect(temp.expr).toBe('max by (Hostname, gpu) (DCGM_FI_DEV_GPU_TEMP) > 80');
  });

  it.skipIf(promtool === 'skip')('passes promtool check rules', () => {
    const r = promtoolCheck([alerts(), alerts({ paging: true })]);
    expect(r.status, r.output).toBe(0);
    expect(r.rules).toBe(8);
  });

  it('fails if a percentage is out of range', () => {
    expect(() => alerts({ memoryExhaustedPercent: 120 })).toThrow('GpuAlerts: memoryExhaustedPercent must be in (0, 100], got 120');
  });
});

describe('GPU in environments', () => {
  it.each(SHIPPED)('%s: no GPU workloads, no GPU alerts (GPUs are not enabled)', (env) => {
    const objects = sreObjects(env);
    expect(JSON.stringify(objects)).not.toMatch(/nvidia\.com\/gpu|DCGM_/);
    expect(objects.filter((o) => o.metadata?.namespace === 'cortex')).toEqual([]);
  });

  it('an environment that enables GPUs renders vLLM as a GPU workload, the DCGM alerts and the AI Hub runbooks', () => {
    const dir = editedEnvironments(
      'lab',
      inSre("gpu: { enabled: true, product: 'NVIDIA-L4', inference: { modelVolumeClaim: 'llm-weights', model: '/models/llama' } },"),
    );
    const { env } = loadEnvironment('lab', dir);
    const r = renderEnvironment(env, loadPeers(env, dir));
    const find = (kind: string, name: string) => r.objects.find((o) => o.object.kind === kind && (o.object as any).metadata.name === name);
    const vllm = find('Deployment', 'vllm')!;
    expect(vllm.stage?.id).toBe('overlays-prod');
    const spec = podSpec(vllm.object);
    expect(spec.nodeSelector).toEqual({ 'node.kubernetes.io/gpu': 'true', 'nvidia.com/gpu.product': 'NVIDIA-L4' });
    expect(spec.tolerations).toEqual([HANDBOOK_TOLERATION]);
    expect(find('Namespace', 'cortex')?.stage?.id).toBe('namespaces');
    const rule = find('PrometheusRule', 'gpu-dcgm')!.object as any;
    expect(rule.spec.groups[0].rules[0].annotations.runbook_url).toBe('runbook://gpu-utilization-low');
    expect(find('Runbook', 'gpu-memory-exhausted')?.stage?.id).toBe('monitoring');
    expect(find('Runbook', 'vllm-oom-killed')).toBeDefined();
  });

  it('an environment with every component, GPUs and GDPR jobs synthesizes clean under the platform policy', async () => {
    const dir = editedEnvironments('lab', (t) =>
      t.replace(
        "components: ['catalyst-control-plane'],",
        "components: ['catalyst-control-plane', 'ai-hub', 'open-banking', 'data-integration', 'communication'],\n    gpu: { enabled: true, inference: { modelVolumeClaim: 'llm-weights' } },\n    compliance: { gdpr: { enabled: true } },",
      ),
    );
    const r = await plimsoll(['synth', '--env', 'lab', '--out', tempDir(), '--environments', dir]);
    expect(r.status, r.stderr).toBe(0);
    // The lab supplies no API-server or node CIDRs: four NetworkPolicies (plimsoll-system's among them) keep the placeholder.
    expect(r.stderr).toMatch(/0 errors, 4 warnings/);
    expect(r.stderr.match(/placeholder-cidr/g)).toHaveLength(4);
  });
});
