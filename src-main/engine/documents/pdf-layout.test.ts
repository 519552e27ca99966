import { describe, expect, it } from 'vitest';
import { groupLines, layoutPage, marginKey, type TextRun, type VisualLine } from './pdf-layout.js';

const PAGE_W = 600;
const PAGE_H = 800;

/** A run at (x, baseline y) whose width is 1 em per Japanese character and 0.5 em per other character. */
function run(str: string, x: number, y: number, opts: Partial<TextRun> = {}): TextRun {
  const size = opts.size ?? 10;
  const width = [...str].reduce((w, ch) => w + (/[\u3000-\u9fff\uff00-\uffef]/.test(ch) ? size : size / 2), 0);
  return { str, x, y, width, size, hasEOL: false, ...opts };
}

/** A visual line with a 10-unit font whose top is at `top` (PDF units from the page top). */
function vline(text: string, top: number, opts: { left?: number; right?: number; height?: number } = {}): VisualLine {
  const left = opts.left ?? 50;
  return { text, left, right: opts.right ?? 550, top, bottom: top + (opts.height ?? 10) };
}

describe('groupLines', () => {
  it('groups runs on the same baseline into one line and converts to top-left coordinates', () => {
    const lines = groupLines([run('日本語の', 50, 700), run('文章です。', 90, 700.5), run('次の行', 50, 686)], PAGE_H);
    expect(lines.map((l) => l.text)).toEqual(['日本語の文章です。', '次の行']);
    const first = lines[0]!;
    expect(first.left).toBe(50);
    expect(first.right).toBe(140);
    expect(first.top).toBeCloseTo(PAGE_H - (700 + 8.8));
    expect(first.bottom).toBeCloseTo(PAGE_H - (700 - 1.2));
  });

  it('starts a new line after an item with hasEOL even on the same baseline', () => {
    const lines = groupLines([run('一行目', 50, 700, { hasEOL: true }), run('二行目', 50, 700)], PAGE_H);
    expect(lines.map((l) => l.text)).toEqual(['一行目', '二行目']);
  });

  it('inserts a space between Latin runs separated by a visible gap, but not between Japanese runs', () => {
    const latin = groupLines([run('Debian', 50, 700), run('Policy', 84, 700)], PAGE_H);
    expect(latin[0]!.text).toBe('Debian Policy');
    const touching = groupLines([run('dpkg', 50, 700), run('-source', 70, 700)], PAGE_H);
    expect(touching[0]!.text).toBe('dpkg-source');
    const japanese = groupLines([run('日本語', 50, 700), run('文書', 84, 700)], PAGE_H);
    expect(japanese[0]!.text).toBe('日本語文書');
  });

  it('drops the spaces pdf.js puts into letter-spaced Japanese, keeping those next to Latin', () => {
    const lines = groupLines([run('バ ー ジ ョ ン 文 字 列 は、 ア ッ プ ス ト リ ー ム (version) か、 Debian リ ビ ジ ョ ン', 50, 700)], PAGE_H);
    expect(lines[0]!.text).toBe('バージョン文字列は、アップストリーム (version) か、 Debian リビジョン');
  });

  it('keeps a separate space item between Japanese items (table cells)', () => {
    const lines = groupLines([run('セクション', 50, 700), run(' ', 100, 700), run('内容', 200, 700)], PAGE_H);
    expect(lines[0]!.text).toBe('セクション 内容');
  });

  it('normalises text (NFKC) and ignores empty and blank-only lines', () => {
    const lines = groupLines([run('', 50, 720, { hasEOL: true }), run('   ', 50, 710, { hasEOL: true }), run('\u2F6C次 ＡＢＣ', 50, 700)], PAGE_H);
    expect(lines.map((l) => l.text)).toEqual(['目次 ABC']);
  });
});

describe('layoutPage', () => {
  it('joins the lines of a paragraph (Japanese without a space, Latin with one) and breaks on a large gap', () => {
    const lines = [
      vline('日本語の文章が行末で折り', 100),
      vline('返されている。Debian and', 112),
      vline('Ubuntu are both used.', 124, { right: 300 }),
      vline('新しい段落です。', 160),
    ];
    const { text } = layoutPage(lines, PAGE_W, PAGE_H);
    expect(text).toBe('日本語の文章が行末で折り返されている。Debian and Ubuntu are both used.\n新しい段落です。');
  });

  it('starts a new paragraph at a bullet or numbered item and after a short line ending a sentence', () => {
    const lines = [
      vline('以下を確認します:', 100, { right: 250 }),
      vline('• 一つ目の項目', 112, { right: 200 }),
      vline('• 二つ目の項目が長く折り返', 124),
      vline('されている', 136, { right: 120 }),
      vline('1. 番号付きの項目です。', 148, { right: 200 }),
      vline('段落の最後の短い行。', 160, { right: 200 }),
      vline('次の段落。', 172, { right: 150 }),
    ];
    const { text } = layoutPage(lines, PAGE_W, PAGE_H);
    expect(text.split('\n')).toEqual(['以下を確認します:', '• 一つ目の項目', '• 二つ目の項目が長く折り返されている', '1. 番号付きの項目です。', '段落の最後の短い行。', '次の段落。']);
  });

  it('rejoins a hyphenated word and keeps each line’s offsets on its own text', () => {
    const lines = [vline('the package main-', 100), vline('tainer uploads it', 112), vline('新しい段落', 150)];
    const laid = layoutPage(lines, PAGE_W, PAGE_H);
    expect(laid.text).toBe('the package maintainer uploads it\n新しい段落');
    expect(laid.lines.map((l) => laid.text.slice(l.start, l.end))).toEqual(['the package main', 'tainer uploads it', '新しい段落']);
  });

  it('gives line offsets that slice the page text and boxes as 0..1 fractions of the page', () => {
    const lines = [vline('一行目の文章で', 100, { left: 60, right: 540 }), vline('二行目です。', 112, { left: 60, right: 300 }), vline('はみ出す行', 790, { left: -5, right: 700, height: 20 })];
    const laid = layoutPage(lines, PAGE_W, PAGE_H);
    expect(laid.lines.map((l) => laid.text.slice(l.start, l.end))).toEqual(['一行目の文章で', '二行目です。', 'はみ出す行']);
    expect(laid.lines[0]!.box).toEqual({ x: 0.1, y: 0.125, w: 0.8, h: 0.0125 });
    for (const l of laid.lines) {
      for (const v of Object.values(l.box!)) {
        expect(v).toBeGreaterThanOrEqual(0);
        expect(v).toBeLessThanOrEqual(1);
      }
    }
  });

  it('lays out an empty page as empty text', () => {
    expect(layoutPage([], PAGE_W, PAGE_H)).toEqual({ text: '', lines: [] });
  });
});

describe('marginKey', () => {
  it('folds digits and blanks so a running footer matches on every page', () => {
    expect(marginKey('Debian 新メンテナーガイド 7 / 63')).toBe(marginKey('Debian 新メンテナーガイド  52 / 63'));
    expect(marginKey('- 12 -')).toBe('-#-');
    expect(marginKey('第1章')).not.toBe(marginKey('付録A'));
  });
});
