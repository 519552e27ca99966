/** The `ocr` API method reads only regular files, and stops when cancelled (issue 14). */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../src-main/engine/engine.js';
import { fixturesDir, removeTempDirs, tempDir } from './helpers.js';

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
