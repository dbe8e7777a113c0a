/**
 * `plimsoll graph` output: Graphviz dot and Mermaid (text for other tools), and a self-contained SVG (laid out
 * here, so it renders without Graphviz or a network) or an HTML page holding that SVG and the reference tables.
 * Deterministic: the same graph gives the same bytes.
 */
import { escapeHtml } from '../lib/html';
import type { EnvironmentGraph, GraphNode } from './model';

export type GraphFormat = 'svg' | 'html' | 'mermaid' | 'dot';
export const GRAPH_FORMATS: readonly GraphFormat[] = ['svg', 'html', 'mermaid', 'dot'];

const MISSING = '#c62828';
const quote = (s: string) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

/** Nodes that take part in a reference (the rest are listed by count, not drawn). */
function connected(graph: EnvironmentGraph): GraphNode[] {
  const used = new Set(graph.edges.flatMap((e) => [e.from, e.to]));
  return graph.nodes.filter((n) => used.has(n.id));
}

export function graphDot(graph: EnvironmentGraph): string {
  const out = [`digraph ${quote(`plimsoll ${graph.environment}`)} {`, '  rankdir=LR;', '  node [shape=box, fontname="sans-serif", fontsize=10];'];
  out.push('  subgraph cluster_stages {', '    label="stages (apply order)";');
  for (const s of graph.stages) out.push(`    ${quote(`stage ${s.folder}`)} [label=${quote(`${s.folder}\\n${s.objects} objects${s.wait ? '\\nwait' : ''}`)}];`);
  for (const s of graph.stages) if (s.dependsOn) out.push(`    ${quote(`stage ${s.dependsOn}`)} -> ${quote(`stage ${s.folder}`)} [label="dependsOn"];`);
  out.push('  }');
  const byStage = new Map<string, GraphNode[]>();
  for (const n of connected(graph)) {
    const key = n.stage ?? '';
    (byStage.get(key) ?? byStage.set(key, []).get(key)!).push(n);
  }
  for (const [stage, nodes] of [...byStage].sort(([a], [b]) => (a === '' ? 1 : b === '' ? -1 : a < b ? -1 : 1))) {
    out.push(`  subgraph ${quote(`cluster_${stage || 'missing'}`)} {`, `    label=${quote(stage || 'not in the input')};`);
    for (const n of nodes)
      out.push(
        `    ${quote(n.id)} [label=${quote(n.label.replace('\n', '\\n'))}${n.missing ? `, color=${quote(MISSING)}, fontcolor=${quote(MISSING)}, style=dashed` : ''}];`,
      );
    out.push('  }');
  }
  const missing = new Set(graph.nodes.filter((n) => n.missing).map((n) => n.id));
  for (const e of graph.edges)
    out.push(`  ${quote(e.from)} -> ${quote(e.to)} [label=${quote(e.label)}${missing.has(e.to) ? `, color=${quote(MISSING)}` : ''}];`);
  out.push('}');
  return `${out.join('\n')}\n`;
}

export function graphMermaid(graph: EnvironmentGraph): string {
  const ids = new Map<string, string>();
  const idOf = (id: string) => ids.get(id) ?? ids.set(id, `n${ids.size}`).get(id)!;
  const text = (s: string) => `"${s.replace(/"/g, '#quot;').replace(/\n/g, '<br/>')}"`;
  const out = ['flowchart LR', '  subgraph stages["stages (apply order)"]'];
  for (const s of graph.stages) out.push(`    ${idOf(`stage ${s.folder}`)}[${text(`${s.folder}\n${s.objects} objects${s.wait ? ', wait' : ''}`)}]`);
  out.push('  end');
  for (const s of graph.stages) if (s.dependsOn) out.push(`  ${idOf(`stage ${s.dependsOn}`)} -->|dependsOn| ${idOf(`stage ${s.folder}`)}`);
  const nodes = connected(graph);
  for (const n of nodes) out.push(`  ${idOf(n.id)}[${text(n.label)}]`);
  for (const e of graph.edges) out.push(`  ${idOf(e.from)} -->|${e.label}| ${idOf(e.to)}`);
  const missing = nodes.filter((n) => n.missing);
  if (missing.length) {
    out.push(`  classDef missing stroke:${MISSING},color:${MISSING},stroke-dasharray:4`);
    out.push(`  class ${missing.map((n) => idOf(n.id)).join(',')} missing`);
  }
  return `${out.join('\n')}\n`;
}

