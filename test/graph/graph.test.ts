/**
 * #18 Deliver 5: `plimsoll graph` and `validate --format html`, checked the way a person sees them: the page loads
 * in Debian's headless Chromium with no console message and nothing fetched from a network, a screenshot is taken,
 * and the rendered DOM holds the nodes, references and findings expected.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Inventory, makeItem } from '../../src/check/inventory';
import { buildGraph } from '../../src/graph/model';
import { formatGraph } from '../../src/graph/formats';
import { plimsoll, tempDir, fixtureDir } from '../helpers/cli';
import { renderPage } from '../helpers/chromium';
import { CHROMIUM, requireTool } from '../helpers/tools';

const run = requireTool(CHROMIUM) === 'run';

const stage = (index: number, id: string) => ({ index, id });
function inventory(objects: Array<[Record<string, unknown>, ReturnType<typeof stage>]>): Inventory {
  return new Inventory(objects.map(([o, s], i) => makeItem(o as never, `f${i}.yaml`, 0, s)));
}
const runtime = stage(5, 'runtime');
const RBAC = inventory([
  [{ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'web', namespace: 'shop' } }, runtime],
  [
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: 'web', namespace: 'shop' },
      roleRef: { kind: 'Role', name: 'reader' },
      subjects: [
        { kind: 'ServiceAccount', name: 'web' },
        { kind: 'ServiceAccount', name: 'ghost' },
      ],
    },
    runtime,
  ],
  [
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'shop' },
      spec: {
        selector: { matchLabels: { app: 'web' } },
        template: { metadata: { labels: { app: 'web' } }, spec: { serviceAccountName: 'web', containers: [{ name: 'web', image: 'x' }] } },
      },
    },
    runtime,
  ],
  [
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'web', namespace: 'shop', labels: { app: 'web' } },
      spec: { selector: { app: 'web' }, ports: [{ name: 'http', port: 80 }] },
    },
    runtime,
  ],
  [
    {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'ServiceMonitor',
      metadata: { name: 'web', namespace: 'shop' },
      spec: { selector: { matchLabels: { app: 'web' } }, endpoints: [{ port: 'http' }] },
    },
    stage(6, 'monitoring'),
  ],
  [
    {
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'ValidatingWebhookConfiguration',
      metadata: { name: 'guard' },
      webhooks: [{ name: 'a.example', clientConfig: { service: { name: 'guard', namespace: 'shop' } } }],
    },
    stage(8, 'admission'),
  ],
]);

describe('reference graph', () => {
  const graph = buildGraph('t', RBAC, [
    { folder: '05-runtime', wait: true, objects: 4 },
    { folder: '06-monitoring', wait: false, dependsOn: '05-runtime', objects: 1 },
  ]);

  it('draws bindings, accounts, selectors, scrapes and webhook backends, and marks what is not in the input', async () => {
    expect(graph.edges.map((e) => `${e.from} -${e.label}-> ${e.to}`)).toEqual([
      'Deployment shop/web -runs as-> ServiceAccount shop/web',
      'RoleBinding shop/web -binds-> Role shop/reader',
      'RoleBinding shop/web -subject-> ServiceAccount shop/ghost',
      'RoleBinding shop/web -subject-> ServiceAccount shop/web',
      'Service shop/web -selects-> Deployment shop/web',
      'ServiceMonitor shop/web -scrapes-> Service shop/web',
      'ValidatingWebhookConfiguration guard -calls-> Service shop/guard',
    ]);
    expect(graph.nodes.filter((n) => n.missing).map((n) => n.id)).toEqual(['Role shop/reader', 'Service shop/guard', 'ServiceAccount shop/ghost']);
  });

  it('dot and mermaid say the same, missing targets in red; output is deterministic', async () => {
    const dot = formatGraph(graph, 'dot');
    expect(dot).toContain('"RoleBinding shop/web" -> "ServiceAccount shop/ghost" [label="subject", color="#c62828"];');
    expect(dot).toContain('"stage 05-runtime" -> "stage 06-monitoring" [label="dependsOn"];');
    const mermaid = formatGraph(graph, 'mermaid');
    expect(mermaid).toMatch(/^flowchart LR\n/);
    expect(mermaid).toMatch(/class (n\d+,){2}n\d+ missing/);
    expect(formatGraph(graph, 'svg')).toBe(formatGraph(buildGraph('t', RBAC, graph.stages), 'svg'));
  });
});

describe.runIf(run)('pictures in a real headless Chromium', () => {
  it('plimsoll graph --format html: the shipped lab environment, every stage and reference drawn, missing targets red', async () => {
    const out = join(tempDir(), 'lab.html');
    const r = await plimsoll(['graph', '--env', 'lab', '--format', 'html', '--out', out]);
    expect(r.status, r.stderr).toBe(0);
    const page = renderPage(out, '3000,1600');
    expect(page.consoleErrors).toEqual([]);
    expect(page.externalResources).toEqual([]);
    expect(page.screenshot).toMatchObject({ width: 3000, height: 1600 });
    expect(page.screenshot.bytes).toBeGreaterThan(20_000);
    const stages = [...page.dom.matchAll(/class="stage" data-stage="([^"]+)"/g)].map((m) => m[1]);
    expect(stages).toEqual(readFileSync(join(__dirname, '../../dist/lab/ORDER'), 'utf8').trim().split('\n'));
    expect(page.dom).toContain('data-id="ValidatingWebhookConfiguration plimsoll-admission-guard"');
    expect(page.dom).toContain(
      'data-from="ValidatingWebhookConfiguration plimsoll-admission-guard" data-to="Service plimsoll-system/plimsoll-admission-guard"',
    );
    expect(page.dom).toContain('data-from="ServiceMonitor shipshape/helloworld" data-to="Service shipshape/helloworld-prod"');
    // Every node drawn red is listed as missing, and vice versa.
    const red = [...page.dom.matchAll(/class="node missing" data-id="([^"]+)"/g)].map((m) => m[1]).sort();
    const listed = [...page.dom.matchAll(/<li>([^<]+)<\/li>/g)].map((m) => m[1]).sort();
    expect(red).toEqual(listed);
  });

  it('the SVG alone renders without a network', async () => {
    const dir = tempDir();
    const svg = join(dir, 'lab.svg');
    expect((await plimsoll(['graph', '--env', 'lab', '--out', svg])).status).toBe(0);
    const page = renderPage(svg, '1200,800');
    expect(page.consoleErrors).toEqual([]);
    expect(page.externalResources).toEqual([]);
    expect(page.dom).toContain('<title>Stages and references of lab</title>');
  });

  it('validate --format html: findings grouped by rule and file with counts, severities, remediation and waivers', async () => {
    const dir = fixtureDir({
      'a.yaml':
        'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: shop}\nspec:\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec:\n      containers: [{name: web, image: "nginx:1.27"}]\n',
      'b.yaml':
        'apiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: shop, annotations: {plimsoll.dev/waive.dangling-reference: "the pods come from another repository"}}\nspec:\n  selector: {app: nothing}\n  ports: [{port: 80}]\n',
    });
    const r = await plimsoll(['validate', dir, '--format', 'html', '--policy', 'recommended']);
    expect(r.status).toBe(1);
    const file = join(dir, 'report.html');
    writeFileSync(file, r.stdout);
    const page = renderPage(file);
    expect(page.consoleErrors).toEqual([]);
    expect(page.externalResources).toEqual([]);
    expect(page.dom).toMatch(/id="verdict">\d+ errors?</);
    const rules = [...page.dom.matchAll(/<section class="rule" id="rule-([^"]+)"/g)].map((m) => m[1]);
    expect(rules).toContain('image-digest');
    expect(rules).toContain('dangling-reference');
    const digest = page.dom.slice(page.dom.indexOf('id="rule-image-digest"'));
    expect(digest).toContain('<strong>Fix:</strong>');
    expect(digest).toMatch(/<h3 class="file">[^<]*a\.yaml<\/h3>/);
    expect(digest).toMatch(/<tr class="finding error"><td>9<\/td><td>error<\/td><td>Deployment shop\/web<\/td>/);
    const waived = page.dom.slice(page.dom.indexOf('id="rule-dangling-reference"'));
    expect(waived).toMatch(/<span class="waived">1 waived<\/span>/);
    expect(waived).toContain('<div class="reason">waived: the pods come from another repository</div>');
    expect(page.screenshot.bytes).toBeGreaterThan(5_000);
  });
});
