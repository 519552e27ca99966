/**
 * 縦書き columns read by a horizontal-line recogniser (PP-OCRv5/v6). PaddleOCR reads a column by turning it
 * 90° counter-clockwise, and its models learned such columns as horizontal-text glyphs stacked upright: in
 * the turned image every character lies on its side. Characters that vertical typesetting draws in other
 * forms are then missed (measured: 8.2 % CER on the JSQuAD vertical pages, nearly all of it these):
 * - 、。 and small kana sit in the top-right of their cell, not bottom-left: in the turned image they sit
 *   high in the line, and the model skips them;
 * - ー「」（）… are drawn turned by 90°: in the turned image they stand upright, and the model skips them.
 *
 * `repairVerticalForms` finds ink that the first reading left unread (no character was emitted on it),
 * redraws it as the model expects, and `mergeRepaired` takes from a second reading only the characters
 * those repairs can produce, at their places; everything the first reading found is kept as it was.
 * - mark (small ink high in the line): moved down to the baseline → 、。 etc.
 * - small (a kana-sized glyph under ~60 % of the line height): scaled to full size, then read; the full kana
 *   read there is mapped back to its small form (つ → っ), since the model reads small kana on their side badly.
 * - bar (a thin stroke along the line): redrawn across it → read as 一, kept as ー.
 * - turn (anything else): turned 90° counter-clockwise like the rest of the line → brackets.
 * Pure functions over a turned column image (the line reads left to right; `x` runs along it).
 */
import type { RgbImage } from '../images/types.js';
import { otsuThreshold } from './raster.js';

/** A character of a reading, at its place along the turned column. */
export interface Emission {
  ch: string;
  /** centre along the line, px of the turned column */
  x: number;
  /** probability */
  p: number;
}

export type RepairKind = 'mark' | 'small' | 'bar' | 'turn';

export interface Repair {
  kind: RepairKind;
  /** where the redrawn glyph lies along the line, px */
  start: number;
  end: number;
}

export interface Repaired {
  image: RgbImage;
  repairs: Repair[];
  /** character pitch along the line, px */
  pitch: number;
}

const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;

/** Shapes, as shares of the line height H or the character pitch p (measured on the JSQuAD vertical pages). */
const SHAPE = {
  /** a mark: shorter than 0.32 H, centred above 0.42 H, narrower than 0.4 p */
  markHeight: 0.32,
  markCentre: 0.42,
  markWidth: 0.4,
  /** a mark's bottom goes to 0.85 H (a horizontal line's baseline) */
  baseline: 0.85,
  /** small kana: 0.25–0.62 H tall, 0.33–0.75 p wide; scaled to 0.78 H */
  smallMin: 0.25,
  smallMax: 0.62,
  smallWidthMin: 0.33,
  smallWidthMax: 0.75,
  fullHeight: 0.78,
  /** a bar: thinner than 0.3 H, longer than 0.4 p */
  barHeight: 0.3,
  barLength: 0.4,
  /** an emission within 0.25 p of ink has read that ink */
  claim: 0.25,
  /** unread ink within 0.15 p of read ink, spanning ≤ 1.1 p with it, is part of that character (二, 言) */
  partGap: 0.15,
  glyphSpan: 1.1,
  /** unread pieces closer than 0.2 p are one glyph */
  groupGap: 0.2,
  /** a second reading's character belongs to a repair within 0.2 p of it */
  accept: 0.2,
} as const;

interface Run {
  start: number;
  end: number;
  y0: number;
  y1: number;
  pixels: number;
  /** summed grey of the ink pixels */
  grey: number;
  read: boolean;
}

/** Median distance between neighbouring Japanese characters of a reading (the line height when too few). */
export function characterPitch(emissions: readonly Emission[], lineHeight: number): number {
  const d: number[] = [];
  for (let i = 1; i < emissions.length; i++) if (CJK.test(emissions[i]!.ch) && CJK.test(emissions[i - 1]!.ch)) d.push(emissions[i]!.x - emissions[i - 1]!.x);
  if (d.length < 3) return lineHeight;
  d.sort((a, b) => a - b);
  return d[d.length >> 1]!;
}

