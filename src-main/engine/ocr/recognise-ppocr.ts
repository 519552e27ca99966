/**
 * Line recogniser over PaddleOCR CTC recognition models (ONNX): PP-OCRv6 small and PP-OCRv5 mobile (one
 * model for Japanese, Chinese and English, horizontal and vertical), and PP-OCRv3 japan (the legacy
 * strategy). A crop is resized to height 48, its width scaled by the aspect ratio times a squeeze factor,
 * normalised to (x/255 − 0.5)/0.5 in BGR order (as PaddleOCR feeds OpenCV images), and read in batches
 * of similar widths padded with 0 (PaddleOCR's padding). Every character comes back with where it was read.
 *
 * Squeeze (`ReadParams`): the time a line costs grows with its input width, and Japanese reads as well
 * at half width (each character still spans ~3 output steps), Latin does not (doubled letters merge).
 * Lines whose ink breaks into many pieces for their height (`inkDensity`: Latin letters are narrower than
 * kanji and kana) are read at `latinSqueeze` at once; the others at `squeeze`, and again at `latinSqueeze`
 * when that reading turns out mostly Latin. Measured in bench-results/ocr.md.
 *
 * Vertical columns (縦書き) are turned 90° counter-clockwise, as PaddleOCR does, and repaired for the
 * characters vertical typesetting draws differently (vertical-forms.ts): a second reading of the repaired
 * column supplies only those.
 */
import fs from 'node:fs';
import type { RgbImage } from '../images/types.js';
import { ort, type LoadedSession } from '../models/onnx-session.js';
import { ctcGreedyDecode, parseDictionary, type CtcDictionary } from './ctc.js';
import { otsuThreshold, resizeRgb, rotate90ccw, toGray } from './raster.js';
import type { LineReading, LineRecogniser, ReadOptions } from './types.js';
import { mergeRepaired, repairVerticalForms, repairWindows, type Emission } from './vertical-forms.js';

export const REC_HEIGHT = 48;

export interface ReadParams {
  /** input width = height-scaled width × this (horizontal lines) */
  squeeze: number;
  /** … and this for lines the first reading finds mostly Latin (1: no second reading) */
  latinSqueeze: number;
  /** "mostly Latin": this share of letters and digits among letters, digits and Japanese characters */
  latinShare: number;
  /** lines with at least this many pieces of ink per line height are read at latinSqueeze at once */
  latinDensity: number;
  /** squeeze of vertical columns (turned) */
  verticalSqueeze: number;
  /** repair the vertical forms of columns with a second reading (vertical-forms.ts) */
  repair: boolean;
  /** lines per session.run */
  batchSize: number;
  /** widest input after scaling, px (longer lines are squeezed further) */
  maxWidth: number;
}

export const READ_DEFAULTS: ReadParams = { squeeze: 1, latinSqueeze: 1, latinShare: 0.3, latinDensity: 2.1, verticalSqueeze: 1, repair: true, batchSize: 1, maxWidth: 3200 };

export interface PpocrOptions {
  /** manifest id reported as OcrLine.recogniser */
  id: string;
  /** dictionary file (one character a line) */
  dictPath: string;
  read?: Partial<ReadParams>;
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
 * Pieces of ink (runs of columns holding ink) per line height of inked length: about 1.5–1.9 for Japanese,
 * 2.1 and more for Latin text, whose letters are narrower (measured on the maintguide and JSQuAD scans).
 */
export function inkDensity(line: RgbImage): number {
  const g = toGray(line);
  const thr = otsuThreshold(g);
  const { width: W, height: H } = line;
  let runs = 0, inked = 0, before = false;
  for (let x = 0; x < W; x++) {
    let ink = false;
    for (let y = 0; y < H && !ink; y++) ink = g[y * W + x]! < thr;
    if (ink && !before) runs++;
    if (ink) inked++;
    before = ink;
  }
  return runs / Math.max(1, inked / H);
}

/** A reading from characters at their places. */
function fromEmissions(es: readonly Emission[]): LineReading {
  const text = es.map((e) => e.ch).join('');
  const confidence = es.length ? es.reduce((a, e) => a + e.p, 0) / es.length : 0;
  return { text, confidence, charConfidences: es.map((e) => e.p), charX: es.map((e) => e.x) };
}

const emissions = (r: LineReading): Emission[] => [...r.text].map((ch, i) => ({ ch, x: r.charX[i]!, p: r.charConfidences[i]! }));

export class PpocrRecogniser implements LineRecogniser {
  readonly id: string;
  readonly read: ReadParams;
  private readonly dict: CtcDictionary;

  constructor(
    private readonly loaded: LoadedSession,
    opts: PpocrOptions,
  ) {
    this.id = opts.id;
    this.read = { ...READ_DEFAULTS, ...opts.read };
    this.dict = parseDictionary(fs.readFileSync(opts.dictPath, 'utf8'), true);
  }

