/**
 * The searchable-PDF export on real scans read by the real OCR (npm run models:ocr): a PDF whose first
 * page is a scan and second a born-digital page, a vertical (縦書き) scanned page, and a PNG of part of a
 * photographed page. What poppler (pdftotext, pdffonts, pdfinfo: what Evince and Okular show and copy)
 * reads back from the export is checked against the store, and the export is ingested again.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DocumentInfo } from '#shared/api';
import { binaryPath } from '#shared/rpc';
import { Engine } from '../src-main/engine/engine.js';
import { answerBinary } from '../src-main/rpc/dispatch.js';
import { cer } from '../scripts/lib/cer.js';
import { evalDir, fixturesDir, removeTempDirs, runCli, tempDir, withStore, writeFile } from './helpers.js';

let dir: string;
let engine: Engine;
let docs: DocumentInfo[];
const exported = new Map<string, string>();
const input = (name: string) => path.join(dir, 'in', name);
const doc = (name: string) => docs.find((d) => path.basename(d.path) === name)!;
const poppler = (tool: string, ...args: string[]) => execFileSync(tool, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
/** Each page's size in points, "w x h", as pdfinfo gives them. */
const pageSizes = (file: string) => [...poppler('pdfinfo', '-f', '1', '-l', '999', file).matchAll(/^Page +\d+ size: +([\d.]+ x [\d.]+) pts/gm)].map((m) => m[1]);
const stored = (dbFile: string, docId: number) =>
  withStore(dbFile, (db) => db.prepare('SELECT page_no AS pageNo, source, text FROM pages WHERE doc_id = ? ORDER BY page_no').all(docId) as { pageNo: number; source: string; text: string }[]);

beforeAll(async () => {
  dir = tempDir();
  fs.mkdirSync(path.join(dir, 'in'));
  fs.copyFileSync(path.join(fixturesDir, 'scan-then-text.pdf'), input('scan-then-text.pdf'));
  fs.copyFileSync(path.join(fixturesDir, 'scanned-v00.pdf'), input('scan-vertical.pdf'));
  // the top third of a photographed page, recorded at 200 dpi (a smaller image keeps the OCR short)
  await sharp(path.join(evalDir, 'ocr', 'jsquad-pages', 'scan', 'h01.jpg')).extract({ left: 0, top: 0, width: 1434, height: 700 }).withMetadata({ density: 200 }).png().toFile(input('photo-part.png'));
  writeFile(input('notes.txt'), '検索できるPDFにはならないテキストの文書です。\n');
  engine = new Engine({ dbPath: path.join(dir, 'a.db') });
  await engine.ingest({ paths: [path.join(dir, 'in')] });
  docs = engine.listDocuments();
  fs.mkdirSync(path.join(dir, 'out'));
  for (const name of ['scan-then-text.pdf', 'scan-vertical.pdf', 'photo-part.png']) {
    const { bytes } = await engine.exportSearchablePdf({ doc: String(doc(name).id) });
    exported.set(name, writeFile(path.join(dir, 'out', `${name}.pdf`), bytes));
  }
}, 300_000);

afterAll(() => {
  engine?.close();
  removeTempDirs();
});

