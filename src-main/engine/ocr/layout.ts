/**
 * Page layout from detected boxes (pure): text direction (horizontal lines vs 縦書き columns), grouping
 * of box fragments into lines/columns, and reading order. Which way is up is orientation.ts's question.
 *
 * Everything is computed in a "reading frame": coordinates are first de-skewed (rotated by the median
 * angle of the lines), then mapped to (a, c) where `a` runs along a line and `c` across lines in reading
 * order: horizontal text a = x, c = y (lines top to bottom); vertical text a = y, c = −x (columns right to
 * left). Grouping and ordering are then the same for both directions.
 *
 * Reading order is a recursive cut: boxes are put into bands across the page (boxes overlapping along c);
 * a run of consecutive bands that keeps a whitespace gutter free along `a` (≥ columnGap × line thickness,
 * with ≥ 2 lines and ≥ minColumnLength × thickness of text on each side) is a multi-column block whose
 * columns are read one after the other (horizontal: left column first; vertical: upper tier first). What
 * is not in such a block is read band by band, lines of one row in `a` order.
 */
import { minAreaRect, quadSize, rectCorners } from './geometry.js';
import type { DetectedRegion, Point, Quad } from './types.js';

export interface LayoutOptions {
  /** a box whose long side is ≥ this × its short side has a direction (horizontal or vertical) */
  aspect: number;
  /** in a page of one direction, a box at least this elongated the other way is read the other way … */
  contraryAspect: number;
  /** … if its long side is also ≥ this × the page's median line thickness */
  contraryMinLength: number;
  /** fragments of one line overlap across the line by ≥ this share of the thinner one … */
  lineOverlap: number;
  /** … and are at most this × line thickness apart along it */
  lineGap: number;
  /** a column gutter is a whitespace gap ≥ this × median line thickness */
  columnGap: number;
  /** each side of a gutter needs ≥ this many lines … */
  minColumnLines: number;
  /** … spanning ≥ this × median line thickness along the line direction (bullets are not columns) */
  minColumnLength: number;
}

export const LAYOUT_DEFAULTS: LayoutOptions = {
  aspect: 1.5,
  contraryAspect: 2,
  contraryMinLength: 3,
  lineOverlap: 0.5,
  lineGap: 1.0,
  columnGap: 1.5,
  minColumnLines: 2,
  minColumnLength: 4,
};

export interface LayoutLine {
  /** rotated rectangle around the line's fragments, TL, TR, BR, BL (geometric; for columns TL→TR is the top edge) */
  quad: Quad;
  /** a vertical (縦書き) column, read top to bottom */
  vertical: boolean;
  /** area-weighted mean of the fragments' detector scores */
  score: number;
  /** indexes of the fragments in the input regions, in reading order */
  parts: number[];
  /** index of the text block (column, tier or band run) in reading order */
  block: number;
}

export interface PageLayout {
  /** dominant direction: vertical (縦書き) columns */
  vertical: boolean;
  /** share (by length) of directed boxes that are vertical, 0..1 (0.5 when no box is elongated) */
  verticalShare: number;
  /** skew of the lines, radians, positive = clockwise on screen */
  skew: number;
  /** median line thickness, px */
  lineThickness: number;
  /** in reading order */
  lines: LayoutLine[];
}

// ------------------------------------------------------------------------------------------ direction

export type BoxDirection = 'horizontal' | 'vertical' | 'unknown';

/** Direction of one box from its side lengths (TL→TR is the side nearer to horizontal). */
export function boxDirection(quad: Quad, aspect = LAYOUT_DEFAULTS.aspect): BoxDirection {
  const { width, height } = quadSize(quad);
  if (width >= aspect * height) return 'horizontal';
  if (height >= aspect * width) return 'vertical';
  return 'unknown';
}

/** Share of vertical boxes among the elongated ones, weighted by their long side. */
export function verticalShare(regions: readonly DetectedRegion[], aspect = LAYOUT_DEFAULTS.aspect): number {
  let v = 0, h = 0;
  for (const r of regions) {
    const d = boxDirection(r.quad, aspect);
    const { width, height } = quadSize(r.quad);
    if (d === 'vertical') v += height;
    else if (d === 'horizontal') h += width;
  }
  return v + h > 0 ? v / (v + h) : 0.5;
}

/**
 * Skew of the text: length-weighted median angle of the long sides of elongated boxes of the given direction
 * (for vertical boxes the angle of the left side minus 90°). Radians, positive = clockwise on screen.
 */
