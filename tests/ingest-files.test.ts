/**
 * End to end through the Engine: a folder of mixed files (Shift_JIS text, Markdown, a PDF misnamed .txt,
 * a PNG misnamed .pdf, an image) is ingested, searched, re-ingested and removed.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IngestEvent, IngestSummary } from '#shared/api';
import { Engine } from '../src-main/engine/engine.js';

/** "蜃気楼は富山湾で見られる。" in Shift_JIS (from iconv), so the test needs no encoder. */
const SJIS_MIRAGE = Buffer.from('e5878b43984f82cd95788e52987082c58ca982e782ea82e98142', 'hex');
const MIRAGE = '蜃気楼は富山湾で見られる。';

/** A one-page PDF with the text "Hello docsearch PDF world" in Helvetica; pdf.js rebuilds the missing xref. */
const TINY_PDF = [
  '%PDF-1.4',
  '1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj',
  '2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj',
  '3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >> endobj',
  '4 0 obj << /Length 58 >> stream',
  'BT /F1 18 Tf 72 720 Td (Hello docsearch PDF world) Tj ET',
  'endstream endobj',
  '5 0 obj << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> endobj',
  'trailer << /Root 1 0 R >>',
  '%%EOF',
].join('\n');

describe('ingesting a folder of mixed files', () => {
  let tmp: string;
  let docsDir: string;
  let engine: Engine;
  let first: IngestSummary;
  const events: IngestEvent[] = [];

  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'docsearch-ingest-'));
    docsDir = path.join(tmp, 'docs');
    fs.mkdirSync(docsDir);
    // check the fixture bytes really are Shift_JIS for the sentence
    expect(new TextDecoder('shift_jis').decode(SJIS_MIRAGE)).toBe(MIRAGE);
    fs.writeFileSync(path.join(docsDir, 'a-memo-sjis.txt'), SJIS_MIRAGE);
    fs.writeFileSync(path.join(docsDir, 'b-notes.md'), '# 検索メモ\n\nＤｅｂｉａｎ のパッケージを作る手順。\n');
    fs.writeFileSync(path.join(docsDir, 'c-really-a-pdf.txt'), TINY_PDF, 'latin1');
    fs.writeFileSync(path.join(docsDir, 'd-picture.pdf'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]));
    fs.writeFileSync(path.join(docsDir, 'e-scan.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47]));
    engine = new Engine({ dbPath: path.join(tmp, 'store', 'docsearch.db') });
    first = await engine.ingest({ paths: [docsDir] }, { emit: (e) => events.push(e) });
  });
  afterAll(() => {
    engine?.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  const outcome = (s: IngestSummary, name: string) => s.files.find((f) => path.basename(f.path) === name);

  it('takes each file for what its content is and says why others are refused', async () => {
    expect(first.counts).toEqual({ indexed: 3, unchanged: 0, skipped: 0, failed: 2, cancelled: 0 });
    expect(outcome(first, 'a-memo-sjis.txt')).toMatchObject({ outcome: 'indexed', pages: 1 });
    expect(outcome(first, 'b-notes.md')).toMatchObject({ outcome: 'indexed', pages: 1 });
    expect(outcome(first, 'c-really-a-pdf.txt')).toMatchObject({ outcome: 'indexed', pages: 1, pagesNeedingOcr: 0 });
    expect(outcome(first, 'd-picture.pdf')).toMatchObject({ outcome: 'failed' });
    expect(outcome(first, 'd-picture.pdf')!.reason).toMatch(/not a PDF.*PNG image/);
    expect(outcome(first, 'e-scan.png')).toMatchObject({ outcome: 'failed' });
    expect(outcome(first, 'e-scan.png')!.reason).toMatch(/^corrupt or truncated image/);
    expect(events[0]).toEqual({ type: 'scan', files: 5 });
    expect(events.filter((e) => e.type === 'file-end')).toHaveLength(5);
  });

  it('records kinds and titles', async () => {
    const docs = engine.listDocuments();
    const byName = (n: string) => docs.find((d) => path.basename(d.path) === n)!;
    expect(byName('a-memo-sjis.txt')).toMatchObject({ kind: 'text', status: 'ready', chunkCount: 1 });
    expect(byName('b-notes.md')).toMatchObject({ kind: 'markdown', title: '検索メモ' });
    expect(byName('c-really-a-pdf.txt')).toMatchObject({ kind: 'pdf', title: 'c-really-a-pdf.txt' });
  });

  it('finds the decoded Shift_JIS text, the normalised Markdown and the PDF text', async () => {
    const mirage = (await engine.search({ query: '蜃気楼' }));
    expect(mirage.hits[0]).toMatchObject({ title: 'a-memo-sjis', pageNo: 1, text: MIRAGE });
    expect(mirage.hits[0]!.snippet.highlights).toEqual([{ start: 0, end: 3 }]);
    const debian = (await engine.search({ query: 'debian パッケージ' }));
    expect(path.basename(debian.hits[0]!.path)).toBe('b-notes.md');
    expect(debian.hits[0]!.text).toContain('Debian のパッケージを作る手順。');
    const pdf = (await engine.search({ query: 'docsearch' }));
    expect(path.basename(pdf.hits[0]!.path)).toBe('c-really-a-pdf.txt');
    expect(pdf.hits[0]!.text).toBe('Hello docsearch PDF world');
    expect(pdf.hits[0]!.boxes).toHaveLength(1);
  });

  it('reports already-indexed files as unchanged on a second run', async () => {
    const again = await engine.ingest({ paths: [docsDir] });
    expect(again.counts).toMatchObject({ indexed: 0, unchanged: 3, skipped: 0, failed: 2 });
    expect(engine.listDocuments()).toHaveLength(3);
  });

  it('removes a document with everything searchable about it', async () => {
    const before = engine.status();
    const memo = engine.listDocuments().find((d) => d.path.endsWith('a-memo-sjis.txt'))!;
    expect(engine.removeDocument({ doc: String(memo.id) }).id).toBe(memo.id);
    expect((await engine.search({ query: '蜃気楼' })).hits).toEqual([]);
    expect((await engine.search({ query: '富山湾' })).hits).toEqual([]);
    const after = engine.status();
    expect(after.documents).toBe(before.documents - 1);
    expect(after.chunks).toBe(before.chunks - 1);
    expect(after.pages).toBe(before.pages - 1);
    expect(() => engine.removeDocument({ doc: String(memo.id) })).toThrow(/no document matches/);
  });
});
