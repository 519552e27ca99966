import { describe, expect, it } from 'vitest';
import { postCorrect } from './postcorrect.js';

describe('postCorrect', () => {
  it('turns 一 after katakana into the long-vowel mark but keeps 一 in kanji words', () => {
    expect(postCorrect('メンテナ一ガイド')).toBe('メンテナーガイド');
    expect(postCorrect('コピ一')).toBe('コピー');
    expect(postCorrect('一般の第一歩')).toBe('一般の第一歩');
    expect(postCorrect('ソフトウェア一般')).toBe('ソフトウェア一般');
  });

  it('fixes katakana look-alikes between katakana', () => {
    const rules = ['choon', 'katakanaLookalikes'] as const;
    expect(postCorrect('パッケ一ジをア力ウント', { rules })).toBe('パッケージをアカウント');
    expect(postCorrect('プ口グラム', { rules })).toBe('プログラム');
    expect(postCorrect('ユ二ット', { rules })).toBe('ユニット');
    expect(postCorrect('スキームへスムーズ', { rules })).toBe('スキームヘスムーズ');
    expect(postCorrect('ア力ウント', { rules: ['choon'] })).toBe('ア力ウント');
  });

  it('leaves the kanji and hiragana where the neighbours are not katakana', () => {
    expect(postCorrect('能力がある')).toBe('能力がある');
    expect(postCorrect('人口の二倍', { rules: ['katakanaLookalikes'] })).toBe('人口の二倍');
    expect(postCorrect('東京へ行く', { rules: ['katakanaLookalikes'] })).toBe('東京へ行く');
  });

  it('turns katakana between kanji into the kanji look-alike', () => {
    expect(postCorrect('協カ者')).toBe('協力者');
    expect(postCorrect('人ロ密度')).toBe('人口密度');
  });

  it('maps vertical presentation forms to ordinary punctuation', () => {
    expect(postCorrect('﹁炭化水素﹂︑それゆえ︒', { vertical: true })).toBe('「炭化水素」、それゆえ。');
  });

  it('rules can be chosen one by one', () => {
    expect(postCorrect('コピ一︒', { rules: ['verticalForms'] })).toBe('コピ一。');
    expect(postCorrect('コピ一︒', { rules: ['choon'] })).toBe('コピー︒');
  });
});
