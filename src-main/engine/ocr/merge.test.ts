import { describe, expect, it } from 'vitest';
import { mergeReadings, ppocrIsSure } from './merge.js';

const pp = (text: string, p: number | number[]) => {
  const chars = [...text];
  const charConfidences = chars.map((_, i) => (Array.isArray(p) ? (p[i] ?? 1) : p));
  return { text, confidence: 0.9, charConfidences, charX: chars.map((_, i) => i * 10) };
};

describe('mergeReadings', () => {
  it('keeps agreement and takes confident PP-OCR characters where tesseract differs', () => {
    const r = mergeReadings(pp('パッケージを作る', 0.99), { text: 'バパッケージを作る', confidence: 0.8 });
    expect(r.text).toBe('パッケージを作る');
  });

  it('takes tesseract where PP-OCR is unsure or produced look-alike Latin', () => {
    expect(mergeReadings(pp('ＤéÈíāｍのパッケージ', 0.99), { text: 'Debian のパッケージ', confidence: 0.9 }).text).toBe('Debian のパッケージ');
    expect(mergeReadings(pp('人門書', [0.5, 0.99, 0.99]), { text: '入門書', confidence: 0.9 }).text).toBe('入門書');
  });

  it("takes tesseract's extra ASCII inside Latin text, not its extra Japanese", () => {
    expect(mergeReadings(pp('htp:/ww.debian.org', 0.99), { text: 'http://www.debian.org', confidence: 0.8 }).text).toBe('http://www.debian.org');
    expect(mergeReadings(pp('パッケージ', 0.99), { text: 'パッケージー', confidence: 0.8 }).text).toBe('パッケージ');
    expect(mergeReadings(pp('日本語です', 0.99), { text: '日本語.です', confidence: 0.8 }).text).toBe('日本語です');
  });

  it('keeps the spaces between Latin words', () => {
    const r = mergeReadings(pp('Guide for Debian', 0.99), { text: 'Guide for Debian', confidence: 0.9 });
    expect(r.text).toBe('Guide for Debian');
  });

  it('falls back to the other reading when one is empty', () => {
    expect(mergeReadings(pp('', 0), { text: 'abc', confidence: 0.5 }).text).toBe('abc');
    expect(mergeReadings(pp('abc', 0.9), { text: ' ', confidence: 0.5 }).text).toBe('abc');
  });
});

describe('ppocrIsSure', () => {
  it('lets tesseract skip only lines PP-OCR read confidently without look-alike Latin', () => {
    expect(ppocrIsSure(pp('パッケージ', 0.99))).toBe(true);
    expect(ppocrIsSure(pp('パッケージ', [0.99, 0.5]))).toBe(false);
    expect(ppocrIsSure(pp('Ｄｅｂｉａｎ', 0.99))).toBe(false);
    expect(ppocrIsSure(pp(' ', 1))).toBe(false);
  });
});
