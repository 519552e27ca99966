/**
 * The Electron shell itself. It needs the Electron binary, which cannot be downloaded on the CI machine
 * (ELECTRON_SKIP_BINARY_DOWNLOAD): there these specs are reported as skipped, saying why.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { _electron as electron, expect, test } from '@playwright/test';
import { ELECTRON_SKIP_REASON, electronBinary } from './electron-binary.js';
import { repoRoot } from './serve-process.js';

const binary = electronBinary();

test.describe('Electron app', () => {
  test.skip(!binary, ELECTRON_SKIP_REASON);

  test('opens one secure window whose only door is the typed bridge, and the engine answers through it', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'docsearch-electron-'));
    const app = await electron.launch({ executablePath: binary!, args: [repoRoot], env: { ...process.env, DOCSEARCH_DATA_DIR: dataDir } });
    try {
      const win = await app.firstWindow();
      await expect(win).toHaveTitle(/文書検索/);
      expect(await win.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');
      expect(await win.evaluate(() => typeof (globalThis as { process?: unknown }).process)).toBe('undefined');
      // the bridge exposes exactly the typed API (engine/rpc.ts DesktopBridge) and nothing of Node or Electron
      expect(await win.evaluate(() => Object.keys((globalThis as unknown as { docsearch: object }).docsearch).sort())).toEqual(['onResponse', 'pathForFile', 'pickPaths', 'send']);
      const status = await win.evaluate(
        () =>
          new Promise((resolve) => {
            const bridge = (globalThis as unknown as { docsearch: { send(r: unknown): void; onResponse(l: (r: { type: string; result?: unknown }) => void): void } }).docsearch;
            bridge.onResponse((r) => r.type === 'result' && resolve(r.result));
            bridge.send({ type: 'call', id: 1, method: 'status', params: undefined });
          }),
      );
      expect(status).toMatchObject({ documents: 0 });
      // navigation away from the app is refused
      await win.evaluate(() => ((globalThis as unknown as { location: { href: string } }).location.href = 'https://example.com/'));
      await expect(win).toHaveURL(/^docsearch-app:\/\/renderer\//);
    } finally {
      await app.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
