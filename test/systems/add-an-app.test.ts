/**
 * README "Add an app", followed in a copy of the project: the lock entry and the environment edit, taken from the
 * README itself, then synth (which validates) and the output it promises.
 */
import { cpSync, existsSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nodeIn, ROOT, tempDir } from '../helpers/cli';

/** The README section's fenced blocks of `lang`, their three-space list indentation removed. */
function blocks(section: string, lang: string): string[] {
  return [...section.matchAll(new RegExp(`^ {3}\`\`\`${lang}\\n([\\s\\S]*?)^ {3}\`\`\``, 'gm'))].map((m) => m[1].replace(/^ {3}/gm, ''));
}

describe('README: Add an app', () => {
  it('the two steps render the app into the apps and monitoring stages, validated; a bad reference names its line', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const start = readme.indexOf('### Add an app');
    expect(start).toBeGreaterThan(0);
    const section = readme.slice(start, readme.indexOf('\n## ', start));
    const [lockEntry] = blocks(section, 'json');
    const [appsBlock] = blocks(section, 'ts');
    expect(lockEntry).toBeDefined();
    expect(appsBlock).toMatch(/^apps: \{/);

    const dir = tempDir('plimsoll-add-app-');
    // lib/ too, as a fresh clone has it after `npm ci` (its prepare script builds it): an app needs no source
    // change, so synth runs the bundle.
    for (const part of ['src', 'lib', 'bin', 'schemas', 'environments', 'policies', 'docs', 'images.lock.json', 'package.json', 'tsconfig.json']) {
      cpSync(join(ROOT, part), join(dir, part), { recursive: true });
    }
    symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));

    // 1. The lock entry.
    const lockFile = join(dir, 'images.lock.json');
    const lock = JSON.parse(readFileSync(lockFile, 'utf8'));
    Object.assign(lock.images, JSON.parse(`{${lockEntry}}`));
    writeFileSync(lockFile, `${JSON.stringify(lock, null, 2)}\n`);

    // 2. The environment edit, indented as a property of the environment object.
    const lab = join(dir, 'environments/lab.ts');
    const indented = appsBlock.trimEnd().replace(/^/gm, '  ');
    writeFileSync(lab, readFileSync(lab, 'utf8').replace("  tier: 'lab',\n", `  tier: 'lab',\n${indented}\n`));

    const synth = nodeIn(dir, ['bin/plimsoll.js', 'synth', '--env', 'lab', '--out', 'out']);
    expect(synth.status, synth.output).toBe(0);
    expect(synth.output).toContain('08-admission → 09-apps');
    const out = join(dir, 'out/lab');
    expect(existsSync(join(out, '00-namespaces/namespace_shop.yaml'))).toBe(true);
    expect(readdirSync(join(out, '09-apps')).sort()).toEqual([
      'authorizationpolicy_shop_shop-allow-ingress-only.yaml',
      'certificate_shop_shop-cert.yaml',
      'configmap_shop_shop-env.yaml',
      'deployment_shop_shop.yaml',
      'destinationrule_shop_shop-destinationrule.yaml',
      'gateway_shop_shop-gateway.yaml',
      'kustomization.yaml',
      'networkpolicy_shop_shop-kubelet-probes.yaml',
      'networkpolicy_shop_shop.yaml',
      'peerauthentication_shop_shop-strict-mtls.yaml',
      'service_shop_shop.yaml',
      'serviceaccount_shop_shop.yaml',
      'virtualservice_shop_shop-virtualservice.yaml',
    ]);
    expect(readFileSync(join(out, '09-apps/deployment_shop_shop.yaml'), 'utf8')).toContain(`image: ${lock.images.shop.image}`);
    expect(existsSync(join(out, '06-monitoring/prometheusrule_shop_shop-alerts.yaml'))).toBe(true);
    expect(readFileSync(join(out, 'flux/kustomization_flux-system_plimsoll-09-apps.yaml'), 'utf8')).toContain('name: plimsoll-08-admission');

    // The output passes validate on its own as well (what CI runs on dist/).
    const validate = nodeIn(dir, ['bin/plimsoll.js', 'validate', 'out/lab']);
    expect(validate.status, validate.output).toBe(0);

    // A port reference to nothing: exit 2, naming the file, line and JSON path.
    writeFileSync(lab, readFileSync(lab, 'utf8').replace("monitoring: { port: 'http-metrics' }", "monitoring: { port: 'metrics' }"));
    const bad = nodeIn(dir, ['bin/plimsoll.js', 'synth', '--env', 'lab', '--out', 'out']);
    expect(bad.status).toBe(2);
    expect(bad.output).toMatch(
      /environments\/lab\.ts:\d+: \/apps\/shop\/monitoring\/port: got "metrics", expected the name of one of the app's ports: http, http-metrics/,
    );
  }, 240_000);
});
