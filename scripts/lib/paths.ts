/**
 * Where things are in this checkout: the one definition for scripts, tests and e2e. Works from the sources
 * (scripts/lib) and from the build (out/scripts/lib) alike, by walking up to the folder holding package.json.
 * (The plain-JavaScript scripts that run before the build, scripts/models/*.mjs, do the same walk inline.)
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The checkout: the nearest folder above this file that holds package.json. */
export const repoRoot = (() => {
  const start = path.dirname(fileURLToPath(import.meta.url));
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no package.json above ${start}`);
  }
})();

/** Read-only evaluation data: ../shared/eval beside the checkout (CI clones the repo next to shared/); DOCSEARCH_EVAL_DIR overrides. */
export const evalDir = path.resolve(process.env.DOCSEARCH_EVAL_DIR || path.join(repoRoot, '..', 'shared', 'eval'));

/** The checkout's models folder (models/manifest.json and the files fetched by `npm run models:ocr`). */
export const modelsDir = path.join(repoRoot, 'models');
