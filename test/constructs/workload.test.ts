import { describe, expect, it } from 'vitest';
import { App, Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { CONSTRUCT_ADDRESS_LABEL, RESTRICTED_CONTAINER_SECURITY, podsWithLabels, stableSelector } from '../../src/constructs/common/workload';

function synth(build: (chart: Chart) => void): Record<string, any>[] {
  const chart = new Chart(new App(), 'test', { disableResourceNameHashes: true });
  build(chart);
  return chart.toJson();
}

describe('stableSelector', () => {
  it('selects on explicit labels, and renaming the construct does not change the output', () => {
    const render = (id: string) =>
      synth((chart) => {
        const d = new kplus.Deployment(chart, id, {
          metadata: { name: 'web' },
          select: false,
          containers: [{ image: 'x', securityContext: RESTRICTED_CONTAINER_SECURITY }],
        });
        stableSelector(d, { app: 'web' });
        new kplus.Service(chart, `${id}-svc`, {
          metadata: { name: 'web' },
          selector: podsWithLabels(chart, `${id}-pods`, { app: 'web' }),
          ports: [{ port: 80 }],
        });
      });
    const a = render('one');
    expect(a[0].spec.selector).toEqual({ matchLabels: { app: 'web' } });
    expect(a[0].spec.template.metadata.labels).toEqual({ app: 'web' });
    expect(a[1].spec.selector).toEqual({ app: 'web' });
    expect(JSON.stringify(a)).not.toContain(CONSTRUCT_ADDRESS_LABEL);
    expect(render('renamed')).toEqual(a);
  });

  it('restricted container security drops ALL and uses RuntimeDefault seccomp', () => {
    const [d] = synth((chart) => {
      const dep = new kplus.Deployment(chart, 'd', { select: false, containers: [{ image: 'x', securityContext: RESTRICTED_CONTAINER_SECURITY }] });
      stableSelector(dep, { app: 'd' });
    });
    const sc = d.spec.template.spec.containers[0].securityContext;
    expect(sc).toMatchObject({
      runAsNonRoot: true,
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
      seccompProfile: { type: 'RuntimeDefault' },
    });
  });
});
