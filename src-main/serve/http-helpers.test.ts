import { describe, expect, it } from 'vitest';
import { binaryHeaders, contentSecurityPolicy, contentType, safeRelativePath } from './http-helpers.js';

describe('serve helpers', () => {
  it('keeps uploads inside their folder', () => {
    expect(safeRelativePath('報告書.pdf')).toBe('報告書.pdf');
    expect(safeRelativePath('scans/2024/a.png')).toBe('scans/2024/a.png');
    expect(safeRelativePath('../../etc/passwd')).toBe('etc/passwd');
    expect(safeRelativePath('/abs/x.txt')).toBe('abs/x.txt');
    expect(safeRelativePath('C:\\Users\\a\\b.pdf')).toBe('Users/a/b.pdf');
    expect(safeRelativePath('a\u0000b.txt')).toBe('ab.txt');
    expect(safeRelativePath('C:')).toBeNull();
    expect(safeRelativePath('..')).toBeNull();
    expect(safeRelativePath('')).toBeNull();
  });

  it('gives names every OS can store: 255 UTF-8 bytes, whole characters, no Windows device names or streams', () => {
    const long = `${'報告'.repeat(60)}😀.pdf`; // 363 bytes
    const cut = safeRelativePath(`dir/${long}`)!;
    const [dir, file] = cut.split('/');
    expect(dir).toBe('dir');
    expect(Buffer.byteLength(file!, 'utf8')).toBeLessThanOrEqual(255);
    expect(file!.endsWith('.pdf')).toBe(true);
    expect(file).toBe(`${'報告'.repeat(41)}報.pdf`); // 249 + 4 bytes: one more 3-byte character would not fit
    expect([...file!].every((c) => c.codePointAt(0)! < 0xd800 || c.codePointAt(0)! > 0xdfff)).toBe(true);
    expect(safeRelativePath('NUL')).toBe('_NUL');
    expect(safeRelativePath('scans/com1.pdf')).toBe('scans/_com1.pdf');
    expect(safeRelativePath('a.pdf:hidden')).toBe('a.pdfhidden');
    expect(safeRelativePath('what?.pdf')).toBe('what.pdf');
    expect(safeRelativePath('trailing. ')).toBe('trailing');
    expect(safeRelativePath('console.log')).toBe('console.log');
  });

  it('names content types', () => {
    expect(contentType('/x/index.html')).toMatch(/^text\/html/);
    expect(contentType('a.JS')).toMatch(/^text\/javascript/);
    expect(contentType('a.bin')).toBe('application/octet-stream');
  });
});

describe('contentSecurityPolicy', () => {
  it("allows only the page's own origin and what the host adds, never inline script or plugins", () => {
    const csp = contentSecurityPolicy({ connect: ['ws://127.0.0.1:9'], img: ['docsearch-binary:'] });
    expect(csp).toContain("connect-src 'self' ws://127.0.0.1:9;");
    expect(csp).toContain("img-src 'self' docsearch-binary: data: blob:;");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toContain('unsafe');
    expect(contentSecurityPolicy()).toContain("connect-src 'self';");
  });
});

describe('binaryHeaders', () => {
  it('sends a file to save as an attachment named in UTF-8, with an ASCII fallback', () => {
    expect(binaryHeaders({ mime: 'image/png' })).toEqual({ 'content-type': 'image/png' });
    const h = binaryHeaders({ mime: 'application/pdf', fileName: '報告書 "案" (1)-searchable.pdf' });
    expect(h['content-disposition']).toBe(
      `attachment; filename="___ ___ (1)-searchable.pdf"; filename*=UTF-8''%E5%A0%B1%E5%91%8A%E6%9B%B8%20%22%E6%A1%88%22%20%281%29-searchable.pdf`,
    );
    // what a browser decodes from filename* is the name again
    expect(decodeURIComponent(h['content-disposition']!.split("UTF-8''")[1]!)).toBe('報告書 "案" (1)-searchable.pdf');
  });
});
