/**
 * The engine's launch check (`start()`, what the desktop app and `serve` run at start): every model file
 * against its sha256, then OCR readied. With a model file deleted and another altered it names both, where
 * they are and how to restore them, and the rest of the engine keeps working.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../src-main/engine/engine.js';
import { evalDir, removeTempDirs, repoRoot, tempDir, writeFile } from './helpers.js';

afterAll(removeTempDirs);

describe('start() on the shipped models', () => {
  it('verifies every model and readies OCR, once', async () => {
    const e = new Engine({ dbPath: path.join(tempDir(), 'docsearch.db'), modelsDir: path.join(repoRoot, 'models') });
    try {
      const t0 = performance.now();
      const first = e.start();
      const r = await first;
      const wall = performance.now() - t0;
      expect(r.problems).toEqual([]);
      expect(r.damaged).toEqual([]);
      expect(r.ocr).toEqual({ ready: true, reason: null, strategy: 'ppocr-v6', fallback: null });
      // the timings are the parts of this call: OCR sessions were really created, and nothing is counted twice
      expect(r.ms.ocr).toBeGreaterThan(0);
      expect(r.ms.verify + r.ms.ocr).toBeLessThanOrEqual(wall + 1);
      expect(r.ms.total).toBeCloseTo(r.ms.verify + r.ms.ocr, 0);
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
    fs.cpSync(path.join(repoRoot, 'models'), models, { recursive: true, dereference: true }); // copies, never links: these tests damage the copy
    deleted = path.join(models, 'ocr', 'ppocr-v6-small', 'det.onnx');
    fs.rmSync(deleted);
    altered = path.join(models, 'ocr', 'ppocr-v5-mobile', 'rec.onnx');
    fs.appendFileSync(altered, 'x');
    e = new Engine({ dbPath: path.join(tempDir(), 'docsearch.db'), modelsDir: models, packaged: true });
  });
  afterAll(() => e?.close());

  it('names each file, where it is and how to restore it; OCR falls back to the strategy whose models are intact, saying why', async () => {
    const r = await e.start();
    const fix = 'reinstall the app from its installer (which carries every model) to restore it';
    expect(r.problems).toHaveLength(2);
    expect(r.problems).toContain(`model ppocr-v6-small-det: ${deleted} is missing; ${fix}`);
    const size = fs.statSync(altered).size;
    expect(r.problems).toContain(`model ppocr-v5-mobile-rec: ${altered} is altered (${size} bytes, expected ${size - 1}); ${fix}`);
    expect(r.damaged).toEqual([
      { model: 'ppocr-v6-small-det', path: deleted, status: 'missing', restore: 'reinstall' },
      { model: 'ppocr-v5-mobile-rec', path: altered, status: 'altered', restore: 'reinstall' },
    ]);
    expect(r.ocr).toMatchObject({ ready: true, reason: null, strategy: 'legacy' });
    expect(r.ocr.fallback).toContain(`OCR strategy ppocr-v6 cannot run (model ppocr-v6-small-det: ${deleted} is missing`);
  });

  it('reads a scanned page with the fallback and records which recognisers read it', async () => {
    const page = path.join(tempDir(), 'scan.jpg');
    fs.copyFileSync(path.join(evalDir, 'ocr', 'jsquad-pages', 'scan', 'h01.jpg'), page);
    const [out] = await e.ocr({ path: page });
    expect(out!.strategy).toBe('legacy');
    expect(new Set(out!.lines.map((l) => l.recogniser.split('+')[0]))).toEqual(new Set(['ppocr-v3-japan-rec']));
  });

  it('keeps ingesting text and searching', async () => {
    const file = writeFile(path.join(tempDir(), 'memo.txt'), '起動時にモデルが壊れていても、検索はそのまま使えます。');
    const summary = await e.ingest({ paths: [file] });
    expect(summary.counts.indexed).toBe(1);
    const hits = (await e.search({ query: 'モデルが壊れて' })).hits;
    expect(hits[0]?.path).toBe(file);
  });
});

describe('start() when no OCR strategy has its models', () => {
  it('turns OCR off with the chosen strategy\'s problems', async () => {
    const models = tempDir('docsearch-models-');
    fs.cpSync(path.join(repoRoot, 'models'), models, { recursive: true, dereference: true }); // copies, never links: these tests damage the copy
    // every strategy needs one of these two detectors
    for (const f of ['ppocr-v6-small/det.onnx', 'ppocr-v5-mobile/det.onnx', 'ch_PP-OCRv4_det_infer.onnx']) fs.rmSync(path.join(models, 'ocr', f));
    const e = new Engine({ dbPath: path.join(tempDir(), 'docsearch.db'), modelsDir: models });
    try {
      const r = await e.start();
      expect(r.ocr.ready).toBe(false);
      expect(r.ocr.strategy).toBeNull();
      expect(r.ocr.reason).toContain(path.join(models, 'ocr', 'ppocr-v6-small', 'det.onnx'));
    } finally {
      e.close();
    }
  });
});
