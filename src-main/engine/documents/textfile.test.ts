import { describe, expect, it } from 'vitest';
import { decodeText, openText, unwrapLines } from './textfile.js';
import { InputError } from './types.js';

const SENTENCE = '日本語の文書を検索します。';
const hex = (h: string) => Uint8Array.from(Buffer.from(h, 'hex'));
/** SENTENCE in Shift_JIS and EUC-JP (from iconv), so the test needs no encoder. */
const SJIS = hex('93fa967b8cea82cc95b68f9182f08c9f8df582b582dc82b78142');
const EUCJP = hex('c6fccbdcb8eca4cecab8bdf1a4f2b8a1baf7a4b7a4dea4b9a1a3');

describe('decodeText', () => {
  it('decodes UTF-8, with or without a BOM (the BOM is not kept)', () => {
    const utf8 = new TextEncoder().encode(SENTENCE);
    expect(decodeText(utf8)).toBe(SENTENCE);
    expect(decodeText(Uint8Array.from([0xef, 0xbb, 0xbf, ...utf8]))).toBe(SENTENCE);
  });
  it('decodes UTF-16 with a byte-order mark, little- and big-endian', () => {
    const le = Buffer.from(SENTENCE, 'utf16le');
    expect(decodeText(Uint8Array.from([0xff, 0xfe, ...le]))).toBe(SENTENCE);
    const be = Buffer.from(le).swap16();
    expect(decodeText(Uint8Array.from([0xfe, 0xff, ...be]))).toBe(SENTENCE);
  });
  it('falls back to Shift_JIS and EUC-JP when the bytes are not UTF-8', () => {
    expect(decodeText(SJIS)).toBe(SENTENCE);
    expect(decodeText(EUCJP)).toBe(SENTENCE);
    expect(decodeText(Uint8Array.from([...SJIS, 0x0a, 0xb6, 0xc0, 0xb6, 0xc5]))).toBe(`${SENTENCE}\nｶﾀｶﾅ`);
  });
  it('prefers the EUC-JP reading of short EUC-JP text that also decodes (as half-width kana) in Shift_JIS', () => {
    // 会議, 予算, 表示 in EUC-JP (from iconv); as Shift_JIS they read ｲﾄ, ﾍｽｻｻ, ﾉｽｼｨ
    expect(decodeText(hex('b2f1b5c4'))).toBe('会議');
    expect(decodeText(hex('cdbdbbbb'))).toBe('予算');
    expect(decodeText(hex('c9bdbca8'))).toBe('表示');
  });
  it('rejects binary data with an InputError', () => {
    const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]);
    expect(() => decodeText(png)).toThrow(InputError);
    expect(() => decodeText(png)).toThrow(/binary/);
  });
});

describe('a long text file', () => {
  it('opens a 250,000-line log as one page, every line in it, in seconds', async () => {
    const log = Array.from({ length: 250_000 }, (_, i) => `2026-11-28 03:00:${String(i % 60).padStart(2, '0')} INFO request ${i} served`).join('\n');
    const doc = openText(new TextEncoder().encode(log), 'server.log', 'text');
    const pages = [];
    for await (const p of doc.pages(1)) pages.push(p);
    expect(pages).toHaveLength(1);
    const text = pages[0]!.text;
    expect(text.match(/INFO request \d+ served/g)).toHaveLength(250_000);
    expect(text).toContain('request 249999 served');
  });
});

describe('unwrapLines', () => {
  it('rejoins hard-wrapped Japanese lines without spaces', () => {
    const block = ['日本語の文章を固定幅で折り返しているテキスト', 'ファイルの例です。ここで段落がまだ続いていま', 'す。'].join('\n');
    expect(unwrapLines(block)).toBe('日本語の文章を固定幅で折り返しているテキストファイルの例です。ここで段落がまだ続いています。');
  });
  it('rejoins hard-wrapped English with a space and rejoins a hyphenated word', () => {
    const block = ['This is an English paragraph that was hard', 'wrapped by an editor at a fixed main-', 'tainer chosen width.'].join('\n');
    expect(unwrapLines(block)).toBe('This is an English paragraph that was hard wrapped by an editor at a fixed maintainer chosen width.');
  });
  it('drops the hyphen, not a trailing space, when a hyphenated line has trailing blanks', () => {
    const block = ['This is an English paragraph that was hard', 'wrapped by an editor at a fixed main- ', 'tainer chosen width.'].join('\n');
    expect(unwrapLines(block)).toBe('This is an English paragraph that was hard wrapped by an editor at a fixed maintainer chosen width.');
  });
  it('keeps list items, headings and short lines on their own lines', () => {
    const block = [
      '# 見出しの行はそのまま残すべきものです',
      '- 一つ目の項目はそれなりに長い文章になっています',
      '- 二つ目の項目',
      '1. 番号付きの項目もそれなりに長い文章になっています',
      '2. 次の番号',
      '短い行',
      '別の短い行',
    ].join('\n');
    expect(unwrapLines(block)).toBe(block);
  });
  it('leaves a block of only short lines alone', () => {
    const block = '住所\n電話番号\nメール';
    expect(unwrapLines(block)).toBe(block);
  });
  it('does not join after a line that ends a sentence', () => {
    const block = ['これは一行目で、文がここで終わっています。', 'これは二行目で、新しい文がここから始まります'].join('\n');
    expect(unwrapLines(block)).toBe(block);
  });
});

describe('openText', () => {
  it('normalises, unwraps, splits pages at form feeds and takes the first short line as the title', async () => {
    const raw = 'ＤＯＣタイトル\n\n本文の一行目がここにあって、固定幅で折り返されてい\nます。\fページ二';
    const doc = openText(new TextEncoder().encode(raw), 'memo.txt', 'text');
    expect(doc.title).toBe('DOCタイトル');
    expect(doc.pageCount).toBe(2);
    const pages = [];
    for await (const p of doc.pages(1)) pages.push(p.text);
    expect(pages).toEqual(['DOCタイトル\n\n本文の一行目がここにあって、固定幅で折り返されています。', 'ページ二']);
  });
  it('takes a Markdown title from the first heading', () => {
    const doc = openText(new TextEncoder().encode('前書き\n\n## 使い方\n本文'), 'readme.md', 'markdown');
    expect(doc.title).toBe('使い方');
  });
  it('rejects an empty file', () => {
    expect(() => openText(new TextEncoder().encode(' \n\n '), 'empty.txt', 'text')).toThrow(/no text/);
  });
});
