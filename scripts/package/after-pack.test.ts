import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { afterAll, describe, expect, it } from 'vitest';
import afterPack from './after-pack.js';
import { repoRoot } from '../lib/paths.js';

const require = createRequire(import.meta.url);

const made: string[] = [];
afterAll(() => {
  for (const d of made) fs.rmSync(d, { recursive: true, force: true });
});

/** A packed app: this machine's better-sqlite3 (built for Node's ABI, not Electron's) and, unless told, the models. */
function packedApp(opts: { addon?: boolean; models?: boolean } = {}): string {
  const appOutDir = fs.mkdtempSync(path.join(os.tmpdir(), 'after-pack-'));
  made.push(appOutDir);
  if (opts.addon !== false) {
    const target = path.join(appOutDir, 'resources', 'app.asar.unpacked', 'node_modules', 'better-sqlite3', 'build', 'Release');
    fs.mkdirSync(target, { recursive: true });
    fs.copyFileSync(path.join(path.dirname(require.resolve('better-sqlite3/package.json')), 'build', 'Release', 'better_sqlite3.node'), path.join(target, 'better_sqlite3.node'));
  }
  fs.cpSync(path.join(repoRoot, 'models'), path.join(appOutDir, 'resources', 'models'), { recursive: true, filter: (src) => opts.models !== false || !src.endsWith('.onnx') });
  return appOutDir;
}
const context = (appOutDir: string, npmRebuild?: boolean) => ({ appOutDir, packager: { config: npmRebuild === undefined ? {} : { npmRebuild }, getResourcesDir: (d: string) => path.join(d, 'resources') } });

describe('afterPack', () => {
  const app = packedApp();

  it('fails the build when the native modules were rebuilt but not for Electron', async () => {
    await expect(afterPack(context(app))).rejects.toThrow(/not Electron's ABI/);
  });

  it('only reports it when the rebuild was skipped on purpose (offline packaging test)', async () => {
    await expect(afterPack(context(app, false))).resolves.toBeUndefined();
  });

  it('fails when the addon is not in the package at all', async () => {
    await expect(afterPack(context(packedApp({ addon: false })))).rejects.toThrow(/better_sqlite3.node is not in/);
  });

  it('fails, naming each file and the fix, when model files are not in the package', async () => {
    const bare = packedApp({ models: false });
    const err = await afterPack(context(bare, false)).then(() => null, (e: Error) => e);
    expect(err?.message).toMatch(/^afterPack: the package lacks model files \(run `npm run models:ocr`/);
    expect(err?.message).toContain(`${path.join(bare, 'resources', 'models', 'ocr', 'ch_PP-OCRv4_det_infer.onnx')} is missing`);
  });
});
