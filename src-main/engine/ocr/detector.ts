/**
 * PP-OCRv4 DB text detection (ONNX). The page is resized so its longer side is at most `limitSide`
 * (both sides multiples of 32), normalised with the manifest's mean/std (channels in BGR order, as
 * PaddleOCR feeds OpenCV images) into NCHW float32; the model returns a text probability map of the
 * same size. Post-processing (pure, `boxesFromProbMap`): threshold → 8-connected components → minimum-area
 * rotated rectangle of each → box score (mean probability inside it) → unclip → rotated rectangle again →
 * page coordinates. Boxes are rotated rectangles, so lines of a skewed scan do not overlap their neighbours.
 */
import type { RgbImage } from '../images/types.js';
import { createSession, ort, type LoadedSession } from '../models/onnx-session.js';
import { clampQuad, convexRowSpan, minAreaRect, rectCorners, type RotatedRect } from './geometry.js';
import type { DetectedRegion, Point, Quad } from './types.js';
import { loadClipper, unclip } from './unclip.js';
import { resizeImage } from './warp.js';

export interface DetectorParams {
  /** model input name; default: the session's first input */
  input?: string;
  mean: [number, number, number];
  std: [number, number, number];
  multiple: number;
}

export interface DetectOptions {
  /** the longer side of the model input is at most this (px) */
  limitSide: number;
  /** probability threshold for text pixels */
  threshold: number;
  /** boxes whose mean probability is below this are dropped */
  boxThreshold: number;
  /** DB unclip ratio */
  unclipRatio: number;
  /** boxes with a side shorter than this (probability-map px) are dropped */
  minSize: number;
  /** at most this many components are turned into boxes (largest first) */
  maxCandidates: number;
  /** feed channels as B, G, R (PaddleOCR's training order) */
  bgr: boolean;
}

/**
 * limitSide 1280, measured on the 36 eval pages (scripts/ocr-detect-debug.ts, 2-core EPYC, CPU): 960, 1280 and
 * 1600 find the same lines on every page, detection takes ~0.19 / ~0.31 / ~0.43 s, but at 960 the boxes come out
 * ~5 px thicker (median box 32.7 px on maintguide p13 for a 29.2 px line pitch), so neighbouring lines of the
 * dense pages overlap by up to 8–13 px; at 1280 they touch at most (median overlap ≤ 0).
 */
export const DETECT_DEFAULTS: DetectOptions = {
  limitSide: 1280,
  threshold: 0.3,
  boxThreshold: 0.6,
  unclipRatio: 1.5,
  minSize: 3,
  maxCandidates: 2000,
  bgr: true,
};

export const PPOCR_DET_PARAMS: DetectorParams = { mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225], multiple: 32 };

/** Detector params from a manifest entry's free-form `params` (ppocr-v4-det); missing or malformed fields keep the defaults. */
export function detectorParamsFromManifest(params: Record<string, unknown>): DetectorParams {
  const triple = (v: unknown): [number, number, number] | undefined =>
    Array.isArray(v) && v.length === 3 && v.every((x) => typeof x === 'number' && Number.isFinite(x)) ? (v as [number, number, number]) : undefined;
  const multiple = typeof params.multiple === 'number' && Number.isInteger(params.multiple) && params.multiple > 0 ? params.multiple : undefined;
  return {
    input: typeof params.input === 'string' ? params.input : undefined,
    mean: triple(params.mean) ?? PPOCR_DET_PARAMS.mean,
    std: triple(params.std) ?? PPOCR_DET_PARAMS.std,
    multiple: multiple ?? PPOCR_DET_PARAMS.multiple,
  };
}

/** Model input size for a w × h image: longer side ≤ limit (never enlarged), each side a multiple of `multiple` (≥ one multiple). */
export function detectorInputSize(w: number, h: number, limit: number, multiple = 32): { width: number; height: number } {
  const ratio = Math.max(w, h) > limit ? limit / Math.max(w, h) : 1;
  const round = (v: number) => Math.max(multiple, Math.round((v * ratio) / multiple) * multiple);
  return { width: round(w), height: round(h) };
}

/** RGB pixels → normalised NCHW float32 ((v/255 − mean)/std per channel; channel order R,G,B or B,G,R). */
export function normaliseToTensor(img: RgbImage, mean: readonly number[], std: readonly number[], bgr: boolean): Float32Array {
  const n = img.width * img.height;
  const out = new Float32Array(3 * n);
  for (let c = 0; c < 3; c++) {
    const src = bgr ? 2 - c : c;
    const scale = 1 / (255 * std[c]!);
    const shift = mean[c]! / std[c]!;
    const plane = c * n;
    for (let i = 0; i < n; i++) out[plane + i] = img.data[i * 3 + src]! * scale - shift;
  }
  return out;
}

