/**
 * The writer on its own, with text given as the store would hold it: the cases real OCR in
 * tests/export-pdf.test.ts does not reach (a turned page, a PDF pdf-lib cannot open), read back by poppler.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { degrees, PDFDocument } from 'pdf-lib';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../../scripts/lib/paths.js';
import { writeSearchablePdf, type ExportPage } from './searchable-pdf.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'docsearch-export-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const poppler = (file: string, ...args: string[]) => execFileSync(args[0]!, [...args.slice(1), file, ...(args[0] === 'pdftotext' ? ['-'] : [])], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
const write = (name: string, bytes: Uint8Array) => {
  const file = path.join(dir, name);
  fs.writeFileSync(file, bytes);
  return file;
};
/** A page of OCR text: one horizontal line near the top, one vertical column on the right. */
const ocrPage = (pageNo: number): ExportPage => {
  const text = `横書きの行${pageNo}番\n縦書きの列です`;
  return {
    pageNo,
    ocr: true,
    text: { text, lines: [{ start: 0, end: 7, box: { x: 0.1, y: 0.1, w: 0.5, h: 0.06 } }, { start: 8, end: 15, box: { x: 0.85, y: 0.2, w: 0.06, h: 0.6 } }] },
  };
};

describe('writeSearchablePdf', () => {
  it('places the text on the page as shown when the page is turned (/Rotate 90) or its crop box is off the origin', async () => {
    const src = await PDFDocument.create();
    src.addPage([400, 600]).setRotation(degrees(90));
    const cropped = src.addPage([400, 600]);
    cropped.setCropBox(50, 100, 300, 400);
    const out = write('turned.pdf', await writeSearchablePdf({ kind: 'pdf', bytes: await src.save() }, [ocrPage(1), ocrPage(2)]));
    // the pages as shown: the turned one 600 wide, the cropped one its crop box
    for (const [n, w, h] of [
      [1, 600, 400],
      [2, 300, 400],
    ] as const) {
      // -bbox: each word's place on the page as shown (poppler applies /Rotate and the crop box)
      const html = poppler(out, 'pdftotext', '-f', String(n), '-l', String(n), '-cropbox', '-bbox');
      const word = (s: string) => {
        const m = new RegExp(`<word xMin="([\\d.]+)" yMin="([\\d.]+)" xMax="([\\d.]+)" yMax="([\\d.]+)">${s}`).exec(html);
        expect(m, `${s} on page ${n}:\n${html}`).not.toBeNull();
        const [x0, y0, x1, y1] = m!.slice(1).map(Number) as [number, number, number, number];
        return { x: (x0 + x1) / 2 / w, y: (y0 + y1) / 2 / h };
      };
      // the centres of the boxes, as fractions of the page shown, within 3 %
      const line = word(`横書きの行${n}番`);
      expect(line.x).toBeCloseTo(0.35, 1);
      expect(line.y).toBeCloseTo(0.13, 1);
      const column = word('縦書きの列です');
      expect(column.x).toBeCloseTo(0.88, 1);
      expect(column.y).toBeCloseTo(0.5, 1);
    }
  });

  it('renders a PDF that pdf-lib cannot open (encrypted) and lays the text over every page', async () => {
    const encrypted = fs.readFileSync(path.join(repoRoot, 'tests', 'fixtures', 'encrypted-owner.pdf'));
    await expect(PDFDocument.load(encrypted)).rejects.toThrow(/encrypted/i);
    const pages = [1, 2, 3].map((n) => ({ ...ocrPage(n), width: 300, height: 200 }));
    const out = write('encrypted.pdf', await writeSearchablePdf({ kind: 'pdf', bytes: encrypted }, pages));
    expect(poppler(out, 'pdfinfo')).toMatch(/Encrypted: +no/);
    expect(poppler(out, 'pdfinfo', '-f', '1', '-l', '3').match(/size: +300 x 200 pts/g)).toHaveLength(3);
    const text = poppler(out, 'pdftotext').replace(/\s+/g, '');
    for (const n of [1, 2, 3]) expect(text).toContain(`横書きの行${n}番`);
    expect(text).toContain('縦書きの列です');
  });
});
