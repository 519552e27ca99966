import { describe, expect, it } from 'vitest';
import { ocrPageText, quadToBox } from './page-text.js';
import type { OcrLine, Quad } from './types.js';

const rect = (x: number, y: number, w: number, h: number): Quad => [
  { x, y },
  { x: x + w, y },
  { x: x + w, y: y + h },
  { x, y: y + h },
];
const line = (text: string, quad: Quad, vertical = false): OcrLine => ({ text, quad, vertical, confidence: 0.9, recogniser: 't' });

describe('ocrPageText', () => {
  it('joins wrapped Japanese lines without a space and Latin lines with one, keeping each line offset and box', () => {
    const r = ocrPageText(
      [line('東京タワーは電波', rect(100, 100, 800, 40)), line('塔である。', rect(100, 150, 300, 40)), line('Debian is a free', rect(100, 250, 800, 40)), line('system.', rect(100, 300, 800, 40))],
      1000,
      2000,
    );
    expect(r.text).toBe('東京タワーは電波塔である。\nDebian is a free system.');
    expect(r.lines.map((l) => r.text.slice(l.start, l.end))).toEqual(['東京タワーは電波', '塔である。', 'Debian is a free', 'system.']);
    expect(r.lines[0]!.box).toEqual({ x: 0.1, y: 0.05, w: 0.8, h: 0.02 });
  });

  it('ends a paragraph after a heading-like short line even without punctuation', () => {
    const r = ocrPageText([line('炭化水素', rect(0, 0, 150, 40)), line('炭化水素の構造は鎖状構造と環構造のいずれも', rect(0, 60, 800, 40)), line('とりうる。', rect(0, 110, 800, 40))], 1000, 1000);
    expect(r.text).toBe('炭化水素\n炭化水素の構造は鎖状構造と環構造のいずれもとりうる。');
  });

  it('keeps a full-width line that ends a sentence in the same paragraph (the next line continues the flow)', () => {
    const r = ocrPageText([line('一行目の文です。', rect(0, 0, 800, 40)), line('次の文。', rect(0, 50, 800, 40))], 1000, 1000);
    expect(r.text).toBe('一行目の文です。次の文。');
  });

  it('drops empty lines and normalises full-width characters', () => {
    const r = ocrPageText([line('  ', rect(0, 0, 10, 10)), line('ＡＢＣ１２３', rect(0, 20, 100, 10))], 100, 100);
    expect(r.text).toBe('ABC123');
    expect(r.lines).toHaveLength(1);
  });

  it('boxes are clamped fractions of the page', () => {
    expect(quadToBox(rect(-10, 50, 2000, 10), 1000, 100)).toEqual({ x: 0, y: 0.5, w: 1, h: 0.1 });
  });
});
