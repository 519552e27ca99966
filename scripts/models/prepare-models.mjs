#!/usr/bin/env node
/**
 * `npm run models:prepare [-- --models-dir DIR] [--model ID ...] [--setup]`: BUILD TIME ONLY. Makes the int8
 * variant of the embedder and the reranker (or of the models named) with onnxruntime's own dynamic
 * quantisation (scripts/models/quantize.py), writes it beside the fp32 file (model.onnx → model.int8.onnx)
 * and records it in the manifest as the model's variant: its sha256 and size, the source file's sha256, the
 * tool with its version and the options. The app only reads the result; nothing in Python runs at run time.
 * Python runs in a venv of its own (.cache/models-venv, gitignored) with the pinned packages of
 * quantize-requirements.txt, made once and remade when that file changes. `--setup` only makes the venv.
 * A variant already recorded for the same source, whose file is intact, is kept as it is.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
/** The checkout: the nearest folder above this script holding package.json (as scripts/lib/paths.ts finds it). */
const root = (function up(dir) {
  return fs.existsSync(path.join(dir, 'package.json')) || path.dirname(dir) === dir ? dir : up(path.dirname(dir));
})(here);
const requirements = path.join(here, 'quantize-requirements.txt');

/**
 * Measured on the bench-shaped models (README, Semantic figures): int8 weights (u8s8, the fast path of
 * onnxruntime's CPU kernels), one scale per tensor, MatMul and the embedding Gather quantised (the
 * 102,400-row embedding table is most of the parameters: a quarter of the size).
 */
export const QUANTIZE_OPTIONS = ['--weight-type', 'QInt8', '--op-types', 'MatMul,Gather'];
const VARIANT = 'int8';

const sha256 = (file) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');

/** The venv's python, made (or remade after quantize-requirements.txt changed) first. */
export function ensureVenv(venv = process.env.DOCSEARCH_MODELS_VENV || path.join(root, '.cache', 'models-venv'), log = console.log) {
  const python = path.join(venv, process.platform === 'win32' ? 'Scripts/python.exe' : 'bin/python');
  const stamp = path.join(venv, 'docsearch-requirements.sha256');
  const want = sha256(requirements);
  if (fs.existsSync(python) && fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === want) return python;
  log(`models:prepare: making the Python venv ${venv} (${fs.readFileSync(requirements, 'utf8').split('\n').filter((l) => l && !l.startsWith('#')).join(', ')})`);
  fs.rmSync(venv, { recursive: true, force: true });
  const system = process.env.PYTHON || (process.platform === 'win32' ? 'python' : 'python3');
  try {
    execFileSync(system, ['-m', 'venv', venv], { stdio: 'inherit' });
    execFileSync(python, ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '-r', requirements], { stdio: 'inherit' });
  } catch (e) {
    fs.rmSync(venv, { recursive: true, force: true });
    throw new Error(`could not make the venv with ${system} (Python 3.10+ with venv and pip, and PyPI, are needed at build time): ${e.message}`);
  }
  fs.writeFileSync(stamp, want);
  return python;
}

/**
 * Prepares the int8 variant of each model (default: every embedder and reranker of the manifest) and
 * records it in `<modelsDir>/manifest.json`. Returns what was done per model.
 */
export function prepareModels({ modelsDir, ids, python = ensureVenv(), log = console.log }) {
  const manifestPath = path.join(modelsDir, 'manifest.json');
  const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8'));
  const chosen = ids?.length ? ids : manifest.models.filter((m) => m.role === 'embedder' || m.role === 'reranker').map((m) => m.id);
  if (!chosen.length) throw new Error(`${manifestPath} has no embedder or reranker (run \`npm run models:fetch\` on a connected machine first)`);
  const done = [];
  for (const id of chosen) {
    const m = manifest.models.find((x) => x.id === id);
    if (!m) throw new Error(`${manifestPath} has no model "${id}"`);
    const src = m.files.find((f) => f.path.endsWith('.onnx'));
    if (!src) throw new Error(`model ${id} has no .onnx file to quantise`);
    const srcAbs = path.join(modelsDir, src.path);
    if (!fs.existsSync(srcAbs)) throw new Error(`model ${id}: ${srcAbs} is missing (run \`npm run models:fetch\` first)`);
    const srcSha = sha256(srcAbs);
    if (srcSha !== src.sha256) throw new Error(`model ${id}: ${srcAbs} does not match its sha256 in the manifest; restore it before preparing variants`);
    const rel = src.path.replace(/\.onnx$/, `.${VARIANT}.onnx`);
    const out = path.join(modelsDir, rel);
    const old = (m.variants ?? []).find((v) => v.id === VARIANT);
    if (old && old.source.sha256 === srcSha && old.file.path === rel && fs.existsSync(out) && sha256(out) === old.file.sha256) {
      log(`models:prepare: ${id} ${VARIANT} is up to date (${rel})`);
      done.push({ id, variant: old, made: false });
      continue;
    }
    const t0 = performance.now();
    const printed = execFileSync(python, [path.join(here, 'quantize.py'), srcAbs, out, ...QUANTIZE_OPTIONS], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    const { tool, options } = JSON.parse(printed.trim().split('\n').at(-1));
    const variant = { id: VARIANT, file: { path: rel, sha256: sha256(out), bytes: fs.statSync(out).size }, source: { path: src.path, sha256: srcSha }, tool, options };
    m.variants = [...(m.variants ?? []).filter((v) => v.id !== VARIANT), variant];
    log(`models:prepare: ${id} ${VARIANT}: ${rel}, ${(variant.file.bytes / 1048576).toFixed(1)} MiB (fp32 ${(src.bytes / 1048576).toFixed(1)} MiB), ${tool}, ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    done.push({ id, variant, made: true });
  }
  fs.writeFileSync(manifestPath, JSON.stringify(manifest, null, 2) + '\n');
  return done;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { 'models-dir': { type: 'string' }, model: { type: 'string', multiple: true }, setup: { type: 'boolean' } } });
  try {
    const python = ensureVenv();
    if (!values.setup) {
      const modelsDir = path.resolve(values['models-dir'] ?? process.env.DOCSEARCH_MODELS_DIR ?? path.join(root, 'models'));
      prepareModels({ modelsDir, ids: values.model, python });
      console.log(`models:prepare: variants recorded in ${path.join(modelsDir, 'manifest.json')}`);
    }
  } catch (e) {
    console.error(`models:prepare: ${e.message}`);
    process.exit(1);
  }
}
