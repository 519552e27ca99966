import { describe, expect, it } from 'vitest';
import { ranks, spearman } from './rank-stats.js';

describe('spearman', () => {
  it('ranks ties by their mean rank', () => {
    expect(ranks([10, 30, 20, 20])).toEqual([0, 3, 1.5, 1.5]);
  });

  it('is 1 for the same order at any scale, -1 reversed, Pearson of the ranks otherwise', () => {
    expect(spearman([1, 2, 3, 4], [0.1, 5, 7, 100])).toBeCloseTo(1, 12);
    expect(spearman([1, 2, 3, 4], [4, 3, 2, 1])).toBeCloseTo(-1, 12);
    // one swapped neighbour pair in 5: 1 - 6·2 / (5·24) = 0.9
    expect(spearman([1, 2, 3, 4, 5], [1, 3, 2, 4, 5])).toBeCloseTo(0.9, 12);
  });

  it('says 1 when both are constant and 0 when only one is', () => {
    expect(spearman([2, 2, 2], [5, 5, 5])).toBe(1);
    expect(spearman([2, 2, 2], [1, 2, 3])).toBe(0);
  });
});
