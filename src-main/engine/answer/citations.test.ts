import { describe, expect, it } from 'vitest';
import { verifyCitations } from './citations.js';

describe('verifyCitations', () => {
  it('keeps markers that name a passage and drops the others with their space', () => {
    expect(verifyCitations('北海道です[1]。東京です [4]。', 3)).toEqual({ text: '北海道です[1]。東京です。', cited: [1], dropped: [4] });
  });

  it('normalises full-width, lenticular and list markers', () => {
    const v = verifyCitations('雨季の一種です［２］【1】[1, 3][0]', 3);
    expect(v.text).toBe('雨季の一種です[2][1][1][3]');
    expect(v.cited).toEqual([2, 1, 3]);
    expect(v.dropped).toEqual([0]);
  });

  it('leaves text without markers alone', () => {
    expect(verifyCitations('資料には記載がありません', 2)).toEqual({ text: '資料には記載がありません', cited: [], dropped: [] });
  });
});
