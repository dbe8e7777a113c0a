/**
 * Running pods carry the rendered image digests (shipshape runbook, "Immutable Release Flow": verify image digests in
 * running workloads). Each running pod of a rendered Deployment/DaemonSet/StatefulSet is matched by the workload's
 * selector; each container's status.imageID must hold the digest of the image rendered for that container.
 */
import type { JsonObject } from '../client';
import { itemsOfKind, type VerifyCheck, type VerifyFinding } from './types';
import { DIGEST } from '../../lib/image-ref';

/** The digest a reference pins (`repo:tag@sha256:…`), or undefined. */
export function pinnedDigest(image: string): string | undefined {
  const at = image.lastIndexOf('@');
  return at >= 0 ? DIGEST.exec(image.slice(at + 1))?.[0] : undefined;
}

/**
 * The repository digest a container runs, from status.imageID (`docker-pullable://repo@sha256:…`, `repo@sha256:…`).
 * A bare `sha256:…` is the image config id of a locally loaded image, not a registry digest: undefined.
 */
export function runningDigest(imageID: string): string | undefined {
  const at = imageID.lastIndexOf('@');
  return at >= 0 ? DIGEST.exec(imageID.slice(at + 1))?.[0] : undefined;
}

function selectorOf(workload: JsonObject): string | undefined {
  const labels = (workload.spec as { selector?: { matchLabels?: Record<string, string> } } | undefined)?.selector?.matchLabels ?? {};
  const entries = Object.entries(labels);
  return entries.length ? entries.map(([k, v]) => `${k}=${v}`).join(',') : undefined;
}

interface Container {
  name?: string;
  image?: string;
}

export const imageDigests: VerifyCheck = {
  id: 'cluster-image-digest',
  description: "Running pods' image digests (status.containerStatuses[].imageID) equal the rendered ones.",
  remediation:
    'Find what runs another image (a manual `kubectl set image`, a mutating webhook, a stale ReplicaSet), restore the rendered spec from dist/<env> and let the rollout finish.',
  category: 'security',
  async run(ctx) {
    const findings: VerifyFinding[] = [];
    for (const item of itemsOfKind(ctx, 'Deployment', 'DaemonSet', 'StatefulSet')) {
      if (!(await ctx.live(item))) continue;
      const podSpec =
        (item.object.spec as { template?: { spec?: { containers?: Container[]; initContainers?: Container[] } } } | undefined)?.template?.spec ?? {};
      const rendered = new Map<string, string>();
      for (const c of [...(podSpec.containers ?? []), ...(podSpec.initContainers ?? [])]) if (c.name && c.image) rendered.set(c.name, c.image);
      const selector = selectorOf(item.object);
      if (!selector) {
        findings.push({
          item,
          severity: 'warning',
          path: '/spec/selector',
          message: 'no matchLabels selector: cannot find its pods to verify their image digests',
        });
        continue;
      }
      const pods = (await ctx.client.list('v1', 'Pod', { namespace: item.namespace, labelSelector: selector })).filter((p) => {
        const phase = (p.status as { phase?: string } | undefined)?.phase;
        return phase === 'Running' && !(p.metadata as { deletionTimestamp?: string } | undefined)?.deletionTimestamp;
      });
      if (!pods.length) {
        findings.push({ item, path: '/spec/selector', message: `no running pods match ${selector}: the running image digests cannot be verified` });
        continue;
      }
      for (const pod of pods) {
        const podName = String((pod.metadata as { name?: string } | undefined)?.name ?? '?');
        const status = (pod.status ?? {}) as {
          containerStatuses?: Array<{ name?: string; imageID?: string; image?: string }>;
          initContainerStatuses?: Array<{ name?: string; imageID?: string; image?: string }>;
        };
        const statuses = [...(status.containerStatuses ?? []), ...(status.initContainerStatuses ?? [])];
        for (const [name, image] of rendered) {
          const want = pinnedDigest(image);
          const s = statuses.find((c) => c.name === name);
          if (!want) {
            findings.push({
              item,
              path: '/spec/template/spec/containers',
              message: `container ${name} renders ${image} without a digest: nothing to verify it against`,
            });
          } else if (!s) {
            if ((podSpec.initContainers ?? []).some((c) => c.name === name)) continue;
            findings.push({ item, path: '/status/containerStatuses', message: `pod ${podName} has no status for container ${name} (rendered ${image})` });
          } else {
            const got = runningDigest(s.imageID ?? '');
            if (!got)
              findings.push({
                item,
                severity: 'warning',
                path: '/status/containerStatuses',
                message: `pod ${podName} container ${name}: imageID ${JSON.stringify(s.imageID ?? '')} carries no registry digest (a locally loaded image?); cannot compare with ${want}`,
              });
            else if (got !== want)
              findings.push({
                item,
                path: '/status/containerStatuses',
                message: `pod ${podName} container ${name} runs ${got}, rendered ${want} (${image}); roll out the rendered digest or roll back deliberately`,
              });
          }
        }
      }
    }
    return findings;
  },
};
