/**
 * The project's own runtime components and how each becomes an image: the entry point esbuild bundles into one
 * file, the files shipped beside it, and the repository its images.lock.json entry names. Constructs refer to
 * them only through the lock (`platform.images.image('<lock key>')`).
 */

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
  /** One line for the lock entry's source. */
  readonly description: string;
}

export const IMAGE_USER = '65532:65532';
export const IMAGE_PREFIX = '/opt/plimsoll';

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
];

export function componentByName(name: string): RuntimeComponent | undefined {
  return RUNTIME_COMPONENTS.find((c) => c.name === name || c.lockKey === name);
}
