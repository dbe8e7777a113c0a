/**
 * Admission webhooks registered and served (Zastava runbook 2.1 step 5: `kubectl get validatingwebhookconfiguration
 * zastava-webhook`): every rendered webhook is in the live configuration, and each one's Service exists and has a
 * ready endpoint (EndpointSlices). A `failurePolicy: Fail` webhook without a ready backend rejects every request it
 * matches.
 */
import type { JsonObject } from '../client';
import { itemsOfKind, type VerifyCheck, type VerifyFinding } from './types';

interface Webhook {
  name?: string;
  failurePolicy?: string;
  clientConfig?: { service?: { name?: string; namespace?: string; port?: number } };
}

function readyEndpoints(slices: JsonObject[]): number {
  let ready = 0;
  for (const slice of slices) {
    for (const e of (slice.endpoints as Array<{ conditions?: { ready?: boolean } }> | undefined) ?? []) {
      // EndpointSlice API: an unset ready condition is to be read as ready.
      if (e.conditions?.ready !== false) ready++;
    }
  }
  return ready;
}

export const webhooksReady: VerifyCheck = {
  id: 'cluster-webhook-ready',
  description: 'Rendered admission webhooks are registered and their Services have ready endpoints.',
  remediation:
    "Apply the webhook configuration from dist/<env> and make its Service's pods ready (the runbook section the finding links); until then the API server rejects or skips what the webhook judges.",
  category: 'reliability',
  async run(ctx) {
    const findings: VerifyFinding[] = [];
    const checked = new Map<string, string | undefined>();
    for (const item of itemsOfKind(ctx, 'ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration')) {
      const live = await ctx.live(item);
      if (!live) continue;
      const liveNames = new Set(((live.webhooks as Webhook[] | undefined) ?? []).map((w) => w.name));
      for (const [index, webhook] of ((item.object.webhooks as Webhook[] | undefined) ?? []).entries()) {
        if (!liveNames.has(webhook.name)) {
          findings.push({ item, path: `/webhooks/${index}`, message: `webhook ${webhook.name} is not registered in the live configuration` });
          continue;
        }
        const svc = webhook.clientConfig?.service;
        if (!svc?.name || !svc.namespace) continue;
        const key = `${svc.namespace}/${svc.name}`;
        if (!checked.has(key)) {
          const service = await ctx.client.get({ apiVersion: 'v1', kind: 'Service', namespace: svc.namespace, name: svc.name });
          if (!service) checked.set(key, `its Service ${key} does not exist`);
          else {
            const slices = await ctx.client.list('discovery.k8s.io/v1', 'EndpointSlice', {
              namespace: svc.namespace,
              labelSelector: `kubernetes.io/service-name=${svc.name}`,
            });
            checked.set(key, readyEndpoints(slices) ? undefined : `its Service ${key} has no ready endpoints`);
          }
        }
        const problem = checked.get(key);
        if (problem) {
          const effect =
            (webhook.failurePolicy ?? 'Fail') === 'Fail'
              ? 'with failurePolicy Fail it rejects every request it matches'
              : 'with failurePolicy Ignore it checks nothing';
          findings.push({ item, path: `/webhooks/${index}/clientConfig/service`, message: `webhook ${webhook.name}: ${problem}; ${effect}` });
        }
      }
    }
    return findings;
  },
};
