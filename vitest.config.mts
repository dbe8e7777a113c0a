import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // TMPDIR is one folder per run, removed at its end (test/setup/temp-root.ts).
    globalSetup: ['test/setup/temp-root.ts'],
    // Several tests spawn the CLI or kubectl; give them room on a slow 2-core machine instead of flaking.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // One worker per core (vitest's default leaves one core free, i.e. a single worker on 2 cores): many tests wait
    // on child processes (synths, buildah, promtool), so the other core has work meanwhile.
    maxWorkers: availableParallelism(),
    // A worker keeps its loaded modules (cdk8s, ajv, the schemas) from one test file to the next instead of loading
    // them for each file: most of the suite's time was imports. Safe here because no test mocks modules or leaves
    // process state changed (test/helpers/cli.ts restores the cwd and environment it sets), and the caches in src/
    // notice changed files (src/environments/environment-module.ts, src/validate/kustomization.ts).
    isolate: false,
  },
});
