/**
 * `npx tsx bench/schema.ts`: cost of the `schema` rule in a fresh process — loading the bundled schemas, the time
 * to the first validated Deployment (compiling its schema), and objects/s over 10,000 generated Deployments
 * (1 in 10 with a misspelled field) and 10,000 mixed objects, through the rule's check() on an inventory.
 * Not a test: it prints figures.
 */
import { WaiverSet } from '../src/check/waiver-set';
import rule from '../src/rules/schema';
import { schemaSet } from '../src/validate/schemas/registry';
import { Inventory, makeItem } from '../src/check/inventory';
import type { K8sObject } from '../src/check/types';

const options = { strict: true, ignoreKinds: [], ignoreMissingSchemas: false };

function deployment(i: number): K8sObject {
  const labels = { 'app.kubernetes.io/name': `app-${i}`, 'app.kubernetes.io/part-of': 'bench' };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: `app-${i}`, namespace: `ns-${i % 50}`, labels },
    spec: {
      [i % 10 === 0 ? 'replcas' : 'replicas']: 2,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
          containers: [
            {
              name: 'app',
              image: `registry.example.com/app-${i}@sha256:${'a'.repeat(64)}`,
              ports: [{ name: 'http', containerPort: 8080 }],
              env: [{ name: 'MODE', value: 'prod' }],
              resources: { requests: { cpu: '100m', memory: '64Mi' }, limits: { cpu: '1', memory: '128Mi' } },
              securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
              livenessProbe: { httpGet: { path: '/healthz', port: 'http' } },
              readinessProbe: { httpGet: { path: '/ready', port: 'http' } },
            },
          ],
        },
      },
    },
  };
}

function mixed(i: number): K8sObject {
  switch (i % 4) {
    case 0:
      return deployment(i);
    case 1:
      return {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: `s-${i}` },
        spec: { selector: { app: `a-${i}` }, ports: [{ port: 80, targetPort: 'http' }] },
      };
    case 2:
      return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `c-${i}` }, data: { 'config.yaml': 'a: 1\n' } };
    default:
      return {
        apiVersion: 'monitoring.coreos.com/v1',
        kind: 'ServiceMonitor',
        metadata: { name: `m-${i}` },
        spec: { selector: { matchLabels: { app: `a-${i}` } }, endpoints: [{ port: 'metrics', interval: '30s' }] },
      };
  }
}

function run(objects: K8sObject[]): { ms: number; findings: number } {
  const inventory = new Inventory(objects.map((o, i) => makeItem(o, `f${i}.yaml`, 0)));
  const start = performance.now();
  const findings = [...rule.check({ inventory, options, waivers: new WaiverSet(), now: new Date() })].length;
  return { ms: performance.now() - start, findings };
}

let t = performance.now();
schemaSet();
const loadMs = performance.now() - t;
t = performance.now();
run([deployment(1)]);
const firstMs = performance.now() - t;
const deployments = Array.from({ length: 10_000 }, (_, i) => deployment(i));
const d = run(deployments);
const m = run(Array.from({ length: 10_000 }, (_, i) => mixed(i)));
const rss = process.memoryUsage().rss / 2 ** 20;
console.log(`load bundled schemas:                ${loadMs.toFixed(0)} ms`);
console.log(`first Deployment (compile+validate): ${firstMs.toFixed(0)} ms`);
console.log(
  `10,000 Deployments:                  ${d.ms.toFixed(0)} ms, ${((d.ms * 1000) / 10_000).toFixed(1)} µs/object, ${Math.round(10_000 / (d.ms / 1000))} objects/s, ${d.findings} findings`,
);
console.log(
  `10,000 mixed (incl. first compile of Service, ConfigMap, ServiceMonitor): ${m.ms.toFixed(0)} ms, ${((m.ms * 1000) / 10_000).toFixed(1)} µs/object, ${m.findings} findings`,
);
console.log(`rss: ${rss.toFixed(0)} MiB`);
