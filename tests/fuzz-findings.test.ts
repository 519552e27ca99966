/**
 * The PDFs the fuzz run (scripts/fuzz) found killing or stalling the engine, kept as fixtures
 * (tests/fixtures/fuzz): each now gets a result or a clear per-file error, quickly, in a batch whose
 * good file is indexed, and the CLI exits normally. Before: two killed the process (pdf.js rejections
 * nobody could handle), one froze page drawing for good, one took time quadratic in its size to open, and
 * one was stored as a ready document of -1 pages.
 */
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fractionalImage } from '../src-main/engine/documents/pdf-images.js';
import { MAX_DEFINITIONS, mostDefinedObject } from '../src-main/engine/documents/pdf-objects.js';
import { fixturesDir, ingestJson, outcomeOf, removeTempDirs, storeProblems, tempDir, writeFile } from './helpers.js';

afterAll(removeTempDirs);

const fuzz = (name: string) => path.join(fixturesDir, 'fuzz', name);

describe('inputs found by the fuzz run', () => {
  it('each gets a result or a clear error, and the batch and the process go on', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'store.db');
    const good = writeFile(path.join(dir, 'good.txt'), '東京タワーは電波塔です。\n');
    const files = ['stray-xref-rejection.pdf', 'stray-crypto-rejection.pdf', 'image-height-fraction.pdf', 'repeated-objects.pdf', 'count-minus-1.pdf'].map(fuzz);
    const t0 = Date.now();
    const run = await ingestJson(db, [...files, good]);
    expect(Date.now() - t0).toBeLessThan(40_000);
    expect(run.signal).toBeNull();
    expect(outcomeOf(run.summary, good).outcome).toBe('indexed');
    // damaged, but pdf.js reads them: indexed (its stray rejections are reported on stderr, not fatal)
    for (const f of files.slice(0, 2)) expect(outcomeOf(run.summary, f).outcome).toBe('indexed');
    expect(run.stderr).toMatch(/pdf\.js: .*\(a damaged PDF; ignored\)/);
    expect(outcomeOf(run.summary, files[2]!)).toMatchObject({ outcome: 'failed', reason: expect.stringMatching(/^damaged PDF: an image declares a size of 1441 × 1\.5/) });
    expect(outcomeOf(run.summary, files[3]!)).toMatchObject({ outcome: 'failed', reason: expect.stringMatching(/^damaged or crafted PDF: object \d+ is defined 1002 times/) });
    expect(outcomeOf(run.summary, files[4]!)).toMatchObject({ outcome: 'failed', reason: 'damaged PDF: its page tree gives -1 pages' });
    expect(storeProblems(db)).toEqual([]);
  }, 60_000);
});

describe('the byte scans that refuse them', () => {
  const bytes = (s: string) => new Uint8Array(Buffer.from(s, 'latin1'));

  it('counts definitions of each object number, as headers only', () => {
    const pdf = bytes(`%PDF-1.4\n1 0 obj\n<<>>\nendobj\n12 0 obj (x 3 0 obj in a string is counted too) endobj\n12 1 obj\n<<>>\nendobj\n`);
    expect(mostDefinedObject(pdf)).toEqual({ object: 12, times: 2 });
    expect(mostDefinedObject(bytes('no objects here: 1 0 R, obj'))).toBeUndefined();
    // a real file saved incrementally many times stays far below the bar
    const saves = Array.from({ length: 200 }, (_, i) => `1 0 obj\n<< /ModDate (${i}) >>\nendobj\n`).join('');
    expect(mostDefinedObject(bytes(saves))!.times).toBeLessThan(MAX_DEFINITIONS);
  });

  it('finds an image whose size is not whole pixels, and not a whole-pixel one', () => {
    expect(fractionalImage(bytes('5 0 obj\n<< /Subtype /Image /Width 10 /Height 1.5 >>\nstream\nx\nendstream'))).toEqual({ width: '10', height: '1.5' });
    expect(fractionalImage(bytes('5 0 obj\n<< /Subtype /Image /Width .5 /Height 3 >>\nstream\nx\nendstream'))).toEqual({ width: '.5', height: '3' });
    expect(fractionalImage(bytes('5 0 obj\n<< /Subtype /Image /Width 10 /Height 20 >>\nstream\nx\nendstream'))).toBeUndefined();
  });
});
