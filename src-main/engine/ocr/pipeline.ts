/**
 * OCR of one page image: detect (PP-OCRv4 DB) → layout and reading order → upright crop of each line or
 * column → recognise with the recogniser the configuration names for that kind of line → post-correct.
 *
 * Strategies (measured in bench-results/ocr.md, `npm run eval:ocr`):
 * - `ppocr`: PP-OCRv3 japan for every horizontal line.
 * - `tesseract-lines`: tesseract.js per line (jpn, PSM 7) and per column (jpn_vert, PSM 5).
 * - `combined`: both on every horizontal line, then per line the better-looking reading (see `combineLine`).
 * Vertical columns go to the recogniser named by `vertical` (tesseract jpn_vert, or PP-OCR with the column
 * stacked upright, see recognise-ppocr.ts), except in `tesseract-lines`.
 * - `tesseract-page`: tesseract.js on the whole page with its own layout analysis (baseline; no detector).
 */
import path from 'node:path';
import { TextDetector } from './detector.js';
import { cropQuad } from './image.js';
import { analyseLayout, type LayoutLine } from './layout.js';
import { postCorrect } from './postcorrect.js';
import { isolateLine } from './raster.js';
import { PpocrRecogniser, type PpocrLineResult } from './recognise-ppocr.js';
import { TesseractRecogniser } from './recognise-tesseract.js';
import type { OcrLine, OcrPageResult, Quad, RgbImage } from './types.js';

export type OcrStrategy = 'ppocr' | 'tesseract-lines' | 'combined' | 'tesseract-page';

export interface OcrConfig {
  strategy: OcrStrategy;
  /** recogniser for vertical (縦書き) columns in the line strategies */
  vertical: 'tesseract' | 'ppocr';
  /** apply postcorrect.ts rules */
  postCorrect: boolean;
  /**
   * grow each line box across the line by this share of its thickness on each side before cropping, then
   * blank what belongs to neighbouring lines (raster.ts isolateLine); the detector's boxes are tight
   */
  pad: number;
}

export const OCR_DEFAULTS: OcrConfig = { strategy: 'combined', vertical: 'tesseract', postCorrect: true, pad: 0.25 };

/** The loaded models; create once, reuse for every page, close at the end. */
export class OcrEngines {
  private ppocr?: Promise<PpocrRecogniser>;
  private tess?: TesseractRecogniser;
  private detector?: Promise<TextDetector>;

  constructor(readonly modelsDir: string) {}

  getDetector(): Promise<TextDetector> {
    this.detector ??= TextDetector.create(path.join(this.modelsDir, 'ocr', 'ch_PP-OCRv4_det_infer.onnx'));
    return this.detector;
  }

  getPpocr(): Promise<PpocrRecogniser> {
    this.ppocr ??= PpocrRecogniser.japan(this.modelsDir);
    return this.ppocr;
  }

  getTesseract(): TesseractRecogniser {
    this.tess ??= TesseractRecogniser.fromModelsDir(this.modelsDir);
    return this.tess;
  }

  async close(): Promise<void> {
    const closing: Promise<void>[] = [];
    if (this.ppocr) closing.push(this.ppocr.then((r) => r.close()));
    if (this.detector) closing.push(this.detector.then((d) => d.close()));
    if (this.tess) closing.push(this.tess.close());
    await Promise.all(closing);
  }
}

export interface OcrImageOptions {
  engines: OcrEngines;
  config?: Partial<OcrConfig>;
}

/** Grows a quad (TL, TR, BR, BL) across its reading direction by `pad` × its thickness on each side. */
export function padQuad(q: Quad, pad: number): Quad {
  if (pad <= 0) return q;
  const [tl, tr, br, bl] = q;
  const dx = ((bl.x - tl.x + br.x - tr.x) / 2) * pad;
  const dy = ((bl.y - tl.y + br.y - tr.y) / 2) * pad;
  return [
    { x: tl.x - dx, y: tl.y - dy },
    { x: tr.x - dx, y: tr.y - dy },
    { x: br.x + dx, y: br.y + dy },
    { x: bl.x + dx, y: bl.y + dy },
  ];
}

const LATIN = /[A-Za-z0-9]/g;
const JAPANESE = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}ー]/gu;

/** Share of Latin letters and digits among the letters, digits and Japanese characters of a text. */
export function latinShare(text: string): number {
  const l = text.match(LATIN)?.length ?? 0;
  const j = text.match(JAPANESE)?.length ?? 0;
  return l + j ? l / (l + j) : 0;
}

/**
 * Chooses between the two readings of one horizontal line. PP-OCRv3 japan reads Latin badly (full-width
 * and accented look-alikes), tesseract reads it well; on Japanese the more confident reading wins, with
 * PP-OCR's mean character probability put on tesseract's 0..1 scale.
 */
export function combineLine(pp: PpocrLineResult, ts: { text: string; confidence: number }): { text: string; confidence: number; from: 'ppocr' | 'tesseract' } {
  if (!ts.text.trim()) return { ...pp, from: 'ppocr' };
  if (!pp.text.trim()) return { ...ts, from: 'tesseract' };
  // accented/full-width Latin is never in these documents' Japanese but is PP-OCR's Latin failure mode
  const ppOdd = /[À-ɏＡ-Ｚａ-ｚ０-９]/u.test(pp.text);
  if (ppOdd || latinShare(ts.text) > 0.2) return { ...ts, from: 'tesseract' };
  return pp.confidence > ts.confidence + 0.05 ? { ...pp, from: 'ppocr' } : { ...ts, from: 'tesseract' };
}

