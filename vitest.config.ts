import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src-main/**/*.test.ts', 'scripts/**/*.test.ts', 'tests/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Integration tests spawn CLI processes and open real stores; two cores, so keep it modest.
    pool: 'forks',
    poolOptions: { forks: { maxForks: 2 } },
  },
});
