/**
 * Generated test models (scripts/models/make-test-models.ts) with their int8 variants made by the real
 * `npm run models:prepare` script, for the benchmarks and the agreement eval.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { makeTestModels, type GeneratedModels } from '../models/make-test-models.js';
import { repoRoot } from './paths.js';

export function preparedTestModels(out: string, size: 'tiny' | 'bench'): GeneratedModels {
  const generated = makeTestModels(out, size);
  execFileSync(process.execPath, [path.join(repoRoot, 'scripts', 'models', 'prepare-models.mjs'), '--models-dir', out], { stdio: ['ignore', 'inherit', 'inherit'] });
  return generated;
}
