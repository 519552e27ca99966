/** Small pure raster helpers on RgbImage used by the recognisers (no native dependency, no copies of the page). */
import type { RgbImage } from '../images/types.js';

/** Bilinear resize; when shrinking by more than 2× each output pixel averages the covered source box instead. */
export function resizeRgb(src: RgbImage, width: number, height: number): RgbImage {
  const w = Math.max(1, Math.round(width));
  const h = Math.max(1, Math.round(height));
  const out = new Uint8Array(w * h * 3);
  const sx = src.width / w;
  const sy = src.height / h;
  const s = src.data;
  if (sx > 2 || sy > 2) {
    for (let y = 0; y < h; y++) {
      const y0 = Math.floor(y * sy);
      const y1 = Math.max(y0 + 1, Math.min(src.height, Math.floor((y + 1) * sy)));
      for (let x = 0; x < w; x++) {
        const x0 = Math.floor(x * sx);
        const x1 = Math.max(x0 + 1, Math.min(src.width, Math.floor((x + 1) * sx)));
        let r = 0;
        let g = 0;
        let b = 0;
        for (let yy = y0; yy < y1; yy++) {
          let i = (yy * src.width + x0) * 3;
          for (let xx = x0; xx < x1; xx++, i += 3) {
            r += s[i]!;
            g += s[i + 1]!;
            b += s[i + 2]!;
          }
        }
        const n = (y1 - y0) * (x1 - x0);
        const o = (y * w + x) * 3;
        out[o] = r / n;
        out[o + 1] = g / n;
        out[o + 2] = b / n;
      }
    }
    return { width: w, height: h, data: out };
  }
  for (let y = 0; y < h; y++) {
    const fy = Math.min(src.height - 1, Math.max(0, (y + 0.5) * sy - 0.5));
    const y0 = Math.floor(fy);
    const y1 = Math.min(src.height - 1, y0 + 1);
    const dy = fy - y0;
    for (let x = 0; x < w; x++) {
      const fx = Math.min(src.width - 1, Math.max(0, (x + 0.5) * sx - 0.5));
      const x0 = Math.floor(fx);
      const x1 = Math.min(src.width - 1, x0 + 1);
      const dx = fx - x0;
      const a = (y0 * src.width + x0) * 3;
      const b = (y0 * src.width + x1) * 3;
      const c = (y1 * src.width + x0) * 3;
      const d = (y1 * src.width + x1) * 3;
      const o = (y * w + x) * 3;
      for (let k = 0; k < 3; k++) {
        const top = s[a + k]! + (s[b + k]! - s[a + k]!) * dx;
        const bot = s[c + k]! + (s[d + k]! - s[c + k]!) * dx;
        out[o + k] = Math.round(top + (bot - top) * dy);
      }
    }
  }
  return { width: w, height: h, data: out };
}

/** Rotates by 90° counter-clockwise (the top edge becomes the left edge): a top-to-bottom column reads left to right. */
export function rotate90ccw(src: RgbImage): RgbImage {
  const w = src.height;
  const h = src.width;
  const out = new Uint8Array(w * h * 3);
  for (let y = 0; y < src.height; y++) {
    for (let x = 0; x < src.width; x++) {
      const i = (y * src.width + x) * 3;
      // (x, y) → (y, W-1-x)
      const o = ((src.width - 1 - x) * w + y) * 3;
      out[o] = src.data[i]!;
      out[o + 1] = src.data[i + 1]!;
      out[o + 2] = src.data[i + 2]!;
    }
  }
  return { width: w, height: h, data: out };
}

/** Luma 0..255 per pixel. */
export function toGray(src: RgbImage): Uint8Array {
  const n = src.width * src.height;
  const g = new Uint8Array(n);
  for (let i = 0, j = 0; i < n; i++, j += 3) g[i] = (src.data[j]! * 77 + src.data[j + 1]! * 150 + src.data[j + 2]! * 29) >> 8;
  return g;
}

