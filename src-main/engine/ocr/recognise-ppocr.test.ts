import { describe, expect, it } from 'vitest';
import type { RgbImage } from '../images/types.js';
import { inkDensity, latinShare } from './recognise-ppocr.js';

describe('latinShare', () => {
  it('counts Latin letters and digits against Japanese characters', () => {
    expect(latinShare('dch -v 1.0')).toBe(1);
    expect(latinShare('日本語')).toBe(0);
    expect(latinShare('Debian パッケージ')).toBeCloseTo(6 / 11);
    expect(latinShare('、。 ')).toBe(0);
  });
});

/** A 40-px line of `n` dark glyphs `w` px wide, `gap` px apart. */
function glyphs(n: number, w: number, gap: number): RgbImage {
  const H = 40, W = n * (w + gap);
  const data = new Uint8Array(W * H * 3).fill(255);
  for (let i = 0; i < n; i++) for (let y = 8; y < 32; y++) for (let x = i * (w + gap); x < i * (w + gap) + w; x++) data.fill(0, (y * W + x) * 3, (y * W + x) * 3 + 3);
  return { width: W, height: H, data };
}

describe('inkDensity', () => {
  it('counts pieces of ink per line height: few for kanji-wide glyphs, many for narrow letters', () => {
    expect(inkDensity(glyphs(10, 34, 6))).toBeCloseTo(40 / 34, 1);
    expect(inkDensity(glyphs(10, 14, 6))).toBeCloseTo(40 / 14, 1);
    expect(inkDensity(glyphs(10, 14, 6))).toBeGreaterThan(2.1);
    expect(inkDensity(glyphs(10, 34, 6))).toBeLessThan(2.1);
  });
});
