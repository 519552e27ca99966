import { beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  boxesFromProbMap,
  connectedComponents,
  detectorInputSize,
  detectorParamsFromManifest,
  meanInPolygon,
  normaliseToTensor,
  PPOCR_DET_PARAMS,
  type ProbMap,
} from './detector.js';
import { quadAngle, quadCenter, quadSize } from './geometry.js';
import { loadClipper, unclip, unclipDistance } from './unclip.js';

type Clipper = Awaited<ReturnType<typeof loadClipper>>;
let clipper: Clipper;
beforeAll(async () => {
  clipper = await loadClipper();
});

/** A probability map with rotated rectangles of the given probability painted in (pixel centres inside). */
function paint(W: number, H: number, rects: { cx: number; cy: number; w: number; h: number; deg: number; p: number }[]): ProbMap {
  const data = new Float32Array(W * H);
  for (const r of rects) {
    const a = (r.deg * Math.PI) / 180;
    for (let y = 0; y < H; y++) {
      for (let x = 0; x < W; x++) {
        const u = (x + 0.5 - r.cx) * Math.cos(a) + (y + 0.5 - r.cy) * Math.sin(a);
        const v = -(x + 0.5 - r.cx) * Math.sin(a) + (y + 0.5 - r.cy) * Math.cos(a);
        if (Math.abs(u) <= r.w / 2 && Math.abs(v) <= r.h / 2) data[y * W + x] = r.p;
      }
    }
  }
  return { width: W, height: H, data };
}

describe('detectorInputSize', () => {
  it('limits the longer side and rounds both to multiples of 32', () => {
    expect(detectorInputSize(1442, 2014, 960)).toEqual({ width: 672, height: 960 });
    expect(detectorInputSize(2014, 1442, 1280)).toEqual({ width: 1280, height: 928 });
    expect(detectorInputSize(1654, 2339, 1600)).toEqual({ width: 1120, height: 1600 });
  });

  it('never enlarges, never goes below one multiple', () => {
    expect(detectorInputSize(500, 300, 960)).toEqual({ width: 512, height: 288 });
    expect(detectorInputSize(640, 10, 960)).toEqual({ width: 640, height: 32 });
  });
});

describe('detectorParamsFromManifest', () => {
  it('reads the repository manifest entry, defaults what is missing or malformed', () => {
    const manifest = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'models', 'manifest.json');
    const entry = (JSON.parse(fs.readFileSync(manifest, 'utf8')) as { models: { id: string; params: Record<string, unknown> }[] }).models.find(
      (m) => m.id === 'ppocr-v4-det',
    )!;
    expect(detectorParamsFromManifest(entry.params)).toEqual({ ...PPOCR_DET_PARAMS, input: 'x' });
    expect(detectorParamsFromManifest({ mean: [1, 2], std: 'x', multiple: 0 })).toEqual({ ...PPOCR_DET_PARAMS, input: undefined });
  });
});

describe('normaliseToTensor', () => {
  it('writes planar (v/255 − mean)/std, BGR or RGB', () => {
    const img = { width: 2, height: 1, data: new Uint8Array([255, 0, 0, 0, 0, 255]) };
    const mean = [0.5, 0.5, 0.5], std = [0.5, 0.5, 0.5];
    expect(Array.from(normaliseToTensor(img, mean, std, false))).toEqual([1, -1, -1, -1, -1, 1]);
    expect(Array.from(normaliseToTensor(img, mean, std, true))).toEqual([-1, 1, -1, -1, 1, -1]);
  });
});

describe('connectedComponents and box score', () => {
  it('finds 8-connected blobs with their row extremes', () => {
    // two blobs; the diagonal pair is one component under 8-connectivity
    const W = 6, H = 4;
    const p = new Float32Array(W * H);
    for (const [x, y] of [[0, 0], [1, 1], [4, 2], [5, 2], [4, 3]] as const) p[y * W + x] = 0.9;
    const comps = connectedComponents(p, W, H, 0.3);
    expect(comps.map((c) => c.pixels).sort()).toEqual([2, 3]);
    const big = comps.find((c) => c.pixels === 3)!;
    expect(big.points).toEqual([{ x: 4.5, y: 2.5 }, { x: 5.5, y: 2.5 }, { x: 4.5, y: 3.5 }]);
  });

  it('averages the map inside a polygon', () => {
    const map = paint(20, 20, [{ cx: 10, cy: 10, w: 10, h: 4, deg: 0, p: 0.8 }]);
    expect(meanInPolygon(map.data, 20, 20, [{ x: 5, y: 8 }, { x: 15, y: 8 }, { x: 15, y: 12 }, { x: 5, y: 12 }])).toBeCloseTo(0.8, 5);
    expect(meanInPolygon(map.data, 20, 20, [{ x: 5, y: 8 }, { x: 15, y: 8 }, { x: 15, y: 16 }, { x: 5, y: 16 }])).toBeCloseTo(0.4, 5);
  });
});

