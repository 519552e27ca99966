/**
 * Page images for OCR: loading with sharp into an 8-bit RGB working image (any colour model, EXIF
 * orientation applied, multi-page TIFF by page index, huge pages scaled down to a working resolution,
 * tiny ones scaled up or refused), and pure pixel helpers: quad crops with a perspective warp and
 * bilinear sampling, quarter-turn rotations.
 */
import sharp from 'sharp';
import { rotatePoint, type Rotation } from '../ocr/geometry.js';
import type { Point, Quad, RgbImage } from '../ocr/types.js';

export interface LoadImageOptions {
  /** page of a multi-page TIFF (0-based) */
  page?: number;
  /** larger images are scaled down to at most this many pixels (default 16 M: A4 at ~400 dpi) */
  maxPixels?: number;
  /** and to at most this many pixels on the longer side (default 8192) */
  maxSide?: number;
  /** images whose shorter side is below this are refused (default 8) */
  minSide?: number;
  /** images whose longer side is below this are scaled up towards it (default 640) … */
  upscaleBelow?: number;
  /** … by at most this factor (default 4) */
  maxUpscale?: number;
}

export interface LoadedImage {
  image: RgbImage;
  /** working pixels per original pixel (after orientation); divide working coordinates by it to get original ones */
  scale: number;
  /** size of the (oriented) original */
  originalWidth: number;
  originalHeight: number;
  page: number;
  pages: number;
}

export type ImageErrorCode = 'unsupported' | 'too-small' | 'too-large' | 'page-out-of-range' | 'corrupt';

export class OcrImageError extends Error {
  constructor(
    readonly code: ImageErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'OcrImageError';
  }
}

export const IMAGE_DEFAULTS = { maxPixels: 16_000_000, maxSide: 8192, minSide: 8, upscaleBelow: 640, maxUpscale: 4 } as const;
/** what sharp may decode at all (its own default is 268 M pixels); larger files are refused, not decoded */
const DECODE_LIMIT = 1_000_000_000;

/** Working-resolution scale for an image of w × h (pure, exported for tests). Throws OcrImageError when too small. */
export function workingScale(w: number, h: number, opts: LoadImageOptions = {}): number {
  const o = { ...IMAGE_DEFAULTS, ...opts };
  if (Math.min(w, h) < o.minSide) throw new OcrImageError('too-small', `image ${w}×${h} is too small to read (a side under ${o.minSide} px)`);
  const long = Math.max(w, h);
  let s = 1;
  if (w * h > o.maxPixels) s = Math.sqrt(o.maxPixels / (w * h));
  if (long * s > o.maxSide) s = o.maxSide / long;
  if (long < o.upscaleBelow) s = Math.min(o.maxUpscale, o.upscaleBelow / long);
  return s;
}

function sharpError(e: unknown): OcrImageError {
  const msg = (e as Error).message ?? String(e);
  if (/unsupported image format|unknown format|not a known file format/i.test(msg)) return new OcrImageError('unsupported', `unsupported image: ${msg}`);
  if (/pixel limit/i.test(msg)) return new OcrImageError('too-large', `image too large to decode: ${msg}`);
  return new OcrImageError('corrupt', `cannot decode image: ${msg}`);
}

/** Number of pages (frames) in an image file; 1 for single-page formats. */
export async function imagePageCount(input: string | Buffer): Promise<number> {
  try {
    const meta = await sharp(input, { limitInputPixels: DECODE_LIMIT }).metadata();
    return meta.pages ?? 1;
  } catch (e) {
    throw sharpError(e);
  }
}

/** Loads one page of an image file (PNG, JPEG, TIFF incl. 1-bit and CMYK, WebP, …) as sRGB at a working resolution. */
export async function loadImage(input: string | Buffer, opts: LoadImageOptions = {}): Promise<LoadedImage> {
  const page = opts.page ?? 0;
  const base = { page, limitInputPixels: DECODE_LIMIT, failOn: 'error' as const };
  let meta: sharp.Metadata;
  let pages: number;
  try {
    meta = await sharp(input, { limitInputPixels: DECODE_LIMIT }).metadata();
    pages = meta.pages ?? 1;
    if (!Number.isInteger(page) || page < 0 || page >= pages) throw new OcrImageError('page-out-of-range', `page ${page} requested, the image has ${pages}`);
    if (page > 0) meta = await sharp(input, base).metadata();
  } catch (e) {
    if (e instanceof OcrImageError) throw e;
    throw sharpError(e);
  }
  const ow = meta.autoOrient?.width ?? meta.width;
  const oh = meta.autoOrient?.height ?? meta.height;
  if (!ow || !oh) throw new OcrImageError('corrupt', 'image has no size');
  const scale = workingScale(ow, oh, opts);
  try {
    let pipe = sharp(input, base).autoOrient();
    const tw = Math.max(1, Math.round(ow * scale));
    const th = Math.max(1, Math.round(oh * scale));
    if (tw !== ow || th !== oh) pipe = pipe.resize(tw, th, { fit: 'fill', kernel: scale < 1 ? 'lanczos3' : 'cubic' });
    const { data, info } = await pipe.flatten({ background: '#ffffff' }).toColourspace('srgb').raw().toBuffer({ resolveWithObject: true });
    const image = fromRaw(data, info.width, info.height, info.channels);
    return { image, scale: info.width / ow, originalWidth: ow, originalHeight: oh, page, pages };
  } catch (e) {
    if (e instanceof OcrImageError) throw e;
    throw sharpError(e);
  }
}