/** Grey levels of a line image and the ink threshold (Otsu). */
function ink(line: RgbImage): { gray: Uint8Array; thr: number } {
  const { data } = line;
  const gray = new Uint8Array(line.width * line.height);
  for (let i = 0, j = 0; i < gray.length; i++, j += 3) gray[i] = (data[j]! * 77 + data[j + 1]! * 150 + data[j + 2]! * 29) >> 8;
  return { gray, thr: otsuThreshold(gray) };
}

/** Runs of columns holding ink along a line, each with the vertical extent and amount of its ink. */
function inkRuns(gray: Uint8Array, W: number, H: number, thr: number): Run[] {
  const runs: Run[] = [];
  for (let x = 0; x < W; ) {
    let any = 0;
    for (let y = 0; y < H; y++) if (gray[y * W + x]! < thr) any++;
    if (!any) {
      x++;
      continue;
    }
    const run: Run = { start: x, end: x, y0: H, y1: -1, pixels: 0, grey: 0, read: false };
    for (; x < W; x++) {
      let col = 0;
      for (let y = 0; y < H; y++) {
        const v = gray[y * W + x]!;
        if (v >= thr) continue;
        col++;
        run.pixels++;
        run.grey += v;
        run.y0 = Math.min(run.y0, y);
        run.y1 = Math.max(run.y1, y);
      }
      if (!col) break;
    }
    run.end = x;
    runs.push(run);
  }
  return runs;
}

/** Small isolated ink (、。 and the like) whose centre lies above `SHAPE.markCentre` of the line, in a run list. */
const markOf = (r: Run, H: number, p: number) => r.y1 - r.y0 + 1 < SHAPE.markHeight * H && r.end - r.start < SHAPE.markWidth * p && r.pixels >= 3;

/**
 * Where the punctuation marks of lines read left to right sit: high in the line (`high`), as in a 縦書き
 * column turned on its side, or low (`low`), as in horizontal text. The recogniser reads glyphs on their
 * side as well as upright, so it cannot tell a turned column from a horizontal line; 、。 can.
 */
export function markPlaces(lines: readonly RgbImage[]): { high: number; low: number } {
  let high = 0, low = 0;
  for (const line of lines) {
    const { width: W, height: H } = line;
    const { gray, thr } = ink(line);
    for (const r of inkRuns(gray, W, H, thr)) {
      if (!markOf(r, H, H)) continue;
      const c = (r.y0 + r.y1) / 2;
      if (c < SHAPE.markCentre * H) high++;
      else if (c > (1 - SHAPE.markCentre) * H) low++;
    }
  }
  return { high, low };
}

