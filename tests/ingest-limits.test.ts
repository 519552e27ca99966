/**
 * Limits on crafted and oversize inputs (settings › limits), through the real engine with the real OCR
 * models: a few-MB PDF holding a 20,000 × 20,000 image, a 30,000 × 30,000 interlaced PNG, files over the
 * size limit of their kind (3 GB sparse files among them, refused before a byte is read) and an OCR time
 * budget a page cannot meet. Each gives its file or its page a clear error naming the setting; the other
 * files of the batch are indexed and the engine goes on.
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IngestSummary } from '#shared/api';
import { Engine } from '../src-main/engine/engine.js';
import { fixturesDir, removeTempDirs, storeProblems, tempDir, withStore } from './helpers.js';

/** A PDF of a page holding one `width` × `height` white greyscale image (Flate) and a page of text. */
async function pdfWithImage(width: number, height: number): Promise<Buffer> {
  // deflated in pieces: the raw image is width × height bytes
  const deflate = zlib.createDeflate({ level: 9 });
  const parts: Buffer[] = [];
  deflate.on('data', (b: Buffer) => parts.push(b));
  const row = Buffer.alloc(width * 100, 0xff);
  for (let y = 0; y < height; y += 100) {
    if (!deflate.write(row.subarray(0, width * Math.min(100, height - y)))) await new Promise((r) => deflate.once('drain', r));
  }
  await new Promise((r) => deflate.end(r));
  const image = Buffer.concat(parts);
  const text = 'BT /F1 14 Tf 20 700 Td (The second page is about quokka habitats.) Tj ET';
  const scan = 'q 595 0 0 842 0 0 cm /Im0 Do Q';
  const objects: (string | Buffer)[] = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R 6 0 R] /Count 2 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /Im0 4 0 R >> >> /Contents 5 0 R >>',
    Buffer.concat([Buffer.from(`<< /Type /XObject /Subtype /Image /Width ${width} /Height ${height} /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode /Length ${image.length} >>\nstream\n`), image, Buffer.from('\nendstream')]),
    `<< /Length ${scan.length} >>\nstream\n${scan}\nendstream`,
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 8 0 R >> >> /Contents 7 0 R >>',
    `<< /Length ${text.length} >>\nstream\n${text}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  const out: Buffer[] = [Buffer.from('%PDF-1.7\n')];
  let at = out[0]!.length;
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    const b = Buffer.concat([Buffer.from(`${i + 1} 0 obj\n`), Buffer.from(o), Buffer.from('\nendobj\n')]);
    offsets.push(at);
    out.push(b);
    at += b.length;
  });
  const xref = [`xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`, ...offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`)].join('');
  out.push(Buffer.from(`${xref}trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${at}\n%%EOF\n`));
  return Buffer.concat(out);
}

/** A greyscale, Adam7-interlaced PNG header claiming `width` × `height`, with a little image data. */
function interlacedPng(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 0, 0, 0, 1], 8); // 8-bit grey, deflate, adaptive filtering, Adam7
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', zlib.deflateSync(Buffer.alloc(1 << 20))), chunk('IEND', Buffer.alloc(0))]);
}

