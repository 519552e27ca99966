/**
 * electron-builder's afterPack hook: an installer that cannot run is not built.
 * - Every model of the packed models/manifest.json must be in the package, byte for byte (sha256): a build
 *   machine that skipped `npm run models:ocr` / `models:fetch` would otherwise ship an app without them.
 * - The packed better-sqlite3 must be built for Electron's ABI, or the app cannot open its store. When the
 *   build rebuilt the native modules for Electron (npmRebuild, as `npm run dist` does) a wrong ABI fails the
 *   build loudly: with npm's `nodedir` set, node-gyp compiles against Node's headers and reports success.
 *   When the rebuild was skipped on purpose (`npm run test:package`, offline), it is reported instead.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { loadManifest } from '../../src-main/engine/models/manifest.js';
import { verifyModels } from '../../src-main/engine/models/verify.js';
import { assertAddonAbi } from '../lib/native-abi.js';

interface AfterPackContext {
  appOutDir: string;
  packager: { config: { npmRebuild?: boolean }; getResourcesDir(appOutDir: string): string };
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

export default async function afterPack(context: AfterPackContext): Promise<void> {
  const models = path.join(context.packager.getResourcesDir(context.appOutDir), 'models');
  const problems = (await verifyModels(loadManifest(models), models)).flatMap((c) => c.problems);
  if (problems.length) throw new Error(`afterPack: the package lacks model files (run \`npm run models:ocr\`, and \`npm run models:fetch\` for the full pack, before packaging):\n${problems.join('\n')}`);

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
