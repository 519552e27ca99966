import { describe, expect, it } from 'vitest';
import { latinShare } from './recognise-ppocr.js';

describe('latinShare', () => {
  it('counts Latin letters and digits against Japanese characters', () => {
    expect(latinShare('dch -v 1.0')).toBe(1);
    expect(latinShare('日本語')).toBe(0);
    expect(latinShare('Debian パッケージ')).toBeCloseTo(6 / 11);
    expect(latinShare('、。 ')).toBe(0);
  });
});
