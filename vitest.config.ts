import { defaultClientConditions, defaultServerConditions } from 'vite';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // "#shared/*" (package.json imports) from the TypeScript sources, not from out/
  resolve: { conditions: ['source', ...defaultClientConditions] },
  ssr: { resolve: { conditions: ['source', ...defaultServerConditions] } },
  test: {
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Integration tests spawn CLI processes and open real stores; two cores, so keep it modest.
    pool: 'forks',
    poolOptions: { forks: { maxForks: 2 } },
    projects: [
      {
        extends: true,
        test: { name: 'node', include: ['src-main/**/*.test.ts', 'scripts/**/*.test.ts', 'tests/**/*.test.ts'], environment: 'node' },
      },
      {
        // The renderer's state and hooks, in a DOM (no engine: the tests give the client an in-memory transport).
        extends: true,
        esbuild: { jsx: 'automatic' },
        test: { name: 'renderer', include: ['src-renderer/src/**/*.test.{ts,tsx}'], environment: 'jsdom', setupFiles: ['src-renderer/src/test/setup.ts'] },
      },
    ],
  },
});