function crc32(b: Buffer): number {
  let c = ~0;
  for (const byte of b) {
    c ^= byte;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return ~c >>> 0;
}

/** A file of `size` bytes that takes no disk: `head`, then a hole. */
function sparse(file: string, head: string, size: number): string {
  fs.writeFileSync(file, head);
  fs.truncateSync(file, size);
  return file;
}

const GB3 = 3 * 1024 ** 3;

interface Run {
  dir: string;
  engine: Engine;
  summary: IngestSummary;
  ms: number;
}
const runs: Run[] = [];

/** An engine on a new store with these limits, and its ingest of the files `make` writes into in/. */
async function ingestWith(limits: Record<string, number>, make: (input: (name: string) => string) => Promise<void>): Promise<Run> {
  const dir = tempDir();
  fs.mkdirSync(path.join(dir, 'in'));
  await make((name) => path.join(dir, 'in', name));
  const engine = new Engine({ dbPath: path.join(dir, 's.db') });
  engine.updateSettings({ limits });
  const t0 = performance.now();
  const summary = await engine.ingest({ paths: [path.join(dir, 'in')] });
  const run = { dir, engine, summary, ms: performance.now() - t0 };
  runs.push(run);
  return run;
}

const result = (run: Run, name: string) => run.summary.files.find((f) => path.basename(f.path) === name)!;
const pages = (run: Run, name: string) =>
  withStore(path.join(run.dir, 's.db'), (db) =>
    db.prepare(`SELECT p.page_no AS pageNo, p.status, p.error FROM pages p JOIN documents d ON d.id = p.doc_id WHERE d.path = ? ORDER BY p.page_no`).all(path.join(run.dir, 'in', name)),
  ) as { pageNo: number; status: string; error: string | null }[];
const good = 'This plain text file is about narwhal migration and must be indexed whatever else fails.\n';

afterAll(() => {
  for (const r of runs) r.engine.close();
  removeTempDirs();
});

describe('crafted inputs at the default limits', () => {
  let run: Run;
  beforeAll(async () => {
    run = await ingestWith({}, async (input) => {
      fs.writeFileSync(input('huge-image.pdf'), await pdfWithImage(20_000, 20_000));
      fs.writeFileSync(input('huge-interlaced.png'), interlacedPng(30_000, 30_000));
      sparse(input('huge.txt'), 'a log\n', GB3);
      sparse(input('huge.pdf'), '%PDF-1.7\n', GB3);
      fs.writeFileSync(input('good.txt'), good);
    });
  }, 120_000);

  it('reads the page beside a 20,000 × 20,000 image in a small PDF, and the image page says why it is unread, without gigabytes of memory', () => {
    expect(fs.statSync(path.join(run.dir, 'in', 'huge-image.pdf')).size).toBeLessThan(5_000_000);
    expect(result(run, 'huge-image.pdf')).toMatchObject({ outcome: 'indexed', pages: 2, pagesUnreadable: 1 });
    expect(pages(run, 'huge-image.pdf')).toEqual([
      {
        pageNo: 1,
        status: 'error',
        error:
          'OCR failed on page 1: its image was not decoded: the PDF holds an image of 20,000 × 20,000 pixels, over the limit of 50,000,000 pixels; raise limits.maxPdfImagePixels in settings to read it',
      },
      { pageNo: 2, status: 'indexed', error: null },
    ]);
    // decoded, the image alone would be 400 MB of grey, and more as RGB(A) copies
    expect(process.resourceUsage().maxRSS * 1024).toBeLessThan(1.5 * 1024 ** 3);
  });

  it('refuses a 30,000 × 30,000 interlaced PNG by its header, quickly', () => {
    expect(result(run, 'huge-interlaced.png')).toMatchObject({
      outcome: 'failed',
      reason: 'the image is 30,000 × 30,000 pixels, over the limit of 268,402,689 pixels; raise limits.maxImagePixels in settings to read it',
    });
    expect(run.ms).toBeLessThan(60_000);
  });

  it('refuses 3 GB files by their size before reading them, naming the limit of their kind', () => {
    expect(result(run, 'huge.txt')).toMatchObject({
      outcome: 'failed',
      reason: 'the file is 3.0 GiB (3,221,225,472 bytes), over the limit of 128 MiB (134,217,728 bytes) for text files; raise limits.maxTextBytes in settings to read it',
    });
    expect(result(run, 'huge.pdf')).toMatchObject({
      outcome: 'failed',
      reason: 'the file is 3.0 GiB (3,221,225,472 bytes), over the limit of 1.0 GiB (1,073,741,824 bytes) for pdf files; raise limits.maxPdfBytes in settings to read it',
    });
  });

  it('indexes the other files, and the engine and store go on', async () => {
    expect(result(run, 'good.txt')).toMatchObject({ outcome: 'indexed' });
    expect(run.summary.counts).toEqual({ indexed: 2, unchanged: 0, skipped: 0, failed: 3, cancelled: 0 });
    expect((await run.engine.search({ query: 'narwhal', k: 5 })).hits.map((h) => path.basename(h.path))).toEqual(['good.txt']);
    expect((await run.engine.search({ query: 'quokka', k: 5 })).hits.map((h) => path.basename(h.path))).toEqual(['huge-image.pdf']);
    expect(storeProblems(path.join(run.dir, 's.db'))).toEqual([]);
  });
});

describe('limits set lower in settings', () => {
  let run: Run;
  beforeAll(async () => {
    run = await ingestWith({ maxTextBytes: 1000, ocrPageTimeoutMs: 1 }, async (input) => {
      fs.copyFileSync(path.join(fixturesDir, 'scanned-h00.pdf'), input('scan.pdf'));
      fs.writeFileSync(input('long.txt'), good.repeat(20));
      fs.writeFileSync(input('good.txt'), good);
    });
  }, 120_000);

  it('refuses a text file over limits.maxTextBytes, and indexes the one under it', () => {
    expect(result(run, 'long.txt')).toMatchObject({
      outcome: 'failed',
      reason: `the file is 1.7 KiB (${(good.length * 20).toLocaleString('en-US')} bytes), over the limit of 1000 bytes for text files; raise limits.maxTextBytes in settings to read it`,
    });
    expect(result(run, 'good.txt')).toMatchObject({ outcome: 'indexed' });
  });

  it('stores a page whose OCR outlasts limits.ocrPageTimeoutMs as an error page, and the document is indexed', () => {
    expect(result(run, 'scan.pdf')).toMatchObject({ outcome: 'indexed', pages: 1, pagesUnreadable: 1 });
    expect(pages(run, 'scan.pdf')).toEqual([
      { pageNo: 1, status: 'error', error: 'OCR failed on page 1: it took longer than the limit of 0.001 s; raise limits.ocrPageTimeoutMs in settings to read it' },
    ]);
    expect(storeProblems(path.join(run.dir, 's.db'))).toEqual([]);
  });
});