  get sessionInfo() {
    return this.loaded.info;
  }

  async recognise(crops: readonly RgbImage[], vertical: boolean, opts: ReadOptions = {}): Promise<LineReading[]> {
    return vertical ? this.readColumns(crops, opts) : this.readLines(crops, opts);
  }

  private async readLines(crops: readonly RgbImage[], opts: ReadOptions): Promise<LineReading[]> {
    const r = this.read;
    if (opts.quick || r.latinSqueeze === r.squeeze) return this.readStrips(crops, r.squeeze, opts.signal);
    const out: LineReading[] = new Array(crops.length);
    const dense = crops.map((c) => inkDensity(c) >= r.latinDensity);
    const put = async (idx: number[], squeeze: number) => (await this.readStrips(idx.map((i) => crops[i]!), squeeze, opts.signal)).forEach((x, k) => (out[idx[k]!] = x));
    await put(crops.flatMap((_, i) => (dense[i] ? [i] : [])), r.latinSqueeze);
    const rest = crops.flatMap((_, i) => (dense[i] ? [] : [i]));
    await put(rest, r.squeeze);
    await put(rest.filter((i) => latinShare(out[i]!.text) >= r.latinShare), r.latinSqueeze);
    return out;
  }

  private async readColumns(crops: readonly RgbImage[], opts: ReadOptions): Promise<LineReading[]> {
    const turned = crops.map(rotate90ccw);
    const first = await this.readStrips(turned, this.read.verticalSqueeze, opts.signal);
    if (opts.quick || !this.read.repair) return first;
    const repaired = turned.map((t, i) => repairVerticalForms(t, emissions(first[i]!)));
    const todo = repaired.flatMap((r, i) => (r.repairs.length ? [i] : []));
    const windows = todo.map((i) => repairWindows(repaired[i]!));
    const second = await this.readStrips(windows.map((w) => w.strip), this.read.verticalSqueeze, opts.signal);
    const out = [...first];
    todo.forEach((i, k) => {
      const found = emissions(second[k]!).flatMap((e) => {
        const x = windows[k]!.toLine(e.x);
        return x === undefined ? [] : [{ ...e, x }];
      });
      out[i] = fromEmissions(mergeRepaired(emissions(first[i]!), found, repaired[i]!));
    });
    return out;
  }

  /** Reads strips as they are (left to right), sorted by width into batches; character places in strip px. */
  private async readStrips(strips: readonly RgbImage[], squeeze: number, signal?: AbortSignal): Promise<LineReading[]> {
    const { batchSize, maxWidth } = this.read;
    const results: LineReading[] = new Array(strips.length);
    const widths = strips.map((c) => Math.min(maxWidth, Math.max(8, Math.ceil(((REC_HEIGHT * c.width) / Math.max(1, c.height)) * squeeze))));
    const order = strips.map((_, i) => i).sort((a, b) => widths[a]! - widths[b]!);
    const session = this.loaded.session;
    for (let start = 0; start < order.length; start += batchSize) {
      signal?.throwIfAborted();
      const idx = order.slice(start, start + batchSize);
      const batchW = Math.max(...idx.map((i) => widths[i]!));
      const plane = REC_HEIGHT * batchW;
      const input = new Float32Array(idx.length * 3 * plane); // zeros = PaddleOCR's padding
      idx.forEach((ci, b) => {
        const r = resizeRgb(strips[ci]!, widths[ci]!, REC_HEIGHT);
        const base = b * 3 * plane;
        for (let y = 0; y < REC_HEIGHT; y++) {
          for (let x = 0; x < r.width; x++) {
            const s = (y * r.width + x) * 3;
            const o = y * batchW + x;
            input[base + o] = r.data[s + 2]! / 127.5 - 1;
            input[base + plane + o] = r.data[s + 1]! / 127.5 - 1;
            input[base + 2 * plane + o] = r.data[s]! / 127.5 - 1;
          }
        }
      });
      const feeds = { [session.inputNames[0]!]: new ort.Tensor('float32', input, [idx.length, 3, REC_HEIGHT, batchW]) };
      const out = (await session.run(feeds))[session.outputNames[0]!]!;
      const [, steps, classes] = out.dims as [number, number, number];
      const data = out.data as Float32Array;
      idx.forEach((ci, b) => {
        const d = ctcGreedyDecode(data, steps, classes, this.dict, b * steps * classes);
        // step t covers input columns [t, t+1) × batchW/steps; the strip was scaled by widths/strip width
        const toStrip = (batchW / steps) * (strips[ci]!.width / widths[ci]!);
        results[ci] = { text: d.text, confidence: d.confidence, charConfidences: d.charConfidences, charX: d.charFrames.map((t) => (t + 0.5) * toStrip) };
      });
    }
    return results;
  }
}
