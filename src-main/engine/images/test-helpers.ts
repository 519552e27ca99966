/** Pictures for the image and raster tests. */
import type { RgbImage } from './types.js';

/** Test image whose pixel (x, y) is (x, y, x ^ y) mod 256: every pixel identifiable. */
export function pattern(w: number, h: number): RgbImage {
  const data = new Uint8Array(w * h * 3);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const o = (y * w + x) * 3;
      data[o] = x & 255;
      data[o + 1] = y & 255;
      data[o + 2] = (x ^ y) & 255;
    }
  }
  return { width: w, height: h, data };
}

export const px = (img: RgbImage, x: number, y: number) => Array.from(img.data.subarray((y * img.width + x) * 3, (y * img.width + x) * 3 + 3));
