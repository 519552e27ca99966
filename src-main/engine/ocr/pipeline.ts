/**
 * OCR of one page image with a strategy (strategies.ts): detect → which way is up → layout and reading
 * order → an upright crop of each line or column → recognise → post-correct. Boxes go back in the
 * coordinates of the page as given.
 */
import type { RgbImage } from '../images/types.js';
import { rotateQuad, type Rotation } from './geometry.js';
import { analyseLayout, type LayoutLine } from './layout.js';
import { mergeReadings, ppocrIsSure } from './merge.js';
import type { OcrModels } from './models.js';
import { orientPage, type Oriented } from './orientation.js';
import { postCorrect } from './postcorrect.js';
import { isolateLine } from './raster.js';
import type { PpocrRecogniser } from './recognise-ppocr.js';
import type { OcrStrategy } from './strategies.js';
import type { OcrLine, OcrPageResult, Quad } from './types.js';
import { cropQuad } from './warp.js';

export interface OcrImageOptions {
  models: OcrModels;
  strategy: OcrStrategy;
  /** apply the strategy's postcorrect.ts rules (default true; the evaluation measures them one by one) */
  postCorrect?: boolean;
  /** the page's time budget: checked between stages and lines, an abort throws its reason */
  signal?: AbortSignal;
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

/** An upright crop of a line; with padding, neighbouring lines blanked. */
function cropLine(page: RgbImage, l: LayoutLine, pad: number): RgbImage {
  const c = cropQuad(page, padQuad(l.quad, pad));
  if (pad <= 0) return c;
  // the core band of the unpadded box inside the padded crop (across the line: rows, or columns of a column)
  const across = l.vertical ? c.width : c.height;
  const k = pad / (1 + 2 * pad);
  return isolateLine(c, l.vertical, across * k, across * (1 - k));
}

type Read = { text: string; confidence: number; recogniser: string };

export async function ocrImage(image: RgbImage, opts: OcrImageOptions): Promise<OcrPageResult> {
  const { models, strategy: s } = opts;
  const t0 = performance.now();
  const detector = await models.detector(s);
  const det = await detector.detect(image);
  opts.signal?.throwIfAborted();
  if (s.lines === 'tesseract-page') return tesseractPage(image, det.regions, opts, t0);

  const recogniser = await models.recogniser(s);
  // Which way is up, and 縦書き or horizontal: decided by reading a few line starts (orientation.ts).
  const upright = await orientPage(image, det.regions, recogniser);
  opts.signal?.throwIfAborted();
  const layout = analyseLayout(upright.regions, { vertical: upright.vertical });
  const t1 = performance.now();

  const texts = await readLines(upright.image, layout.lines, recogniser, opts);
  const t2 = performance.now();

  const lines = layout.lines.map((l) => toOcrLine(l, texts.get(l)!, upright, opts));
  return { width: image.width, height: image.height, orientation: upright.rotation, lines, ms: { detect: t1 - t0, recognise: t2 - t1, total: performance.now() - t0 } };
}

/** Every line read: horizontal lines and columns are two batches, read at the same time. */
async function readLines(page: RgbImage, lines: readonly LayoutLine[], recogniser: PpocrRecogniser, opts: OcrImageOptions): Promise<Map<LayoutLine, Read>> {
  const pad = opts.strategy.pad ?? 0;
  const hor = lines.filter((l) => !l.vertical);
  const ver = lines.filter((l) => l.vertical);
  const horCrops = hor.map((l) => cropLine(page, l, pad));
  const verCrops = ver.map((l) => cropLine(page, l, pad));
  const [horReads, verReads] = await Promise.all([readHorizontal(horCrops, recogniser, opts), readColumns(verCrops, recogniser, opts)]);
  const texts = new Map<LayoutLine, Read>();
  hor.forEach((l, i) => texts.set(l, horReads[i]!));
  ver.forEach((l, i) => texts.set(l, verReads[i]!));
  return texts;
}

/** Horizontal lines by PP-OCR; legacy 'ppocr+tesseract': tesseract reads the lines PP-OCR is not sure of, and the two readings are merged. */
async function readHorizontal(crops: RgbImage[], recogniser: PpocrRecogniser, { models, strategy: s, signal }: OcrImageOptions): Promise<Read[]> {
  if (!crops.length) return [];
  const pp = await recogniser.recognise(crops, false, { signal });
  const own = (x: { text: string; confidence: number }): Read => ({ text: x.text, confidence: x.confidence, recogniser: recogniser.id });
  if (s.lines === 'ppocr') return pp.map(own);
  const unsure = pp.flatMap((x, i) => (ppocrIsSure(x) ? [] : [i]));
  signal?.throwIfAborted();
  const ts = unsure.length ? await models.tesseract().recognise(unsure.map((i) => crops[i]!), false) : [];
  const other = new Map(unsure.map((i, k) => [i, ts[k]!]));
  return pp.map((x, i) => {
    const t = other.get(i);
    return t ? { ...mergeReadings(x, t), recogniser: `${recogniser.id}+tesseract-jpn` } : own(x);
  });
}

/** 縦書き columns by PP-OCR or, as the strategy says, tesseract's vertical model. */
async function readColumns(crops: RgbImage[], recogniser: PpocrRecogniser, { models, strategy: s, signal }: OcrImageOptions): Promise<Read[]> {
  if (!crops.length) return [];
  const reader = s.columns === 'ppocr' ? recogniser : models.tesseract();
  const id = s.columns === 'ppocr' ? recogniser.id : 'tesseract-jpn-vert';
  return (await reader.recognise(crops, true, { signal })).map((x) => ({ text: x.text, confidence: x.confidence, recogniser: id }));
}

/** A line as read, post-corrected, its box back in the coordinates of the page as given (where the viewer will draw it). */
function toOcrLine(l: LayoutLine, r: Read, upright: Oriented, opts: OcrImageOptions): OcrLine {
  const { rotation, image: page } = upright;
  const quad = rotation ? rotateQuad(l.quad, ((360 - rotation) % 360) as Rotation, page.width, page.height) : l.quad;
  const text = opts.postCorrect === false ? r.text : postCorrect(r.text, { vertical: l.vertical, rules: opts.strategy.postCorrect });
  return { text, confidence: r.confidence, quad, vertical: l.vertical, recogniser: r.recogniser };
}

/** tesseract.js on the whole page; the direction comes from the detector's boxes. */
async function tesseractPage(image: RgbImage, regions: Parameters<typeof analyseLayout>[0], opts: OcrImageOptions, t0: number): Promise<OcrPageResult> {
  const vertical = analyseLayout(regions).vertical;
  const t1 = performance.now();
  const r = await opts.models.tesseract().recognisePage(image, vertical);
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
      text: opts.postCorrect === false ? t : postCorrect(t, { vertical, rules: opts.strategy.postCorrect }),
      confidence: r.confidence,
      quad,
      vertical,
      recogniser: vertical ? 'tesseract-jpn-vert' : 'tesseract-jpn',
    }));
  return { width: image.width, height: image.height, orientation: 0, lines, ms: { detect: t1 - t0, recognise: t2 - t1, total: performance.now() - t0 } };
}
