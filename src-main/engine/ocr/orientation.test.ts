import { describe, expect, it } from 'vitest';
import { analyseLayout } from './layout.js';
import { chooseOrientation, orientationCandidates, rotateRegions, type OrientationCandidate } from './orientation.js';
import { box, type Named } from './test-helpers.js';

/** Reading order as names of the lines' first fragments (fragments joined with +). */
function order(regions: readonly Named[]): string[] {
  return analyseLayout(regions).lines.map((l) => l.parts.map((i) => regions[i]!.name).join('+'));
}

const LH = 24; // line height
const PITCH = 36; // line pitch

describe('orientation', () => {
  const horizontalPage = Array.from({ length: 10 }, (_, i) => box(`l${i}`, 100, 100 + i * PITCH, 900, LH));
  const W = 1200, H = 1600;

  it('wide boxes: upright horizontal first; tall boxes: upright 縦書き first, then turned horizontal', () => {
    const wide = orientationCandidates(horizontalPage);
    expect(wide[0]).toMatchObject({ rotation: 0, vertical: false });
    expect(wide.map((c) => `${c.rotation}${c.vertical ? 'v' : 'h'}`)).toContain('180h');
    const turned = rotateRegions(horizontalPage, 90, W, H);
    const tall = orientationCandidates(turned);
    expect(tall[0]).toMatchObject({ rotation: 0, vertical: true });
    expect(tall.slice(1, 3).map((c) => c.rotation).sort()).toEqual([270, 90].sort());
    const sum = tall.reduce((s, c) => s + c.prior, 0);
    expect(sum).toBeCloseTo(1, 6);
  });

  it('a recogniser score picks the hypothesis; rotating back restores the reading order', async () => {
    const turned = rotateRegions(horizontalPage, 90, W, H); // page scanned on its side
    const cands = orientationCandidates(turned);
    const seen: OrientationCandidate[] = [];
    const score = async (c: OrientationCandidate) => {
      seen.push(c);
      return c.rotation === 270 && !c.vertical ? 0.93 : 0.3;
    };
    const { chosen, scores } = await chooseOrientation(cands, score);
    expect(chosen).toMatchObject({ rotation: 270, vertical: false });
    expect(scores.length).toBe(seen.length);
    const upright = rotateRegions(turned, chosen.rotation, H, W);
    expect(order(upright.map((r, i) => ({ ...r, name: horizontalPage[i]!.name })))).toEqual(horizontalPage.map((l) => l.name));
  });

  it('stops at the first confident candidate; otherwise keeps the prior unless clearly beaten', async () => {
    const cands = orientationCandidates(horizontalPage);
    let calls = 0;
    const first = await chooseOrientation(cands, async () => (calls++, 0.95));
    expect(first.chosen).toBe(cands[0]);
    expect(calls).toBe(1);
    const close = await chooseOrientation(cands, async (c) => (c === cands[1] ? 0.52 : 0.5));
    expect(close.chosen).toBe(cands[0]);
    const clear = await chooseOrientation(cands, async (c) => (c === cands[1] ? 0.7 : 0.5));
    expect(clear.chosen).toBe(cands[1]);
    await expect(chooseOrientation([], async () => 1)).rejects.toThrow();
  });
});
