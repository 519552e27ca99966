import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { fromRaw, imagePageCount, loadImage, OcrImageError, workingScale } from './decode.js';
import { pattern, px } from './test-helpers.js';

/** Two colour halves: left red, right blue (survives JPEG). */
function halves(w: number, h: number): Buffer {
  const data = Buffer.alloc(w * h * 3);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) data.set(x < w / 2 ? [220, 20, 20] : [20, 20, 220], (y * w + x) * 3);
  return data;
}

describe('workingScale', () => {
  it('keeps ordinary pages as they are', () => {
    expect(workingScale(1654, 2339)).toBe(1);
    expect(workingScale(2480, 3508)).toBe(1);
  });

  it('scales huge pages down to the pixel and side limits', () => {
    const s = workingScale(10_000, 10_000);
    expect(10_000 * s * 10_000 * s).toBeLessThanOrEqual(16_000_000 + 1);
    expect(workingScale(1000, 30_000)).toBeCloseTo(8192 / 30_000);
  });

  it('scales tiny images up (at most 4×) and refuses unreadable ones', () => {
    expect(workingScale(320, 100)).toBe(2);
    expect(workingScale(60, 20)).toBe(4);
    expect(() => workingScale(4, 300)).toThrow(OcrImageError);
    try {
      workingScale(3, 3);
    } catch (e) {
      expect((e as OcrImageError).code).toBe('too-small');
    }
  });
});

describe('loadImage', () => {
  it('reads PNG as RGB, pixel exact', async () => {
    const img = pattern(700, 40);
    const png = await sharp(img.data, { raw: { width: 700, height: 40, channels: 3 } }).png().toBuffer();
    const r = await loadImage(png);
    expect(r).toMatchObject({ scale: 1, originalWidth: 700, originalHeight: 40, page: 0, pages: 1 });
    expect(r.image.width).toBe(700);
    expect(r.image.data).toEqual(img.data);
  });

  it('applies the EXIF orientation of a JPEG', async () => {
    // stored 800 × 400, left half red; orientation 6 = display rotated 90° clockwise → 400 × 800, top half red
    const jpg = await sharp(halves(800, 400), { raw: { width: 800, height: 400, channels: 3 } }).jpeg().withMetadata({ orientation: 6 }).toBuffer();
    const r = await loadImage(jpg);
    expect([r.image.width, r.image.height]).toEqual([400, 800]);
    const top = px(r.image, 200, 100), bottom = px(r.image, 200, 700);
    expect(top[0]!).toBeGreaterThan(150);
    expect(top[2]!).toBeLessThan(80);
    expect(bottom[2]!).toBeGreaterThan(150);
  });

  it('reads a 1-bit TIFF as black and white RGB', async () => {
    const grey = Buffer.alloc(800 * 100, 255);
    for (let x = 100; x < 300; x++) for (let y = 10; y < 50; y++) grey[y * 800 + x] = 0;
    const tif = await sharp(grey, { raw: { width: 800, height: 100, channels: 1 } }).toColourspace('b-w').tiff({ bitdepth: 1, compression: 'ccittfax4' }).toBuffer();
    expect((await sharp(tif).metadata()).bitsPerSample).toBe(1);
    const r = await loadImage(tif);
    expect([r.image.width, r.image.height]).toEqual([800, 100]);
    expect(px(r.image, 150, 20)).toEqual([0, 0, 0]);
    expect(px(r.image, 500, 80)).toEqual([255, 255, 255]);
  });

  it('converts CMYK to RGB', async () => {
    const tif = await sharp(halves(800, 100), { raw: { width: 800, height: 100, channels: 3 } }).toColourspace('cmyk').tiff().toBuffer();
    expect((await sharp(tif).metadata()).space).toBe('cmyk');
    const r = await loadImage(tif);
    expect(r.image.data.length).toBe(800 * 100 * 3);
    const left = px(r.image, 100, 50), right = px(r.image, 700, 50);
    expect(left[0]!).toBeGreaterThan(left[2]! + 80);
    expect(right[2]!).toBeGreaterThan(right[0]! + 80);
  });

  it('reads a chosen page of a multi-page TIFF', async () => {
    const w = 700, h = 50;
    const pages = Buffer.alloc(w * h * 2 * 3, 255);
    pages.fill(0, w * h * 3); // page 1 black
    const tif = await sharp(pages, { raw: { width: w, height: h * 2, channels: 3, pageHeight: h } }).tiff().toBuffer();
    expect(await imagePageCount(tif)).toBe(2);
    const p0 = await loadImage(tif, { page: 0 });
    const p1 = await loadImage(tif, { page: 1 });
    expect([p1.image.width, p1.image.height, p1.pages, p1.page]).toEqual([w, h, 2, 1]);
    expect(px(p0.image, 10, 10)).toEqual([255, 255, 255]);
    expect(px(p1.image, 10, 10)).toEqual([0, 0, 0]);
    await expect(loadImage(tif, { page: 2 })).rejects.toMatchObject({ code: 'page-out-of-range' });
  });

  it('flattens transparency onto white', async () => {
    const rgba = Buffer.alloc(700 * 10 * 4, 0); // fully transparent black
    const png = await sharp(rgba, { raw: { width: 700, height: 10, channels: 4 } }).png().toBuffer();
    expect(px((await loadImage(png)).image, 5, 5)).toEqual([255, 255, 255]);
  });

  it('scales a 10,000 × 10,000 page down instead of allocating it', async () => {
    const jpg = await sharp({ create: { width: 10_000, height: 10_000, channels: 3, background: '#ffffff' } }).jpeg().toBuffer();
    const r = await loadImage(jpg);
    expect(r.image.width * r.image.height).toBeLessThanOrEqual(16_000_000);
    expect(r.image.width).toBe(4000);
    expect(r.scale).toBeCloseTo(0.4);
    expect(r.originalWidth).toBe(10_000);
  }, 30_000);

  it('scales small images up and refuses tiny or broken ones cleanly', async () => {
    const small = await sharp({ create: { width: 200, height: 50, channels: 3, background: '#808080' } }).png().toBuffer();
    const r = await loadImage(small);
    expect([r.image.width, r.image.height, r.scale]).toEqual([640, 160, 3.2]);
    const tiny = await sharp({ create: { width: 5, height: 5, channels: 3, background: '#808080' } }).png().toBuffer();
    await expect(loadImage(tiny)).rejects.toMatchObject({ name: 'OcrImageError', code: 'too-small' });
    await expect(loadImage(Buffer.from('not an image at all'))).rejects.toMatchObject({ name: 'OcrImageError', code: 'unsupported' });
    const png = await sharp({ create: { width: 800, height: 800, channels: 3, background: '#808080' } }).png().toBuffer();
    await expect(loadImage(png.subarray(0, 200))).rejects.toBeInstanceOf(OcrImageError);
  });
});

describe('fromRaw', () => {
  it('expands grey, grey+alpha and RGBA (on white)', () => {
    expect(Array.from(fromRaw(new Uint8Array([7, 9]), 2, 1, 1).data)).toEqual([7, 7, 7, 9, 9, 9]);
    expect(Array.from(fromRaw(new Uint8Array([0, 0, 0, 255]), 2, 1, 2).data)).toEqual([255, 255, 255, 0, 0, 0]);
    expect(Array.from(fromRaw(new Uint8Array([10, 20, 30, 255, 0, 0, 0, 128]), 2, 1, 4).data)).toEqual([10, 20, 30, 127, 127, 127]);
    expect(() => fromRaw(new Uint8Array(3), 2, 1, 3)).toThrow();
  });
});
