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
import type { ModelRegistry } from '../models/registry.js';
import { TextDetector } from './detector.js';
import { rotateQuad, type Rotation } from './geometry.js';
import { orientPage } from './orientation.js';
import { loadClipper } from './unclip.js';
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
  /**
   * in `combined`, lines that both readings find mostly Latin are read again by tesseract `eng` (measured:
   * worse on maintguide, 4.4 % vs 3.3 % CER clean, so off by default)
   */
  latinEng: boolean;
  /** in `combined`, lines PP-OCR japan reads as mostly ASCII are read by PP-OCRv4 English instead (measured in bench-results/ocr.md) */
  latinEn: boolean;
  /** in `combined`: `merge` aligns the two readings character by character, `line` picks one per line */
  combine: 'merge' | 'line';
}

export const OCR_DEFAULTS: OcrConfig = { strategy: 'combined', vertical: 'tesseract', postCorrect: true, pad: 0.15, latinEng: false, latinEn: false, combine: 'merge' };

/**
 * The loaded models; create once, reuse for every page, close at the end. Given the engine's model
 * registry, the ONNX sessions are the registry's (verified, shown by `docsearch models`, released by it);
 * without one (evaluation scripts) they are made here from the models folder and released by close().
 */
export class OcrEngines {
  private ppocr?: Promise<PpocrRecogniser>;
  private ppocrEn?: Promise<PpocrRecogniser>;
  private tess?: TesseractRecogniser;
  private detector?: Promise<TextDetector>;

  constructor(
    readonly modelsDir: string,
    private readonly registry?: ModelRegistry,
  ) {}

  getDetector(): Promise<TextDetector> {
    const id = 'ppocr-v4-det';
    this.detector ??= this.registry
      ? Promise.all([this.registry.onnxLoaded(id), loadClipper()]).then(([loaded, clipper]) => TextDetector.fromSession(loaded, clipper))
      : TextDetector.create(path.join(this.modelsDir, 'ocr', 'ch_PP-OCRv4_det_infer.onnx'));
    return this.detector;
  }

  getPpocr(): Promise<PpocrRecogniser> {
    this.ppocr ??= this.recogniser('ppocr-v3-japan-rec', () => PpocrRecogniser.japan(this.modelsDir));
    return this.ppocr;
  }

  getPpocrEn(): Promise<PpocrRecogniser> {
    this.ppocrEn ??= this.recogniser('ppocr-v4-en-rec', () => PpocrRecogniser.english(this.modelsDir));
    return this.ppocrEn;
  }

  /** A PP-OCR recogniser over the registry's session (model file 0, dictionary file 1), else made standalone. */
  private recogniser(id: string, standalone: () => Promise<PpocrRecogniser>): Promise<PpocrRecogniser> {
    const registry = this.registry;
    if (!registry) return standalone();
    return registry.onnxLoaded(id).then((loaded) => PpocrRecogniser.fromSession(loaded, { id, modelPath: registry.filePath(id, 0), dictPath: registry.filePath(id, 1) }));
  }

  getTesseract(): TesseractRecogniser {
    this.tess ??= TesseractRecogniser.fromModelsDir(this.modelsDir);
    return this.tess;
  }

  /**
   * Creates what the default strategy uses (detector, PP-OCR japan, tesseract workers) ahead of the first
   * page. Tesseract workers start on first use, so one blank line is read to start them.
   */
  async warm(): Promise<void> {
    const blank = { width: 200, height: 48, data: new Uint8Array(200 * 48 * 3).fill(255) };
    await Promise.all([this.getDetector(), this.getPpocr(), this.getTesseract().recognise([blank], false)]);
  }

