#!/usr/bin/env node
/**
 * `npm run models:fetch [-- --small]`: FOR A CONNECTED BUILD MACHINE ONLY (the app never downloads).
 * Downloads the production embedder and reranker from Hugging Face into models/, at the revision pinned
 * below. A file models/manifest.json already pins must match its sha256; the first fetch records each
 * file's sha256, size, source URL and the commit Hugging Face resolved (commit that manifest to pin them).
 * The installer ships them and the app verifies them at start-up. Where a repository
 * publishes no ONNX file it stops and prints the export command instead. `--small` takes ruri-v3-30m
 * (256 dims) instead of ruri-v3-130m (512 dims) as the embedder.
 * Offline (as on the CI machine) it fails at once with a message saying so.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The checkout: the nearest folder above this script holding package.json (as scripts/lib/paths.ts finds it). */
const root = (function up(dir) {
  return fs.existsSync(path.join(dir, 'package.json')) || path.dirname(dir) === dir ? dir : up(path.dirname(dir));
})(path.dirname(fileURLToPath(import.meta.url)));
const modelsDir = path.join(root, 'models');
const small = process.argv.includes('--small');

// Pinned by repository and revision; the sha256 of each file is recorded at download and verified after.
const MODELS = [
  small
    ? { id: 'ruri-v3-30m', repo: 'cl-nagoya/ruri-v3-30m', revision: 'main', role: 'embedder', licence: 'Apache-2.0', params: { dims: 256, pooling: 'mean', maxTokens: 512, queryPrefix: '検索クエリ: ', passagePrefix: '検索文書: ' } }
    : { id: 'ruri-v3-130m', repo: 'cl-nagoya/ruri-v3-130m', revision: 'main', role: 'embedder', licence: 'Apache-2.0', params: { dims: 512, pooling: 'mean', maxTokens: 512, queryPrefix: '検索クエリ: ', passagePrefix: '検索文書: ' } },
  { id: 'japanese-reranker-xsmall-v2', repo: 'hotchpotch/japanese-reranker-xsmall-v2', revision: 'main', role: 'reranker', licence: 'MIT', params: { maxTokens: 512 } },
];
const FILES = [
  ['onnx/model.onnx', 'model.onnx'],
  ['tokenizer.json', 'tokenizer.json'],
  ['tokenizer_config.json', 'tokenizer_config.json'],
];

async function download(url, target) {
  let res;
  try {
    res = await fetch(url, { redirect: 'follow' });
  } catch (e) {
    throw new Error(`models:fetch needs the internet (run it on a connected build machine, then build the installer there); ${new URL(url).host} could not be reached: ${e.cause?.code ?? e.message}`);
  }
  if (res.status === 404) return null;
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  const hash = createHash('sha256');
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const out = fs.createWriteStream(`${target}.part`);
  let bytes = 0;
  for await (const chunk of res.body) {
    hash.update(chunk);
    bytes += chunk.length;
    if (!out.write(chunk)) await new Promise((r) => out.once('drain', r));
  }
  await new Promise((r, j) => out.end((e) => (e ? j(e) : r())));
  fs.renameSync(`${target}.part`, target);
  return { sha256: hash.digest('hex'), bytes, commit: res.headers.get('x-repo-commit') };
}

const manifestPath = path.join(modelsDir, 'manifest.json');
const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8'));
try {
  for (const m of MODELS) {
    const files = [];
    for (const [remote, local] of FILES) {
      const url = `https://huggingface.co/${m.repo}/resolve/${m.revision}/${remote}`;
      const rel = `${m.role}/${m.id}/${local}`;
      console.log(`models: ${url}`);
      const got = await download(url, path.join(modelsDir, rel));
      if (!got && local === 'model.onnx') {
        throw new Error(
          `${m.repo} publishes no ONNX file at ${remote}. Export it on this machine, then run models:fetch again:\n` +
            `  pip install "optimum[onnxruntime]" && optimum-cli export onnx --model ${m.repo} --task ${m.role === 'reranker' ? 'text-classification' : 'feature-extraction'} ${path.join(modelsDir, m.role, m.id)}\n` +
            `(the export writes model.onnx and the tokenizer files; models:fetch then records their sha256)`,
        );
      }
      if (!got) continue;
      // a file the manifest already pins must come back identical; a new one is recorded (first fetch)
      const pinned = manifest.models.find((x) => x.id === m.id)?.files.find((f) => f.path === rel);
      if (pinned && pinned.sha256 !== got.sha256) {
        fs.rmSync(path.join(modelsDir, rel));
        throw new Error(`${url}: sha256 ${got.sha256} differs from the pinned ${pinned.sha256} in models/manifest.json (the upstream file changed; review before re-pinning)`);
      }
      files.push({ path: rel, sha256: got.sha256, bytes: got.bytes, source: { url, revision: got.commit ?? m.revision } });
    }
    manifest.models = manifest.models.filter((x) => x.role !== m.role);
    manifest.models.push({ id: m.id, role: m.role, engine: 'onnx', description: `${m.repo} (${m.role})`, files, origin: `https://huggingface.co/${m.repo}`, licence: m.licence, params: m.params });
  }
  fs.writeFileSync(manifestPath, JSON.stringify(manifest, null, 2) + '\n');
  console.log(`models: embedder and reranker recorded in ${manifestPath}`);
} catch (e) {
  console.error(`models:fetch: ${e.message}`);
  process.exit(1);
}
