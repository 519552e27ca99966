/**
 * Line recogniser over PaddleOCR CTC recognition models (ONNX): PP-OCRv3 japan (4,401 classes) and
 * PP-OCRv4 en. Crops are resized to height 48 keeping the aspect ratio (width capped), normalised to
 * (x/255 − 0.5)/0.5, sorted by width and run in batches padded to the batch's widest line (padding is 0 in
 * normalised space, as PaddleOCR pads), one `session.run` a batch.
 *
 * Vertical columns (縦書き): the models only saw horizontal lines. Two ways are implemented:
 * - `stack` (default): the column is cut into character cells by its row ink profile and the cells are
 *   laid side by side, upright, in a horizontal strip. Characters then look as in horizontal text.
 *   Measured 25 % CER clean / 35 % scan on the JSQuAD vertical pages (bench-results/ocr.md, `ppocr`):
 *   cells split or merge wrongly (small kana, 、。 placed where the column put them, 「」 and ー drawn
 *   rotated), so tesseract jpn_vert reads columns in the pipeline's default (7 %).
 * - `rotate`: the column is rotated 90° counter-clockwise so it reads left to right; the characters lie on
 *   their side, which the model never saw: 52–67 % CER on the two clean pages tried, worse than `stack`.
 *
 * Batching: on this 2-core CPU ORT took no less time per line in batches (8 × 1600 px: 740 ms vs 46 ms a
 * line alone; at 320 px equal), so lines are sorted by width and batched to limit padding, and the default
 * batch is small.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createSession, ort, type LoadedSession } from '../models/onnx-session.js';
import { ctcGreedyDecode, parseDictionary, type CtcDictionary } from './ctc.js';
import { grayRange, resizeRgb, rotate90ccw, toGray } from './raster.js';
import type { LineRecogniser, RgbImage } from './types.js';

export const REC_HEIGHT = 48;

export interface PpocrOptions {
  /** ONNX model file */
  modelPath: string;
  /** dictionary file (one character a line) */
  dictPath: string;
  /** manifest id reported as OcrLine.recogniser */
  id: string;
  /** widest input after resizing, px (longer lines are squeezed) */
  maxWidth?: number;
  /** lines per session.run */
  batchSize?: number;
  vertical?: 'stack' | 'rotate';
}

export interface PpocrLineResult {
  text: string;
  confidence: number;
  charConfidences: number[];
}

export class PpocrRecogniser implements LineRecogniser {
  readonly id: string;
  private readonly maxWidth: number;
  private readonly batchSize: number;
  private readonly verticalMode: 'stack' | 'rotate';

  private constructor(
    private readonly loaded: LoadedSession,
    private readonly dict: CtcDictionary,
    opts: PpocrOptions,
  ) {
    this.id = opts.id;
    this.maxWidth = opts.maxWidth ?? 2400;
    this.batchSize = opts.batchSize ?? 1;
    this.verticalMode = opts.vertical ?? 'stack';
  }

  static async create(opts: PpocrOptions): Promise<PpocrRecogniser> {
    return PpocrRecogniser.fromSession(await createSession(opts.modelPath), opts);
  }

  /** Over a session loaded elsewhere (the model registry), which keeps owning it. */
  static fromSession(loaded: LoadedSession, opts: PpocrOptions): PpocrRecogniser {
    return new PpocrRecogniser(loaded, parseDictionary(fs.readFileSync(opts.dictPath, 'utf8'), true), opts);
  }

  /** PP-OCRv3 japan from a models directory laid out as in models/manifest.json. */
  static japan(modelsDir: string, extra: Partial<PpocrOptions> = {}): Promise<PpocrRecogniser> {
    return PpocrRecogniser.create({
      id: 'ppocr-v3-japan-rec',
      modelPath: path.join(modelsDir, 'ocr', 'japan_PP-OCRv3_rec_infer.onnx'),
      dictPath: path.join(modelsDir, 'ocr', 'japan_dict.txt'),
      ...extra,
    });
  }

  static english(modelsDir: string, extra: Partial<PpocrOptions> = {}): Promise<PpocrRecogniser> {
    return PpocrRecogniser.create({
      id: 'ppocr-v4-en-rec',
      modelPath: path.join(modelsDir, 'ocr', 'en_PP-OCRv4_rec_infer.onnx'),
      dictPath: path.join(modelsDir, 'ocr', 'en_dict.txt'),
      ...extra,
    });
  }

  get sessionInfo() {
    return this.loaded.info;
  }

  async recognise(crops: readonly RgbImage[], vertical: boolean): Promise<PpocrLineResult[]> {
    const prepared = crops.map((c) => (vertical ? (this.verticalMode === 'rotate' ? rotate90ccw(c) : stackColumn(c)) : c));
    return this.recogniseHorizontal(prepared);
  }

