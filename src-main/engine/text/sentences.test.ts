import { describe, expect, it } from 'vitest';
import { sentenceSpans } from './sentences.js';

const texts = (s: string) => sentenceSpans(s).map((sp) => s.slice(sp.start, sp.end));

describe('sentenceSpans', () => {
  it('ends sentences at 。！？ and at ASCII ! ?', () => {
    expect(texts('雨が降る。風も吹く！本当か？Yes! Really?')).toEqual(['雨が降る。', '風も吹く！', '本当か？', 'Yes!', 'Really?']);
  });
  it('keeps closing brackets and repeated terminators with the sentence', () => {
    expect(texts('彼は「行くぞ。」と言った。『本当？！』（注。）次だ。')).toEqual(['彼は「行くぞ。」', 'と言った。', '『本当？！』', '（注。）', '次だ。']);
  });
  it('breaks at line breaks and drops empty lines', () => {
    expect(texts('見出し\n\n本文です。続き\n最後')).toEqual(['見出し', '本文です。', '続き', '最後']);
  });
  it('trims surrounding whitespace from each span, and offsets point into the original text', () => {
    const s = '  最初の文。   次の文。 \n  三つ目  ';
    const spans = sentenceSpans(s);
    expect(spans.map((sp) => s.slice(sp.start, sp.end))).toEqual(['最初の文。', '次の文。', '三つ目']);
    for (const sp of spans) expect(s.slice(sp.start, sp.end)).toBe(s.slice(sp.start, sp.end).trim());
  });
  it('returns the whole text when there is no terminator, and nothing for blank text', () => {
    expect(texts('終わりのない文')).toEqual(['終わりのない文']);
    expect(sentenceSpans('')).toEqual([]);
    expect(sentenceSpans(' \n \n')).toEqual([]);
  });
  it('does not split a decimal number or version', () => {
    expect(texts('バージョン 0.9.12 です。')).toEqual(['バージョン 0.9.12 です。']);
  });
});
