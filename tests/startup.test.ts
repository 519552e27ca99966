/**
 * The engine's launch check (`start()`, what the desktop app and `serve` run at start): every model file
 * against its sha256, then OCR readied. With a model file deleted and another altered it names both, where
 * they are and how to restore them, and the rest of the engine keeps working.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../src-main/engine/service.js';
import { removeTempDirs, repoRoot, tempDir, writeFile } from './helpers.js';

afterAll(removeTempDirs);

describe('start() on the shipped models', () => {
  it('verifies every model and readies OCR, once', async () => {
    const e = new Engine({ dbPath: path.join(tempDir(), 'docsearch.db'), modelsDir: path.join(repoRoot, 'models') });
    try {
      const first = e.start();
      const r = await first;
      expect(r.problems).toEqual([]);
      expect(r.damaged).toEqual([]);
      expect(r.ocr).toEqual({ ready: true, reason: null });
      expect(r.ms.total).toBeGreaterThanOrEqual(r.ms.verify + r.ms.ocr - 1);
      expect(e.start()).toBe(first);
    } finally {
      e.close();
    }
  });
});

describe('start() with a model file deleted and another altered (packaged app)', () => {
  let models = '';
  let deleted = '';
  let altered = '';
  let e: Engine;
  beforeAll(() => {
    models = tempDir('docsearch-models-');
    fs.cpSync(path.join(repoRoot, 'models'), models, { recursive: true });
    deleted = path.join(models, 'ocr', 'tesseract', 'jpn_vert.traineddata.gz');
    fs.rmSync(deleted);
    altered = path.join(models, 'ocr', 'japan_PP-OCRv3_rec_infer.onnx');
    fs.appendFileSync(altered, 'x');
    e = new Engine({ dbPath: path.join(tempDir(), 'docsearch.db'), modelsDir: models, packaged: true });
  });
  afterAll(() => e?.close());

  it('names each file, where it is and how to restore it; OCR is off with the reason', async () => {
    const r = await e.start();
    const fix = 'reinstall the app from its installer (which carries every model) to restore it';
    expect(r.problems).toHaveLength(2);
    expect(r.problems).toContain(`model tesseract-jpn-vert: ${deleted} is missing; ${fix}`);
    const size = fs.statSync(altered).size;
    expect(r.problems).toContain(`model ppocr-v3-japan-rec: ${altered} is altered (${size} bytes, expected ${size - 1}); ${fix}`);
    expect(r.damaged).toEqual([
      { model: 'ppocr-v3-japan-rec', path: altered, status: 'altered', restore: 'reinstall' },
      { model: 'tesseract-jpn-vert', path: deleted, status: 'missing', restore: 'reinstall' },
    ]);
    expect(r.ocr.ready).toBe(false);
    expect(r.ocr.reason).toContain(deleted);
  });

  it('keeps ingesting text and searching', async () => {
    const file = writeFile(path.join(tempDir(), 'memo.txt'), '起動時にモデルが壊れていても、検索はそのまま使えます。');
    const summary = await e.ingest({ paths: [file] });
    expect(summary.counts.indexed).toBe(1);
    const hits = (await e.search({ query: 'モデルが壊れて' })).hits;
    expect(hits[0]?.path).toBe(file);
  });
});
