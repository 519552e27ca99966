/** Issue 15, "small things": a document says how many of its pages were read by OCR (the library's "OCR 1/2"). */
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Engine } from '../src-main/engine/engine.js';
import { fixturesDir, removeTempDirs, tempDir } from './helpers.js';

afterAll(removeTempDirs);

describe('a document’s pages by source', () => {
  it('counts the pages read by OCR among all of them', async () => {
    const engine = new Engine({ dbPath: path.join(tempDir(), 'store.db') });
    try {
      const r = await engine.ingest({ paths: [path.join(fixturesDir, 'scan-then-text.pdf'), path.join(fixturesDir, 'plain.pdf')] });
      expect(r.counts.indexed).toBe(2);
      const docs = engine.listDocuments();
      // a scanned page, then a page with a text layer
      expect(docs.find((d) => d.path.endsWith('scan-then-text.pdf'))).toMatchObject({ pageCount: 2, pagesIndexed: 2, pagesOcr: 1 });
      expect(docs.find((d) => d.path.endsWith('plain.pdf'))).toMatchObject({ pagesOcr: 0 });
    } finally {
      engine.close();
    }
  }, 120_000);
});