const BOX_W = 230;
const BOX_H = 34;
const GAP_X = 90;
const GAP_Y = 12;
const STAGE_H = 46;

/** A layered drawing: stages left to right on top; below, one column per stage (and one for missing targets). */
export function graphSvg(graph: EnvironmentGraph): string {
  const nodes = connected(graph);
  const columns = [...graph.stages.map((s) => s.folder), ''];
  const byColumn = new Map<string, GraphNode[]>(columns.map((c) => [c, []]));
  for (const n of nodes) (byColumn.get(n.stage && byColumn.has(n.stage) ? n.stage : '') ?? []).push(n);
  const used = columns.filter((c) => byColumn.get(c)!.length || graph.stages.some((s) => s.folder === c));
  const x = (col: number) => 20 + col * (BOX_W + GAP_X);
  const top = 20 + STAGE_H + 60;
  const pos = new Map<string, { x: number; y: number }>();
  used.forEach((c, i) => byColumn.get(c)!.forEach((n, j) => pos.set(n.id, { x: x(i), y: top + 24 + j * (BOX_H + GAP_Y) })));
  const width = x(used.length) - GAP_X + 20;
  const tallest = Math.max(1, ...used.map((c) => byColumn.get(c)!.length));
  const height = top + 24 + tallest * (BOX_H + GAP_Y) + 20;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="11" role="img" aria-label="${escapeHtml(`Plimsoll graph of ${graph.environment}`)}">`,
    `<title>${escapeHtml(`Stages and references of ${graph.environment}`)}</title>`,
    '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0L10,5L0,10z" fill="#555"/></marker>',
    `<marker id="arrow-missing" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0L10,5L0,10z" fill="${MISSING}"/></marker></defs>`,
    '<rect width="100%" height="100%" fill="#fff"/>',
  ];
  // Stages: a chain of boxes, each arrow its Flux dependsOn.
  for (const s of graph.stages) {
    const sx = x(used.indexOf(s.folder));
    out.push(
      `<g class="stage" data-stage="${escapeHtml(s.folder)}"><rect x="${sx}" y="20" width="${BOX_W}" height="${STAGE_H}" rx="6" fill="#e3f2fd" stroke="#1565c0"/>`,
    );
    out.push(
      `<text x="${sx + 10}" y="38" font-weight="bold">${escapeHtml(s.folder)}</text><text x="${sx + 10}" y="56">${s.objects} objects${s.wait ? ' · wait: Ready before next' : ''}</text></g>`,
    );
    const prev = s.dependsOn ? used.indexOf(s.dependsOn) : -1;
    if (prev >= 0)
      out.push(
        `<path class="depends-on" d="M${x(prev) + BOX_W},${20 + STAGE_H / 2} L${sx},${20 + STAGE_H / 2}" stroke="#1565c0" fill="none" marker-end="url(#arrow)"/>`,
      );
  }
  used.forEach((c, i) => out.push(`<text x="${x(i)}" y="${top + 12}" fill="#555">${escapeHtml(c || 'not in the input')}</text>`));
  const missing = new Set(nodes.filter((n) => n.missing).map((n) => n.id));
  for (const e of graph.edges) {
    const a = pos.get(e.from);
    const b = pos.get(e.to);
    if (!a || !b) continue;
    // Left to right between columns; within a column, a loop out to the right (into the gap).
    const same = a.x === b.x;
    const forward = b.x >= a.x + BOX_W;
    const x1 = forward || same ? a.x + BOX_W : a.x;
    const x2 = forward ? b.x : b.x + BOX_W;
    const y1 = a.y + BOX_H / 2;
    const y2 = b.y + BOX_H / 2;
    const c1 = same ? x1 + GAP_X / 2 : x1 + (x2 - x1) / 2;
    const c2 = same ? x2 + GAP_X / 2 : x2 - (x2 - x1) / 2;
    const red = missing.has(e.to);
    out.push(
      `<path class="edge${red ? ' missing' : ''}" data-from="${escapeHtml(e.from)}" data-to="${escapeHtml(e.to)}" d="M${x1},${y1} C${c1},${y1} ${c2},${y2} ${x2},${y2}" stroke="${red ? MISSING : '#888'}" fill="none" marker-end="url(#${red ? 'arrow-missing' : 'arrow'})"><title>${escapeHtml(`${e.from} ${e.label} ${e.to}`)}</title></path>`,
    );
  }
  for (const n of nodes) {
    const p = pos.get(n.id)!;
    const [kind, name] = n.label.split('\n');
    const clipped = name.length > 34 ? `${name.slice(0, 33)}…` : name;
    out.push(
      `<g class="node${n.missing ? ' missing' : ''}" data-id="${escapeHtml(n.id)}"><title>${escapeHtml(n.missing ? `${n.id} (missing: nothing in the input is this)` : n.id)}</title><rect x="${p.x}" y="${p.y}" width="${BOX_W}" height="${BOX_H}" rx="4" fill="${n.missing ? '#ffebee' : '#fafafa'}" stroke="${n.missing ? MISSING : '#9e9e9e'}"${n.missing ? ' stroke-dasharray="4 3"' : ''}/>`,
      `<text x="${p.x + 8}" y="${p.y + 14}" fill="${n.missing ? MISSING : '#333'}" font-size="10">${escapeHtml(kind)}</text><text x="${p.x + 8}" y="${p.y + 27}" fill="${n.missing ? MISSING : '#000'}">${escapeHtml(clipped)}</text></g>`,
    );
  }
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}