export async function ocrImage(image: RgbImage, opts: OcrImageOptions): Promise<OcrPageResult> {
  const cfg = { ...OCR_DEFAULTS, ...opts.config };
  const t0 = performance.now();
  if (cfg.strategy === 'tesseract-page') return tesseractPage(image, opts.engines, cfg, t0);

  const detector = await opts.engines.getDetector();
  const det = await detector.detect(image);
  const layout = analyseLayout(det.regions);
  const t1 = performance.now();

  const hor: LayoutLine[] = [];
  const ver: LayoutLine[] = [];
  for (const l of layout.lines) (l.vertical ? ver : hor).push(l);
  const crop = (l: LayoutLine) => {
    const c = cropQuad(image, padQuad(l.quad, cfg.pad));
    if (cfg.pad <= 0) return c;
    // the core band of the unpadded box inside the padded crop (across the line: rows, or columns of a column)
    const across = l.vertical ? c.width : c.height;
    const k = cfg.pad / (1 + 2 * cfg.pad);
    return isolateLine(c, l.vertical, across * k, across * (1 - k));
  };
  const horCrops = hor.map(crop);
  const verCrops = ver.map(crop);

  const texts = new Map<LayoutLine, { text: string; confidence: number; recogniser: string }>();
  const jobs: Promise<void>[] = [];
  // horizontal lines
  if (horCrops.length) {
    if (cfg.strategy === 'ppocr') {
      jobs.push(
        opts.engines.getPpocr().then(async (pp) => {
          const r = await pp.recognise(horCrops, false);
          r.forEach((x, i) => texts.set(hor[i]!, { ...x, recogniser: pp.id }));
        }),
      );
    } else if (cfg.strategy === 'tesseract-lines') {
      const ts = opts.engines.getTesseract();
      jobs.push(ts.recognise(horCrops, false).then((r) => r.forEach((x, i) => texts.set(hor[i]!, { ...x, recogniser: 'tesseract-jpn' }))));
    } else {
      const ts = opts.engines.getTesseract();
      jobs.push(
        Promise.all([opts.engines.getPpocr().then((pp) => pp.recognise(horCrops, false)), ts.recognise(horCrops, false)]).then(([a, b]) => {
          a.forEach((x, i) => {
            const c = combineLine(x, b[i]!);
            texts.set(hor[i]!, { text: c.text, confidence: c.confidence, recogniser: c.from === 'ppocr' ? 'ppocr-v3-japan-rec' : 'tesseract-jpn' });
          });
        }),
      );
    }
  }
  // vertical columns
  if (verCrops.length) {
    const useTess = cfg.strategy === 'tesseract-lines' || cfg.vertical === 'tesseract';
    if (useTess) {
      const ts = opts.engines.getTesseract();
      jobs.push(ts.recognise(verCrops, true).then((r) => r.forEach((x, i) => texts.set(ver[i]!, { ...x, recogniser: 'tesseract-jpn-vert' }))));
    } else {
      jobs.push(
        opts.engines.getPpocr().then(async (pp) => {
          const r = await pp.recognise(verCrops, true);
          r.forEach((x, i) => texts.set(ver[i]!, { ...x, recogniser: pp.id }));
        }),
      );
    }
  }
  await Promise.all(jobs);
  const t2 = performance.now();

  const lines: OcrLine[] = layout.lines.map((l) => {
    const r = texts.get(l)!;
    const text = cfg.postCorrect ? postCorrect(r.text, { vertical: l.vertical }) : r.text;
    return { text, confidence: r.confidence, quad: l.quad, vertical: l.vertical, recogniser: r.recogniser };
  });
  return { width: image.width, height: image.height, orientation: 0, lines, ms: { detect: t1 - t0, recognise: t2 - t1, total: performance.now() - t0 } };
}

/** tesseract.js on the whole page; the direction comes from the detector's boxes when a detector is loaded cheaply, else a hint. */
async function tesseractPage(image: RgbImage, engines: OcrEngines, cfg: OcrConfig, t0: number): Promise<OcrPageResult> {
  const detector = await engines.getDetector();
  const det = await detector.detect(image);
  const vertical = analyseLayout(det.regions).vertical;
  const t1 = performance.now();
  const r = await engines.getTesseract().recognisePage(image, vertical);
  const t2 = performance.now();
  const quad: Quad = [
    { x: 0, y: 0 },
    { x: image.width, y: 0 },
    { x: image.width, y: image.height },
    { x: 0, y: image.height },
  ];
  const lines: OcrLine[] = r.text
    .split('\n')
    .filter((t) => t.trim())
    .map((t) => ({
      text: cfg.postCorrect ? postCorrect(t, { vertical }) : t,
      confidence: r.confidence,
      quad,
      vertical,
      recogniser: vertical ? 'tesseract-jpn-vert' : 'tesseract-jpn',
    }));
  return { width: image.width, height: image.height, orientation: 0, lines, ms: { detect: t1 - t0, recognise: t2 - t1, total: performance.now() - t0 } };
}
