import { describe, expect, it } from 'vitest';
import { extractiveText, extractSentences } from './extractive.js';

describe('extractive answers', () => {
  const passages = [
    { n: 1, title: '東海道新幹線', text: '東海道新幹線\n東海道新幹線は、東京駅から新大阪駅までを結ぶ高速鉄道路線である。1964年10月1日に開業した。' },
    { n: 2, title: '寿司', text: '寿司は日本料理である。' },
  ];

  it('picks the sentence that answers, not the one that names the topic or repeats the question', () => {
    const s = extractSentences('新幹線はいつ開業したか', passages);
    expect(s[0]!.text).toBe('1964年10月1日に開業した。');
    expect(s[0]!.n).toBe(1);
    expect(passages[0]!.text.slice(s[0]!.start, s[0]!.end)).toBe(s[0]!.text);
    expect(s.map((x) => x.text)).not.toContain('東海道新幹線');
  });

  it('starts with the top passage and adds good sentences of others', () => {
    const s = extractSentences('寿司は何料理か', [passages[1]!, passages[0]!]);
    expect(s[0]).toMatchObject({ n: 2, text: '寿司は日本料理である。' });
    expect(extractiveText(s)).toMatch(/^寿司は日本料理である。\[2\]/);
  });

  it('says a sentence once when overlapping chunks or copies repeat it', () => {
    const same = '寿司は日本料理である。';
    const s = extractSentences('寿司は何料理か', [{ n: 1, text: same }, { n: 2, text: `江戸の話。${same}` }, { n: 3, text: same }]);
    expect(s.filter((x) => x.text === same)).toHaveLength(1);
    expect(s[0]!.n).toBe(1);
  });

  it('returns nothing when there are no sentences', () => {
    expect(extractSentences('何か', [{ n: 1, text: '12 ・ 3' }])).toEqual([]);
  });
});
