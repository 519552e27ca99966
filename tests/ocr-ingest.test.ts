/**
 * Scanned input through the real engine with the real OCR models (npm run models:ocr): image files and
 * image-only PDF pages are OCRed page by page, their text and line boxes land in the store, and bad
 * images give a sensible result or a per-page error without losing the rest.
 */
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IngestEvent, IngestSummary } from '#shared/api';
import { Engine } from '../src-main/engine/engine.js';
import { evalDir, fixturesDir, removeTempDirs, storeProblems, tempDir, withStore } from './helpers.js';

const gt = (id: string) => fs.readFileSync(path.join(evalDir, 'ocr', 'jsquad-pages', 'gt', `${id}.txt`), 'utf8');
/** Share of the reference's character bigrams found in the text: a coarse, order-free accuracy check. */
function bigramRecall(text: string, reference: string): number {
  const norm = (s: string) => s.normalize('NFKC').replace(/\s+/g, '');
  const grams = (s: string) => new Set([...norm(s)].slice(0, -1).map((c, i) => c + [...norm(s)][i + 1]));
  const have = grams(text);
  const want = grams(reference);
  return [...want].filter((g) => have.has(g)).length / want.size;
}

let dir: string;
let engine: Engine;
let summary: IngestSummary;
const events: IngestEvent[] = [];
const input = (name: string) => path.join(dir, 'in', name);

beforeAll(async () => {
  dir = tempDir();
  fs.mkdirSync(path.join(dir, 'in'));
  fs.copyFileSync(path.join(evalDir, 'ocr', 'jsquad-pages', 'scan', 'h01.jpg'), input('photo-h01.jpg'));
  fs.copyFileSync(path.join(fixturesDir, 'scanned-v00.pdf'), input('scan-vertical.pdf'));
  fs.copyFileSync(path.join(fixturesDir, 'scanned-corrupt-image.pdf'), input('scan-corrupt.pdf'));
  await sharp({ create: { width: 1654, height: 2339, channels: 3, background: '#ffffff' } }).png().toFile(input('blank.png'));
  await sharp({ create: { width: 10_000, height: 10_000, channels: 3, background: '#ffffff' } }).greyscale().png({ compressionLevel: 1 }).toFile(input('huge.png'));
  await sharp({ create: { width: 5, height: 5, channels: 3, background: '#000000' } }).png().toFile(input('tiny.png'));
  // a 1-bit TIFF and a CMYK JPEG of the same page
  await sharp(path.join(evalDir, 'ocr', 'jsquad-pages', 'scan', 'h02.jpg')).threshold(128).toColourspace('b-w').tiff({ bitdepth: 1 }).toFile(input('bilevel-h02.tif'));
  await sharp(path.join(evalDir, 'ocr', 'jsquad-pages', 'scan', 'h03.jpg')).toColourspace('cmyk').jpeg().toFile(input('cmyk-h03.jpg'));
  engine = new Engine({ dbPath: path.join(dir, 's.db') });
  summary = await engine.ingest({ paths: [path.join(dir, 'in')] }, { emit: (e) => events.push(e) });
}, 300_000);

afterAll(() => {
  engine?.close();
  removeTempDirs();
});

const result = (name: string) => summary.files.find((f) => path.basename(f.path) === name)!;
const pageText = (name: string) =>
  withStore(path.join(dir, 's.db'), (db) =>
    (db.prepare(`SELECT p.text, p.source, p.status, p.error FROM pages p JOIN documents d ON d.id = p.doc_id WHERE d.path = ? ORDER BY p.page_no`).all(input(name)) as {
      text: string;
      source: string;
      status: string;
      error: string | null;
    }[]),
  );

