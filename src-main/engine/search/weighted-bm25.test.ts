import { describe, expect, it } from 'vitest';
import { countTerms, idf, termKey, weightedBm25, type CorpusStats, type WeightedTerm } from './weighted-bm25.js';
import { candidateTerms, ftsMatch, lexicalQuery, TERM_WEIGHTS } from './lexical.js';

const term = (token: string, weight = 1, column: WeightedTerm['column'] = 'grams'): WeightedTerm => ({ token, column, weight });

describe('countTerms', () => {
  it('counts Japanese bigrams as overlapping substrings', () => {
    const tf = countTerms('ああああ', [term('ああ')]);
    expect(tf.get('grams:ああ')).toBe(3);
  });
  it('counts Latin words only whole, with Japanese characters as boundaries', () => {
    const tf = countTerms('debianのdebianize、1910年', [term('debian'), term('1910'), term('191')]);
    expect(tf.get('grams:debian')).toBe(1);
    expect(tf.get('grams:1910')).toBe(1);
    expect(tf.has('grams:191')).toBe(false);
  });
});

describe('weightedBm25', () => {
  const stats: CorpusStats = { n: 100, avgLength: 100, df: new Map([['grams:東京', 10], ['grams:京都', 50]]) };
  const cand = (tf: [string, number][], length = 100, inTitle: string[] = []) => ({ tf: new Map(tf), inTitle: new Set(inTitle), length });

  it('rewards rarer terms more (IDF)', () => {
    const q = [term('東京'), term('京都')];
    expect(weightedBm25(q, stats, cand([['grams:東京', 1]]))).toBeGreaterThan(weightedBm25(q, stats, cand([['grams:京都', 1]])));
  });
  it('scales with the term weight', () => {
    const c = cand([['grams:東京', 1]]);
    expect(weightedBm25([term('東京', 0.5)], stats, c)).toBeCloseTo(weightedBm25([term('東京', 1)], stats, c) / 2);
  });
  it('saturates term frequency and penalises long chunks', () => {
    const q = [term('東京')];
    const one = weightedBm25(q, stats, cand([['grams:東京', 1]]));
    const five = weightedBm25(q, stats, cand([['grams:東京', 5]]));
    expect(five).toBeGreaterThan(one);
    expect(five).toBeLessThan(one * 2);
    expect(weightedBm25(q, stats, cand([['grams:東京', 1]], 400))).toBeLessThan(one);
  });
  it('adds a title match as a weak bonus', () => {
    const q = [term('東京')];
    expect(weightedBm25(q, stats, cand([], 100, [termKey(q[0]!)]))).toBeCloseTo(0.3 * idf(100, 10));
  });
});

describe('lexicalQuery', () => {
  const weightOf = (q: ReturnType<typeof lexicalQuery>, token: string, column = 'grams') => q.terms.find((t) => t.token === token && t.column === column)?.weight;

  it('weighs bigrams inside words fully, across words and kana-only bigrams less', () => {
    const q = lexicalQuery('梅雨がない地域');
    expect(weightOf(q, '梅雨')).toBe(TERM_WEIGHTS.inWord);
    expect(weightOf(q, '雨が')).toBe(TERM_WEIGHTS.acrossWords);
    expect(weightOf(q, 'ない')).toBe(TERM_WEIGHTS.kanaOnly);
  });
  it('sends one-character Japanese terms to the character column', () => {
    const q = lexicalQuery('円');
    expect(q.terms).toEqual([{ token: '円', column: 'chars', weight: TERM_WEIGHTS.inWord }]);
    expect(ftsMatch(q.terms)).toBe('chars : ("円")');
  });
  it('quotes tokens so FTS5 syntax in a query is inert', () => {
    const match = ftsMatch(lexicalQuery('NEAR AND "OR"').terms);
    expect(match).toContain('"near"');
    expect(match).toContain('"or"');
  });
  it('has no match expression for punctuation only', () => {
    expect(ftsMatch(lexicalQuery('？！。').terms)).toBeNull();
  });
});

describe('candidateTerms', () => {
  const terms = ['稀少', '普通', '頻出', '皆無'].map((t) => term(t));
  const df = new Map([['grams:稀少', 10], ['grams:普通', 30_000], ['grams:頻出', 90_000], ['grams:皆無', 0]]);
  it('takes the rarest terms within the postings budget and skips absent terms', () => {
    expect(candidateTerms(terms, df, 40_000).map((t) => t.token)).toEqual(['稀少', '普通']);
    expect(candidateTerms(terms, df, 1_000_000).map((t) => t.token)).toEqual(['稀少', '普通', '頻出']);
  });
  it('always keeps the rarest present term, even over budget', () => {
    expect(candidateTerms([term('頻出')], df, 100).map((t) => t.token)).toEqual(['頻出']);
  });
});
