/**
 * `npm run models:prepare` for real on the GENERATED tiny models: onnxruntime's quantize_dynamic in the pinned
 * venv (made by npm test's pre-step; made here when missing), the variant recorded in the manifest, loaded
 * through the engine, and fp32 and int8 vectors kept apart as two vector spaces.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestModels } from '../scripts/models/make-test-models.js';
import { repoRoot } from '../scripts/lib/paths.js';
import { Embedder } from '../src-main/engine/embed/embedder.js';
import { loadSemantic } from '../src-main/engine/embed/semantic.js';
import { Engine } from '../src-main/engine/engine.js';
import { loadManifest } from '../src-main/engine/models/manifest.js';
import { ModelRegistry } from '../src-main/engine/models/registry.js';
import { sha256File } from '../src-main/engine/models/verify.js';
import { removeTempDirs, runCli, tempDir, writeFile } from './helpers.js';

const script = path.join(repoRoot, 'scripts', 'models', 'prepare-models.mjs');
const prepare = (modelsDir: string) => spawnSync(process.execPath, [script, '--models-dir', modelsDir], { encoding: 'utf8', timeout: 170_000 });
const env = { DOCSEARCH_EP: 'cpu' };
let models: string;
let firstRun: ReturnType<typeof prepare>;

beforeAll(() => {
  models = tempDir();
  makeTestModels(models, 'tiny');
  firstRun = prepare(models);
}, 180_000);

afterAll(() => removeTempDirs());

const dot = (a: Float32Array, b: Float32Array) => a.reduce((s, x, i) => s + x * b[i]!, 0);

describe('models:prepare', () => {
  it('records an int8 variant of the embedder and the reranker: its file, the source it was made from, the tool', async () => {
    expect(firstRun.status, firstRun.stderr).toBe(0);
    const manifest = loadManifest(models);
    const ortNode = JSON.parse(fs.readFileSync(path.join(repoRoot, 'node_modules', 'onnxruntime-node', 'package.json'), 'utf8')) as { version: string };
    for (const m of manifest.models) {
      expect(m.variants.map((v) => v.id)).toEqual(['int8']);
      const v = m.variants[0]!;
      expect(v.file.path).toBe(`test/${m.id}/model.int8.onnx`);
      expect(await sha256File(path.join(models, v.file.path))).toBe(v.file.sha256);
      expect(fs.statSync(path.join(models, v.file.path)).size).toBe(v.file.bytes);
      expect(v.source).toEqual({ path: `test/${m.id}/model.onnx`, sha256: await sha256File(path.join(models, 'test', m.id, 'model.onnx')) });
      // the Python tool of the same onnxruntime line as the runtime that loads it
      expect(v.tool).toMatch(new RegExp(`^onnxruntime ${ortNode.version.split('.').slice(0, 2).join('\\.')}\\.\\d+ quantize_dynamic \\(onnx \\d+\\.\\d+\\.\\d+\\)$`));
      expect(v.options).toMatchObject({ weightType: 'QInt8', opTypes: ['MatMul', 'Gather'] });
      // int8 weights: well under half the fp32 file
      expect(v.file.bytes).toBeLessThan(m.files[0]!.bytes / 2);
    }
    // a second run keeps what is up to date (same bytes, nothing rewritten)
    const again = prepare(models);
    expect(again.status, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/test-embedder-tiny int8 is up to date/);
    expect(loadManifest(models)).toEqual(manifest);
  });

  it('loads the int8 variant through the engine: another vector space id, vectors close to fp32', async () => {
    const registry = new ModelRegistry({ modelsDir: models, dataDir: models, env });
    try {
      const fp32 = await Embedder.fromRegistry(registry);
      const int8 = await Embedder.fromRegistry(registry, undefined, 'int8');
      expect([fp32.id, int8.id]).toEqual(['test-embedder-tiny', 'test-embedder-tiny@int8']);
      const text = '東海道新幹線は、東京駅から新大阪駅までを結ぶ高速鉄道路線である。';
      const [[a], [b]] = await Promise.all([fp32.embedPassages([text]), int8.embedPassages([text])]);
      expect(b).toHaveLength(64);
      expect(b).not.toEqual(a);
      expect(dot(a!, b!)).toBeGreaterThan(0.9);
      const status = await registry.status({ variant: 'int8' });
      const embedder = status.find((s) => s.role === 'embedder')!;
      expect(embedder).toMatchObject({ activeVariant: 'int8', variantNote: null, problems: [] });
      expect(embedder.variants).toEqual([expect.objectContaining({ id: 'int8', status: 'present', path: path.join(models, 'test', 'test-embedder-tiny', 'model.int8.onnx') })]);
    } finally {
      await registry.close();
    }
  });

  it('a missing variant file is a clear problem naming the path and models:prepare; the model falls back to fp32', async () => {
    const copy = tempDir();
    fs.cpSync(models, copy, { recursive: true });
    const gone = path.join(copy, 'test', 'test-reranker-tiny', 'model.int8.onnx');
    fs.rmSync(gone);
    const registry = new ModelRegistry({ modelsDir: copy, dataDir: copy, env });
    try {
      const problems = (await registry.verify()).flatMap((c) => c.problems);
      expect(problems).toEqual([`model test-reranker-tiny (variant int8): ${gone} is missing; run \`npm run models:prepare\` to make it (int8 weights from the fp32 model, at build time)`]);
      await expect(registry.onnxLoaded('test-reranker-tiny', 'int8')).rejects.toThrow(`${gone} is missing`);
      const sem = await loadSemantic(() => registry, 'int8');
      expect([sem.embedder?.id, sem.reranker?.id]).toEqual(['test-embedder-tiny@int8', 'test-reranker-tiny']);
      expect(sem.variantNotes).toEqual([`${problems[0]}; using fp32`]);
    } finally {
      await registry.close();
    }
  });

  it('a search says so when a model runs fp32 because its chosen variant is missing', async () => {
    const copy = tempDir();
    fs.cpSync(models, copy, { recursive: true });
    const gone = path.join(copy, 'test', 'test-reranker-tiny', 'model.int8.onnx');
    fs.rmSync(gone);
    const dir = tempDir();
    writeFile(path.join(dir, 'docs', 'tsuyu.txt'), '梅雨\n梅雨は、北海道と小笠原諸島を除く日本でみられる、5月から7月にかけての雨の多い期間のこと。');
    const saved = process.env.DOCSEARCH_EP;
    process.env.DOCSEARCH_EP = 'cpu';
    const e = new Engine({ dbPath: path.join(dir, 's.db'), modelsDir: copy });
    try {
      e.updateSettings({ models: { variant: 'int8' } });
      await e.ingest({ paths: [path.join(dir, 'docs')] });
      const r = await e.search({ query: '梅雨' });
      expect(r.stages).toEqual(['lexical', 'dense:test-embedder-tiny@int8', 'fusion:rrf', 'rerank:test-reranker-tiny']);
      expect(r.notes.map((n) => n.message)).toEqual([expect.stringMatching(new RegExp(`^model test-reranker-tiny \\(variant int8\\): .*model\\.int8\\.onnx is missing; .*; using fp32$`))]);
      expect(r.notes.map((n) => n.code)).toEqual(['variant-fallback']);
      expect((await e.search({ query: '梅雨', mode: 'lexical' })).notes).toEqual([]);
    } finally {
      e.close();
      if (saved === undefined) delete process.env.DOCSEARCH_EP;
      else process.env.DOCSEARCH_EP = saved;
    }
  });
});

describe('a variant made from other weights than the manifest now has', () => {
  it('is reported as altered with models:prepare as the fix, and models:prepare makes it again', async () => {
    const copy = tempDir();
    fs.cpSync(models, copy, { recursive: true });
    const file = path.join(copy, 'manifest.json');
    const json = JSON.parse(fs.readFileSync(file, 'utf8')) as { models: { variants: { source: { sha256: string } }[] }[] };
    json.models[0]!.variants[0]!.source.sha256 = 'f'.repeat(64);
    fs.writeFileSync(file, JSON.stringify(json));
    const registry = new ModelRegistry({ modelsDir: copy, dataDir: copy, env });
    const [check] = await registry.verify(['test-embedder-tiny']);
    expect(check!.status).toBe('present');
    expect(check!.variants).toEqual([{ id: 'int8', status: 'altered' }]);
    expect(check!.problems.join('\n')).toMatch(/model\.int8\.onnx \(variant int8\) was made from another test\/test-embedder-tiny\/model\.onnx than the manifest's; run `npm run models:prepare`/);
    await registry.close();
    const r = prepare(copy);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/test-embedder-tiny int8: test\/test-embedder-tiny\/model\.int8\.onnx/);
    expect(r.stdout).toMatch(/test-reranker-tiny int8 is up to date/);
    // the same weights quantised again: the same bytes (quantize_dynamic is deterministic)
    expect(loadManifest(copy)).toEqual(loadManifest(models));
  });
});

describe('docsearch models', () => {
  it('lists each variant with its state and the one in use; `models use int8` switches both, and refuses an unknown variant', async () => {
    const db = path.join(tempDir(), 's.db');
    const saved = { dir: process.env.DOCSEARCH_MODELS_DIR, ep: process.env.DOCSEARCH_EP };
    Object.assign(process.env, { DOCSEARCH_MODELS_DIR: models, DOCSEARCH_EP: 'cpu' });
    try {
      const before = await runCli(db, ['models']);
      expect(before.code, before.stderr).toBe(0);
      expect(before.stdout).toContain(`variant int8  present  ${path.join(models, 'test', 'test-embedder-tiny', 'model.int8.onnx')}  (onnxruntime 1.23.`);
      expect(before.stdout.match(/in use: fp32/g)).toHaveLength(2);
      const use = await runCli(db, ['models', 'use', 'int8']);
      expect([use.code, use.stdout]).toEqual([0, 'embedder test-embedder-tiny: int8\nreranker test-reranker-tiny: int8\n']);
      expect((await runCli(db, ['models'])).stdout.match(/in use: int8/g)).toHaveLength(2);
      const bad = await runCli(db, ['models', 'use', 'int4']);
      expect([bad.code, bad.stderr]).toEqual([2, 'docsearch: the variant must be one of fp32, int8 (not "int4")\n']);
    } finally {
      for (const [k, v] of [['DOCSEARCH_MODELS_DIR', saved.dir], ['DOCSEARCH_EP', saved.ep]] as const) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    }
  });
});

describe('the models.variant setting', () => {
  it('switches the embedder; vectors of fp32 and int8 are never mixed: another variant needs reindex', async () => {
    const dir = tempDir();
    const docs = path.join(dir, 'docs');
    writeFile(path.join(docs, 'tsuyu.txt'), '梅雨\n梅雨は、北海道と小笠原諸島を除く日本でみられる、5月から7月にかけての雨の多い期間のこと。');
    const saved = process.env.DOCSEARCH_EP;
    process.env.DOCSEARCH_EP = 'cpu';
    const e = new Engine({ dbPath: path.join(dir, 's.db'), modelsDir: models });
    try {
      expect(e.getSettings().models.variant).toBe('fp32');
      await e.ingest({ paths: [docs] });
      expect(e.status().vectorSpace?.model).toBe('test-embedder-tiny');
      expect((await e.search({ query: '梅雨' })).stages).toContain('dense:test-embedder-tiny');

      e.updateSettings({ models: { variant: 'int8' } });
      const r = await e.search({ query: '梅雨' });
      expect(r.stages).toEqual(['lexical', 'rerank:test-reranker-tiny@int8']);
      expect(r.notes.map((n) => n.message).join(' ')).toContain("the store's vectors come from embedder test-embedder-tiny, not the installed test-embedder-tiny@int8");
      // a new document is not embedded into the fp32 space by the int8 model
      writeFile(path.join(docs, 'sushi.txt'), '寿司\n寿司は、酢飯と魚介類などを組み合わせた日本料理である。');
      const ingest = await e.ingest({ paths: [path.join(docs, 'sushi.txt')] });
      expect(JSON.stringify(ingest)).toContain('test-embedder-tiny@int8');
      expect(e.status().vectorSpace?.model).toBe('test-embedder-tiny');

      const re = await e.reindex();
      expect(re).toMatchObject({ model: 'test-embedder-tiny@int8', withVector: re.chunks, reason: null });
      expect(e.status().vectorSpace?.model).toBe('test-embedder-tiny@int8');
      expect((await e.search({ query: '梅雨' })).stages).toEqual(['lexical', 'dense:test-embedder-tiny@int8', 'fusion:rrf', 'rerank:test-reranker-tiny@int8']);
      expect((await e.modelStatus()).filter((m) => m.activeVariant).map((m) => [m.id, m.activeVariant])).toEqual([
        ['test-embedder-tiny', 'int8'],
        ['test-reranker-tiny', 'int8'],
      ]);
    } finally {
      e.close();
      if (saved === undefined) delete process.env.DOCSEARCH_EP;
      else process.env.DOCSEARCH_EP = saved;
    }
  });
});
