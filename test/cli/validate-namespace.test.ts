/** `plimsoll validate --namespace` and kustomization namespaces: where objects without a namespace land. */
import { describe, expect, it } from 'vitest';
import { fixtureDir, plimsoll } from '../helpers/cli';

const floatingSa = 'apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: controller}\n';
const clusterBinding =
  'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata: {name: controller}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}\nsubjects: [{kind: ServiceAccount, name: controller, namespace: argocd}]\n';
const floatingService = 'apiVersion: v1\nkind: Service\nmetadata: {name: api}\nspec: {selector: {app: api}, ports: [{port: 80}]}\n';
const deployment = (ns: string) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: api, namespace: ${ns}}\nspec: {selector: {matchLabels: {app: api}}, template: {metadata: {labels: {app: api}}, spec: {containers: []}}}\n`;

async function danglingFindings(args: string[]): Promise<Array<{ path: string; message: string }>> {
  const r = await plimsoll(['validate', '--format', 'json', ...args]);
  expect([0, 1], r.stderr).toContain(r.status);
  return (JSON.parse(r.stdout).findings as Array<{ rule: string; path: string; message: string }>)
    .filter((f) => f.rule === 'dangling-reference')
    .map(({ path, message }) => ({ path, message }));
}

describe('plimsoll validate: where objects without a namespace land', () => {
  it('takes a namespace-less object as applied where an explicit reference says, unless --namespace says otherwise', async () => {
    const dir = fixtureDir({ 'install.yaml': `${floatingSa}---\n${clusterBinding}` });
    expect(await danglingFindings([dir])).toEqual([]);
    expect(await danglingFindings([dir, '--namespace', 'argocd'])).toEqual([]);
    expect(await danglingFindings([dir, '-n', 'tools'])).toEqual([
      { path: '/subjects/0', message: 'ClusterRoleBinding controller binds ServiceAccount argocd/controller, which does not exist' },
    ]);
  });

  it("applies a kustomization's namespace to the files of its folder", async () => {
    const kustomization = 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamespace: shop\nresources: [service.yaml, deployment.yaml]\n';
    const there = fixtureDir({ 'base/kustomization.yaml': kustomization, 'base/service.yaml': floatingService, 'base/deployment.yaml': deployment('shop') });
    expect(await danglingFindings([there])).toEqual([]);
    const elsewhere = fixtureDir({ 'base/kustomization.yaml': kustomization, 'base/service.yaml': floatingService, 'base/deployment.yaml': deployment('web') });
    expect(await danglingFindings([elsewhere])).toEqual([
      {
        path: '/spec/selector',
        message: 'Service api selects no pods (app=api); nothing in the input runs pods in namespace shop, so its pods are not in the input',
      },
    ]);
  });

  it('rejects a --namespace that is not a namespace name, exit 2', async () => {
    const dir = fixtureDir({ 'install.yaml': floatingSa });
    const r = await plimsoll(['validate', dir, '--namespace', 'Not_A/Namespace']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('invalid --namespace "Not_A/Namespace"; expected a namespace name');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
