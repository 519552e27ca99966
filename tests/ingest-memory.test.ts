/**
 * Memory of a large PDF's ingest (issue 14): the file is read once into memory that pdf.js takes over, so
 * the process grows by about the file's size (it was read, then copied for pdf.js, and both held to the end).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ingestFile, type IngestContext } from '../src-main/engine/jobs/ingest.js';
import { openDb } from '../src-main/engine/store/db.js';
import { Repository } from '../src-main/engine/store/repository.js';
import { removeTempDirs, tempDir } from './helpers.js';

afterAll(removeTempDirs);

/** A one-page text PDF carrying `size` bytes of incompressible data in an unused stream, written in pieces. */
function writeBulkyPdf(file: string, size: number): void {
  const text = 'BT /F1 14 Tf 20 100 Td (The bulky page is about quokka habitats.) Tj ET';
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 200] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>',
    `<< /Length ${text.length} >>\nstream\n${text}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let head = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(head.length);
    head += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  offsets.push(head.length);
  head += `6 0 obj\n<< /Length ${size} >>\nstream\n`;
  const xrefAt = head.length + size + '\nendstream\nendobj\n'.length;
  const tail = `\nendstream\nendobj\nxref\n0 7\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}trailer\n<< /Size 7 /Root 1 0 R >>\nstartxref\n${xrefAt}\n%%EOF\n`;
  const fd = fs.openSync(file, 'w');
  fs.writeSync(fd, head, null, 'latin1');
  const piece = Buffer.alloc(1024 * 1024);
  for (let done = 0; done < size; done += piece.length) fs.writeSync(fd, crypto.randomFillSync(piece), 0, Math.min(piece.length, size - done));
  fs.writeSync(fd, tail, null, 'latin1');
  fs.closeSync(fd);
}

describe('ingesting a large PDF', () => {
  it('holds the file in memory once', async () => {
    const dir = tempDir();
    const db = openDb(path.join(dir, 's.db'));
    const ctx: IngestContext = { repo: new Repository(db), emit: () => {} };
    const size = 256 * 1024 * 1024;
    writeBulkyPdf(path.join(dir, 'small.pdf'), 1024);
    writeBulkyPdf(path.join(dir, 'bulky.pdf'), size);
    expect((await ingestFile(path.join(dir, 'small.pdf'), ctx)).outcome).toBe('indexed'); // pdf.js loaded
    const before = process.memoryUsage().rss;
    const result = await ingestFile(path.join(dir, 'bulky.pdf'), ctx);
    const grew = process.resourceUsage().maxRSS * 1024 - before;
    db.close();
    expect(result).toMatchObject({ outcome: 'indexed', pages: 1 });
    expect(grew).toBeGreaterThan(size * 0.9);
    expect(grew).toBeLessThan(size * 1.5);
  }, 60_000);
});
