/**
 * Scans ingested while the OCR models are missing keep their pages as "needs OCR" (nothing lost, the
 * reason visible); ingesting them again once the models are there OCRs exactly those pages.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Engine } from '../src-main/engine/engine.js';
import { evalDir, removeTempDirs, repoRoot, storeProblems, tempDir } from './helpers.js';

afterAll(() => removeTempDirs());

describe('OCR after the models are installed', () => {
  it('leaves pages "needs OCR" without the models, then OCRs only those pages on the next ingest', async () => {
    const dir = tempDir();
    const noModels = path.join(dir, 'models');
    fs.mkdirSync(noModels);
    fs.copyFileSync(path.join(repoRoot, 'models', 'manifest.json'), path.join(noModels, 'manifest.json'));
    const scan = path.join(dir, 'scan.jpg');
    fs.copyFileSync(path.join(evalDir, 'ocr', 'jsquad-pages', 'scan', 'h02.jpg'), scan);
    const text = path.join(dir, 'memo.txt');
    fs.writeFileSync(text, '議事録\n来期の予算案を検討した。\n');
    const db = path.join(dir, 's.db');

    const without = new Engine({ dbPath: db, modelsDir: noModels });
    const first = await without.ingest({ paths: [scan, text] });
    expect((await without.pageOcr()).reason).toMatch(/ppocr-v6-small\/det\.onnx is missing/);
    without.close();
    expect(first.files.map((f) => [path.basename(f.path), f.outcome, f.pagesNeedingOcr])).toEqual([
      ['scan.jpg', 'indexed', 1],
      ['memo.txt', 'indexed', 0],
    ]);

    const withModels = new Engine({ dbPath: db });
    const second = await withModels.ingest({ paths: [scan, text] });
    expect(second.files.map((f) => [path.basename(f.path), f.outcome, f.pagesNeedingOcr ?? 0])).toEqual([
      ['scan.jpg', 'indexed', 0],
      ['memo.txt', 'unchanged', 0],
    ]);
    expect(withModels.listDocuments().find((d) => d.path === scan)).toMatchObject({ status: 'ready', pagesIndexed: 1, pagesNeedingOcr: 0 });
    expect((await withModels.search({ query: '予算案' })).hits.map((h) => h.path)).toEqual([text]);
    expect((await withModels.search({ query: 'フックの法則', k: 3 })).hits[0]?.path).toBe(scan);
    withModels.close();
    expect(storeProblems(db)).toEqual([]);
  }, 120_000);
});
