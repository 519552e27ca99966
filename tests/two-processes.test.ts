/**
 * The CLI, `serve` and the desktop app share one store by default: processes that open it at the same
 * moment must not trip over each other (issue 14).
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTestModels } from '../scripts/models/make-test-models.js';
import { Engine } from '../src-main/engine/engine.js';
import { MIGRATIONS } from '../src-main/engine/store/migrations.js';
import { finished, removeTempDirs, spawnCli, tempDir, withStore, writeFile } from './helpers.js';

afterAll(removeTempDirs);

describe('processes opening a new store at once', () => {
  it('all start, and the schema is migrated once', async () => {
    // the race is a matter of milliseconds: several rounds of six processes each
    for (let round = 0; round < 5; round++) {
      const db = path.join(tempDir(), 'docsearch.db');
      const runs = await Promise.all(Array.from({ length: 6 }, () => finished(spawnCli(db, ['status', '--json']))));
      for (const r of runs) expect(r.stderr, r.stderr).not.toMatch(/docsearch:/);
      expect(runs.map((r) => r.code)).toEqual(Array(6).fill(0));
      expect(withStore(db, (d) => d.pragma('user_version', { simple: true }))).toBe(MIGRATIONS.length);
    }
  }, 120_000);
});

describe('settings changed by another process', () => {
  it('reach a running engine at its next read, and neither process undoes the other\'s keys', async () => {
    const db = path.join(tempDir(), 'docsearch.db');
    const serve = new Engine({ dbPath: db });
    try {
      serve.updateSettings({ llm: { allowRemoteHost: true, host: 'http://192.168.1.20:11434' } });
      const off = await finished(spawnCli(db, ['settings', 'set', 'llm.allowRemoteHost', 'false']));
      expect(off.code, off.stderr).toBe(0);
      expect(serve.getSettings().llm).toMatchObject({ allowRemoteHost: false, host: 'http://192.168.1.20:11434' });
      serve.updateSettings({ ocr: { strategy: 'legacy' } });
      const shown = await finished(spawnCli(db, ['settings']));
      expect(JSON.parse(shown.stdout)).toMatchObject({ llm: { allowRemoteHost: false }, ocr: { strategy: 'legacy' } });
      // the OCR strategy too: serve reads its next scanned page with the one chosen in the CLI
      expect((await serve.pageOcr()).strategy?.id).toBe('legacy');
      const v5 = await finished(spawnCli(db, ['settings', 'set', 'ocr.strategy', 'ppocr-v5']));
      expect(v5.code, v5.stderr).toBe(0);
      expect((await serve.pageOcr()).strategy?.id).toBe('ppocr-v5');
    } finally {
      serve.close();
    }
  }, 60_000);
});

describe('two processes with different embedders on one store', () => {
  /** A models folder whose embedder is the generated tiny one under another id (another model, to the store). */
  function modelsWithEmbedder(id: string): string {
    const dir = tempDir();
    const { manifestPath } = makeTestModels(dir, 'tiny');
    const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8')) as { models: { id: string; role: string }[] };
    manifest.models.find((m) => m.role === 'embedder')!.id = id;
    fs.writeFileSync(manifestPath, JSON.stringify(manifest));
    return dir;
  }

  it('keep each other\'s vectors: only an explicit reindex switches the store to another embedder', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'docsearch.db');
    const first = path.join(dir, 'first');
    const second = path.join(dir, 'second');
    writeFile(path.join(first, 'tsuyu.txt'), '梅雨\n梅雨は、日本でみられる5月から7月にかけての雨の多い期間のこと。');
    writeFile(path.join(first, 'sushi.txt'), '寿司\n寿司は、酢飯と魚介類などを組み合わせた日本料理である。');
    writeFile(path.join(second, 'shinkansen.txt'), '東海道新幹線\n東海道新幹線は、東京駅から新大阪駅までを結ぶ高速鉄道路線である。');
    const app = new Engine({ dbPath: db, modelsDir: modelsWithEmbedder('embedder-a') });
    const other = new Engine({ dbPath: db, modelsDir: modelsWithEmbedder('embedder-b') });
    try {
      expect((await app.ingest({ paths: [first] })).counts.indexed).toBe(2);
      expect(app.status().vectorSpace).toEqual({ model: 'embedder-a', dims: 64 });
      const withA = (await app.reindex()).withVector;
      expect(withA).toBeGreaterThan(0);

      // the other process indexes its file lexically, says why, and drops nothing
      const s = await other.ingest({ paths: [second] });
      expect(s.counts.indexed).toBe(1);
      expect(s.files[0]!.reason).toMatch(/vectors come from embedder embedder-a, not the installed embedder-b; `docsearch reindex` switches/);
      expect(other.status().vectorSpace).toEqual({ model: 'embedder-a', dims: 64 });
      const lexicalOnly = await other.search({ query: '新幹線' });
      expect(lexicalOnly.hits[0]!.title).toBe('東海道新幹線');
      expect(lexicalOnly.notes.map((n) => n.message).join(' ')).toMatch(/vectors come from embedder embedder-a, not the installed embedder-b/);
      const dense = await app.search({ query: '梅雨', mode: 'dense', rerank: false });
      expect(dense.stages).toEqual(['dense:embedder-a']);
      expect(dense.hits.length).toBeGreaterThan(0);
      // the first process's reindex adds the other's document to its vectors, keeping its own
      expect(await app.reindex()).toMatchObject({ model: 'embedder-a', embedded: 1, withVector: withA + 1 });

      // an explicit reindex in the other process switches the store to its embedder
      const switched = await other.reindex();
      expect(switched).toMatchObject({ model: 'embedder-b', embedded: withA + 1, withVector: withA + 1 });
      expect((await other.search({ query: '寿司', mode: 'dense', rerank: false })).stages).toEqual(['dense:embedder-b']);
      // and from then on the first process is the one that indexes lexically, dropping nothing
      const again = await app.ingest({ paths: [path.join(first, 'tsuyu.txt'), writeFile(path.join(first, 'new.txt'), '新しい文書です。')] });
      expect(again.files.find((f) => f.path.endsWith('new.txt'))!.reason).toMatch(/vectors come from embedder embedder-b/);
      expect(app.status().vectorSpace).toEqual({ model: 'embedder-b', dims: 64 });
      expect((await other.reindex()).embedded).toBe(1);
    } finally {
      app.close();
      other.close();
    }
  }, 60_000);
});
