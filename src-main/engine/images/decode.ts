/**
 * Image files (PNG, JPEG, TIFF, …) → RgbImage with sharp: any colour model, EXIF orientation applied,
 * multi-page TIFF by page index, huge pages scaled down to a working resolution, tiny ones scaled up or
 * refused. Used by document ingestion and the page viewer as well as OCR.
 */
import sharp from 'sharp';
import { LIMITS_DEFAULTS } from '#shared/api';
import type { RgbImage } from './types.js';

export interface LoadImageOptions {
  /** page of a multi-page TIFF (0-based) */
  page?: number;
  /** larger images are scaled down to at most this many pixels (default 16 M: A4 at ~400 dpi) */
  maxPixels?: number;
  /** and to at most this many pixels on the longer side (default 8192) */
  maxSide?: number;
  /** images whose shorter side is below this are refused (default 8) */
  minSide?: number;
  /** images of more pixels than this are refused before decoding (default sharp's own limit, 268 M: 16383²) */
  maxInputPixels?: number;
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

export const IMAGE_DEFAULTS = { maxPixels: 16_000_000, maxSide: 8192, minSide: 8, upscaleBelow: 640, maxUpscale: 4, maxInputPixels: LIMITS_DEFAULTS.maxImagePixels } as const;

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

/**
 * The header only (sharp decodes no pixels for it), with the size checked against `maxInputPixels`: an
 * image over it is refused here with its size, before a decoder allocates its pixels (an interlaced PNG
 * cannot be decoded in strips, so a 30,000² one would take gigabytes at once).
 */
async function header(input: string | Buffer, page: number, maxInputPixels: number): Promise<sharp.Metadata> {
  let meta: sharp.Metadata;
  try {
    meta = await sharp(input, { page, limitInputPixels: false }).metadata();
  } catch (e) {
    throw sharpError(e);
  }
  const { width, height } = meta;
  if (width && height && width * height > maxInputPixels) {
    const n = (x: number) => x.toLocaleString('en-US');
    throw new OcrImageError('too-large', `the image is ${n(width)} × ${n(height)} pixels, over the limit of ${n(maxInputPixels)} pixels; raise limits.maxImagePixels in settings to read it`);
  }
  return meta;
}

/** Number of pages (frames) in an image file (1 for single-page formats); refuses an image over `maxInputPixels`. */
export async function imagePageCount(input: string | Buffer, maxInputPixels: number = IMAGE_DEFAULTS.maxInputPixels): Promise<number> {
  return (await header(input, 0, maxInputPixels)).pages ?? 1;
}

/** Loads one page of an image file (PNG, JPEG, TIFF incl. 1-bit and CMYK, WebP, …) as sRGB at a working resolution. */
export async function loadImage(input: string | Buffer, opts: LoadImageOptions = {}): Promise<LoadedImage> {
  const page = opts.page ?? 0;
  const maxInputPixels = opts.maxInputPixels ?? IMAGE_DEFAULTS.maxInputPixels;
  const base = { page, limitInputPixels: maxInputPixels, failOn: 'error' as const };
  let meta = await header(input, 0, maxInputPixels);
  const pages = meta.pages ?? 1;
  if (!Number.isInteger(page) || page < 0 || page >= pages) throw new OcrImageError('page-out-of-range', `page ${page} requested, the image has ${pages}`);
  if (page > 0) meta = await header(input, page, maxInputPixels);
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
