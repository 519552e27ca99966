import { describe, expect, it } from 'vitest';
import { quadSize } from './geometry.js';
import { analyseLayout, boxDirection, estimateSkew, verticalShare } from './layout.js';
import { box, type Named } from './test-helpers.js';

/** Reading order as names of the lines' first fragments (fragments joined with +). */
function order(regions: readonly Named[], opts: Parameters<typeof analyseLayout>[1] = {}): string[] {
  return analyseLayout(regions, opts).lines.map((l) => l.parts.map((i) => regions[i]!.name).join('+'));
}

/** Deterministic shuffle. */
function shuffle<T>(xs: readonly T[], seed = 3): T[] {
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    const j = seed % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

const LH = 24; // line height
const PITCH = 36; // line pitch

describe('direction and skew', () => {
  it('classifies boxes and pages', () => {
    expect(boxDirection(box('a', 0, 0, 300, 24).quad)).toBe('horizontal');
    expect(boxDirection(box('a', 0, 0, 24, 300).quad)).toBe('vertical');
    expect(boxDirection(box('a', 0, 0, 24, 30).quad)).toBe('unknown');
    expect(verticalShare([box('a', 0, 0, 300, 24), box('b', 0, 40, 300, 24)])).toBe(0);
    expect(verticalShare([box('a', 0, 0, 24, 300), box('b', 40, 0, 24, 30)])).toBe(1);
    expect(verticalShare([])).toBe(0.5);
  });

  it('measures the skew of horizontal lines and of columns', () => {
    const lines = [0, 1, 2].map((i) => box(`l${i}`, 100, 100 + i * PITCH, 800, LH, 1.1));
    expect((estimateSkew(lines, false) * 180) / Math.PI).toBeCloseTo(1.1, 6);
    const cols = [0, 1, 2].map((i) => box(`c${i}`, 800 - i * PITCH, 100, LH, 900, -0.8));
    expect((estimateSkew(cols, true) * 180) / Math.PI).toBeCloseTo(-0.8, 6);
  });
});

describe('horizontal reading order', () => {
  it('reads a skewed single column top to bottom whatever the input order', () => {
    const lines = Array.from({ length: 12 }, (_, i) => box(`l${i}`, 100, 100 + i * PITCH, i === 5 ? 300 : 900, LH, 1.2));
    const layout = analyseLayout(shuffle(lines));
    expect(layout.vertical).toBe(false);
    expect((layout.skew * 180) / Math.PI).toBeCloseTo(1.2, 3);
    expect(layout.lines.every((l) => !l.vertical)).toBe(true);
    expect(order(shuffle(lines))).toEqual(lines.map((l) => l.name));
  });

  it('joins fragments and a bullet of one line, keeps a distant page number apart', () => {
    const regions = [
      box('bullet', 100, 107, 10, 10, -1),
      box('text-a', 125, 100, 300, LH, -1),
      box('text-b', 440, 100, 200, LH, -1),
      box('page', 1300, 100, 60, LH, -1),
      box('next', 100, 100 + PITCH, 900, LH, -1),
      box('last', 100, 100 + 2 * PITCH, 900, LH, -1),
    ];
    const layout = analyseLayout(regions);
    expect(order(regions)).toEqual(['bullet+text-a+text-b', 'page', 'next', 'last']);
    // the joined line is one rotated rectangle around its parts
    const joined = layout.lines[0]!;
    expect(quadSize(joined.quad).width).toBeGreaterThan(530);
    expect(quadSize(joined.quad).height).toBeLessThan(LH + 4);
    expect(joined.score).toBeCloseTo(0.9);
  });

  it('reads a running header left then right, then the body', () => {
    const regions = [
      box('header', 100, 50, 300, LH),
      box('folio', 1400, 55, 80, LH),
      box('title', 100, 150, 400, 40),
      ...Array.from({ length: 6 }, (_, i) => box(`body${i}`, 100, 230 + i * PITCH, 1380, LH)),
    ];
    expect(order(shuffle(regions))).toEqual(['header', 'folio', 'title', 'body0', 'body1', 'body2', 'body3', 'body4', 'body5']);
  });

  it('reads two columns under a full-width title column by column, even with aligned paragraph gaps', () => {
    const regions: Named[] = [box('title', 100, 60, 1200, 40)];
    const rows = [0, 1, 2, 4, 5, 6, 7]; // row 3 is a paragraph gap in both columns
    for (const r of rows) regions.push(box(`L${r}`, 100, 150 + r * PITCH, 560, LH, 0.7));
    for (const r of rows) regions.push(box(`R${r}`, 740, 150 + r * PITCH, r === 7 ? 200 : 560, LH, 0.7));
    regions.push(box('footer', 600, 150 + 10 * PITCH, 120, LH, 0.7));
    const layout = analyseLayout(shuffle(regions));
    expect(order(shuffle(regions))).toEqual(['title', ...rows.map((r) => `L${r}`), ...rows.map((r) => `R${r}`), 'footer']);
    // blocks: title, left column, right column, footer
    expect(new Set(layout.lines.map((l) => l.block)).size).toBe(4);
  });

  it.each([5, PITCH / 2])('a paragraph gap in one column only does not break the columns (grids offset by %s px)', (offset) => {
    const regions: Named[] = [];
    for (let r = 0; r < 8; r++) regions.push(box(`L${r}`, 100, 100 + r * PITCH, 560, LH));
    for (let r = 0; r < 8; r++) if (r !== 3) regions.push(box(`R${r}`, 740, 100 + r * PITCH + offset, 560, LH));
    const got = order(shuffle(regions));
    expect(got).toEqual([...Array.from({ length: 8 }, (_, r) => `L${r}`), ...[0, 1, 2, 4, 5, 6, 7].map((r) => `R${r}`)]);
  });

  it('bullets far from their text are not a column', () => {
    const regions: Named[] = [];
    for (let r = 0; r < 5; r++) {
      regions.push(box(`b${r}`, 100, 100 + r * PITCH + 7, 10, 10));
      regions.push(box(`t${r}`, 160, 100 + r * PITCH, 700, LH));
    }
    expect(order(shuffle(regions))).toEqual([0, 1, 2, 3, 4].flatMap((r) => [`b${r}`, `t${r}`]));
  });
});

describe('vertical (縦書き) reading order', () => {
  it('reads columns right to left, each top to bottom, joining split columns', () => {
    const regions: Named[] = [box('title', 1300, 100, 40, 200, 0.9)];
    for (let c = 0; c < 8; c++) {
      const x = 1240 - c * PITCH;
      if (c === 3) {
        regions.push(box(`c${c}-top`, x, 100, LH, 500, 0.9), box(`c${c}-bottom`, x, 615, LH, 485, 0.9));
      } else regions.push(box(`c${c}`, x, 100, LH, c === 5 ? 60 : 1000, 0.9));
    }
    regions.push(box('folio', 1120, 1200, 100, LH, 0.9)); // horizontal page number under the middle columns
    const layout = analyseLayout(shuffle(regions));
    expect(layout.vertical).toBe(true);
    expect((layout.skew * 180) / Math.PI).toBeCloseTo(0.9, 3);
    expect(order(shuffle(regions))).toEqual(['title', 'c0', 'c1', 'c2', 'c3-top+c3-bottom', 'c4', 'c5', 'c6', 'c7', 'folio']);
    const folio = layout.lines[layout.lines.length - 1]!;
    expect(folio.vertical).toBe(false);
    expect(layout.lines.slice(0, -1).every((l) => l.vertical)).toBe(true);
  });

  it('reads two tiers (段組) top tier first', () => {
    const regions: Named[] = [];
    for (let c = 0; c < 6; c++) regions.push(box(`top${c}`, 1000 - c * PITCH, 100, LH, 400));
    for (let c = 0; c < 6; c++) regions.push(box(`low${c}`, 1000 - c * PITCH, 600, LH, c === 2 ? 100 : 400));
    expect(order(shuffle(regions))).toEqual([...[0, 1, 2, 3, 4, 5].map((c) => `top${c}`), ...[0, 1, 2, 3, 4, 5].map((c) => `low${c}`)]);
  });

  it('the direction can be forced', () => {
    const regions = [box('a', 100, 100, 30, 30), box('b', 100, 140, 30, 30)];
    expect(analyseLayout(regions, { vertical: true }).vertical).toBe(true);
    expect(analyseLayout([]).lines).toEqual([]);
  });
});