  async close(): Promise<void> {
    const closing: Promise<void>[] = [];
    if (this.tess) closing.push(this.tess.close());
    if (!this.registry) {
      if (this.ppocr) closing.push(this.ppocr.then((r) => r.close()));
      if (this.ppocrEn) closing.push(this.ppocrEn.then((r) => r.close()));
      if (this.detector) closing.push(this.detector.then((d) => d.close()));
    }
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

/** Thresholds of `mergeReadings`, fitted on the maintguide and JSQuAD horizontal pages (bench-results/ocr.md). */
export interface MergeParams {
  /** a PP-OCR span wins a disagreement when its least confident character is at least this probable */
  ppMin: number;
  /** … and for Latin-only spans (PP-OCR reads monospaced code well, tesseract jpn turns l into 7) */
  ppMinLatin: number;
}

export const MERGE_DEFAULTS: MergeParams = { ppMin: 0.98, ppMinLatin: 0.9 };

const ODD_LATIN = /[À-ɏＡ-Ｚａ-ｚ０-９]/u;
const LATIN_ONLY = /^[\x21-\x7e]+$/;

/**
 * Character-level merge of the two readings of one horizontal line: the texts are aligned (Levenshtein,
 * spaces ignored); where they agree the characters are kept, where they disagree PP-OCR's span is taken
 * when all its characters are confident and none is a look-alike Latin letter (its failure mode on
 * proportional Latin), otherwise tesseract's. Tesseract's characters are the default because its errors
 * are fewer on Latin text and it rarely drops characters.
 */
export function mergeReadings(pp: PpocrLineResult, ts: { text: string; confidence: number }, params: MergeParams = MERGE_DEFAULTS): { text: string; confidence: number } {
  // characters without the spaces; `sp` remembers a space before a character (kept in the output)
  const a: { c: string; p: number; sp: boolean }[] = [];
  let space = false;
  [...pp.text].forEach((c, i) => {
    if (!c.trim()) space = a.length > 0;
    else {
      a.push({ c, p: pp.charConfidences[i] ?? pp.confidence, sp: space });
      space = false;
    }
  });
  const bs: { c: string; sp: boolean }[] = [];
  space = false;
  for (const c of ts.text) {
    if (!c.trim()) space = bs.length > 0;
    else {
      bs.push({ c, sp: space });
      space = false;
    }
  }
  const b = bs.map((x) => x.c);
  if (!a.length) return { text: ts.text, confidence: ts.confidence };
  if (!b.length) return { text: pp.text, confidence: pp.confidence };
  const n = a.length;
  const m = b.length;
  const W = m + 1;
  const d = new Uint16Array((n + 1) * W);
  for (let i = 0; i <= n; i++) d[i * W] = i;
  for (let j = 0; j <= m; j++) d[j] = j;
  for (let i = 1; i <= n; i++) {
    for (let j = 1; j <= m; j++) {
      const sub = d[(i - 1) * W + j - 1]! + (a[i - 1]!.c === b[j - 1] ? 0 : 1);
      d[i * W + j] = Math.min(d[(i - 1) * W + j]! + 1, d[i * W + j - 1]! + 1, sub);
    }
  }
  // backtrace into aligned pairs
  const pairs: [number, number][] = []; // index into a or -1, index into b or -1
  let i = n;
  let j = m;
  while (i > 0 || j > 0) {
    if (i > 0 && j > 0 && d[i * W + j] === d[(i - 1) * W + j - 1]! + (a[i - 1]!.c === b[j - 1] ? 0 : 1)) pairs.push([--i, --j]);
    else if (i > 0 && d[i * W + j] === d[(i - 1) * W + j]! + 1) pairs.push([--i, -1]);
    else pairs.push([-1, --j]);
  }
  pairs.reverse();
  let out = '';
  let k = 0;
  while (k < pairs.length) {
    const [pi, pj] = pairs[k]!;
    if (pi >= 0 && pj >= 0 && a[pi]!.c === b[pj]) {
      out += (bs[pj]!.sp && out ? ' ' : '') + b[pj];
      k++;
      continue;
    }
    // a run of disagreement
    let sa = '';
    let sb = '';
    let minP = 1;
    let lead = false; // the run starts after a space
    while (k < pairs.length) {
      const [x, y] = pairs[k]!;
      if (x >= 0 && y >= 0 && a[x]!.c === b[y]) break;
      if (x >= 0) {
        sa += (a[x]!.sp && sa ? ' ' : '') + a[x]!.c;
        minP = Math.min(minP, a[x]!.p);
      }
      if (y >= 0) sb += (bs[y]!.sp && sb ? ' ' : '') + b[y];
      if (y >= 0 && bs[y]!.sp && !sb.startsWith(' ') && sb.length === b[y]!.length) lead = true;
      k++;
    }
    const latin = LATIN_ONLY.test(sa.replace(/ /g, '')) && (sb === '' || LATIN_ONLY.test(sb.replace(/ /g, '')));
    // ASCII only tesseract sees, right after ASCII: PP-OCR collapses doubled letters and drops / ( ) in
    // URLs and paths (htp:/ww for http://www); measured: maintguide CER 3.15 → 2.96 %, JSQuAD unchanged
    // (taking every tesseract-only span instead made JSQuAD horizontal worse, 0.40 → 0.63 %)
    const latinGap = sa === '' && LATIN_ONLY.test(sb.replace(/ /g, '')) && /[\x21-\x7e]$/.test(out);
    const usePp = !latinGap && !ODD_LATIN.test(sa) && minP >= (latin ? params.ppMinLatin : params.ppMin);
    const piece = usePp ? sa : sb;
    if (piece) out += (lead && out ? ' ' : '') + piece;
  }
  return { text: out, confidence: Math.max(pp.confidence, ts.confidence) };
}

export async function ocrImage(image: RgbImage, opts: OcrImageOptions): Promise<OcrPageResult> {
  const cfg = { ...OCR_DEFAULTS, ...opts.config };
  const t0 = performance.now();
  if (cfg.strategy === 'tesseract-page') return tesseractPage(image, opts.engines, cfg, t0);

  const detector = await opts.engines.getDetector();
  const det = await detector.detect(image);
  // Which way is up, and 縦書き or horizontal: decided by reading a few line starts (orientation.ts).
  const upright = await orientPage(image, det.regions, await opts.engines.getPpocr());
  const page = upright.image;
  const layout = analyseLayout(upright.regions, { vertical: upright.vertical });
  const t1 = performance.now();

  const hor: LayoutLine[] = [];
  const ver: LayoutLine[] = [];
  for (const l of layout.lines) (l.vertical ? ver : hor).push(l);
  const crop = (l: LayoutLine) => {
    const c = cropQuad(page, padQuad(l.quad, cfg.pad));
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
        opts.engines.getPpocr().then(async (pp) => {
          const a = await pp.recognise(horCrops, false);
          const en = new Map<number, { text: string; confidence: number }>();
          if (cfg.latinEn) {
            const latin = a.flatMap((x, i) => (latinShare(x.text) >= 0.8 ? [i] : []));
            if (latin.length) {
              const ppEn = await opts.engines.getPpocrEn();
              (await ppEn.recognise(latin.map((i) => horCrops[i]!), false)).forEach((r, k) => en.set(latin[k]!, r));
            }
          }
          // A line PP-OCR reads with every character at least ppMin and no look-alike Latin comes out of the
          // merge as PP-OCR's text whatever tesseract reads, so tesseract only reads the other lines.
          const sure = (x: PpocrLineResult) => cfg.combine === 'merge' && x.text.trim() !== '' && !ODD_LATIN.test(x.text) && x.charConfidences.every((c) => c >= MERGE_DEFAULTS.ppMin);
          const unsure = a.flatMap((x, i) => (sure(x) || en.has(i) ? [] : [i]));
          const read = unsure.length ? await ts.recognise(unsure.map((i) => horCrops[i]!), false) : [];
          const b: ({ text: string; confidence: number } | undefined)[] = new Array(a.length);
          unsure.forEach((i, k) => (b[i] = read[k]!));
          if (cfg.latinEng) {
            const latin = unsure.filter((i) => latinShare(a[i]!.text) >= 0.6 && latinShare(b[i]!.text) >= 0.6);
            if (latin.length) {
              const eng = await ts.recogniseWith('eng', latin.map((i) => horCrops[i]!), false);
              latin.forEach((i, k) => (b[i] = eng[k]!));
            }
          }
          a.forEach((x, i) => {
            const other = b[i];
            const english = en.get(i);
            if (english) texts.set(hor[i]!, { ...english, recogniser: 'ppocr-v4-en-rec' });
            else if (!other) texts.set(hor[i]!, { text: x.text, confidence: x.confidence, recogniser: pp.id });
            else if (cfg.combine === 'line') {
              const c = combineLine(x, other);
              texts.set(hor[i]!, { text: c.text, confidence: c.confidence, recogniser: c.from === 'ppocr' ? 'ppocr-v3-japan-rec' : 'tesseract-jpn' });
            } else {
              texts.set(hor[i]!, { ...mergeReadings(x, other), recogniser: 'ppocr-v3-japan-rec+tesseract-jpn' });
            }
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
    // boxes go back to the coordinates of the page as given, where the viewer will draw them
    const quad = upright.rotation ? rotateQuad(l.quad, ((360 - upright.rotation) % 360) as Rotation, page.width, page.height) : l.quad;
    return { text, confidence: r.confidence, quad, vertical: l.vertical, recogniser: r.recogniser };
  });
  return { width: image.width, height: image.height, orientation: upright.rotation, lines, ms: { detect: t1 - t0, recognise: t2 - t1, total: performance.now() - t0 } };
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
