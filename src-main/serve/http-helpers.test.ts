import { describe, expect, it } from 'vitest';
import { contentType, safeRelativePath } from './http-helpers.js';

describe('serve helpers', () => {
  it('keeps uploads inside their folder', () => {
    expect(safeRelativePath('報告書.pdf')).toBe('報告書.pdf');
    expect(safeRelativePath('scans/2024/a.png')).toBe('scans/2024/a.png');
    expect(safeRelativePath('../../etc/passwd')).toBe('etc/passwd');
    expect(safeRelativePath('/abs/x.txt')).toBe('abs/x.txt');
    expect(safeRelativePath('C:\\Users\\a\\b.pdf')).toBe('Users/a/b.pdf');
    expect(safeRelativePath('a\u0000b.txt')).toBe('ab.txt');
    expect(safeRelativePath('..')).toBeNull();
    expect(safeRelativePath('')).toBeNull();
  });

  it('names content types', () => {
    expect(contentType('/x/index.html')).toMatch(/^text\/html/);
    expect(contentType('a.JS')).toMatch(/^text\/javascript/);
    expect(contentType('a.bin')).toBe('application/octet-stream');
  });
});
