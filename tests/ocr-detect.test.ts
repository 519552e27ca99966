/**
 * PP-OCRv4 detection + layout on real eval pages (../shared/eval/ocr): line counts, direction, boxes inside
 * the page, reading order, no overlap between neighbouring lines of a skewed scan, and the detection time
 * (logged; asserted only loosely since CI machines are shared). Debug PNGs with the boxes go to
 * <tmp>/docsearch-ocr-detect/ (never into the repository).
 * Needs the models (`npm run models:ocr`); skipped with a note when they are missing.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { drawDetection } from '../scripts/lib/ocr-draw.js';
import { loadImage, type LoadedImage } from '../src-main/engine/images/decode.js';
import { resolveModelsDir } from '../src-main/engine/models/manifest.js';
import { TextDetector, type DetectResult } from '../src-main/engine/ocr/detector.js';
import { quadCenter } from '../src-main/engine/ocr/geometry.js';
import { analyseLayout, frameOf, type PageLayout } from '../src-main/engine/ocr/layout.js';
import { evalDir } from './helpers.js';

const modelPath = path.join(resolveModelsDir(), 'ocr', 'ch_PP-OCRv4_det_infer.onnx');
const ocrDir = path.join(evalDir, 'ocr');
const available = fs.existsSync(modelPath) && fs.existsSync(ocrDir);
if (!available) console.warn(`ocr-detect tests skipped: need ${modelPath} (npm run models:ocr) and ${ocrDir}`);
const debugDir = path.join(os.tmpdir(), 'docsearch-ocr-detect');

interface Page {
  file: string;
  vertical: boolean;
  /** visual text lines (columns for 縦書き) on the page */
  lines: number;
  why: string;
}

const nonEmptyLines = (f: string) => fs.readFileSync(f, 'utf8').split('\n').filter((l) => l.trim()).length;

const pages: Page[] = available
  ? [
      {
        file: 'maintguide/scan/p13.jpg',
        vertical: false,
        // the PDF text layer has one line per visual line (plus a few splits such as "2.2" / title)
        lines: nonEmptyLines(path.join(ocrDir, 'maintguide/gt/p13.txt')),
        why: 'non-empty lines of gt/p13.txt',
      },
      // jsquad gt has one line per paragraph; the visual lines were counted on the page images
      { file: 'jsquad-pages/scan/h00.jpg', vertical: false, lines: 28, why: 'counted on the image (title + 7 paragraphs)' },
      { file: 'jsquad-pages/scan/v00.jpg', vertical: true, lines: 16, why: 'columns counted on the image (title + 5 paragraphs)' },
    ]
  : [];