/** Interleaved 8-bit pixels with 1 (grey), 2 (grey + alpha), 3 (RGB) or 4 (RGBA, composited on white) channels → RgbImage. */
export function fromRaw(data: Uint8Array, width: number, height: number, channels: number): RgbImage {
  const n = width * height;
  if (data.length < n * channels) throw new Error(`raw buffer too short: ${data.length} < ${n * channels}`);
  if (channels === 3) return { width, height, data: new Uint8Array(data.buffer, data.byteOffset, n * 3) };
  const out = new Uint8Array(n * 3);
  for (let i = 0; i < n; i++) {
    let r: number, g: number, b: number, a = 255;
    if (channels === 1 || channels === 2) {
      r = g = b = data[i * channels]!;
      if (channels === 2) a = data[i * 2 + 1]!;
    } else if (channels === 4) {
      r = data[i * 4]!;
      g = data[i * 4 + 1]!;
      b = data[i * 4 + 2]!;
      a = data[i * 4 + 3]!;
    } else throw new Error(`unsupported channel count ${channels}`);
    if (a !== 255) {
      r = Math.round((r * a + 255 * (255 - a)) / 255);
      g = Math.round((g * a + 255 * (255 - a)) / 255);
      b = Math.round((b * a + 255 * (255 - a)) / 255);
    }
    out[i * 3] = r;
    out[i * 3 + 1] = g;
    out[i * 3 + 2] = b;
  }
  return { width, height, data: out };
}

/** Encodes an RgbImage as PNG (debugging, fixtures). */
export async function encodePng(image: RgbImage): Promise<Buffer> {
  return sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } }).png().toBuffer();
}

/** Resizes an RgbImage to exactly width × height (sharp, Lanczos for shrinking). */
export async function resizeImage(image: RgbImage, width: number, height: number): Promise<RgbImage> {
  if (width === image.width && height === image.height) return image;
  const shrinking = width < image.width || height < image.height;
  const { data, info } = await sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } })
    .resize(width, height, { fit: 'fill', kernel: shrinking ? 'lanczos3' : 'cubic' })
    .raw()
    .toBuffer({ resolveWithObject: true });
  return fromRaw(data, info.width, info.height, info.channels);
}

// ---------------------------------------------------------------------------------------------- crops

/**
 * Homography taking the unit square (0,0),(1,0),(1,1),(0,1) to the quad's corners (Heckbert's closed form).
 * Returns a function (s, t) → point.
 */
export function squareToQuad(q: Quad): (s: number, t: number) => Point {
  const [p0, p1, p2, p3] = q;
  const sx = p0.x - p1.x + p2.x - p3.x;
  const sy = p0.y - p1.y + p2.y - p3.y;
  let a: number, b: number, c: number, d: number, e: number, f: number, g: number, h: number;
  if (Math.abs(sx) < 1e-9 && Math.abs(sy) < 1e-9) {
    // parallelogram: affine
    a = p1.x - p0.x; b = p3.x - p0.x; c = p0.x;
    d = p1.y - p0.y; e = p3.y - p0.y; f = p0.y;
    g = 0; h = 0;
  } else {
    const dx1 = p1.x - p2.x, dx2 = p3.x - p2.x, dy1 = p1.y - p2.y, dy2 = p3.y - p2.y;
    const den = dx1 * dy2 - dx2 * dy1;
    g = (sx * dy2 - dx2 * sy) / den;
    h = (dx1 * sy - sx * dy1) / den;
    a = p1.x - p0.x + g * p1.x; b = p3.x - p0.x + h * p3.x; c = p0.x;
    d = p1.y - p0.y + g * p1.y; e = p3.y - p0.y + h * p3.y; f = p0.y;
  }
  return (s, t) => {
    const w = g * s + h * t + 1;
    return { x: (a * s + b * t + c) / w, y: (d * s + e * t + f) / w };
  };
}

