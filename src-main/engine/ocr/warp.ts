/**
 * Pixel warps of a page image for OCR: resizing for the detector, quad crops with a perspective warp and
 * bilinear sampling, quarter-turn rotations.
 */
import sharp from 'sharp';
import { fromRaw } from '../images/decode.js';
import type { RgbImage } from '../images/types.js';
import { rotatePoint, type Rotation } from './geometry.js';
import type { Point, Quad } from './types.js';

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