export interface ProbMap {
  width: number;
  height: number;
  data: Float32Array;
}

type Clipper = Awaited<ReturnType<typeof loadClipper>>;

/**
 * DB post-processing. `map` is the model output; `srcWidth` × `srcHeight` the image it was computed for
 * (coordinates are scaled back to it). Quads are ordered TL, TR, BR, BL; sorted top to bottom, left to right.
 */
export function boxesFromProbMap(map: ProbMap, srcWidth: number, srcHeight: number, clipper: Clipper, opts: Partial<DetectOptions> = {}): DetectedRegion[] {
  const o = { ...DETECT_DEFAULTS, ...opts };
  const { width: W, height: H, data } = map;
  const sx = srcWidth / W, sy = srcHeight / H;
  const comps = connectedComponents(data, W, H, o.threshold);
  comps.sort((a, b) => b.pixels - a.pixels);
  const out: DetectedRegion[] = [];
  for (const comp of comps.slice(0, o.maxCandidates)) {
    if (comp.pixels < 4) continue;
    const rect = minAreaRect(comp.points);
    if (Math.min(rect.width, rect.height) < o.minSize) continue;
    const corners = rectCorners(rect);
    const score = meanInPolygon(data, W, H, corners);
    if (score < o.boxThreshold) continue;
    const grown = unclip(clipper, corners, o.unclipRatio);
    if (grown.length < 3) continue;
    const r2: RotatedRect = minAreaRect(grown);
    if (Math.min(r2.width, r2.height) < o.minSize + 2) continue;
    const quad = clampQuad(
      rectCorners(r2).map((p) => ({ x: p.x * sx, y: p.y * sy })) as Quad,
      srcWidth,
      srcHeight,
    );
    out.push({ quad, score });
  }
  out.sort((a, b) => a.quad[0].y - b.quad[0].y || a.quad[0].x - b.quad[0].x);
  return out;
}

interface Component {
  pixels: number;
  /** pixel centres of the leftmost and rightmost pixel of each row: enough for the convex hull */
  points: Point[];
}

/** 8-connected components of `prob > threshold` (flood fill with an explicit stack). */
export function connectedComponents(prob: Float32Array, W: number, H: number, threshold: number): Component[] {
  const label = new Int32Array(W * H);
  const stack = new Int32Array(W * H);
  const rowMin = new Int32Array(H).fill(W);
  const rowMax = new Int32Array(H).fill(-1);
  const comps: Component[] = [];
  let next = 1;
  for (let start = 0; start < W * H; start++) {
    if (label[start] !== 0 || !(prob[start]! > threshold)) continue;
    const id = next++;
    let sp = 0;
    stack[sp++] = start;
    label[start] = id;
    let pixels = 0, ymin = H, ymax = -1;
    while (sp > 0) {
      const p = stack[--sp]!;
      const y = (p / W) | 0, x = p - y * W;
      pixels++;
      if (y < ymin) ymin = y;
      if (y > ymax) ymax = y;
      if (x < rowMin[y]!) rowMin[y] = x;
      if (x > rowMax[y]!) rowMax[y] = x;
      for (let dy = -1; dy <= 1; dy++) {
        const yy = y + dy;
        if (yy < 0 || yy >= H) continue;
        for (let dx = -1; dx <= 1; dx++) {
          const xx = x + dx;
          if (xx < 0 || xx >= W || (dx === 0 && dy === 0)) continue;
          const q = yy * W + xx;
          if (label[q] === 0 && prob[q]! > threshold) {
            label[q] = id;
            stack[sp++] = q;
          }
        }
      }
    }
    const points: Point[] = [];
    for (let y = ymin; y <= ymax; y++) {
      if (rowMax[y]! < 0) continue;
      points.push({ x: rowMin[y]! + 0.5, y: y + 0.5 });
      if (rowMax[y] !== rowMin[y]) points.push({ x: rowMax[y]! + 0.5, y: y + 0.5 });
      rowMin[y] = W;
      rowMax[y] = -1;
    }
    comps.push({ pixels, points });
  }
  return comps;
}