/** Redraws the unread vertical-form glyphs of a turned column (see the module comment). */
export function repairVerticalForms(line: RgbImage, first: readonly Emission[]): Repaired {
  const { width: W, height: H, data } = line;
  const { gray, thr } = ink(line);
  const p = characterPitch(first, H);
  const runs = inkRuns(gray, W, H, thr);
  for (const e of first) {
    let best: Run | undefined;
    let dist = Infinity;
    for (const r of runs) {
      const d = e.x < r.start ? r.start - e.x : e.x >= r.end ? e.x - r.end + 1 : 0;
      if (d < dist) [dist, best] = [d, r];
    }
    if (best && dist <= SHAPE.claim * p) best.read = true;
  }
  const isMark = (r: Run) => markOf(r, H, p) && (r.y0 + r.y1) / 2 < SHAPE.markCentre * H;
  const partOf = (r: Run, q: Run | undefined) =>
    q !== undefined && q.read && Math.max(q.end, r.end) - Math.min(q.start, r.start) <= SHAPE.glyphSpan * p && (q.start >= r.end ? q.start - r.end : r.start - q.end) < SHAPE.partGap * p;
  const unread = runs.filter((r, i) => !r.read && r.pixels >= 3 && (isMark(r) || (!partOf(r, runs[i - 1]) && !partOf(r, runs[i + 1]))));

  const groups: Run[][] = [];
  for (const r of unread) {
    const g = groups[groups.length - 1];
    const last = g?.[g.length - 1];
    if (g && last && r.start - last.end < SHAPE.groupGap * p && r.end - g[0]!.start <= SHAPE.glyphSpan * p && isMark(r) === isMark(last)) g.push(r);
    else groups.push([r]);
  }

  const out = new Uint8Array(data);
  const put = (x: number, y: number, r: number, g: number, b: number) => {
    x = Math.round(x);
    y = Math.round(y);
    if (x < 0 || x >= W || y < 0 || y >= H) return;
    const i = (y * W + x) * 3;
    out[i] = Math.min(out[i]!, r);
    out[i + 1] = Math.min(out[i + 1]!, g);
    out[i + 2] = Math.min(out[i + 2]!, b);
  };
  const repairs: Repair[] = [];
  for (const g of groups) {
    const start = g[0]!.start, end = g[g.length - 1]!.end;
    const y0 = Math.min(...g.map((r) => r.y0)), y1 = Math.max(...g.map((r) => r.y1));
    const h = y1 - y0 + 1, w = end - start, yc = (y0 + y1) / 2, cx = (start + end - 1) / 2;
    const pixels = g.reduce((a, r) => a + r.pixels, 0), grey = g.reduce((a, r) => a + r.grey, 0);
    const mark = g.every(isMark);
    // blank the glyph's box (a mark with a small margin: its blurred edge is below the threshold but visible)
    const m = mark ? Math.max(1, Math.round(0.05 * H)) : 0;
    const bx0 = Math.max(0, start - m), bx1 = Math.min(W, end + m), by0 = Math.max(0, y0 - m), by1 = Math.min(H - 1, y1 + m);
    const box: [number, number, number, number, number][] = [];
    for (let y = by0; y <= by1; y++) {
      for (let x = bx0; x < bx1; x++) {
        const i = (y * W + x) * 3;
        box.push([x, y, data[i]!, data[i + 1]!, data[i + 2]!]);
        out.fill(255, i, i + 3);
      }
    }
    if (mark) {
      const dy = Math.max(0, Math.round(SHAPE.baseline * H) - y1);
      for (const [x, y, r, gg, b] of box) put(x, y + dy, r, gg, b);
      repairs.push({ kind: 'mark', start, end });
    } else if (h >= SHAPE.smallMin * H && h < SHAPE.smallMax * H && w >= SHAPE.smallWidthMin * p && w < SHAPE.smallWidthMax * p) {
      const k = (SHAPE.fullHeight * H) / h;
      const nx0 = cx - (w * k) / 2, ny0 = H / 2 - (h * k) / 2;
      for (let y = 0; y < Math.round(h * k); y++) {
        for (let x = 0; x < Math.round(w * k); x++) {
          const i = ((y0 + Math.min(h - 1, Math.floor(y / k))) * W + start + Math.min(w - 1, Math.floor(x / k))) * 3;
          put(nx0 + x, ny0 + y, data[i]!, data[i + 1]!, data[i + 2]!);
        }
      }
      repairs.push({ kind: 'small', start: Math.round(nx0), end: Math.round(nx0 + w * k) });
    } else if (h < SHAPE.barHeight * H && w >= SHAPE.barLength * p) {
      // a clean bar across the line, as thick as the stroke was (its blurred original reads as 十 or +)
      const t = Math.max(2, Math.round(pixels / w)), len = Math.min(H - 2, w), v = Math.round(grey / pixels);
      for (let y = Math.round(H / 2 - len / 2); y < Math.round(H / 2 + len / 2); y++) for (let k = 0; k < t; k++) put(cx - t / 2 + k, y, v, v, v);
      repairs.push({ kind: 'bar', start, end });
    } else {
      // (dx, dy) → (dy, −dx) about the centre: a quarter turn counter-clockwise
      for (const [x, y, r, gg, b] of box) put(cx + (y - yc), yc - (x - cx), r, gg, b);
      repairs.push({ kind: 'turn', start, end });
    }
  }
  return { image: { width: W, height: H, data: out }, repairs, pitch: p };
}