  private async recogniseHorizontal(crops: readonly RgbImage[]): Promise<PpocrLineResult[]> {
    const results: PpocrLineResult[] = new Array(crops.length);
    const widths = crops.map((c) => Math.min(this.maxWidth, Math.max(8, Math.ceil((REC_HEIGHT * c.width) / Math.max(1, c.height)))));
    const order = crops.map((_, i) => i).sort((a, b) => widths[a]! - widths[b]!);
    for (let start = 0; start < order.length; start += this.batchSize) {
      const idx = order.slice(start, start + this.batchSize);
      const batchW = Math.max(...idx.map((i) => widths[i]!));
      const plane = REC_HEIGHT * batchW;
      const input = new Float32Array(idx.length * 3 * plane); // zeros = PaddleOCR's padding
      idx.forEach((ci, b) => {
        const r = resizeRgb(crops[ci]!, widths[ci]!, REC_HEIGHT);
        const base = b * 3 * plane;
        for (let y = 0; y < REC_HEIGHT; y++) {
          for (let x = 0; x < r.width; x++) {
            const s = (y * r.width + x) * 3;
            const o = y * batchW + x;
            // PaddleOCR feeds BGR (cv2); the model is trained on BGR order
            input[base + o] = r.data[s + 2]! / 127.5 - 1;
            input[base + plane + o] = r.data[s + 1]! / 127.5 - 1;
            input[base + 2 * plane + o] = r.data[s]! / 127.5 - 1;
          }
        }
      });
      const session = this.loaded.session;
      const feeds = { [session.inputNames[0]!]: new ort.Tensor('float32', input, [idx.length, 3, REC_HEIGHT, batchW]) };
      const out = (await session.run(feeds))[session.outputNames[0]!]!;
      const [, steps, classes] = out.dims as [number, number, number];
      const data = out.data as Float32Array;
      idx.forEach((ci, b) => {
        const d = ctcGreedyDecode(data, steps, classes, this.dict, b * steps * classes);
        results[ci] = { text: d.text, confidence: d.confidence, charConfidences: d.charConfidences };
      });
    }
    return results;
  }

  async close(): Promise<void> {
    await this.loaded.session.release();
  }
}

/**
 * Cuts a vertical column into character cells (rows with ink separated by blank rows, merged while the cell
 * stays within ~1.15 column widths, since characters are about square) and lays the cells upright side by
 * side with a small gap: a horizontal line the model can read.
 */
export function stackColumn(col: RgbImage): RgbImage {
  const { width: W, height: H } = col;
  const g = toGray(col);
  const { min, max } = grayRange(g);
  const thr = (min + max) / 2;
  const ink = new Uint16Array(H);
  for (let y = 0; y < H; y++) {
    let n = 0;
    for (let x = 0; x < W; x++) if (g[y * W + x]! < thr) n++;
    ink[y] = n;
  }
  const runs: [number, number][] = [];
  for (let y = 0; y < H; ) {
    if (ink[y]! === 0) {
      y++;
      continue;
    }
    const s = y;
    while (y < H && ink[y]! > 0) y++;
    runs.push([s, y]);
  }
  if (!runs.length) return col;
  // merge runs into cells no taller than ~1.15 W (a character split by internal gaps: 二, 三, 小, 川)
  const cells: [number, number][] = [];
  let cur: [number, number] = [...runs[0]!];
  for (let i = 1; i < runs.length; i++) {
    const r = runs[i]!;
    if (r[1] - cur[0] <= W * 1.05) cur[1] = r[1];
    else {
      cells.push(cur);
      cur = [...r];
    }
  }
  cells.push(cur);
  const gap = Math.max(2, Math.round(W * 0.15));
  return stackCells(col, cells, gap);
}

/** Places each [y0,y1) cell of the column (width W) upright into a strip of height max(W, tallest cell). */
function stackCells(col: RgbImage, cells: [number, number][], gap: number): RgbImage {
  const W = col.width;
  const H = Math.max(W, ...cells.map(([s, e]) => e - s));
  const outW = cells.reduce((a) => a + W + gap, gap);
  const out = new Uint8Array(outW * H * 3).fill(255);
  let ox = gap;
  for (const [s, e] of cells) {
    const h = e - s;
    const oy = Math.floor((H - h) / 2);
    for (let y = 0; y < h; y++) {
      const si = (s + y) * W * 3;
      const oi = ((oy + y) * outW + ox) * 3;
      out.set(col.data.subarray(si, si + W * 3), oi);
    }
    ox += W + gap;
  }
  return { width: outW, height: H, data: out };
}
