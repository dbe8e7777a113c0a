/**
 * Generates the strict schemas the `schema` rule validates with, into src/validate/schemas/generated/:
 * kubernetes-<version>.json for 1.28 … 1.33 (cdk8s-plus-<minor>'s jsii types + kubernetes-models' enums; older
 * releases as their difference from the newest, see kubernetesDocuments) and custom-resources.json (the
 * platform's CRDs from @kubernetes-models packages, pinned tarballs: scripts/schemas/sources.ts). Offline once
 * those are in npm's cache or node_modules/.cache; the rest comes from node_modules.
 * `--check` exits 1 when a committed file differs from what the sources generate (a test runs it).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { kubernetesDocuments } from './schemas/kubernetes';
import { DEFAULT_KUBERNETES_VERSION, KUBERNETES_VERSIONS } from '../src/validate/schemas/versions';
import { customResourceSchemas } from './schemas/custom-resources';

const outDir = resolve(__dirname, '..', 'src/validate/schemas/generated');

export function generate(): Map<string, string> {
  const out = new Map<string, string>();
  // One line per definition/kind: small diffs when a source changes, and still quick to parse.
  const render = (doc: Record<string, unknown>, listKeys: string[]) => {
    const lines: string[] = ['{'];
    const entries = Object.entries(doc);
    entries.forEach(([key, value], i) => {
      const last = i === entries.length - 1 ? '' : ',';
      if (listKeys.includes(key) && value && typeof value === 'object') {
        const inner = Object.entries(value as Record<string, unknown>);
        lines.push(`  ${JSON.stringify(key)}: {`);
        inner.forEach(([k, v], j) => lines.push(`    ${JSON.stringify(k)}: ${JSON.stringify(v)}${j === inner.length - 1 ? '' : ','}`));
        lines.push(`  }${last}`);
      } else {
        lines.push(`  ${JSON.stringify(key)}: ${JSON.stringify(value)}${last}`);
      }
    });
    lines.push('}');
    return `${lines.join('\n')}\n`;
  };
  const kubernetes = kubernetesDocuments(KUBERNETES_VERSIONS);
  for (const [version, doc] of kubernetes) {
    out.set(`kubernetes-${version}.json`, render(doc, ['kinds', 'newerKinds', 'newerFields', 'definitions']));
  }
  // Custom resources embed Kubernetes types by reference to the newest release's definitions (every release's document has them all).
  const newest = kubernetes.get(DEFAULT_KUBERNETES_VERSION)!;
  out.set('custom-resources.json', render(customResourceSchemas(Object.keys(newest.definitions as object)).document, ['kinds']));
  return out;
}

function main(): void {
  const check = process.argv.includes('--check');
  let stale = 0;
  mkdirSync(outDir, { recursive: true });
  for (const [file, text] of generate()) {
    const path = join(outDir, file);
    let current = '';
    try {
      current = readFileSync(path, 'utf8');
    } catch {
      /* missing counts as stale */
    }
    if (current === text) continue;
    if (check) {
      stale++;
      console.error(`stale: src/validate/schemas/generated/${file} differs from its sources; run \`npm run gen:schemas\``);
    } else {
      writeFileSync(path, text);
      console.log(`wrote src/validate/schemas/generated/${file} (${(text.length / 1024).toFixed(0)} KiB)`);
    }
  }
  process.exit(stale ? 1 : 0);
}

if (require.main === module) main();
