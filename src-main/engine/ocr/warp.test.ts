import { describe, expect, it } from 'vitest';
import type { RgbImage } from '../images/types.js';
import { rectCorners, rotateQuad } from './geometry.js';
import type { Quad } from './types.js';
import { cropQuad, quadCropSize, rotate180, rotate90ccw, rotate90cw, rotateImage, squareToQuad } from './warp.js';
import { pattern, px } from '../images/test-helpers.js';

describe('cropQuad', () => {
  const img = pattern(200, 120);

  it('maps the unit square onto the quad corners', () => {
    const q: Quad = [{ x: 10, y: 5 }, { x: 90, y: 15 }, { x: 95, y: 60 }, { x: 3, y: 50 }];
    const f = squareToQuad(q);
    const corners = [f(0, 0), f(1, 0), f(1, 1), f(0, 1)];
    corners.forEach((p, i) => {
      expect(p.x).toBeCloseTo(q[i]!.x, 9);
      expect(p.y).toBeCloseTo(q[i]!.y, 9);
    });
  });

  it('an axis-aligned quad gives the exact sub-image', () => {
    const crop = cropQuad(img, [{ x: 20, y: 10 }, { x: 70, y: 10 }, { x: 70, y: 40 }, { x: 20, y: 40 }]);
    expect([crop.width, crop.height]).toEqual([50, 30]);
    for (const [x, y] of [[0, 0], [49, 0], [49, 29], [13, 17]] as const) expect(px(crop, x, y)).toEqual(px(img, 20 + x, 10 + y));
  });

  it('straightens a rotated rectangle (content comes out upright)', () => {
    // draw a dark 120 × 24 bar rotated by 10° with a light notch at its left end, then crop it
    const W = 300, H = 200;
    const page: RgbImage = { width: W, height: H, data: new Uint8Array(W * H * 3).fill(255) };
    const a = (10 * Math.PI) / 180, cx = 150, cy = 100;
    for (let y = 0; y < H; y++) {
      for (let x = 0; x < W; x++) {
        const u = (x + 0.5 - cx) * Math.cos(a) + (y + 0.5 - cy) * Math.sin(a);
        const v = -(x + 0.5 - cx) * Math.sin(a) + (y + 0.5 - cy) * Math.cos(a);
        if (Math.abs(u) <= 60 && Math.abs(v) <= 12) page.data.fill(u < -40 ? 160 : 0, (y * W + x) * 3, (y * W + x) * 3 + 3);
      }
    }
    const quad = rectCorners({ center: { x: cx, y: cy }, width: 120, height: 24, angle: a });
    const crop = cropQuad(page, quad);
    expect([crop.width, crop.height]).toEqual([120, 24]);
    const grey = (x: number, y: number) => px(crop, x, y)[0]!;
    expect(grey(10, 12)).toBeGreaterThan(120); // notch on the left
    expect(grey(10, 12)).toBeLessThan(200);
    expect(grey(60, 12)).toBeLessThan(30); // bar body
    expect(grey(110, 3)).toBeLessThan(60);
    // scaled to height 48: twice as wide
    const big = cropQuad(page, quad, 48);
    expect([big.width, big.height]).toEqual([240, 48]);
    expect(px(big, 120, 24)[0]!).toBeLessThan(30);
  });

  it('averages when shrinking hard and never reads outside the image', () => {
    const stripes: RgbImage = { width: 400, height: 40, data: new Uint8Array(400 * 40 * 3) };
    for (let x = 0; x < 400; x++) if (x % 2) for (let y = 0; y < 40; y++) stripes.data.fill(255, (y * 400 + x) * 3, (y * 400 + x) * 3 + 3);
    const small = cropQuad(stripes, [{ x: 0, y: 0 }, { x: 400, y: 0 }, { x: 400, y: 40 }, { x: 0, y: 40 }], 4);
    expect([small.width, small.height]).toEqual([40, 4]);
    for (let x = 0; x < 40; x++) expect(Math.abs(px(small, x, 1)[0]! - 128)).toBeLessThan(40);
    const outside = cropQuad(img, [{ x: -50, y: -50 }, { x: 10, y: -50 }, { x: 10, y: 10 }, { x: -50, y: 10 }]);
    expect(px(outside, 0, 0)).toEqual(px(img, 0, 0));
    expect(quadCropSize([{ x: 0, y: 0 }, { x: 0, y: 0 }, { x: 0, y: 0 }, { x: 0, y: 0 }])).toEqual({ width: 1, height: 1 });
  });
});

describe('rotations', () => {
  const img = pattern(5, 3);
  it('90° clockwise moves the top-left pixel to the top right', () => {
    const r = rotate90cw(img);
    expect([r.width, r.height]).toEqual([3, 5]);
    expect(px(r, 2, 0)).toEqual(px(img, 0, 0));
    expect(px(r, 0, 0)).toEqual(px(img, 0, 2));
    expect(px(r, 0, 4)).toEqual(px(img, 4, 2));
  });

  it('ccw, 180 and round trips', () => {
    expect(px(rotate90ccw(img), 0, 4)).toEqual(px(img, 0, 0));
    expect(px(rotate180(img), 4, 2)).toEqual(px(img, 0, 0));
    expect(rotate90ccw(rotate90cw(img))).toEqual(img);
    expect(rotate180(rotate180(img))).toEqual(img);
    expect(rotateImage(rotateImage(rotate90cw(rotate90cw(img)), 90), 90)).toEqual(img);
    expect(rotateImage(img, 0)).toEqual(img);
  });

  it('crops of rotated quads in the rotated image match', () => {
    const big = pattern(120, 80);
    const q: Quad = [{ x: 20, y: 10 }, { x: 80, y: 10 }, { x: 80, y: 30 }, { x: 20, y: 30 }];
    const r = rotate90cw(big);
    const rq = rotateQuad(q, 90, 120, 80);
    const a = rotate90cw(cropQuad(big, q));
    const b = cropQuad(r, rq);
    expect([b.width, b.height]).toEqual([a.width, a.height]);
    expect(b.data).toEqual(a.data);
  });
});
