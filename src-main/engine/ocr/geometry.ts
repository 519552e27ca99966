/**
 * Plane geometry for OCR boxes: convex hull, minimum-area rotated rectangle (rotating calipers), corner
 * ordering, polygon measures and rotation of quads with the page. Pure functions; image coordinates
 * (x right, y down, a pixel i covering [i, i + 1)).
 */
import type { Point, Quad } from './types.js';

export interface RotatedRect {
  center: Point;
  /** length of the side nearer to horizontal */
  width: number;
  /** length of the other side */
  height: number;
  /** direction of the `width` side, radians in (-π/4, π/4] (clockwise on screen is positive) */
  angle: number;
}

const cross = (o: Point, a: Point, b: Point) => (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x);

/** Convex hull (Andrew's monotone chain), counter-clockwise in math orientation, no collinear points. */
export function convexHull(points: readonly Point[]): Point[] {
  const pts = [...points].sort((p, q) => p.x - q.x || p.y - q.y);
  const uniq: Point[] = [];
  for (const p of pts) {
    const last = uniq[uniq.length - 1];
    if (!last || last.x !== p.x || last.y !== p.y) uniq.push(p);
  }
  if (uniq.length < 3) return uniq;
  const lower: Point[] = [];
  for (const p of uniq) {
    while (lower.length >= 2 && cross(lower[lower.length - 2]!, lower[lower.length - 1]!, p) <= 0) lower.pop();
    lower.push(p);
  }
  const upper: Point[] = [];
  for (let i = uniq.length - 1; i >= 0; i--) {
    const p = uniq[i]!;
    while (upper.length >= 2 && cross(upper[upper.length - 2]!, upper[upper.length - 1]!, p) <= 0) upper.pop();
    upper.push(p);
  }
  lower.pop();
  upper.pop();
  return lower.concat(upper);
}

/**
 * Minimum-area enclosing rectangle. The optimal rectangle has a side collinear with a hull edge, so every
 * hull edge is tried (rotating calipers, O(h²) here: hulls of text components are a few dozen points).
 */
export function minAreaRect(points: readonly Point[]): RotatedRect {
  const hull = convexHull(points);
  if (hull.length === 0) return { center: { x: 0, y: 0 }, width: 0, height: 0, angle: 0 };
  if (hull.length === 1) return { center: { ...hull[0]! }, width: 0, height: 0, angle: 0 };
  let best: { area: number; ux: number; uy: number; min1: number; max1: number; min2: number; max2: number } | undefined;
  for (let i = 0; i < hull.length; i++) {
    const a = hull[i]!;
    const b = hull[(i + 1) % hull.length]!;
    const len = Math.hypot(b.x - a.x, b.y - a.y);
    if (len === 0) continue;
    const ux = (b.x - a.x) / len;
    const uy = (b.y - a.y) / len;
    let min1 = Infinity, max1 = -Infinity, min2 = Infinity, max2 = -Infinity;
    for (const p of hull) {
      const s = p.x * ux + p.y * uy;
      const t = -p.x * uy + p.y * ux;
      if (s < min1) min1 = s;
      if (s > max1) max1 = s;
      if (t < min2) min2 = t;
      if (t > max2) max2 = t;
    }
    const area = (max1 - min1) * (max2 - min2);
    if (!best || area < best.area - 1e-9) best = { area, ux, uy, min1, max1, min2, max2 };
  }
  const { ux, uy, min1, max1, min2, max2 } = best!;
  const s = (min1 + max1) / 2;
  const t = (min2 + max2) / 2;
  const center = { x: s * ux - t * uy, y: s * uy + t * ux };
  return normaliseRect(center, max1 - min1, max2 - min2, Math.atan2(uy, ux));
}

/** Re-expresses a rectangle so that `angle` is in (-π/4, π/4] and `width` is the side along it. */
export function normaliseRect(center: Point, w: number, h: number, angle: number): RotatedRect {
  let a = angle;
  // fold into (-π/2, π/2]
  while (a <= -Math.PI / 2) a += Math.PI;
  while (a > Math.PI / 2) a -= Math.PI;
  if (a > Math.PI / 4 + 1e-12) return { center, width: h, height: w, angle: a - Math.PI / 2 };
  if (a <= -Math.PI / 4 + 1e-12) return { center, width: h, height: w, angle: a + Math.PI / 2 };
  return { center, width: w, height: h, angle: a };
}

/** Corners of a rotated rectangle, ordered TL, TR, BR, BL (TL→TR is the side within ±45° of +x). */
export function rectCorners(r: RotatedRect): Quad {
  const ux = Math.cos(r.angle), uy = Math.sin(r.angle);
  const vx = -uy, vy = ux; // perpendicular, pointing down
  const hw = r.width / 2, hh = r.height / 2;
  const c = r.center;
  const at = (s: number, t: number): Point => ({ x: c.x + s * hw * ux + t * hh * vx, y: c.y + s * hw * uy + t * hh * vy });
  return [at(-1, -1), at(1, -1), at(1, 1), at(-1, 1)];
}