describe.skipIf(!available)('OCR detection on eval pages', () => {
  let detector: TextDetector;
  const results = new Map<string, { loaded: LoadedImage; det: DetectResult; layout: PageLayout; bestMs: number }>();
  const timings: string[] = [];

  beforeAll(async () => {
    detector = await TextDetector.create(modelPath, {}, {}, { ...process.env, DOCSEARCH_EP: 'cpu' });
    fs.mkdirSync(debugDir, { recursive: true });
    for (const page of pages) {
      const loaded = await loadImage(path.join(ocrDir, page.file));
      let det: DetectResult | undefined;
      let bestMs = Infinity;
      for (let run = 0; run < 3; run++) {
        const d = await detector.detect(loaded.image);
        bestMs = Math.min(bestMs, d.ms.total);
        det = d;
      }
      const layout = analyseLayout(det!.regions);
      results.set(page.file, { loaded, det: det!, layout, bestMs });
      fs.writeFileSync(path.join(debugDir, page.file.replaceAll('/', '_') + '.png'), drawDetection(loaded.image, det!.regions, layout));
      const ms = det!.ms;
      timings.push(
        `${page.file}: ${det!.regions.length} regions → ${layout.lines.length} lines (expected ${page.lines}), ` +
          `detection best of 3 ${bestMs.toFixed(0)} ms (last: pre ${ms.preprocess.toFixed(0)} / infer ${ms.inference.toFixed(0)} / post ${ms.postprocess.toFixed(0)}) ` +
          `at ${det!.inputWidth}×${det!.inputHeight}`,
      );
    }
  }, 120_000);

  afterAll(async () => {
    if (timings.length) console.log(`OCR detection (${detector?.provider}), debug PNGs in ${debugDir}\n  ${timings.join('\n  ')}`);
    await detector?.close();
  });

  it('reads a composed, skewed two-column page column by column', async () => {
    // the body of jsquad h00 (title + 27 lines) at half width, twice side by side under its title, turned 1.2°
    const src = path.join(ocrDir, 'jsquad-pages/clean/h00.png');
    const body = await sharp(src).extract({ left: 140, top: 250, width: 1380, height: 1600 }).resize({ width: 700 }).png().toBuffer();
    const title = await sharp(src).extract({ left: 140, top: 150, width: 600, height: 100 }).png().toBuffer();
    const flat = await sharp({ create: { width: 1654, height: 2339, channels: 3, background: '#ffffff' } })
      .composite([
        { input: title, left: 150, top: 120 },
        { input: body, left: 100, top: 300 },
        { input: body, left: 880, top: 300 },
      ])
      .png()
      .toBuffer();
    const { image } = await loadImage(await sharp(flat).rotate(1.2, { background: '#ffffff' }).png().toBuffer());
    const det = await detector.detect(image);
    const layout = analyseLayout(det.regions);
    fs.writeFileSync(path.join(debugDir, 'two-columns.png'), drawDetection(image, det.regions, layout));
    expect((layout.skew * 180) / Math.PI).toBeCloseTo(1.2, 0);
    expect(layout.lines.length).toBeGreaterThanOrEqual(51);
    expect(layout.lines.length).toBeLessThanOrEqual(59);
    // title first, then every line of the left column before any line of the right one
    const side = layout.lines.map((l) => (quadCenter(l.quad).x < image.width / 2 ? 'L' : 'R')).join('');
    expect(side).toMatch(/^L+R+$/);
    expect(quadCenter(layout.lines[0]!.quad).y).toBeLessThan(300);
    const left = side.indexOf('R');
    expect(Math.abs(left - 1 - (layout.lines.length - left))).toBeLessThanOrEqual(2);
  });

  for (const page of pages) {
    describe(page.file, () => {
      it(`finds the text lines (${page.why}: ${page.lines}, ±15 %)`, () => {
        const { layout } = results.get(page.file)!;
        expect(layout.lines.length).toBeGreaterThanOrEqual(Math.floor(page.lines * 0.85));
        expect(layout.lines.length).toBeLessThanOrEqual(Math.ceil(page.lines * 1.15));
      });

      it(`is classified ${page.vertical ? 'vertical (縦書き)' : 'horizontal'}`, () => {
        const { layout } = results.get(page.file)!;
        expect(layout.vertical).toBe(page.vertical);
        const main = layout.lines.filter((l) => l.vertical === page.vertical);
        expect(main.length).toBeGreaterThanOrEqual(layout.lines.length - 2);
      });

      it('keeps every box inside the page with a sane score', () => {
        const { loaded, det } = results.get(page.file)!;
        const { width, height } = loaded.image;
        for (const r of det.regions) {
          expect(r.score).toBeGreaterThanOrEqual(0.6);
          expect(r.score).toBeLessThanOrEqual(1);
          for (const p of r.quad) {
            expect(p.x).toBeGreaterThanOrEqual(0);
            expect(p.y).toBeGreaterThanOrEqual(0);
            expect(p.x).toBeLessThanOrEqual(width);
            expect(p.y).toBeLessThanOrEqual(height);
          }
        }
      });

      it('reads lines in order and neighbouring lines do not overlap', () => {
        const { layout } = results.get(page.file)!;
        const f = frameOf(layout.skew, layout.vertical);
        const main = layout.lines.filter((l) => l.vertical === layout.vertical);
        const frames = main.map((l) => {
          const cs = l.quad.map((p) => f(p).c);
          const as = l.quad.map((p) => f(p).a);
          return { c0: Math.min(...cs), c1: Math.max(...cs), a0: Math.min(...as), a1: Math.max(...as), block: l.block };
        });
        let backwards = 0;
        const overlaps: number[] = [];
        for (let i = 1; i < frames.length; i++) {
          const prev = frames[i - 1]!, cur = frames[i]!;
          const overlapA = Math.min(prev.a1, cur.a1) - Math.max(prev.a0, cur.a0);
          if (overlapA <= 0) continue; // side by side (header and page number), not neighbours
          // next line is after the previous one across the page (down for lines, leftwards for columns) …
          if ((cur.c0 + cur.c1) / 2 <= (prev.c0 + prev.c1) / 2) backwards++;
          // … and the rotated boxes overlap by at most a sliver (the scan is skewed by about 1°)
          const overlapC = Math.min(prev.c1, cur.c1) - Math.max(prev.c0, cur.c0);
          expect(overlapC).toBeLessThan(0.2 * layout.lineThickness);
          overlaps.push(overlapC);
        }
        expect(backwards).toBe(0);
        overlaps.sort((x, y) => x - y);
        expect(overlaps[overlaps.length >> 1] ?? 0).toBeLessThan(0.05 * layout.lineThickness);
        if (page.vertical) {
          // columns right to left
          const xs = main.map((l) => quadCenter(l.quad).x);
          expect(xs[0]!).toBeGreaterThan(xs[xs.length - 1]!);
        }
      });

      it('detects fast enough (goal 0.3–0.5 s on 2 threads; loose bound here)', () => {
        expect(results.get(page.file)!.bestMs).toBeLessThan(3000);
      });
    });
  }
});