/** Natural size of a quad crop: the longer of each pair of opposite sides, at least 1 px. */
export function quadCropSize(q: Quad): { width: number; height: number } {
  const d = (a: Point, b: Point) => Math.hypot(b.x - a.x, b.y - a.y);
  return {
    width: Math.max(1, Math.round(Math.max(d(q[0], q[1]), d(q[3], q[2])))),
    height: Math.max(1, Math.round(Math.max(d(q[0], q[3]), d(q[1], q[2])))),
  };
}

/**
 * Upright crop of a quad (TL, TR, BR, BL): TL→TR becomes the top edge. With `targetHeight` the crop is
 * scaled to that height keeping its aspect ratio. Bilinear sampling, edge pixels repeated outside the
 * image; when shrinking by more than 2× each output pixel averages a grid of samples (no aliasing).
 */
export function cropQuad(image: RgbImage, q: Quad, targetHeight?: number, maxWidth = 8192): RgbImage {
  const nat = quadCropSize(q);
  let outH = nat.height, outW = nat.width;
  if (targetHeight !== undefined) {
    outH = Math.max(1, Math.round(targetHeight));
    outW = Math.max(1, Math.round((nat.width * outH) / nat.height));
  }
  outW = Math.min(outW, maxWidth);
  const map = squareToQuad(q);
  const ss = Math.max(1, Math.min(4, Math.ceil(Math.max(nat.width / outW, nat.height / outH) / 2)));
  const out = new Uint8Array(outW * outH * 3);
  const { width: W, height: H, data } = image;
  const px = [0, 0, 0];
  for (let v = 0; v < outH; v++) {
    for (let u = 0; u < outW; u++) {
      let r = 0, g = 0, b = 0;
      for (let j = 0; j < ss; j++) {
        for (let i = 0; i < ss; i++) {
          const p = map((u + (i + 0.5) / ss) / outW, (v + (j + 0.5) / ss) / outH);
          sampleBilinear(data, W, H, p.x - 0.5, p.y - 0.5, px);
          r += px[0]!; g += px[1]!; b += px[2]!;
        }
      }
      const n = ss * ss, o = (v * outW + u) * 3;
      out[o] = Math.round(r / n);
      out[o + 1] = Math.round(g / n);
      out[o + 2] = Math.round(b / n);
    }
  }
  return { width: outW, height: outH, data: out };
}

/** Bilinear sample at pixel-centre coordinates (x, y) (pixel i's centre is at i), clamped to the edges. */
function sampleBilinear(data: Uint8Array, W: number, H: number, x: number, y: number, out: number[]): void {
  const xc = Math.min(W - 1, Math.max(0, x));
  const yc = Math.min(H - 1, Math.max(0, y));
  const x0 = Math.floor(xc), y0 = Math.floor(yc);
  const x1 = Math.min(W - 1, x0 + 1), y1 = Math.min(H - 1, y0 + 1);
  const fx = xc - x0, fy = yc - y0;
  const i00 = (y0 * W + x0) * 3, i10 = (y0 * W + x1) * 3, i01 = (y1 * W + x0) * 3, i11 = (y1 * W + x1) * 3;
  for (let c = 0; c < 3; c++) {
    const top = data[i00 + c]! + (data[i10 + c]! - data[i00 + c]!) * fx;
    const bot = data[i01 + c]! + (data[i11 + c]! - data[i01 + c]!) * fx;
    out[c] = top + (bot - top) * fy;
  }
}

// ------------------------------------------------------------------------------------------ rotations

/** The image rotated clockwise by `rotation` degrees (pixel-exact). */
export function rotateImage(image: RgbImage, rotation: Rotation): RgbImage {
  if (rotation === 0) return { width: image.width, height: image.height, data: image.data.slice() };
  const { width: W, height: H, data } = image;
  const swap = rotation !== 180;
  const outW = swap ? H : W, outH = swap ? W : H;
  const out = new Uint8Array(W * H * 3);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      // pixel centre (x + .5, y + .5) → rotated centre; subtract .5 for the integer index
      const p = rotatePoint({ x: x + 0.5, y: y + 0.5 }, rotation, W, H);
      const o = (Math.floor(p.y) * outW + Math.floor(p.x)) * 3, i = (y * W + x) * 3;
      out[o] = data[i]!;
      out[o + 1] = data[i + 1]!;
      out[o + 2] = data[i + 2]!;
    }
  }
  return { width: outW, height: outH, data: out };
}

export const rotate90cw = (image: RgbImage) => rotateImage(image, 90);
export const rotate90ccw = (image: RgbImage) => rotateImage(image, 270);
export const rotate180 = (image: RgbImage) => rotateImage(image, 180);
