/**
 * electron-builder's afterPack hook: the packed better-sqlite3 must be built for Electron's ABI, or the
 * app cannot open its store. When the build rebuilt the native modules for Electron (npmRebuild, as
 * `npm run dist` does) a wrong ABI fails the build loudly: on this kind of machine node-gyp silently
 * compiles against Node's headers and reports success. When the rebuild was skipped on purpose
 * (`npm run test:package`, offline), it is reported instead.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { assertAddonAbi } from './lib/native-abi.js';

interface AfterPackContext {
  appOutDir: string;
  packager: { config: { npmRebuild?: boolean } };
}

function find(dir: string, name: string): string | null {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isFile() && e.name === name) return p;
    if (e.isDirectory()) {
      const found = find(p, name);
      if (found) return found;
    }
  }
  return null;
}

export default function afterPack(context: AfterPackContext): void {
  const addon = find(context.appOutDir, 'better_sqlite3.node');
  if (!addon) throw new Error(`afterPack: better_sqlite3.node is not in ${context.appOutDir}`);
  const electronPkg = path.dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  const abi = Number(fs.readFileSync(path.join(electronPkg, 'abi_version'), 'utf8'));
  try {
    assertAddonAbi(addon, abi, 'Electron');
  } catch (e) {
    if (context.packager.config.npmRebuild !== false) throw e;
    console.warn(`afterPack (native rebuild skipped): ${(e as Error).message}`);
  }
}
