/**
 * DB "unclip": the detector predicts shrunk text kernels; each box is grown back by
 * d = area × ratio / perimeter (Vatti polygon offsetting with round joins, js-angusj-clipper, MIT).
 */
import clipperLib from 'js-angusj-clipper';
import { polygonArea, polygonPerimeter } from './geometry.js';
import type { Point } from './types.js';

type ClipperWrapper = Awaited<ReturnType<typeof clipperLib.loadNativeClipperLibInstanceAsync>>;

let loading: Promise<ClipperWrapper> | undefined;

/** The clipper WebAssembly instance, loaded once per process. */
export function loadClipper(): Promise<ClipperWrapper> {
  loading ??= clipperLib.loadNativeClipperLibInstanceAsync(clipperLib.NativeClipperLibRequestedFormat.WasmWithAsmJsFallback);
  return loading;
}

/** clipper works on integers: coordinates are scaled by this before offsetting */
const PRECISION = 64;

/** Offset distance DB uses for a polygon. */
export function unclipDistance(poly: readonly Point[], ratio: number): number {
  const perimeter = polygonPerimeter(poly);
  return perimeter > 0 ? (polygonArea(poly) * ratio) / perimeter : 0;
}

/**
 * Grows a polygon by `unclipDistance(poly, ratio)`; returns the largest resulting outline (empty when the
 * polygon is degenerate).
 */
export function unclip(clipper: ClipperWrapper, poly: readonly Point[], ratio: number): Point[] {
  const dist = unclipDistance(poly, ratio);
  if (!(dist > 0)) return [];
  const path = poly.map((p) => ({ x: Math.round(p.x * PRECISION), y: Math.round(p.y * PRECISION) }));
  const out = clipper.offsetToPaths({
    delta: dist * PRECISION,
    arcTolerance: 0.25 * PRECISION,
    offsetInputs: [{ data: path, joinType: clipperLib.JoinType.Round, endType: clipperLib.EndType.ClosedPolygon }],
  });
  if (!out || out.length === 0) return [];
  let best = out[0]!;
  let bestArea = -1;
  for (const p of out) {
    const a = polygonArea(p);
    if (a > bestArea) {
      bestArea = a;
      best = p;
    }
  }
  return best.map((p) => ({ x: p.x / PRECISION, y: p.y / PRECISION }));
}
