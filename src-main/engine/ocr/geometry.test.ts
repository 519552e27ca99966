import { describe, expect, it } from 'vitest';
import {
  clampQuad,
  convexHull,
  convexRowSpan,
  minAreaRect,
  normaliseRect,
  orderQuad,
  polygonArea,
  polygonPerimeter,
  quadAngle,
  quadSize,
  rectCorners,
  rotatePoint,
  rotateQuad,
  type Rotation,
} from './geometry.js';
import type { Point, Quad } from './types.js';

const deg = (d: number) => (d * Math.PI) / 180;

/** Points filling a w × h rectangle centred at (cx, cy) rotated by `angle` (grid, like a component's pixels). */
function rectPoints(cx: number, cy: number, w: number, h: number, angle: number, step = 1): Point[] {
  const pts: Point[] = [];
  const c = Math.cos(angle), s = Math.sin(angle);
  for (let u = -w / 2; u <= w / 2 + 1e-9; u += step) {
    for (let v = -h / 2; v <= h / 2 + 1e-9; v += step) pts.push({ x: cx + u * c - v * s, y: cy + u * s + v * c });
  }
  return pts;
}

function expectPoint(p: Point, x: number, y: number, digits = 6) {
  expect(p.x).toBeCloseTo(x, digits);
  expect(p.y).toBeCloseTo(y, digits);
}

describe('convexHull', () => {
  it('keeps the corners of a filled square, drops inner and collinear points', () => {
    const pts: Point[] = [];
    for (let x = 0; x <= 4; x++) for (let y = 0; y <= 4; y++) pts.push({ x, y });
    const hull = convexHull(pts);
    expect(hull).toHaveLength(4);
    expect(new Set(hull.map((p) => `${p.x},${p.y}`))).toEqual(new Set(['0,0', '4,0', '4,4', '0,4']));
  });

  it('handles duplicates and degenerate inputs', () => {
    expect(convexHull([])).toEqual([]);
    expect(convexHull([{ x: 1, y: 1 }, { x: 1, y: 1 }])).toEqual([{ x: 1, y: 1 }]);
    expect(convexHull([{ x: 0, y: 0 }, { x: 1, y: 1 }, { x: 2, y: 2 }])).toHaveLength(2);
  });
});

describe('minAreaRect', () => {
  it.each([0, 1, -1.2, 7, -30, 44, 60, 90, 135])('recovers a %s° rotated rectangle', (a) => {
    const r = minAreaRect(rectPoints(200, 100, 120, 20, deg(a), 0.5));
    // width is the side nearer to horizontal, angle folded into (-45°, 45°]
    const norm = normaliseRect({ x: 200, y: 100 }, 120, 20, deg(a));
    expect(r.width).toBeCloseTo(norm.width, 4);
    expect(r.height).toBeCloseTo(norm.height, 4);
    expect(r.angle).toBeCloseTo(norm.angle, 4);
    expectPoint(r.center, 200, 100, 4);
  });

  it('is the smallest box for a cloud of points (no better angle)', () => {
    let seed = 7;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const pts = Array.from({ length: 60 }, () => ({ x: rnd() * 100, y: rnd() * 40 + rnd() * 30 }));
    const best = minAreaRect(pts);
    for (let a = 0; a < 180; a += 0.5) {
      const c = Math.cos(deg(a)), s = Math.sin(deg(a));
      const us = pts.map((p) => p.x * c + p.y * s), vs = pts.map((p) => -p.x * s + p.y * c);
      const area = (Math.max(...us) - Math.min(...us)) * (Math.max(...vs) - Math.min(...vs));
      expect(best.width * best.height).toBeLessThanOrEqual(area + 1e-6);
    }
  });

  it('degenerate inputs give zero-size rectangles', () => {
    expect(minAreaRect([]).width).toBe(0);
    const line = minAreaRect([{ x: 0, y: 0 }, { x: 10, y: 0 }, { x: 5, y: 0 }]);
    expect(line.width).toBeCloseTo(10);
    expect(line.height).toBeCloseTo(0);
  });
});