/** Axis-aligned sub-rectangle copy (clamped to the image). */
export function cropRect(src: RgbImage, x: number, y: number, width: number, height: number): RgbImage {
  const x0 = Math.max(0, Math.floor(x));
  const y0 = Math.max(0, Math.floor(y));
  const x1 = Math.min(src.width, Math.ceil(x + width));
  const y1 = Math.min(src.height, Math.ceil(y + height));
  const w = Math.max(1, x1 - x0);
  const h = Math.max(1, y1 - y0);
  const out = new Uint8Array(w * h * 3).fill(255);
  for (let yy = 0; yy < Math.min(h, y1 - y0); yy++) {
    const si = ((y0 + yy) * src.width + x0) * 3;
    out.set(src.data.subarray(si, si + Math.max(0, x1 - x0) * 3), yy * w * 3);
  }
  return { width: w, height: h, data: out };
}

/** Darkest and lightest grey value. */
export function grayRange(g: Uint8Array): { min: number; max: number } {
  let min = 255;
  let max = 0;
  for (const v of g) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return { min, max };
}

/**
 * Keeps only the text line a padded crop was made for: rows (columns for a vertical crop) are scanned outwards
 * from the core band [coreStart, coreEnd) while they hold ink; from the first empty row on, everything is
 * painted white, so parts of neighbouring lines that the padding took in are removed. The padding itself is
 * what lets ascenders, descenders and the tops of kanji that the detector's tight box cut off come back.
 */
export function isolateLine(crop: RgbImage, vertical: boolean, coreStart: number, coreEnd: number): RgbImage {
  const { width: W, height: H } = crop;
  const g = toGray(crop);
  const { min, max } = grayRange(g);
  if (max - min < 40) return crop;
  const thr = min + (max - min) * 0.5;
  const n = vertical ? W : H;
  const len = vertical ? H : W;
  const ink = new Uint32Array(n);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      if (g[y * W + x]! < thr) ink[vertical ? x : y]!++;
    }
  }
  const s = Math.max(0, Math.min(n - 1, Math.floor(coreStart)));
  const e = Math.max(s + 1, Math.min(n, Math.ceil(coreEnd)));
  // a row is "empty" below 3 % of the core's median ink (blur and skew leave a little ink between lines)
  const core = [...ink.subarray(s, e)].sort((a, b) => a - b);
  const low = Math.max(1, Math.round(len * 0.002), Math.round((core[core.length >> 1] ?? 0) * 0.03));
  // outwards from the core: stop at the first empty row, else at the emptiest row of the padding
  const cut = (from: number, to: number, step: number): number => {
    let best = from;
    for (let k = from; k !== to; k += step) {
      if (ink[k]! <= low) return k;
      if (ink[k]! < ink[best]!) best = k;
    }
    return to === from ? from : best;
  };
  const lo = s > 0 ? cut(s - 1, -1, -1) + 1 : 0;
  const hi = e < n ? cut(e, n, 1) : n;
  if (lo === 0 && hi === n) return crop;
  const out = new Uint8Array(crop.data);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const k = vertical ? x : y;
      if (k < lo || k >= hi) out.fill(255, (y * W + x) * 3, (y * W + x) * 3 + 3);
    }
  }
  return { width: W, height: H, data: out };
}

/** Otsu's threshold of a grey histogram: the split that best separates ink from paper. */
export function otsuThreshold(gray: Uint8Array): number {
  const hist = new Float64Array(256);
  for (const v of gray) hist[v]!++;
  let sum = 0;
  for (let i = 0; i < 256; i++) sum += i * hist[i]!;
  let wB = 0, sB = 0, best = -1, thr = 128;
  for (let t = 0; t < 256; t++) {
    wB += hist[t]!;
    if (!wB) continue;
    const wF = gray.length - wB;
    if (!wF) break;
    sB += t * hist[t]!;
    const between = wB * wF * (sB / wB - (sum - sB) / wF) ** 2;
    if (between > best) {
      best = between;
      thr = t + 0.5;
    }
  }
  return thr;
}
