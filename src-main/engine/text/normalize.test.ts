import { describe, expect, it } from 'vitest';
import { foldCase, isJapaneseChar, joinLines, lineJoint, normalizeText } from './normalize.js';

describe('normalizeText', () => {
  it('folds Kangxi radicals that some PDFs emit to the ordinary kanji', () => {
    // U+2F6C KANGXI RADICAL EYE, U+2F47 KANGXI RADICAL SUN
    expect(normalizeText('\u2F6C的と\u2F47本')).toBe('目的と日本');
  });
  it('folds full-width Latin and digits to ASCII', () => {
    expect(normalizeText('ＤｅｂｉａｎＡＢＣ１２３！')).toBe('DebianABC123!');
  });
  it('folds half-width katakana, composing voiced marks', () => {
    expect(normalizeText('ｶﾞｲﾄﾞﾌﾞｯｸ')).toBe('ガイドブック');
  });
  it('unifies newlines, drops zero-width and soft-hyphen characters, collapses blanks but keeps newlines', () => {
    expect(normalizeText('a\r\nb\rc')).toBe('a\nb\nc');
    expect(normalizeText('東\u200B京\uFEFF都 co\u00ADoperate')).toBe('東京都 cooperate');
    expect(normalizeText('a \t\u3000 b\n\nc')).toBe('a b\n\nc');
  });
});

describe('isJapaneseChar', () => {
  it('recognises kanji, kana, the long-vowel mark and Japanese punctuation but not Latin', () => {
    for (const ch of ['漢', 'ひ', 'カ', 'ー', '、', '。', '「']) expect(isJapaneseChar(ch), ch).toBe(true);
    for (const ch of ['a', '1', ' ', '-', undefined]) expect(isJapaneseChar(ch), String(ch)).toBe(false);
  });
});

describe('lineJoint / joinLines', () => {
  it('joins Japanese lines with no space', () => {
    expect(joinLines(['日本語の文章が行末で', '折り返されている。'])).toBe('日本語の文章が行末で折り返されている。');
    expect(lineJoint('東', '京')).toEqual({ separator: '', dropHyphen: false });
  });
  it('joins Latin lines with one space', () => {
    expect(joinLines(['the quick brown', 'fox jumps'])).toBe('the quick brown fox jumps');
  });
  it('rejoins a Latin word hyphenated across the break', () => {
    expect(joinLines(['the main-', 'tainer of the pack-', 'age'])).toBe('the maintainer of the package');
  });
  it('keeps the hyphen of a compound broken after it, without a space', () => {
    expect(joinLines(['Build-Depends, Build-Conflicts-', 'Indep'])).toBe('Build-Depends, Build-Conflicts-Indep');
  });
  it('rejoins a URL broken across lines: drops a break hyphen after "/" but keeps the URL’s own hyphens', () => {
    expect(joinLines(['(https://www.debian.org/-', 'doc/devel-manuals#debmake-doc)'])).toBe('(https://www.debian.org/doc/devel-manuals#debmake-doc)');
    expect(joinLines(['(https://www.debian.org/doc/manuals/debian-', 'faq/contributing.en.html)'])).toBe(
      '(https://www.debian.org/doc/manuals/debian-faq/contributing.en.html)',
    );
  });
  it('joins mixed Japanese and Latin with no space where either side of the break is Japanese', () => {
    expect(joinLines(['パッケージは', 'Debian で作る'])).toBe('パッケージはDebian で作る');
    expect(joinLines(['Debian', 'パッケージ'])).toBe('Debianパッケージ');
    // Latin on both sides of the break still takes a space even inside Japanese text
    expect(joinLines(['これは Debian', 'Policy です'])).toBe('これは Debian Policy です');
  });
  it('skips blank lines and trims each line', () => {
    expect(joinLines(['  東京  ', '', '   ', ' タワー '])).toBe('東京タワー');
    expect(joinLines([])).toBe('');
  });
});

describe('foldCase', () => {
  it('lower-cases Latin without changing length', () => {
    expect(foldCase('Debian ÄBC 東京')).toBe('debian äbc 東京');
    // U+0130 lower-cases to two code units; it is left alone so offsets stay valid
    const s = 'İstanbul';
    expect(foldCase(s)).toHaveLength(s.length);
  });
});
