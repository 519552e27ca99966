import { describe, expect, it } from 'vitest';
import { clsPool, l2Normalize, meanPool } from './pooling.js';

describe('pooling', () => {
  // batch 2, seq 3, dims 2
  const hidden = Float32Array.from([1, 2, 3, 4, 100, 100, 5, 6, 7, 8, 9, 10]);
  const mask = BigInt64Array.from([1n, 1n, 0n, 1n, 1n, 1n]);

  it('means over the kept tokens only', () => {
    expect([...meanPool(hidden, mask, 0, 3, 2)]).toEqual([2, 3]);
    expect([...meanPool(hidden, mask, 1, 3, 2)]).toEqual([7, 8]);
  });

  it('takes the first token', () => {
    expect([...clsPool(hidden, 1, 3, 2)]).toEqual([5, 6]);
  });

  it('normalises to unit length', () => {
    const v = l2Normalize(Float32Array.from([3, 4]));
    expect(v[0]).toBeCloseTo(0.6, 6);
    expect(v[1]).toBeCloseTo(0.8, 6);
    expect([...l2Normalize(new Float32Array(2))]).toEqual([0, 0]);
  });
});
