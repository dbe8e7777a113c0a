/**
 * The project's own runtime components and how each becomes an image: the entry point esbuild bundles into one
 * file, the files shipped beside it, and the repository its images.lock.json entry names. Constructs refer to
 * them only through the lock (`platform.images.image('<lock key>')`).
 */

import { PLIMSOLL_VERSION } from '../../version';

export interface ComponentAsset {
  /** File or folder in the project. */
  readonly from: string;
  /** Path relative to the component's folder in the image. */
  readonly to: string;
}

export interface RuntimeComponent {
  /** The component's name: src/runtime/<name>/ and /opt/plimsoll/<name>/ in the image. */
  readonly name: string;
  /** images.lock.json key. */
  readonly lockKey: string;
  /** Entry point bundled to main.js. */
  readonly entry: string;
  /** Repository of the image (the lock entry is `<repository>:<version>@sha256:…`). */
  readonly repository: string;
  readonly assets: readonly ComponentAsset[];
  /** Further entry points bundled into the component's folder, by file name (a worker thread's script). */
  readonly extraEntries?: ReadonlyArray<{ readonly entry: string; readonly to: string }>;
  /** Packages left out of the bundles; the commands that need them say so (src/cli/main.ts). */
  readonly external?: readonly string[];
  /** The container's working directory (created in the image). @default / */
  readonly workingDir?: string;
  /** Files written into the component's folder: path → content. */
  readonly generatedFiles?: Readonly<Record<string, string>>;
  /** One line for the lock entry's source. */
  readonly description: string;
}

export const IMAGE_USER = '65532:65532';
export const IMAGE_PREFIX = '/opt/plimsoll';

/**
 * The CLI for other people's pipelines: `validate` (and the other offline commands) on a mounted folder. It is a
 * Plimsoll package root (package.json, schemas/, policies/, the bundled schemas) so PROJECT_ROOT resolves to it.
 * synth (TypeScript environments) and the live-cluster commands are left out with their dependencies.
 */
export const CLI_COMPONENT: RuntimeComponent = {
  name: 'cli',
  lockKey: 'plimsoll-cli',
  entry: 'src/cli/image-entry.ts',
  repository: 'registry.acme.example/platform/plimsoll-cli',
  extraEntries: [{ entry: 'src/validate/parallel-worker.ts', to: 'parallel-worker.cjs' }],
  external: ['esbuild', 'tsx', 'typescript', '@kubernetes/client-node'],
  assets: [
    { from: 'schemas', to: 'schemas' },
    { from: 'policies', to: 'policies' },
    // The platform policy's alert-runbook rule reads runbook anchors there.
    { from: 'docs/runbooks', to: 'docs/runbooks' },
    { from: 'src/validate/schemas/generated', to: 'src/validate/schemas/generated' },
  ],
  // Mount the repository here: `docker run -v "$PWD:/work:ro" … validate .` names files as they are in it.
  workingDir: '/work',
  generatedFiles: { 'package.json': `${JSON.stringify({ name: 'plimsoll', version: PLIMSOLL_VERSION, private: true }, null, 2)}\n` },
  description: 'the Plimsoll CLI (src/cli): validate and the other offline commands on a mounted folder',
};

export const RUNTIME_COMPONENTS: readonly RuntimeComponent[] = [
  {
    name: 'admission-guard',
    lockKey: 'plimsoll-admission-guard',
    entry: 'src/runtime/admission-guard/main.ts',
    repository: 'registry.acme.example/platform/plimsoll-admission-guard',
    // The schema rule reads its bundled Kubernetes and custom-resource schemas beside the code (registry.ts).
    assets: [{ from: 'src/validate/schemas/generated', to: 'generated' }],
    description: 'the Plimsoll admission guard (src/runtime/admission-guard)',
  },
  {
    name: 'evidence-bundler',
    lockKey: 'plimsoll-evidence-bundler',
    entry: 'src/runtime/evidence-bundler/main.ts',
    repository: 'registry.acme.example/platform/plimsoll-evidence-bundler',
    assets: [],
    description: 'the Plimsoll runtime evidence bundler (src/runtime/evidence-bundler)',
  },
  CLI_COMPONENT,
];

export function componentByName(name: string): RuntimeComponent | undefined {
  return RUNTIME_COMPONENTS.find((c) => c.name === name || c.lockKey === name);
}
