/**
 * `promtool check rules` on rendered PrometheusRule objects: each object's `.spec` (a Prometheus rule file) is
 * written out and checked by the real tool, exactly what Prometheus will load.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { yamlDocuments } from './yaml';
import { tempDir } from './cli';

export interface PromtoolResult {
  readonly status: number | null;
  readonly output: string;
  /** Rules promtool reported as found, summed over files. */
  readonly rules: number;
}

/** Every PrometheusRule object in the YAML files under `dir`, with the file it came from. */
export function prometheusRulesIn(dir: string): Array<{ file: string; object: any }> {
  const out: Array<{ file: string; object: any }> = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d).sort()) {
      const full = join(d, e);
      if (statSync(full).isDirectory()) walk(full);
      else if (/\.ya?ml$/.test(e)) {
        for (const o of yamlDocuments<any>(readFileSync(full, 'utf8'))) {
          if (o?.kind === 'PrometheusRule') out.push({ file: full, object: o });
        }
      }
    }
  };
  walk(dir);
  return out;
}

export function promtoolCheck(objects: ReadonlyArray<{ metadata?: { name?: string }; spec: unknown }>): PromtoolResult {
  const dir = tempDir('plimsoll-promtool-');
  const files = objects.map((o, i) => {
    const file = join(dir, `${i}-${o.metadata?.name ?? 'rules'}.yaml`);
    writeFileSync(file, stringify(o.spec));
    return file;
  });
  const r = spawnSync('promtool', ['check', 'rules', ...files], { encoding: 'utf8' });
  const output = `${r.stdout}${r.stderr}`;
  const rules = [...output.matchAll(/SUCCESS: (\d+) rules found/g)].reduce((n, m) => n + Number(m[1]), 0);
  return { status: r.status, output, rules };
}
