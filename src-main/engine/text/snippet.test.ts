import { describe, expect, it } from 'vitest';
import { highlightTerms, makeSnippet, markSnippet, matchRanges } from './snippet.js';

describe('highlightTerms', () => {
  it('keeps content words, lower-cased and NFKC-folded, and drops particles', () => {
    const terms = highlightTerms('Debianのパッケージを作るには');
    expect(terms).toEqual(expect.arrayContaining(['debian', 'パッケージ', '作る']));
    for (const particle of ['の', 'を', 'に', 'は', 'には']) expect(terms).not.toContain(particle);
  });
  it('folds full-width Latin and removes duplicates', () => {
    expect(highlightTerms('ＤＥＢＩＡＮ と debian')).toEqual(['debian']);
  });
  it('returns nothing for a query of particles and punctuation only', () => {
    expect(highlightTerms('の、は。')).toEqual([]);
  });
});

describe('matchRanges', () => {
  it('matches terms in any Latin case and reports ranges in the original text', () => {
    const text = 'Debian と DEBIAN, debian';
    expect(matchRanges(text, ['debian'])).toEqual([
      { start: 0, end: 6 },
      { start: 9, end: 15 },
      { start: 17, end: 23 },
    ]);
    expect(matchRanges(text, ['Debian'])).toHaveLength(3);
  });
  it('merges overlapping and adjacent occurrences and ignores empty terms', () => {
    expect(matchRanges('東京タワーへ行く', ['東京', '京タワー', ''])).toEqual([{ start: 0, end: 5 }]);
    expect(matchRanges('abab', ['ab'])).toEqual([{ start: 0, end: 4 }]);
    expect(matchRanges('なにもない', ['東京'])).toEqual([]);
  });
});

describe('makeSnippet', () => {
  it('returns a short text whole', () => {
    const s = makeSnippet('短い文。パッケージ。', ['パッケージ'], 120);
    expect(s).toEqual({ text: '短い文。パッケージ。', offset: 0, highlights: [{ start: 4, end: 9 }] });
  });
  it('picks the window with the most matched characters', () => {
    const text = 'パッケージ' + 'あ'.repeat(200) + 'パッケージを作るパッケージ' + 'い'.repeat(200);
    const s = makeSnippet(text, ['パッケージ', '作る'], 60);
    expect(s.text).toHaveLength(60);
    expect(s.text).toBe(text.slice(s.offset, s.offset + 60));
    expect(s.text).toContain('パッケージを作るパッケージ');
    expect(s.offset).toBeGreaterThan(100);
    // highlights are relative to the snippet and cover exactly the matched words
    expect(s.highlights.map((h) => s.text.slice(h.start, h.end))).toEqual(['パッケージ', '作るパッケージ']);
  });
  it('clips a match that straddles the window edge', () => {
    const text = 'x'.repeat(50) + 'debian' + 'y'.repeat(100);
    const s = makeSnippet(text, ['debian', 'yyyy'], 30);
    for (const h of s.highlights) {
      expect(h.start).toBeGreaterThanOrEqual(0);
      expect(h.end).toBeLessThanOrEqual(s.text.length);
      expect(h.end).toBeGreaterThan(h.start);
    }
  });
  it('starts at the beginning when nothing matches', () => {
    const text = 'あ'.repeat(300);
    expect(makeSnippet(text, ['東京'], 100)).toEqual({ text: 'あ'.repeat(100), offset: 0, highlights: [] });
  });
});

describe('markSnippet', () => {
  it('wraps each highlight in the markers', () => {
    const s = makeSnippet('Debian のパッケージを作る', ['debian', 'パッケージ']);
    expect(markSnippet(s, '【', '】')).toBe('【Debian】 の【パッケージ】を作る');
    expect(markSnippet({ text: 'abc', highlights: [], offset: 0 }, '[', ']')).toBe('abc');
    expect(markSnippet({ text: 'abc', highlights: [{ start: 0, end: 3 }], offset: 0 }, '\x1b[1m', '\x1b[0m')).toBe('\x1b[1mabc\x1b[0m');
  });
});