export function estimateSkew(regions: readonly DetectedRegion[], vertical: boolean, aspect = 2): number {
  const samples: { angle: number; weight: number }[] = [];
  for (const r of regions) {
    const q = r.quad;
    const d = boxDirection(q, aspect);
    if (d === (vertical ? 'vertical' : 'horizontal')) {
      const { width, height } = quadSize(q);
      const angle = vertical
        ? Math.atan2(q[3].y - q[0].y + q[2].y - q[1].y, q[3].x - q[0].x + q[2].x - q[1].x) - Math.PI / 2
        : Math.atan2(q[1].y - q[0].y + q[2].y - q[3].y, q[1].x - q[0].x + q[2].x - q[3].x);
      samples.push({ angle, weight: vertical ? height : width });
    }
  }
  if (samples.length === 0) return 0;
  samples.sort((a, b) => a.angle - b.angle);
  const total = samples.reduce((s, x) => s + x.weight, 0);
  let acc = 0;
  for (const s of samples) {
    acc += s.weight;
    if (acc >= total / 2) return s.angle;
  }
  return samples[samples.length - 1]!.angle;
}

// ------------------------------------------------------------------------------------ reading frame

interface FrameBox {
  a0: number;
  a1: number;
  c0: number;
  c1: number;
}

/** Maps image points into the reading frame (de-skewed; a along lines, c across them in reading order). */
export function frameOf(skew: number, vertical: boolean): (p: Point) => { a: number; c: number } {
  const cos = Math.cos(skew), sin = Math.sin(skew);
  return (p) => {
    const x = p.x * cos + p.y * sin;
    const y = -p.x * sin + p.y * cos;
    return vertical ? { a: y, c: -x } : { a: x, c: y };
  };
}

function frameBox(q: Quad, f: (p: Point) => { a: number; c: number }): FrameBox {
  let a0 = Infinity, a1 = -Infinity, c0 = Infinity, c1 = -Infinity;
  for (const p of q) {
    const { a, c } = f(p);
    a0 = Math.min(a0, a);
    a1 = Math.max(a1, a);
    c0 = Math.min(c0, c);
    c1 = Math.max(c1, c);
  }
  return { a0, a1, c0, c1 };
}

const thick = (b: FrameBox) => b.c1 - b.c0;
const overlapC = (x: FrameBox, y: FrameBox) => Math.min(x.c1, y.c1) - Math.max(x.c0, y.c0);

