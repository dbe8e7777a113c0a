import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Several tests spawn the CLI or kubectl; give them room on a slow 2-core machine instead of flaking.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