/** A page for people: the drawing, then every reference and every missing target as tables. No scripts, no network. */
export function graphHtml(graph: EnvironmentGraph): string {
  const missing = graph.nodes.filter((n) => n.missing);
  const drawn = connected(graph).length;
  const rows = graph.edges.map(
    (e) =>
      `<tr${missing.some((m) => m.id === e.to) ? ' class="missing"' : ''}><td>${escapeHtml(e.from)}</td><td>${escapeHtml(e.label)}</td><td>${escapeHtml(e.to)}</td></tr>`,
  );
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escapeHtml(`Plimsoll graph: ${graph.environment}`)}</title>
<style>
body { font-family: sans-serif; margin: 24px; color: #222; }
table { border-collapse: collapse; margin: 12px 0 24px; }
td, th { border: 1px solid #ddd; padding: 4px 8px; font-size: 13px; text-align: left; }
tr.missing td { color: ${MISSING}; }
.figure { overflow: auto; border: 1px solid #eee; }
</style>
</head>
<body>
<h1>${escapeHtml(graph.environment)}: stages and references</h1>
<p id="summary">${graph.stages.length} stages, ${graph.nodes.filter((n) => !n.missing && n.kind !== 'alert').length} objects (${drawn} objects and alerts with references drawn), ${graph.edges.length} references, <span class="missing-count">${missing.length}</span> missing targets.</p>
<div class="figure">
${graphSvg(graph).trimEnd()}
</div>
<h2>Missing targets</h2>
${missing.length ? `<ul id="missing">${missing.map((m) => `<li>${escapeHtml(m.id)}</li>`).join('')}</ul>` : '<p id="missing">None: every reference resolves inside the input.</p>'}
<h2>References</h2>
<table id="references"><thead><tr><th>from</th><th>reference</th><th>to</th></tr></thead><tbody>
${rows.join('\n')}
</tbody></table>
</body>
</html>
`;
}

export function formatGraph(graph: EnvironmentGraph, format: GraphFormat): string {
  switch (format) {
    case 'dot':
      return graphDot(graph);
    case 'mermaid':
      return graphMermaid(graph);
    case 'html':
      return graphHtml(graph);
    default:
      return graphSvg(graph);
  }
}
