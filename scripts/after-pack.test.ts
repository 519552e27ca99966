import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import afterPack from './after-pack.js';

const require = createRequire(import.meta.url);

describe('afterPack', () => {
  // a packed app holding this machine's better-sqlite3, which is built for Node's ABI, not Electron's
  const appOutDir = fs.mkdtempSync(path.join(os.tmpdir(), 'after-pack-'));
  const target = path.join(appOutDir, 'resources', 'app.asar.unpacked', 'node_modules', 'better-sqlite3', 'build', 'Release');
  fs.mkdirSync(target, { recursive: true });
  fs.copyFileSync(path.join(path.dirname(require.resolve('better-sqlite3/package.json')), 'build', 'Release', 'better_sqlite3.node'), path.join(target, 'better_sqlite3.node'));

  it('fails the build when the native modules were rebuilt but not for Electron', () => {
    expect(() => afterPack({ appOutDir, packager: { config: {} } })).toThrow(/not Electron's ABI/);
  });

  it('only reports it when the rebuild was skipped on purpose (offline packaging test)', () => {
    expect(() => afterPack({ appOutDir, packager: { config: { npmRebuild: false } } })).not.toThrow();
  });

  it('fails when the addon is not in the package at all', () => {
    expect(() => afterPack({ appOutDir: fs.mkdtempSync(path.join(os.tmpdir(), 'after-pack-')), packager: { config: {} } })).toThrow(/better_sqlite3.node is not in/);
  });
});
