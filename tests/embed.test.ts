/**
 * The embedder and reranker code paths through onnxruntime-node for real, on GENERATED test models
 * (scripts/models/make-test-models.ts: production signatures, a real WordPiece tokenizer.json, random weights).
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestModels } from '../scripts/models/make-test-models.js';
import { Embedder } from '../src-main/engine/embed/embedder.js';
import { Reranker } from '../src-main/engine/embed/reranker.js';
import { ModelTokenizer } from '../src-main/engine/embed/tokenizer.js';
import { ModelRegistry } from '../src-main/engine/models/registry.js';
import { removeTempDirs, tempDir } from './helpers.js';

let dir: string;
let registry: ModelRegistry;

beforeAll(() => {
  dir = tempDir();
  makeTestModels(dir, 'tiny');
  registry = new ModelRegistry({ modelsDir: dir, dataDir: dir, env: { DOCSEARCH_EP: 'cpu' } });
});

afterAll(async () => {
  await registry.close();
  removeTempDirs();
});

const dot = (a: Float32Array, b: Float32Array) => a.reduce((s, x, i) => s + x * b[i]!, 0);

describe('tokenizer', () => {
  it('keeps dakuten and handakuten apart (no lower-casing or accent stripping)', () => {
    const t = new ModelTokenizer(path.join(dir, 'test/test-embedder-tiny/tokenizer.json'), path.join(dir, 'test/test-embedder-tiny/tokenizer_config.json'));
    const [ga, ka, pa] = ['ガ', 'カ', 'パ'].map((c) => t.encode(c, 16));
    expect(ga).not.toEqual(ka);
    expect(pa).not.toEqual(ga);
    expect(t.encode('梅雨'.repeat(100), 32)).toHaveLength(32);
  });
});

describe('embedder', () => {
  it('gives unit vectors of the manifest dimension, the same for a text alone or in a padded batch', async () => {
    const e = await Embedder.fromRegistry(registry);
    expect(e.dims).toBe(64);
    const short = '梅雨は雨季の一種である。';
    const long = '東海道新幹線は、東京駅から新大阪駅までを結ぶ東海旅客鉄道の高速鉄道路線である。'.repeat(3);
    const [alone] = await e.embedPassages([short]);
    const [inBatch, other] = await e.embedPassages([short, long]);
    expect(alone).toHaveLength(64);
    expect(Math.sqrt(dot(alone!, alone!))).toBeCloseTo(1, 5);
    // padding must not change a vector: the attention mask and mean pooling ignore it
    for (let i = 0; i < 64; i++) expect(inBatch![i]).toBeCloseTo(alone![i]!, 4);
    expect(dot(inBatch!, other!)).toBeLessThan(0.9999);
    // the query prefix makes a query differ from the same text as a passage
    const [asQuery] = await e.embedQueries([short]);
    expect(dot(asQuery!, alone!)).toBeLessThan(0.9999);
  });

  it('runs on the CPU provider when CUDA is off, and reports it', async () => {
    const e = await Embedder.fromRegistry(registry);
    expect(e.sessionInfo.provider).toBe('cpu');
  });
});

describe('reranker', () => {
  it('scores pairs in order, the same alone or batched', async () => {
    const r = await Reranker.fromRegistry(registry);
    const passages = ['梅雨は雨季の一種である。', '寿司は日本料理である。', '新幹線は高速鉄道である。'.repeat(4)];
    const all = await r.score('梅雨とは', passages);
    expect(all).toHaveLength(3);
    for (const [i, p] of passages.entries()) expect((await r.score('梅雨とは', [p]))[0]).toBeCloseTo(all[i]!, 4);
  });
});

describe('a damaged model', () => {
  it('is a clear error naming the file', async () => {
    const copy = tempDir();
    makeTestModels(copy, 'tiny');
    fs.appendFileSync(path.join(copy, 'test/test-reranker-tiny/model.onnx'), 'x');
    const reg = new ModelRegistry({ modelsDir: copy, dataDir: copy, env: { DOCSEARCH_EP: 'cpu' } });
    try {
      await expect(Reranker.fromRegistry(reg)).rejects.toThrow(/test-reranker-tiny\/model\.onnx/);
    } finally {
      await reg.close();
    }
  });
});