/**
 * Orders four corners of a convex quadrilateral TL, TR, BR, BL: clockwise on screen, starting at the corner
 * whose outgoing clockwise edge points most nearly to +x.
 */
export function orderQuad(points: readonly Point[]): Quad {
  if (points.length !== 4) throw new Error(`orderQuad needs 4 points, got ${points.length}`);
  const cx = (points[0]!.x + points[1]!.x + points[2]!.x + points[3]!.x) / 4;
  const cy = (points[0]!.y + points[1]!.y + points[2]!.y + points[3]!.y) / 4;
  const cw = [...points].sort((p, q) => Math.atan2(p.y - cy, p.x - cx) - Math.atan2(q.y - cy, q.x - cx));
  let start = 0;
  let bestCos = -Infinity;
  for (let i = 0; i < 4; i++) {
    const a = cw[i]!, b = cw[(i + 1) % 4]!;
    const len = Math.hypot(b.x - a.x, b.y - a.y) || 1;
    const cos = (b.x - a.x) / len;
    // ties (45°): prefer the corner that is higher up
    if (cos > bestCos + 1e-9 || (Math.abs(cos - bestCos) <= 1e-9 && a.y < cw[start]!.y)) {
      bestCos = cos;
      start = i;
    }
  }
  return [0, 1, 2, 3].map((k) => ({ ...cw[(start + k) % 4]! })) as Quad;
}

/** Shoelace area (absolute). */
export function polygonArea(poly: readonly Point[]): number {
  let s = 0;
  for (let i = 0; i < poly.length; i++) {
    const a = poly[i]!, b = poly[(i + 1) % poly.length]!;
    s += a.x * b.y - b.x * a.y;
  }
  return Math.abs(s) / 2;
}

export function polygonPerimeter(poly: readonly Point[]): number {
  let s = 0;
  for (let i = 0; i < poly.length; i++) {
    const a = poly[i]!, b = poly[(i + 1) % poly.length]!;
    s += Math.hypot(b.x - a.x, b.y - a.y);
  }
  return s;
}

/** Side lengths of a quad: `width` along TL→TR / BL→BR (mean), `height` along TL→BL / TR→BR (mean). */
export function quadSize(q: Quad): { width: number; height: number } {
  const d = (a: Point, b: Point) => Math.hypot(b.x - a.x, b.y - a.y);
  return { width: (d(q[0], q[1]) + d(q[3], q[2])) / 2, height: (d(q[0], q[3]) + d(q[1], q[2])) / 2 };
}

export function quadCenter(q: Quad): Point {
  return { x: (q[0].x + q[1].x + q[2].x + q[3].x) / 4, y: (q[0].y + q[1].y + q[2].y + q[3].y) / 4 };
}

/** Rotation of the TL→TR side, radians (positive = clockwise on screen). */
export function quadAngle(q: Quad): number {
  return Math.atan2(q[1].y - q[0].y + q[2].y - q[3].y, q[1].x - q[0].x + q[2].x - q[3].x);
}

export function scaleQuad(q: Quad, sx: number, sy: number = sx): Quad {
  return q.map((p) => ({ x: p.x * sx, y: p.y * sy })) as Quad;
}

export function clampQuad(q: Quad, width: number, height: number): Quad {
  return q.map((p) => ({ x: Math.min(width, Math.max(0, p.x)), y: Math.min(height, Math.max(0, p.y)) })) as Quad;
}

export type Rotation = 0 | 90 | 180 | 270;

/** Where a point of a width × height image lands when the image is rotated clockwise by `rotation`. */
export function rotatePoint(p: Point, rotation: Rotation, width: number, height: number): Point {
  switch (rotation) {
    case 0:
      return { x: p.x, y: p.y };
    case 90:
      return { x: height - p.y, y: p.x };
    case 180:
      return { x: width - p.x, y: height - p.y };
    case 270:
      return { x: p.y, y: width - p.x };
  }
}

/** A quad of a width × height image, in the coordinates of the image rotated clockwise by `rotation`, re-ordered TL, TR, BR, BL. */
export function rotateQuad(q: Quad, rotation: Rotation, width: number, height: number): Quad {
  return orderQuad(q.map((p) => rotatePoint(p, rotation, width, height)));
}

/**
 * Horizontal extent [x0, x1] of a convex polygon at height y (undefined when the line misses it). Used to
 * rasterise boxes row by row.
 */
export function convexRowSpan(poly: readonly Point[], y: number): [number, number] | undefined {
  let x0 = Infinity, x1 = -Infinity;
  for (let i = 0; i < poly.length; i++) {
    const a = poly[i]!, b = poly[(i + 1) % poly.length]!;
    if ((a.y <= y && b.y >= y) || (b.y <= y && a.y >= y)) {
      if (a.y === b.y) {
        x0 = Math.min(x0, a.x, b.x);
        x1 = Math.max(x1, a.x, b.x);
      } else {
        const x = a.x + ((y - a.y) / (b.y - a.y)) * (b.x - a.x);
        x0 = Math.min(x0, x);
        x1 = Math.max(x1, x);
      }
    }
  }
  return x0 <= x1 ? [x0, x1] : undefined;
}
