/**
 * `plimsoll schemas pull`: a cluster's CRDs through the real client against the fake API server, saved for offline
 * `validate --crds` runs.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { connect } from '../../src/cluster/client';
import { pullCrds, saveCrds } from '../../src/cluster/crd-pull';
import { loadPolicy, validatePaths } from '../../src/validate';
import { loadCrdFiles } from '../../src/validate/crd-files';
import { fixtureDir, plimsoll, tempDir } from '../helpers/cli';
import { fastPolicy, prodFsnCluster, type FakeCluster } from '../helpers/fake-cluster';

let fake: FakeCluster | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

const run = plimsoll;

const CRDS_PATH = '/apis/apiextensions.k8s.io/v1/customresourcedefinitions';
const CRD_NAMES = ['ingesters.zen.kube-zen.io', 'observations.zen.kube-zen.io', 'runbooks.catalyst.openova.io'];

describe('plimsoll schemas pull', () => {
  it('saves the served CRDs without server state, the same bytes every time, and they validate custom resources offline', async () => {
    fake = await prodFsnCluster();
    const crdFile = [...fake.store.values()].find((o) => o.kind === 'CustomResourceDefinition')!;
    (crdFile.metadata as Record<string, unknown>).annotations = { 'kubectl.kubernetes.io/last-applied-configuration': '{}' };
    crdFile.status = { acceptedNames: { kind: 'X' } };
    const client = await connect({ context: 'fake', kubeconfig: fake.kubeconfig, policy: fastPolicy() });
    const dir = tempDir('plimsoll-pull-');
    writeFileSync(join(dir, 'stale.yaml'), '# Saved by `plimsoll schemas pull` from an older run.\napiVersion: v1\n');
    writeFileSync(join(dir, 'mine.yaml'), 'apiVersion: v1\nkind: ConfigMap\n');
    const crds = await pullCrds(client);
    expect(crds.map((c) => c.name)).toEqual(CRD_NAMES);
    expect(saveCrds(crds, dir, 'context fake').sort()).toEqual(CRD_NAMES.map((n) => `${n}.yaml`));
    // An earlier pull's file that is no longer served goes; a file of someone else's stays.
    expect(readdirSync(dir).sort()).toEqual([...CRD_NAMES.map((n) => `${n}.yaml`), 'mine.yaml'].sort());
    const texts = CRD_NAMES.map((n) => readFileSync(join(dir, `${n}.yaml`), 'utf8'));
    for (const text of texts) {
      expect(
        text.startsWith('# Saved by `plimsoll schemas pull` from context fake.\napiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\n'),
      ).toBe(true);
      const saved = parse(text) as Record<string, Record<string, unknown>>;
      expect(Object.keys(saved).sort()).toEqual(['apiVersion', 'kind', 'metadata', 'spec']);
      expect(Object.keys(saved.metadata).every((k) => k === 'name' || k === 'labels')).toBe(true);
    }
    saveCrds(await pullCrds(client), dir, 'context fake');
    expect(CRD_NAMES.map((n) => readFileSync(join(dir, `${n}.yaml`), 'utf8'))).toEqual(texts);
    expect(fake.requests.every((r) => r.method === 'GET')).toBe(true);

    // Offline: a custom resource of a pulled CRD is judged against it.
    const crd = loadCrdFiles([join(dir, `${CRD_NAMES[0]}.yaml`)]);
    const kind = crd[0].object.spec as { group: string; names: { kind: string }; versions: Array<{ name: string }> };
    const input = fixtureDir({
      'cr.yaml': `apiVersion: ${kind.group}/${kind.versions[0].name}\nkind: ${kind.names.kind}\nmetadata: {name: x, namespace: apps}\nspec: {notAField: 1}\n`,
    });
    const policy = loadPolicy();
    const without = validatePaths([input], { policy }).findings.filter((f) => f.rule === 'schema');
    const withCrds = validatePaths([input], { policy, crdSchemas: CRD_NAMES.flatMap((n) => loadCrdFiles([join(dir, `${n}.yaml`)])) }).findings.filter(
      (f) => f.rule === 'schema',
    );
    expect(without.map((f) => f.message)).toEqual([expect.stringContaining('no schema for')]);
    expect(withCrds.map((f) => f.path)).toContain('/spec/notAField');
  });

  it('refuses a CRD name that is not one (it would name a file outside the folder), writing nothing', async () => {
    fake = await prodFsnCluster({
      faults: [
        {
          path: CRDS_PATH,
          status: 200,
          body: {
            kind: 'CustomResourceDefinitionList',
            apiVersion: 'apiextensions.k8s.io/v1',
            metadata: {},
            items: [{ metadata: { name: '../../escape' }, spec: { group: 'x.io', names: { kind: 'X' }, versions: [] } }],
          },
        },
      ],
    });
    const dir = join(tempDir('plimsoll-pull-'), 'out');
    const r = await run(['schemas', 'pull', '--context', 'fake', '--kubeconfig', fake.kubeconfig, '--out', dir]);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(
      `plimsoll schemas: malformed answer from the API server: GET ${CRDS_PATH}: items[0].metadata.name is "../../escape", expected a CustomResourceDefinition name (<plural>.<group>)\n`,
    );
    expect(existsSync(dir)).toBe(false);
  });

  it('is a CLI command: saves into --out and says how to use it; needs --context and a subcommand', async () => {
    fake = await prodFsnCluster({ now: new Date() });
    const dir = join(tempDir('plimsoll-pull-'), 'crds');
    const r = await run(['schemas', 'pull', '--context', 'fake', '--kubeconfig', fake.kubeconfig, '--out', dir, '--request-timeout', '5s']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(
      `saved 3 CustomResourceDefinitions (3 group/version/kinds with a schema) from context fake to ${dir}; validate with \`plimsoll validate PATH --crds ${dir}\`\n`,
    );
    expect(readdirSync(dir).sort()).toEqual(CRD_NAMES.map((n) => `${n}.yaml`));
    const noContext = await run(['schemas', 'pull', '--kubeconfig', fake.kubeconfig]);
    expect(noContext.status).toBe(2);
    expect(noContext.stderr).toContain('schemas pull needs --context NAME');
    const noSub = await run(['schemas']);
    expect(noSub.status).toBe(2);
    expect(noSub.stderr).toContain('expected "pull"');
  });
});
