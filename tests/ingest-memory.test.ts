/**
 * Memory of a large PDF's ingest (issue 14): the file is read once into memory that pdf.js takes over, so
 * the process grows by about the file's size (it was read, then copied for pdf.js, and both held to the end).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bulkyPdfFrame } from '../src-main/engine/documents/test-helpers.js';
import { ingestFile, type IngestContext } from '../src-main/engine/jobs/ingest.js';
import { openDb } from '../src-main/engine/store/db.js';
import { Repository } from '../src-main/engine/store/repository.js';
import { removeTempDirs, tempDir } from './helpers.js';

afterAll(removeTempDirs);

/** A one-page text PDF carrying `size` bytes of incompressible data in an unused stream, written in pieces. */
function writeBulkyPdf(file: string, size: number): void {
  const { head, tail } = bulkyPdfFrame('The bulky page is about quokka habitats.', size);
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
