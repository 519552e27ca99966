import { describe, expect, it } from 'vitest';
import { rrf, weighted } from './fusion.js';

const list = (...ids: number[]) => ids.map((chunkId, i) => ({ chunkId, score: 10 - i }));

describe('fusion', () => {
  it('RRF rewards chunks both lists rank well, by rank only', () => {
    const f = rrf(list(1, 2, 3), list(3, 4, 1));
    expect(f.map((x) => x.chunkId)).toEqual([1, 3, 2, 4]);
    expect(f[0]).toMatchObject({ lexical: 10, dense: 8 });
    expect(f.find((x) => x.chunkId === 4)).toMatchObject({ lexical: null, dense: 9 });
    expect(f[0]!.score).toBeCloseTo(1 / 61 + 1 / 63);
  });

  it('weighted fusion normalises each list and mixes them', () => {
    const lex = [{ chunkId: 1, score: 30 }, { chunkId: 2, score: 20 }, { chunkId: 3, score: 10 }];
    const dense = [{ chunkId: 3, score: 0.9 }, { chunkId: 2, score: 0.8 }, { chunkId: 1, score: 0.1 }];
    const f = weighted(lex, dense, 0.5);
    // 1: 0.5·1 + 0.5·0 = 0.5; 2: 0.5·0.5 + 0.5·0.875 = 0.6875; 3: 0 + 0.5 = 0.5
    expect(f.map((x) => x.chunkId)).toEqual([2, 1, 3]);
    expect(f[0]!.score).toBeCloseTo(0.6875);
    expect(weighted(lex, [], 0.5).map((x) => x.chunkId)).toEqual([1, 2, 3]);
  });
});