describe('OCR during ingestion', () => {
  it('reads a photographed horizontal page and a vertical (縦書き) scanned PDF page', async () => {
    expect(result('photo-h01.jpg')).toMatchObject({ outcome: 'indexed', pages: 1, pagesNeedingOcr: 0 });
    const [h] = pageText('photo-h01.jpg');
    expect(h).toMatchObject({ source: 'ocr', status: 'indexed' });
    expect(bigramRecall(h!.text, gt('h01'))).toBeGreaterThan(0.9);
    const [v] = pageText('scan-vertical.pdf');
    expect(v).toMatchObject({ source: 'ocr', status: 'indexed' });
    expect(bigramRecall(v!.text, gt('v00'))).toBeGreaterThan(0.85);
  });

  it('reads 1-bit TIFF and CMYK JPEG pages', async () => {
    // thresholding the degraded scan at 50 % grey costs accuracy; the point here is that 1-bit TIFF decodes
    expect(bigramRecall(pageText('bilevel-h02.tif')[0]!.text, gt('h02'))).toBeGreaterThan(0.7);
    expect(bigramRecall(pageText('cmyk-h03.jpg')[0]!.text, gt('h03'))).toBeGreaterThan(0.9);
  });

  it('keeps line boxes on pages and chunks, as fractions of the page', async () => {
    withStore(path.join(dir, 's.db'), (db) => {
      const rows = db.prepare(`SELECT c.boxes FROM chunks c JOIN documents d ON d.id = c.doc_id WHERE d.path = ?`).all(input('photo-h01.jpg')) as { boxes: string }[];
      expect(rows.length).toBeGreaterThan(0);
      for (const r of rows) {
        const boxes = JSON.parse(r.boxes) as { x: number; y: number; w: number; h: number }[];
        expect(boxes.length).toBeGreaterThan(0);
        for (const b of boxes) {
          for (const v of [b.x, b.y, b.w, b.h, b.x + b.w, b.y + b.h]) {
            expect(v).toBeGreaterThanOrEqual(0);
            expect(v).toBeLessThanOrEqual(1.0001);
          }
        }
      }
    });
  });

  it('finds OCRed text by search, on the right page', async () => {
    const hit = (await engine.search({ query: '江戸落語', k: 5 })).hits.find((h) => h.path === input('scan-vertical.pdf') || h.path === input('photo-h01.jpg'));
    expect(hit).toBeDefined();
  });

  it('survives blank, huge, tiny and undecodable pages without losing the other files', async () => {
    expect(result('blank.png')).toMatchObject({ outcome: 'indexed', pages: 1, chunks: 0 });
    expect(result('huge.png')).toMatchObject({ outcome: 'indexed', pages: 1 });
    expect(result('tiny.png')).toMatchObject({ outcome: 'indexed', pages: 1, pagesUnreadable: 1 });
    expect(pageText('tiny.png')[0]!.error).toMatch(/too small/);
    // pdf.js would paint the undecodable scan as a blank page: the page says why it has no text instead
    expect(result('scan-corrupt.pdf')).toMatchObject({ outcome: 'indexed', pages: 1, pagesUnreadable: 1 });
    expect(pageText('scan-corrupt.pdf')[0]!.error).toMatch(/^OCR failed on page 1: the page's scanned image could not be decoded/);
    expect(summary.counts.failed).toBe(0);
    expect(storeProblems(path.join(dir, 's.db'))).toEqual([]);
  });

  it('takes its ONNX sessions from the model registry, so the model status shows them loaded and on which provider', async () => {
    const status = await engine.modelStatus();
    for (const id of ['ppocr-v6-small-det', 'ppocr-v6-small-rec']) {
      expect(status.find((m) => m.id === id)).toMatchObject({ status: 'present', loaded: true, provider: 'cpu', fallbackReason: expect.stringMatching(/CUDA/) });
    }
  });

  it('reports OCR progress per page', async () => {
    const stages = events.filter((e) => e.type === 'page-stage' && path.basename(e.path) === 'photo-h01.jpg').map((e) => (e as { stage: string }).stage);
    expect(stages).toEqual(['render', 'ocr']);
  });
});