describe('searchable-PDF export', () => {
  it('was OCR that read the scans (so there is a text layer to add)', () => {
    expect(doc('scan-then-text.pdf')).toMatchObject({ pageCount: 2, pagesOcr: 1 });
    expect(doc('scan-vertical.pdf')).toMatchObject({ pageCount: 1, pagesOcr: 1 });
    expect(doc('photo-part.png')).toMatchObject({ pageCount: 1, pagesOcr: 1 });
  });

  it('gives pdftotext the stored OCR text of every OCR page, horizontal and vertical (CER ≤ 0.5 %)', () => {
    for (const name of exported.keys()) {
      for (const p of stored(path.join(dir, 'a.db'), doc(name).id).filter((x) => x.source === 'ocr')) {
        const copied = poppler('pdftotext', '-f', String(p.pageNo), '-l', String(p.pageNo), '-enc', 'UTF-8', exported.get(name)!, '-');
        const { errors, refLen } = cer(copied, p.text);
        expect(refLen, `${name} p.${p.pageNo} has text`).toBeGreaterThan(100);
        expect(errors / refLen, `${name} p.${p.pageNo}: CER`).toBeLessThanOrEqual(0.005);
      }
    }
  });

  it('keeps a born-digital page as it was: its own text, nothing added', () => {
    const page2 = (file: string) => poppler('pdftotext', '-f', '2', '-l', '2', '-enc', 'UTF-8', file, '-');
    expect(page2(exported.get('scan-then-text.pdf')!)).toBe(page2(input('scan-then-text.pdf')));
  });

  it('embeds a subset of Noto Sans JP with its Unicode map (pdffonts)', () => {
    for (const file of exported.values()) {
      const row = poppler('pdffonts', file)
        .split('\n')
        .find((l) => /^[A-Z]{6}\+NotoSansJP-Regular /.test(l));
      expect(row, `pdffonts ${path.basename(file)}`).toBeDefined();
      // emb, sub and uni
      expect(row!.split(/\s+/).slice(-5, -2)).toEqual(['yes', 'yes', 'yes']);
    }
  });

  it('has the original pages and their sizes; an image becomes one page at its recorded resolution', () => {
    for (const name of ['scan-then-text.pdf', 'scan-vertical.pdf']) expect(pageSizes(exported.get(name)!)).toEqual(pageSizes(input(name)));
    // 1434 × 700 px at 200 dpi
    expect(pageSizes(exported.get('photo-part.png')!)).toEqual(['516.24 x 252']);
  });

  it('is ingested from its text layer, without OCR, and a search finds the same pages', async () => {
    const b = new Engine({ dbPath: path.join(dir, 'b.db') });
    try {
      await b.ingest({ paths: [path.join(dir, 'out')] });
      const again = b.listDocuments();
      expect(again).toHaveLength(3);
      for (const d of again) expect(d, d.path).toMatchObject({ pagesOcr: 0, pagesNeedingOcr: 0, status: 'ready' });
      for (const d of again) expect(stored(path.join(dir, 'b.db'), d.id).every((p) => p.source === 'text')).toBe(true);
      // a run of each OCR page's text, searched in both stores: the same titles and pages come back
      const hits = async (e: Engine, q: string) => [...new Set((await e.search({ query: q, mode: 'lexical', k: 5 })).hits.map((h) => `${h.title} p.${h.pageNo}`))];
      for (const name of exported.keys()) {
        for (const p of stored(path.join(dir, 'a.db'), doc(name).id).filter((x) => x.source === 'ocr')) {
          const phrase = p.text.replace(/\s+/g, '').slice(40, 52);
          const inA = await hits(engine, phrase);
          // (two of the scans print the same paragraph, so a phrase may find both)
          expect(inA, phrase).toContain(`${doc(name).title} p.${p.pageNo}`);
          expect(await hits(b, phrase), phrase).toEqual(inA);
        }
      }
    } finally {
      b.close();
    }
  }, 120_000);

  it('is sent as an attachment named after the title', async () => {
    const d = doc('scan-then-text.pdf');
    const r = await answerBinary(engine, new URL(`http://x${binaryPath('exportSearchablePdf', { doc: String(d.id) })}`));
    expect(r).toMatchObject({ ok: true, mime: 'application/pdf', fileName: `${d.title}-searchable.pdf` });
  });

  it('refuses documents without OCR pages: a text file, and one whose pages all have a text layer', async () => {
    await expect(engine.exportSearchablePdf({ doc: String(doc('notes.txt').id) })).rejects.toMatchObject({ code: 'nothing-to-export' });
    const c = new Engine({ dbPath: path.join(dir, 'c.db') });
    try {
      await c.ingest({ paths: [path.join(fixturesDir, 'plain.pdf')] });
      await expect(c.exportSearchablePdf({ doc: String(c.listDocuments()[0]!.id) })).rejects.toMatchObject({ code: 'nothing-to-export' });
    } finally {
      c.close();
    }
  });

  it('CLI: docsearch export-pdf <doc> -o out.pdf writes the same PDF; a text document is an error', async () => {
    engine.close();
    const out = path.join(dir, 'cli.pdf');
    const run = await runCli(path.join(dir, 'a.db'), ['export-pdf', input('scan-vertical.pdf'), '-o', out]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(`wrote ${out}`);
    expect(fs.readFileSync(out)).toEqual(fs.readFileSync(exported.get('scan-vertical.pdf')!));
    const refused = await runCli(path.join(dir, 'a.db'), ['export-pdf', input('notes.txt'), '-o', path.join(dir, 'no.pdf')]);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/has no pages read by OCR/);
    expect(fs.existsSync(path.join(dir, 'no.pdf'))).toBe(false);
  }, 60_000);
});
