import { describe, expect, it } from 'vitest';
import type { RgbImage } from '../images/types.js';
import { otsuThreshold } from './raster.js';
import { characterPitch, mergeRepaired, repairVerticalForms, type Emission } from './vertical-forms.js';

const H = 40;
const W = 400;

/** A turned column: white, with dark rectangles [x0, x1) × [y0, y1). */
function line(rects: [number, number, number, number][]): RgbImage {
  const data = new Uint8Array(W * H * 3).fill(255);
  for (const [x0, x1, y0, y1] of rects) for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) data.fill(20, (y * W + x) * 3, (y * W + x) * 3 + 3);
  return { width: W, height: H, data };
}
const dark = (img: RgbImage, x: number, y: number) => img.data[(y * img.width + x) * 3]! < 128;
/** read characters: full-height squares of 30 px every 40 px from x = 10 */
const chars = (n: number): [number, number, number, number][] => Array.from({ length: n }, (_, i) => [10 + 40 * i, 40 + 40 * i, 5, 35]);
const read = (n: number): Emission[] => Array.from({ length: n }, (_, i) => ({ ch: '字', x: 25 + 40 * i, p: 0.99 }));

describe('otsuThreshold', () => {
  it('splits ink from paper', () => {
    const g = new Uint8Array([...Array(90).fill(240), ...Array(10).fill(30)]);
    const t = otsuThreshold(g);
    expect(t).toBeGreaterThan(30);
    expect(t).toBeLessThan(240);
  });
});

describe('characterPitch', () => {
  it('is the median distance between neighbouring Japanese characters', () => {
    expect(characterPitch(read(5), H)).toBe(40);
    expect(characterPitch([...read(3), { ch: 'A', x: 200, p: 1 }, { ch: 'B', x: 210, p: 1 }], H)).toBe(40);
  });
  it('falls back to the line height with too few', () => {
    expect(characterPitch(read(2), H)).toBe(H);
  });
});

describe('repairVerticalForms', () => {
  it('moves an unread mark that sits high in the line down to the baseline', () => {
    const img = line([...chars(3), [130, 138, 3, 10]]);
    const r = repairVerticalForms(img, read(3));
    expect(r.repairs).toEqual([{ kind: 'mark', start: 130, end: 138 }]);
    expect(dark(r.image, 133, 5)).toBe(false);
    expect(dark(r.image, 133, Math.round(0.85 * H) - 2)).toBe(true);
  });

  it('redraws a thin unread bar across the line, turns a tall unread glyph, scales up small kana', () => {
    const img = line([...chars(3), [130, 160, 19, 22], [200, 208, 6, 34], [250, 266, 8, 24]]);
    const r = repairVerticalForms(img, read(3));
    expect(r.repairs.map((x) => x.kind)).toEqual(['bar', 'turn', 'small']);
    // the bar now runs across the line at its centre
    expect(dark(r.image, 144, 8)).toBe(true);
    expect(dark(r.image, 144, 32)).toBe(true);
    expect(dark(r.image, 132, 20)).toBe(false);
    // the tall glyph lies along the line
    expect(dark(r.image, 193, 20)).toBe(true);
    expect(dark(r.image, 204, 8)).toBe(false);
    // the small glyph is scaled to ~0.78 of the line height
    const small = r.repairs[2]!;
    expect(small.end - small.start).toBeGreaterThan(22);
  });

  it('leaves read ink, and unread ink that is part of a read character, alone', () => {
    // 二 turned: two strokes, the emission on one of them
    const img = line([...chars(2), [90, 96, 5, 35], [101, 107, 5, 35]]);
    const r = repairVerticalForms(img, [...read(2), { ch: '二', x: 93, p: 0.99 }]);
    expect(r.repairs).toEqual([]);
    expect(r.image.data).toEqual(img.data);
  });
});

describe('mergeRepaired', () => {
  const first = read(3);
  const at = (ch: string, x: number, p = 0.9): Emission => ({ ch, x, p });
  it('adds, for each repair, only a character that kind of repair can produce', () => {
    const repairs = [
      { kind: 'mark' as const, start: 130, end: 138 },
      { kind: 'bar' as const, start: 150, end: 170 },
      { kind: 'small' as const, start: 180, end: 200 },
      { kind: 'turn' as const, start: 210, end: 220 },
      { kind: 'turn' as const, start: 240, end: 250 },
    ];
    const second = [...first, at('、', 136), at('一', 160), at('つ', 190), at('「', 214), at('十', 245)];
    const out = mergeRepaired(first, second, { repairs, pitch: 40 });
    expect(out.map((e) => e.ch).join('')).toBe('字字字、ーっ「');
    expect(out.map((e) => e.x)).toEqual([...out.map((e) => e.x)].sort((a, b) => a - b));
  });

  it('takes the most probable candidate of a repair, and nothing from afar', () => {
    const repairs = [{ kind: 'mark' as const, start: 130, end: 138 }];
    expect(mergeRepaired(first, [at('。', 134, 0.6), at('、', 137, 0.95)], { repairs, pitch: 40 }).map((e) => e.ch).join('')).toBe('字字字、');
    expect(mergeRepaired(first, [at('、', 200)], { repairs, pitch: 40 })).toEqual(first);
  });
});