function median(xs: number[]): number {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

// ----------------------------------------------------------------------------------------- grouping

interface LineGroup extends FrameBox {
  parts: number[];
  vertical: boolean;
}

/**
 * Groups fragments of one direction into lines (horizontal) or columns (vertical): fragments overlapping
 * across the line by ≥ lineOverlap of the thinner one and ≤ lineGap × thickness apart along it.
 * `items` are indexes into `boxes`.
 */
function groupFragments(boxes: readonly FrameBox[], items: readonly number[], vertical: boolean, o: LayoutOptions): LineGroup[] {
  const order = [...items].sort((i, j) => boxes[i]!.a0 - boxes[j]!.a0);
  const groups: LineGroup[] = [];
  for (const i of order) {
    const b = boxes[i]!;
    let best: LineGroup | undefined;
    let bestOverlap = 0;
    for (const g of groups) {
      const ov = overlapC(g, b) / Math.max(1e-6, Math.min(thick(g), thick(b)));
      if (ov < o.lineOverlap) continue;
      const gap = b.a0 - g.a1;
      if (gap > o.lineGap * Math.max(thick(g), thick(b))) continue;
      if (ov > bestOverlap) {
        bestOverlap = ov;
        best = g;
      }
    }
    if (best) {
      best.parts.push(i);
      best.a0 = Math.min(best.a0, b.a0);
      best.a1 = Math.max(best.a1, b.a1);
      best.c0 = Math.min(best.c0, b.c0);
      best.c1 = Math.max(best.c1, b.c1);
    } else groups.push({ ...b, parts: [i], vertical });
  }
  return groups;
}

// ---------------------------------------------------------------------------------------- ordering

/** Bands across the page: items chained by overlap along c (small overlaps of neighbouring lines ignored). */
function makeBands(items: readonly LineGroup[], tol: number): LineGroup[][] {
  const sorted = [...items].sort((x, y) => x.c0 - y.c0 || x.a0 - y.a0);
  const bands: LineGroup[][] = [];
  let cur: LineGroup[] = [];
  let curC1 = -Infinity;
  for (const it of sorted) {
    if (cur.length > 0 && it.c0 >= curC1 - Math.min(tol, thick(it) / 2)) {
      bands.push(cur);
      cur = [];
      curC1 = -Infinity;
    }
    cur.push(it);
    curC1 = Math.max(curC1, it.c1);
  }
  if (cur.length) bands.push(cur);
  return bands;
}

/** Whitespace intervals along a between the items (interior gaps only), at least `minGap` wide. */
function interiorGaps(items: readonly FrameBox[], minGap: number): [number, number][] {
  const iv = items.map((b) => [b.a0, b.a1] as [number, number]).sort((x, y) => x[0] - y[0]);
  const gaps: [number, number][] = [];
  let end = -Infinity;
  for (const [s, e] of iv) {
    if (end > -Infinity && s - end >= minGap) gaps.push([end, s]);
    end = Math.max(end, e);
  }
  return gaps;
}

interface ColumnRun {
  from: number;
  to: number;
  gap: [number, number];
  items: number;
}

/**
 * The best multi-column run: consecutive bands that all leave a gutter free, with enough text on each
 * side. Undefined when there is none.
 */
function findColumnRun(bands: readonly LineGroup[][], T: number, o: LayoutOptions): ColumnRun | undefined {
  const minGap = o.columnGap * T;
  let best: ColumnRun | undefined;
  const compatible = (band: readonly LineGroup[], g: [number, number]): [number, number] | undefined => {
    let lo = g[0], hi = g[1];
    for (const it of band) {
      if (it.a1 <= lo || it.a0 >= hi) continue; // entirely on one side
      // the item intrudes: shrink the gap from the side it is on
      const mid = (lo + hi) / 2;
      if ((it.a0 + it.a1) / 2 < mid) lo = Math.max(lo, it.a1);
      else hi = Math.min(hi, it.a0);
      if (hi - lo < minGap) return undefined;
    }
    return [lo, hi];
  };
  // gutter candidates: gaps inside a band, or inside two or three neighbouring bands (columns whose line
  // grids are offset put each line in a band of its own)
  const seeds: { k: number; to: number; gap: [number, number] }[] = [];
  for (let k = 0; k < bands.length; k++) {
    for (let w = 0; w < 3 && k + w < bands.length; w++) {
      for (const gap of interiorGaps(bands.slice(k, k + w + 1).flat(), minGap)) seeds.push({ k, to: k + w, gap });
    }
  }
  for (const seed of seeds) {
    let g: [number, number] = seed.gap;
    let from = seed.k, to = seed.to;
    while (from > 0) {
      const ng = compatible(bands[from - 1]!, g);
      if (!ng) break;
      g = ng;
      from--;
    }
    while (to < bands.length - 1) {
      const ng = compatible(bands[to + 1]!, g);
      if (!ng) break;
      g = ng;
      to++;
    }
    let left = 0, right = 0, n = 0;
    let l0 = Infinity, l1 = -Infinity, r0 = Infinity, r1 = -Infinity;
    for (let b = from; b <= to; b++) {
      for (const it of bands[b]!) {
        n++;
        if (it.a1 <= g[0]) {
          left++;
          l0 = Math.min(l0, it.a0);
          l1 = Math.max(l1, it.a1);
        } else if (it.a0 >= g[1]) {
          right++;
          r0 = Math.min(r0, it.a0);
          r1 = Math.max(r1, it.a1);
        }
      }
    }
    const ok =
      left >= o.minColumnLines && right >= o.minColumnLines && l1 - l0 >= o.minColumnLength * T && r1 - r0 >= o.minColumnLength * T;
    if (ok && (!best || n > best.items)) best = { from, to, gap: g, items: n };
  }
  return best;
}

/** Items of a leaf block: rows along c, each row in a order. */
function orderRows(items: readonly LineGroup[], o: LayoutOptions): LineGroup[] {
  const sorted = [...items].sort((x, y) => (x.c0 + x.c1) / 2 - (y.c0 + y.c1) / 2);
  const rows: { box: FrameBox; items: LineGroup[] }[] = [];
  for (const it of sorted) {
    const row = rows[rows.length - 1];
    if (row && overlapC(row.box, it) >= o.lineOverlap * Math.min(thick(it), thick(row.box))) {
      row.items.push(it);
      row.box.c0 = Math.min(row.box.c0, it.c0);
      row.box.c1 = Math.max(row.box.c1, it.c1);
    } else rows.push({ box: { a0: 0, a1: 0, c0: it.c0, c1: it.c1 }, items: [it] });
  }
  return rows.flatMap((r) => r.items.sort((x, y) => x.a0 - y.a0));
}

/** Recursive reading order: returns blocks (each in reading order), in reading order. */
function orderBlocks(items: readonly LineGroup[], T: number, o: LayoutOptions): LineGroup[][] {
  if (items.length <= 1) return items.length ? [[...items]] : [];
  const bands = makeBands(items, 0.3 * T);
  const run = findColumnRun(bands, T, o);
  if (!run) return [orderRows(items, o)];
  const out: LineGroup[][] = [];
  const before = bands.slice(0, run.from).flat();
  const inside = bands.slice(run.from, run.to + 1).flat();
  const after = bands.slice(run.to + 1).flat();
  if (before.length) out.push(...orderBlocks(before, T, o));
  const cut = (run.gap[0] + run.gap[1]) / 2;
  const first = inside.filter((it) => (it.a0 + it.a1) / 2 < cut);
  const second = inside.filter((it) => (it.a0 + it.a1) / 2 >= cut);
  out.push(...orderBlocks(first, T, o), ...orderBlocks(second, T, o));
  if (after.length) out.push(...orderBlocks(after, T, o));
  return out;
}

// --------------------------------------------------------------------------------------------- main

/**
 * Lines in reading order for a page whose text is upright (rotate the regions first for other
 * orientations, see orientation.ts `rotateRegions`). `vertical` forces the dominant direction; by default it is the
 * direction of most elongated boxes.
 */
export function analyseLayout(regions: readonly DetectedRegion[], opts: Partial<LayoutOptions> & { vertical?: boolean } = {}): PageLayout {
  const o = { ...LAYOUT_DEFAULTS, ...opts };
  const share = verticalShare(regions, o.aspect);
  const vertical = opts.vertical ?? share > 0.5;
  const skew = estimateSkew(regions, vertical);
  if (regions.length === 0) return { vertical, verticalShare: share, skew, lineThickness: 0, lines: [] };

  const main = frameOf(skew, vertical);
  const boxes = regions.map((r) => frameBox(r.quad, main));
  // thickness of a line: the short side of the page-direction boxes (all boxes when none is elongated)
  const dirBoxes = boxes.filter((_, i) => boxDirection(regions[i]!.quad, o.aspect) === (vertical ? 'vertical' : 'horizontal'));
  const T = Math.max(1, median((dirBoxes.length ? dirBoxes : boxes).map(thick)));

  // boxes read in the other direction: clearly elongated that way and long enough
  const contrary: number[] = [];
  const same: number[] = [];
  boxes.forEach((b, i) => {
    const len = b.a1 - b.a0, th = thick(b);
    if (th >= o.contraryAspect * len && th >= o.contraryMinLength * T) contrary.push(i);
    else same.push(i);
  });
  const groups = groupFragments(boxes, same, vertical, o);
  // contrary boxes: grouped in their own frame, then placed in the page frame by their extent
  if (contrary.length) {
    const other = frameOf(skew, !vertical);
    const oboxes = regions.map((r) => frameBox(r.quad, other));
    for (const g of groupFragments(oboxes, contrary, !vertical, o)) {
      const fb = g.parts.map((i) => boxes[i]!);
      groups.push({
        parts: g.parts,
        vertical: !vertical,
        a0: Math.min(...fb.map((b) => b.a0)),
        a1: Math.max(...fb.map((b) => b.a1)),
        c0: Math.min(...fb.map((b) => b.c0)),
        c1: Math.max(...fb.map((b) => b.c1)),
      });
    }
  }

  // lines of the other direction entirely before or after the main text along `a` (a horizontal page
  // number under 縦書き columns, a heading above them) are read first or last
  const mainGroups = groups.filter((g) => g.vertical === vertical);
  const aStart = Math.min(...mainGroups.map((g) => g.a0));
  const aEnd = Math.max(...mainGroups.map((g) => g.a1));
  const head = groups.filter((g) => g.vertical !== vertical && g.a1 <= aStart);
  const tail = groups.filter((g) => g.vertical !== vertical && g.a0 >= aEnd);
  const body = groups.filter((g) => !head.includes(g) && !tail.includes(g));
  const blocks = [
    ...(head.length ? [orderRows(head, o)] : []),
    ...orderBlocks(body, T, o),
    ...(tail.length ? [orderRows(tail, o)] : []),
  ];
  const lines: LayoutLine[] = [];
  blocks.forEach((block, bi) => {
    for (const g of block) lines.push(toLine(g, regions, bi));
  });
  return { vertical, verticalShare: share, skew, lineThickness: T, lines };
}

function toLine(g: LineGroup, regions: readonly DetectedRegion[], block: number): LayoutLine {
  const parts = g.parts;
  if (parts.length === 1) {
    const r = regions[parts[0]!]!;
    return { quad: r.quad.map((p) => ({ ...p })) as Quad, vertical: g.vertical, score: r.score, parts: [...parts], block };
  }
  const f = frameOf(0, g.vertical);
  const sortedParts = [...parts].sort((i, j) => frameBox(regions[i]!.quad, f).a0 - frameBox(regions[j]!.quad, f).a0);
  const pts = parts.flatMap((i) => regions[i]!.quad);
  let wsum = 0, ssum = 0;
  for (const i of parts) {
    const { width, height } = quadSize(regions[i]!.quad);
    const w = Math.max(1e-6, width * height);
    wsum += w;
    ssum += w * regions[i]!.score;
  }
  return { quad: rectCorners(minAreaRect(pts)), vertical: g.vertical, score: ssum / wsum, parts: sortedParts, block };
}
