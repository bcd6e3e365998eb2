import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      { test: { name: 'domain', include: ['packages/domain/src/**/*.test.ts'] } },
      { test: { name: 'sync', include: ['packages/sync/src/**/*.test.ts'] } },
      { test: { name: 'metrics', include: ['packages/metrics/src/**/*.test.ts'] } },
      // Its own file, with the Svelte plugin: the tests import `.svelte.ts` modules (runes).
      'apps/web/vitest.config.ts',
      { test: { name: 'cli', include: ['apps/cli/test/**/*.test.ts'], testTimeout: 60_000 } },
      {
        test: {
          name: 'server',
          include: ['apps/server/test/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['apps/e2e/test/**/*.test.ts'],
          testTimeout: 90_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