/** Mean of the map over pixels whose centres lie inside a convex polygon (0 when none do). */
export function meanInPolygon(data: Float32Array, W: number, H: number, poly: readonly Point[]): number {
  let ymin = Infinity, ymax = -Infinity;
  for (const p of poly) {
    ymin = Math.min(ymin, p.y);
    ymax = Math.max(ymax, p.y);
  }
  let sum = 0, n = 0;
  for (let y = Math.max(0, Math.ceil(ymin - 0.5)); y <= Math.min(H - 1, Math.floor(ymax - 0.5)); y++) {
    const span = convexRowSpan(poly, y + 0.5);
    if (!span) continue;
    const x0 = Math.max(0, Math.ceil(span[0] - 0.5)), x1 = Math.min(W - 1, Math.floor(span[1] - 0.5));
    for (let x = x0; x <= x1; x++) {
      sum += data[y * W + x]!;
      n++;
    }
  }
  if (n === 0) {
    // a box thinner than a pixel row: sample its centre
    const cx = Math.min(W - 1, Math.max(0, Math.floor(poly.reduce((s, p) => s + p.x, 0) / poly.length)));
    const cy = Math.min(H - 1, Math.max(0, Math.floor(poly.reduce((s, p) => s + p.y, 0) / poly.length)));
    return data[cy * W + cx]!;
  }
  return sum / n;
}

export interface DetectResult {
  regions: DetectedRegion[];
  /** model input size */
  inputWidth: number;
  inputHeight: number;
  ms: { preprocess: number; inference: number; postprocess: number; total: number };
}

export class TextDetector {
  private constructor(
    private readonly loaded: LoadedSession,
    private readonly clipper: Clipper,
    private readonly params: DetectorParams,
    readonly options: DetectOptions,
  ) {}

  /** `params` from the manifest entry (ppocr-v4-det); session through createSession (CUDA, else CPU). */
  static async create(modelPath: string, params: Partial<DetectorParams> = {}, options: Partial<DetectOptions> = {}, env?: NodeJS.ProcessEnv): Promise<TextDetector> {
    const [loaded, clipper] = await Promise.all([createSession(modelPath, env), loadClipper()]);
    return TextDetector.fromSession(loaded, clipper, params, options);
  }

  static fromSession(loaded: LoadedSession, clipper: Clipper, params: Partial<DetectorParams> = {}, options: Partial<DetectOptions> = {}): TextDetector {
    return new TextDetector(loaded, clipper, { ...PPOCR_DET_PARAMS, ...params }, { ...DETECT_DEFAULTS, ...options });
  }

  get provider(): string {
    return this.loaded.info.provider;
  }

  /** Raw probability map of an image (model input size). */
  async probabilityMap(image: RgbImage, limitSide = this.options.limitSide): Promise<ProbMap & { ms: { preprocess: number; inference: number } }> {
    const t0 = performance.now();
    const size = detectorInputSize(image.width, image.height, limitSide, this.params.multiple);
    const resized = await resizeImage(image, size.width, size.height);
    const tensor = new ort.Tensor('float32', normaliseToTensor(resized, this.params.mean, this.params.std, this.options.bgr), [1, 3, size.height, size.width]);
    const t1 = performance.now();
    const session = this.loaded.session;
    const inputName = this.params.input && session.inputNames.includes(this.params.input) ? this.params.input : session.inputNames[0]!;
    const result = await session.run({ [inputName]: tensor });
    const out = result[session.outputNames[0]!]!;
    const dims = out.dims;
    const mh = Number(dims[dims.length - 2]), mw = Number(dims[dims.length - 1]);
    const data = out.data as Float32Array;
    const t2 = performance.now();
    return { width: mw, height: mh, data, ms: { preprocess: t1 - t0, inference: t2 - t1 } };
  }

  async detect(image: RgbImage, opts: Partial<DetectOptions> = {}): Promise<DetectResult> {
    const o = { ...this.options, ...opts };
    const t0 = performance.now();
    const map = await this.probabilityMap(image, o.limitSide);
    const t1 = performance.now();
    const regions = boxesFromProbMap(map, image.width, image.height, this.clipper, o);
    const t2 = performance.now();
    return {
      regions,
      inputWidth: map.width,
      inputHeight: map.height,
      ms: { preprocess: map.ms.preprocess, inference: map.ms.inference, postprocess: t2 - t1, total: t2 - t0 },
    };
  }

  async close(): Promise<void> {
    await this.loaded.session.release();
  }
}