describe('unclip', () => {
  it('grows a rectangle by area × ratio / perimeter on each side', () => {
    const rect = [{ x: 0, y: 0 }, { x: 100, y: 0 }, { x: 100, y: 10 }, { x: 0, y: 10 }];
    const d = unclipDistance(rect, 1.5);
    expect(d).toBeCloseTo((1000 * 1.5) / 220, 9);
    const grown = unclip(clipper, rect, 1.5);
    const xs = grown.map((p) => p.x), ys = grown.map((p) => p.y);
    expect(Math.min(...xs)).toBeCloseTo(-d, 1);
    expect(Math.max(...xs)).toBeCloseTo(100 + d, 1);
    expect(Math.min(...ys)).toBeCloseTo(-d, 1);
    expect(Math.max(...ys)).toBeCloseTo(10 + d, 1);
    expect(unclip(clipper, [{ x: 0, y: 0 }, { x: 5, y: 0 }, { x: 10, y: 0 }], 1.5)).toEqual([]);
  });
});

describe('boxesFromProbMap', () => {
  it('turns a skewed text kernel into a rotated, unclipped quad in page coordinates', () => {
    const map = paint(320, 160, [{ cx: 160, cy: 80, w: 200, h: 12, deg: 3, p: 0.9 }]);
    // the page is twice the map size
    const [r, ...rest] = boxesFromProbMap(map, 640, 320, clipper);
    expect(rest).toHaveLength(0);
    expect(r!.score).toBeCloseTo(0.9, 2);
    expect((quadAngle(r!.quad) * 180) / Math.PI).toBeCloseTo(3, 0);
    const c = quadCenter(r!.quad);
    expect(c.x).toBeCloseTo(320, -0.5);
    expect(c.y).toBeCloseTo(160, -0.5);
    // kernel 200 × 12 grows by d = 200·12·1.5 / 424 ≈ 8.5 on each side, then × 2
    const { width, height } = quadSize(r!.quad);
    expect(width).toBeGreaterThan(2 * (200 + 2 * 7));
    expect(width).toBeLessThan(2 * (200 + 2 * 10));
    expect(height).toBeGreaterThan(2 * (12 + 2 * 7));
    expect(height).toBeLessThan(2 * (12 + 2 * 10));
    // corner order TL, TR, BR, BL
    expect(r!.quad[1].x).toBeGreaterThan(r!.quad[0].x);
    expect(r!.quad[3].y).toBeGreaterThan(r!.quad[0].y);
  });

  it('keeps close skewed lines apart, drops weak and tiny blobs, clamps to the page', () => {
    const map = paint(400, 200, [
      { cx: 200, cy: 60, w: 300, h: 8, deg: -1.2, p: 0.95 },
      { cx: 200, cy: 80, w: 300, h: 8, deg: -1.2, p: 0.95 },
      { cx: 200, cy: 140, w: 100, h: 10, deg: 0, p: 0.45 }, // above threshold, below box score
      { cx: 50, cy: 180, w: 2, h: 2, deg: 0, p: 0.99 }, // too small
      { cx: 395, cy: 195, w: 30, h: 12, deg: 0, p: 0.9 }, // runs off the corner
    ]);
    const out = boxesFromProbMap(map, 400, 200, clipper);
    expect(out).toHaveLength(3);
    const [a, b, corner] = out;
    expect(quadCenter(a!.quad).y).toBeCloseTo(60, 0);
    expect(quadCenter(b!.quad).y).toBeCloseTo(80, 0);
    // rotated boxes: a's bottom edge stays above b's top edge at both ends of the line …
    expect(a!.quad[3].y).toBeLessThan(b!.quad[0].y + 1);
    expect(a!.quad[2].y).toBeLessThan(b!.quad[1].y + 1);
    // … where axis-aligned boxes around them would overlap
    expect(Math.max(...a!.quad.map((p) => p.y))).toBeGreaterThan(Math.min(...b!.quad.map((p) => p.y)));
    for (const p of corner!.quad) {
      expect(p.x).toBeLessThanOrEqual(400);
      expect(p.y).toBeLessThanOrEqual(200);
    }
  });

  it('an empty map gives no boxes', () => {
    expect(boxesFromProbMap({ width: 64, height: 32, data: new Float32Array(64 * 32) }, 64, 32, clipper)).toEqual([]);
  });
});