/**
 * The repaired stretches of a line, each with about one character of context on either side, side by side
 * in one strip (so the second reading costs a fraction of the first), and the map from strip positions
 * back to the line's (undefined in the gaps between stretches).
 */
export function repairWindows(r: Repaired, context = 1): { strip: RgbImage; toLine: (x: number) => number | undefined } {
  const { width: W, height: H, data } = r.image;
  const m = Math.round(context * r.pitch);
  const spans: [number, number][] = [];
  for (const rep of [...r.repairs].sort((a, b) => a.start - b.start)) {
    const s = Math.max(0, rep.start - m), e = Math.min(W, rep.end + m);
    const last = spans[spans.length - 1];
    if (last && s <= last[1]) last[1] = Math.max(last[1], e);
    else spans.push([s, e]);
  }
  const gap = Math.max(4, Math.round(r.pitch / 2));
  const outW = spans.reduce((a, [s, e]) => a + e - s, 0) + gap * Math.max(0, spans.length - 1);
  const out = new Uint8Array(Math.max(1, outW) * H * 3).fill(255);
  const starts: number[] = [];
  let ox = 0;
  for (const [s, e] of spans) {
    starts.push(ox);
    for (let y = 0; y < H; y++) out.set(data.subarray((y * W + s) * 3, (y * W + e) * 3), (y * outW + ox) * 3);
    ox += e - s + gap;
  }
  const toLine = (x: number) => {
    for (let i = spans.length - 1; i >= 0; i--) {
      const [s, e] = spans[i]!;
      if (x >= starts[i]!) return x < starts[i]! + e - s ? s + x - starts[i]! : undefined;
    }
    return undefined;
  };
  return { strip: { width: Math.max(1, outW), height: H, data: out }, toLine };
}

const SMALL_OF: Record<string, string> = Object.fromEntries(
  [...'あいうえおつやゆよわアイウエオツヤユヨワカケ'].map((c, i) => [c, [...'ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ'][i]!]),
);
const SMALL = new Set(Object.values(SMALL_OF));
const MARKS = /^[、。，．,.]$/u;
const TURNED = /^[「」『』（）()［］[\]【】〈〉《》〔〕｛｝{}～〜…‥]$/u;

/** What a repair may contribute, from the character the second reading found on it (undefined: nothing). */
function contribution(kind: RepairKind, ch: string): string | undefined {
  switch (kind) {
    case 'mark':
      return MARKS.test(ch) || SMALL.has(ch) ? ch : undefined;
    case 'small':
      return SMALL_OF[ch] ?? (SMALL.has(ch) ? ch : undefined);
    case 'bar':
      return 'ー';
    case 'turn':
      return TURNED.test(ch) ? ch : undefined;
  }
}

/**
 * The first reading with, for each repair, the one character the second reading found on it (the most
 * probable within `accept` × pitch), if the repair's kind can produce it. In reading order.
 */
export function mergeRepaired(first: readonly Emission[], second: readonly Emission[], repaired: Pick<Repaired, 'repairs' | 'pitch'>): Emission[] {
  const tol = SHAPE.accept * repaired.pitch;
  const added: Emission[] = [];
  for (const r of repaired.repairs) {
    let best: Emission | undefined;
    for (const e of second) {
      if (e.x < r.start - tol || e.x > r.end + tol) continue;
      const ch = contribution(r.kind, e.ch);
      if (ch !== undefined && (!best || e.p > best.p)) best = { ...e, ch };
    }
    if (best) added.push(best);
  }
  return [...first, ...added].sort((a, b) => a.x - b.x);
}
