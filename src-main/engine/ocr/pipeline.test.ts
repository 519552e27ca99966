import { describe, expect, it } from 'vitest';
import { padQuad } from './pipeline.js';
import type { Quad } from './types.js';

describe('padQuad', () => {
  it('grows a box across its line', () => {
    const q: Quad = [{ x: 0, y: 10 }, { x: 100, y: 10 }, { x: 100, y: 30 }, { x: 0, y: 30 }];
    expect(padQuad(q, 0.25).map((p) => p.y)).toEqual([5, 5, 35, 35]);
    expect(padQuad(q, 0)).toBe(q);
  });
});
