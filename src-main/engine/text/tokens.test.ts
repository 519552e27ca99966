import { describe, expect, it } from 'vitest';
import { ftsQuote, tokenize } from './tokens.js';

describe('tokenize', () => {
  it('makes bigrams of Japanese runs and whole lower-cased words of Latin text', () => {
    const t = tokenize('東京タワーはDebianで');
    expect(t.grams).toEqual(['東京', '京タ', 'タワ', 'ワー', 'ーは', 'で', 'debian']);
    expect(t.chars).toEqual(['東', '京', 'タ', 'ワ', 'ー', 'は', 'で']);
  });
  it('keeps a one-character run as a unigram and folds full-width forms', () => {
    expect(tokenize('１００円').grams).toEqual(['円', '100']);
  });
  it('does not join runs across punctuation', () => {
    expect(tokenize('検索。東京').grams).toEqual(['検索', '東京']);
  });
  it('indexes folded forms: half-width kana, decomposed voiced marks, Kangxi radicals', () => {
    expect(tokenize('ｶﾞｲﾄﾞ').grams).toEqual(['ガイ', 'イド']);
    expect(tokenize('か\u3099き').grams).toEqual(['がき']);
    expect(tokenize('\u2F6C的').grams).toEqual(['目的']);
  });
  it('treats a supplementary-plane kanji and iteration marks as single characters of a run', () => {
    expect(tokenize('𠮷野家').grams).toEqual(['𠮷野', '野家']);
    expect(tokenize('𠮷野家').chars).toEqual(['𠮷', '野', '家']);
    expect(tokenize('人々').grams).toEqual(['人々']);
  });
  it('splits Latin words at punctuation', () => {
    expect(tokenize('dpkg-source 0.9.12').grams).toEqual(['dpkg', 'source', '0', '9', '12']);
  });
});

describe('ftsQuote', () => {
  it('makes an FTS5 string literal, doubling quotes', () => {
    expect(ftsQuote('東京')).toBe('"東京"');
    expect(ftsQuote('a"b')).toBe('"a""b"');
  });
});
