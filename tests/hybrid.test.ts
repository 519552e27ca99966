/**
 * Hybrid search and reindex through the real engine, store (sqlite-vec) and onnxruntime-node, on the
 * GENERATED test models (random weights: the order they give means nothing; the stages, scores and
 * bookkeeping are what is tested). Nothing in the search path knows these are test models.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestModels } from '../scripts/models/make-test-models.js';
import type { IngestEvent } from '#shared/api';
import { Engine } from '../src-main/engine/engine.js';
import { removeTempDirs, tempDir, writeFile } from './helpers.js';

const DOCS: Record<string, string> = {
  'tsuyu.txt': '梅雨\n梅雨は、北海道と小笠原諸島を除く日本でみられる、5月から7月にかけての雨の多い期間のこと。雨季の一種である。',
  'shinkansen.txt': '東海道新幹線\n東海道新幹線は、東京駅から新大阪駅までを結ぶ高速鉄道路線である。1964年に開業した。',
  'sushi.txt': '寿司\n寿司は、酢飯と魚介類などを組み合わせた日本料理である。',
};

let dir: string;
let models: string;
let docs: string;

beforeAll(() => {
  dir = tempDir();
  models = tempDir();
  makeTestModels(models, 'tiny');
  docs = path.join(dir, 'docs');
  for (const [name, text] of Object.entries(DOCS)) writeFile(path.join(docs, name), text);
});

afterAll(() => removeTempDirs());

describe('without an embedder', () => {
  it('searches lexically and says why dense search is off', async () => {
    const e = new Engine({ dbPath: path.join(dir, 'plain.db') });
    try {
      await e.ingest({ paths: [docs] });
      const r = await e.search({ query: '梅雨' });
      expect(r.stages).toEqual(['lexical']);
      expect(r.notes.map((n) => n.message).join(' ')).toMatch(/dense search off: no embedder installed/);
      expect(r.hits[0]!.scores).toMatchObject({ lexical: r.hits[0]!.score, dense: null, fused: null, rerank: null });
    } finally {
      e.close();
    }
  });
});

describe('with a damaged embedder', () => {
  it('keeps searching lexically and names the missing file and the fix', async () => {
    const broken = tempDir();
    makeTestModels(broken, 'tiny');
    fs.rmSync(path.join(broken, 'test', 'test-embedder-tiny', 'model.onnx'));
    const e = new Engine({ dbPath: path.join(dir, 'broken.db'), modelsDir: broken });
    try {
      const summary = await e.ingest({ paths: [docs] });
      expect(summary.counts.indexed).toBe(3);
      const r = await e.search({ query: '梅雨' });
      expect(r.stages).toEqual(['lexical', 'rerank:test-reranker-tiny']);
      expect(r.notes.map((n) => n.message).join(' ')).toContain(path.join(broken, 'test', 'test-embedder-tiny', 'model.onnx'));
      const status = await e.modelStatus();
      expect(status.find((m) => m.role === 'embedder')).toMatchObject({ status: 'missing' });
    } finally {
      e.close();
    }
  });
});

describe('with an embedder and a reranker', () => {
  let e: Engine;
  const events: IngestEvent[] = [];

  beforeAll(async () => {
    e = new Engine({ dbPath: path.join(dir, 'hybrid.db'), modelsDir: models });
    await e.ingest({ paths: [docs] }, { emit: (ev) => events.push(ev) });
  });

  afterAll(() => e.close());

  it('embeds chunks during ingest, with progress, recording the embedder', () => {
    const embed = events.filter((ev) => ev.type === 'embed');
    expect(embed.length).toBe(3);
    expect(embed.every((ev) => ev.type === 'embed' && ev.done === ev.total && ev.total >= 1)).toBe(true);
    expect(e.status().vectorSpace).toEqual({ model: 'test-embedder-tiny', dims: 64 });
  });

  it('fuses lexical and dense candidates (RRF by default) and reranks, showing every stage and score', async () => {
    const r = await e.search({ query: '日本の梅雨', k: 3 });
    expect(r.stages).toEqual(['lexical', 'dense:test-embedder-tiny', 'fusion:rrf', 'rerank:test-reranker-tiny']);
    expect(r.hits).toHaveLength(3);
    for (const h of r.hits) {
      expect(h.scores.dense).toBeGreaterThan(-1.0001);
      expect(h.scores.dense).toBeLessThan(1.0001);
      expect(h.scores.fused).toBeGreaterThan(0);
      expect(h.score).toBe(h.scores.rerank);
    }
    const reranked = r.hits.map((h) => h.scores.rerank!);
    expect([...reranked].sort((a, b) => b - a)).toEqual(reranked);
    // the lexical match is among the fused candidates with its lexical score
    expect(r.hits.find((h) => h.title === '梅雨')!.scores.lexical).toBeGreaterThan(0);
  });

  it('runs the mode and fusion asked for', async () => {
    expect((await e.search({ query: '梅雨', mode: 'lexical' })).stages).toEqual(['lexical']);
    expect((await e.search({ query: '梅雨', mode: 'dense', rerank: false })).stages).toEqual(['dense:test-embedder-tiny']);
    const w = await e.search({ query: '梅雨', fusion: 'weighted', rerank: false });
    expect(w.stages).toEqual(['lexical', 'dense:test-embedder-tiny', 'fusion:weighted']);
    expect(w.hits[0]!.score).toBe(w.hits[0]!.scores.fused);
  });
});

describe('reindex', () => {
  it('embeds a store made before the embedder was installed, and vectors follow removals', async () => {
    const db = path.join(dir, 'later.db');
    const before = new Engine({ dbPath: db });
    await before.ingest({ paths: [docs] });
    before.close();
    const e = new Engine({ dbPath: db, modelsDir: models });
    try {
      const r0 = await e.search({ query: '寿司' });
      expect(r0.stages).toEqual(['lexical', 'rerank:test-reranker-tiny']);
      expect(r0.notes.map((n) => n.message).join(' ')).toMatch(/no vectors from the installed embedder yet/);
      const progress: number[] = [];
      const r = await e.reindex(undefined, { emit: (ev) => progress.push(ev.done) });
      expect(r).toMatchObject({ model: 'test-embedder-tiny', embedded: 3, withVector: 3, chunks: 3, cancelled: false, reason: null });
      expect(progress.at(-1)).toBe(3);
      expect((await e.reindex()).embedded).toBe(0);
      expect((await e.search({ query: '寿司' })).stages).toContain('dense:test-embedder-tiny');
      const sushi = e.listDocuments().find((d) => d.title === '寿司')!;
      e.removeDocument({ doc: String(sushi.id) });
      expect(await e.reindex()).toMatchObject({ embedded: 0, withVector: 2, chunks: 2 });
    } finally {
      e.close();
    }
  });
});
