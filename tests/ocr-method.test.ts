/** The `ocr` API method and the page viewer read only regular files, stop when cancelled, and keep the user's limits (issue 14). */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../src-main/engine/engine.js';
import { errorBody } from '../src-main/engine/errors.js';
import { LIMITS_DEFAULTS } from '#shared/api';
import { fixturesDir, removeTempDirs, tempDir, writeFile } from './helpers.js';

let dir: string;
let engine: Engine;
beforeAll(() => {
  dir = tempDir();
  engine = new Engine({ dbPath: path.join(dir, 'docsearch.db') });
});
afterAll(() => {
  engine.close();
  removeTempDirs();
});

describe('ocr of a path', () => {
  it('refuses what is not a regular file at once, instead of reading without end or blocking', async () => {
    const fifo = path.join(dir, 'pipe.pdf');
    execFileSync('mkfifo', [fifo]);
    await expect(engine.ocr({ path: fifo })).rejects.toMatchObject({ code: 'bad-file', message: expect.stringContaining('not a regular file') });
    await expect(engine.ocr({ path: '/dev/zero' })).rejects.toMatchObject({ code: 'bad-file' });
    await expect(engine.ocr({ path: dir })).rejects.toMatchObject({ code: 'bad-file' });
  }, 30_000);

  it('stops after the page it is on when cancelled', async () => {
    const abort = new AbortController();
    abort.abort();
    expect(await engine.ocr({ path: path.join(fixturesDir, 'scanned-h00.pdf') }, { signal: abort.signal })).toEqual([]);
  }, 60_000);
});

describe("the user's limits", () => {
  it('bound the ocr method and the page viewer as they bound ingestion', async () => {
    const png = writeFile(path.join(dir, 'wide.png'), await sharp({ create: { width: 1200, height: 900, channels: 3, background: '#fff' } }).png().toBuffer());
    const scan = path.join(fixturesDir, 'scanned-h00.pdf');
    const { files } = await engine.ingest({ paths: [png] });
    expect(files[0]).toMatchObject({ outcome: 'indexed' });
    const ref = { docId: files[0]!.docId!, pageNo: 1 };
    expect((await engine.pageImage({ ...ref, maxSide: 200 })).length).toBeGreaterThan(0);

    engine.updateSettings({ limits: { maxImagePixels: 1_000_000, maxPdfBytes: 1000 } });
    try {
      const calls = [[() => engine.pageImage({ ...ref, maxSide: 200 }), 'maxImagePixels'], [() => engine.ocr({ path: png }), 'maxImagePixels'], [() => engine.ocr({ path: scan }), 'maxPdfBytes']] as const;
      for (const [call, setting] of calls) {
        const e = await call().then(() => undefined, (x: unknown) => x);
        expect(errorBody(e)).toMatchObject({ code: 'bad-file', message: expect.stringContaining(`limits.${setting}`) });
      }
    } finally {
      engine.updateSettings({ limits: LIMITS_DEFAULTS });
    }
  }, 60_000);
});
