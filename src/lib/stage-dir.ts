/**
 * The name of a stage's folder under dist/<env>/ (`03-overlays-test`: position, two digits, and stage id), written
 * by synth and read back by validate. Here, below both, so neither imports the other for it.
 */

/**
 * The stage ids in the one canonical apply order: src/stages/stages.ts defines each stage (its wait and purpose)
 * in exactly this order, and the deployment-order rule checks rendered folders against it.
 */
export const STAGE_ORDER = [
  'namespaces',
  'crds',
  'istio-ingress',
  'overlays-test',
  'overlays-prod',
  'runtime',
  'monitoring',
  'controller',
  'admission',
  'apps',
] as const;

export type StageId = (typeof STAGE_ORDER)[number];

/** `00-namespaces` for the stage at `index` named `id`. */
export function stageDirName(index: number, id: string): string {
  return `${String(index).padStart(2, '0')}-${id}`;
}

/** A stage folder name as found on disk (`03-overlays-test`): its position and name, or undefined. */
export function parseStageDir(name: string): { index: number; id: string } | undefined {
  const m = /^(\d{2})-([a-z0-9]+(?:-[a-z0-9]+)*)$/.exec(name);
  return m ? { index: Number(m[1]), id: m[2] } : undefined;
}
