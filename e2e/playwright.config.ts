/**
 * End-to-end tests: the real renderer in Debian's Chromium (/usr/bin/chromium; a browser is never
 * downloaded) against `docsearch serve` with the real engine and models. Screenshots of every step are
 * kept in e2e/artifacts/ (and the Playwright report on failure).
 */
import { defineConfig } from '@playwright/test';
import { ELECTRON_SKIP_REASON, electronBinary } from './electron-binary.js';

// said once, by the runner (workers load this file too)
if (!electronBinary() && !process.env.TEST_WORKER_INDEX) console.log(`Electron specs are SKIPPED: ${ELECTRON_SKIP_REASON}`);

export default defineConfig({
  testDir: '.',
  outputDir: './artifacts/results',
  timeout: 360_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  reporter: [['list']],
  use: {
    browserName: 'chromium',
    launchOptions: { executablePath: process.env.DOCSEARCH_CHROMIUM ?? '/usr/bin/chromium' },
    viewport: { width: 1366, height: 860 },
    locale: 'ja-JP',
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
  },
});