describe('rectCorners and orderQuad', () => {
  it('orders an axis-aligned box TL, TR, BR, BL', () => {
    const q = rectCorners({ center: { x: 50, y: 20 }, width: 100, height: 40, angle: 0 });
    expectPoint(q[0], 0, 0);
    expectPoint(q[1], 100, 0);
    expectPoint(q[2], 100, 40);
    expectPoint(q[3], 0, 40);
  });

  it('orders shuffled corners of rotated boxes the same way', () => {
    for (const a of [-40, -10, -1, 0, 1, 10, 40]) {
      for (const [w, h] of [[100, 20], [20, 100]] as const) {
        const q = rectCorners(normaliseRect({ x: 300, y: 300 }, w, h, deg(a)));
        for (const perm of [[2, 0, 3, 1], [3, 2, 1, 0], [1, 3, 0, 2]]) {
          const o = orderQuad(perm.map((i) => q[i]!));
          o.forEach((p, i) => expectPoint(p, q[i]!.x, q[i]!.y));
        }
        // TL→TR runs rightwards, TL→BL downwards
        expect(q[1].x).toBeGreaterThan(q[0].x);
        expect(q[3].y).toBeGreaterThan(q[0].y);
        expect(quadAngle(q)).toBeCloseTo(deg(a), 6);
      }
    }
  });

  it('a vertical column keeps its short top edge as TL→TR', () => {
    const q = rectCorners(normaliseRect({ x: 100, y: 500 }, 800, 40, deg(91)));
    const { width, height } = quadSize(q);
    expect(width).toBeCloseTo(40);
    expect(height).toBeCloseTo(800);
    expect(q[0].y).toBeLessThan(200);
  });

  it('rejects other than four points', () => {
    expect(() => orderQuad([{ x: 0, y: 0 }])).toThrow();
  });
});

describe('measures', () => {
  const sq: Point[] = [{ x: 0, y: 0 }, { x: 4, y: 0 }, { x: 4, y: 3 }, { x: 0, y: 3 }];
  it('area and perimeter', () => {
    expect(polygonArea(sq)).toBe(12);
    expect(polygonArea([...sq].reverse())).toBe(12);
    expect(polygonPerimeter(sq)).toBe(14);
  });

  it('row spans of a convex polygon', () => {
    const diamond: Point[] = [{ x: 5, y: 0 }, { x: 10, y: 5 }, { x: 5, y: 10 }, { x: 0, y: 5 }];
    expect(convexRowSpan(diamond, 5)).toEqual([0, 10]);
    expect(convexRowSpan(diamond, 2.5)).toEqual([2.5, 7.5]);
    expect(convexRowSpan(diamond, 11)).toBeUndefined();
    expect(convexRowSpan(sq, 0)).toEqual([0, 4]);
  });

  it('clamps quads into the image', () => {
    const q = clampQuad([{ x: -5, y: -1 }, { x: 120, y: 0 }, { x: 120, y: 60 }, { x: 0, y: 60 }], 100, 50);
    expect(q).toEqual([{ x: 0, y: 0 }, { x: 100, y: 0 }, { x: 100, y: 50 }, { x: 0, y: 50 }]);
  });
});

describe('rotation with the page', () => {
  const W = 200, H = 100;
  it('maps the page corners', () => {
    expect(rotatePoint({ x: 0, y: 0 }, 90, W, H)).toEqual({ x: H, y: 0 });
    expect(rotatePoint({ x: W, y: 0 }, 90, W, H)).toEqual({ x: H, y: W });
    expect(rotatePoint({ x: 0, y: 0 }, 180, W, H)).toEqual({ x: W, y: H });
    expect(rotatePoint({ x: 0, y: 0 }, 270, W, H)).toEqual({ x: 0, y: W });
  });

  it('four quarter turns and 90 + 270 are identities; quads stay ordered', () => {
    const q: Quad = [{ x: 10, y: 20 }, { x: 110, y: 22 }, { x: 110, y: 42 }, { x: 10, y: 40 }];
    let cur = q, w = W, h = H;
    for (let i = 0; i < 4; i++) {
      cur = rotateQuad(cur, 90, w, h);
      [w, h] = [h, w];
    }
    cur.forEach((p, i) => expectPoint(p, q[i]!.x, q[i]!.y));
    const r = rotateQuad(q, 90, W, H);
    // a wide line becomes a tall column, TL at the top left
    expect(quadSize(r).height).toBeGreaterThan(quadSize(r).width);
    const back = rotateQuad(r, 270 as Rotation, H, W);
    back.forEach((p, i) => expectPoint(p, q[i]!.x, q[i]!.y));
  });
});
