import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { detectKind, expandPaths } from './files.js';
import { InputError } from './types.js';

const bytes = (...parts: (string | number[])[]) => Uint8Array.from(parts.flatMap((p) => (typeof p === 'string' ? [...Buffer.from(p, 'latin1')] : p)));
const PDF = bytes('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n');

describe('detectKind', () => {
  it('recognises a PDF by its magic number whatever its name', () => {
    expect(detectKind(PDF, 'report.pdf')).toBe('pdf');
    expect(detectKind(PDF, 'report.txt')).toBe('pdf');
    expect(detectKind(PDF, 'no-extension')).toBe('pdf');
    // a few bytes of junk before the header are tolerated, as by PDF readers
    expect(detectKind(bytes('\r\n', [...PDF]), 'x.bin')).toBe('pdf');
  });

  it('rejects a non-PDF named .pdf, saying what it is', () => {
    const cases: [Uint8Array, RegExp][] = [
      [bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), /PNG image/],
      [bytes([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]), /JPEG image/],
      [bytes('PK\x03\x04\x14\x00'), /ZIP archive/],
      [bytes([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1]), /old Office document/],
      [bytes([1, 2, 3, 0, 5]), /binary data/],
      [bytes('just some text'), /is text/],
    ];
    for (const [data, what] of cases) {
      expect(() => detectKind(data, 'scan.PDF')).toThrow(InputError);
      expect(() => detectKind(data, 'scan.pdf')).toThrow(what);
      expect(() => detectKind(data, 'scan.pdf')).toThrow(/not a PDF/);
    }
  });

  it('takes text and Markdown by extension, defaulting to text', () => {
    const text = bytes('# 見出し');
    expect(detectKind(text, 'a.md')).toBe('markdown');
    expect(detectKind(text, 'a.MARKDOWN')).toBe('markdown');
    expect(detectKind(text, 'a.txt')).toBe('text');
    expect(detectKind(text, 'README')).toBe('text');
  });

  it('takes PNG, JPEG and TIFF by their content, and refuses other content named as an image', () => {
    expect(detectKind(bytes([0x89, 0x50, 0x4e, 0x47]), 'page.png')).toBe('image');
    expect(detectKind(bytes([0xff, 0xd8, 0xff, 0xe0]), 'scan')).toBe('image');
    expect(detectKind(bytes([0x49, 0x49, 0x2a, 0x00]), 'fax.tif')).toBe('image');
    expect(() => detectKind(new TextEncoder().encode('hello'), 'photo.jpg')).toThrow(/not an image: the file is named \.jpg but its content is text/);
  });
});

describe('expandPaths', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'docsearch-files-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('walks folders in name order, skipping hidden and unsupported files but not explicit ones', async () => {
    fs.mkdirSync(path.join(dir, 'sub'));
    for (const f of ['b.txt', 'a.md', '.hidden.txt', 'photo.jpg', 'data.csv', 'sub/c.pdf']) fs.writeFileSync(path.join(dir, f), 'x');
    const found = await expandPaths([dir, path.join(dir, 'data.csv'), path.join(dir, 'missing.txt')]);
    const rel = (p: string) => path.relative(dir, p);
    expect(found.map((f) => [rel(f.path), f.skipReason ?? f.error ?? 'ok'])).toEqual([
      ['a.md', 'ok'],
      ['b.txt', 'ok'],
      ['data.csv', 'unsupported file type (.csv)'],
      ['photo.jpg', 'ok'],
      [path.join('sub', 'c.pdf'), 'ok'],
      ['data.csv', 'ok'],
      ['missing.txt', 'no such file or folder'],
    ]);
  });

  it('skips system folders and special files met in a walk, and refuses a special file named itself', async () => {
    const root = path.join(dir, 'root');
    fs.mkdirSync(path.join(root, 'System Volume Information'), { recursive: true });
    fs.writeFileSync(path.join(root, 'System Volume Information', 'x.txt'), 'x');
    fs.writeFileSync(path.join(root, 'a.txt'), 'x');
    execFileSync('mkfifo', [path.join(root, 'pipe.txt')]);
    const rel = (p: string) => path.relative(root, p) || p;
    const found = await expandPaths([root, path.join(root, 'pipe.txt')]);
    expect(found.map((f) => [rel(f.path), f.skipReason ?? f.error ?? 'ok'])).toEqual([
      ['a.txt', 'ok'],
      ['pipe.txt', 'not a regular file (a device, FIFO or socket)'],
      ['System Volume Information', 'a system folder'],
      ['pipe.txt', 'not a regular file'],
    ]);
    // the virtual file systems, reached by links (by path, / would be the same walk, but its order and length
    // depend on the machine): none of /proc, /sys, /dev, /run is entered
    const links = path.join(dir, 'links');
    fs.mkdirSync(links);
    for (const target of ['/proc', '/dev/shm', '/sys']) fs.symlinkSync(target, path.join(links, path.basename(target)));
    const viaLinks = await expandPaths([links]);
    expect(viaLinks.map((f) => [path.basename(f.path), f.skipReason])).toEqual([
      ['proc', 'a system folder'],
      ['shm', 'a system folder'],
      ['sys', 'a system folder'],
    ]);
  });

  it('stops walking when cancelled (ingesting / must not list the whole disk first)', async () => {
    const abort = new AbortController();
    abort.abort();
    expect(await expandPaths([dir], abort.signal)).toEqual([]);
    // cancelled while walking: what was listed so far, no more
    const midway = new AbortController();
    const deep = path.join(dir, 'deep');
    for (let i = 0; i < 200; i++) {
      fs.mkdirSync(path.join(deep, `d${String(i).padStart(3, '0')}`), { recursive: true });
      fs.writeFileSync(path.join(deep, `d${String(i).padStart(3, '0')}`, 'a.txt'), 'x');
    }
    expect(await expandPaths([deep])).toHaveLength(200);
    const walking = expandPaths([deep], midway.signal);
    midway.abort();
    expect((await walking).length).toBeLessThan(200);
  });
});
