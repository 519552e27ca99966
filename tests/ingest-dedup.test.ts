/** Requirement 2: a file is identified by its sha256, so the same bytes are one document whatever their name. */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { documents, fixturesDir, ingestJson, outcomeOf, removeTempDirs, storeContent, storeProblems, tempDir, writeFile } from './helpers.js';

afterAll(removeTempDirs);

describe('ingesting the same file twice', () => {
  it('keeps one document and reports the second ingest, under the same or another name, as unchanged', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'store.db');
    const original = path.join(dir, 'a', 'manual.pdf');
    const renamed = path.join(dir, 'b', 'copy of manual.pdf');
    fs.mkdirSync(path.dirname(original), { recursive: true });
    fs.copyFileSync(path.join(fixturesDir, 'plain.pdf'), original);
    fs.mkdirSync(path.dirname(renamed), { recursive: true });
    fs.copyFileSync(original, renamed);
    const sha = createHash('sha256').update(fs.readFileSync(original)).digest('hex');

    const first = await ingestJson(db, [original]);
    expect(first.code).toBe(0);
    expect(outcomeOf(first.summary, original)).toMatchObject({ outcome: 'indexed', pages: 3 });
    const before = storeContent(db);

    const second = await ingestJson(db, [original, renamed]);
    expect(second.code).toBe(0);
    expect(second.summary.counts).toMatchObject({ indexed: 0, unchanged: 2, failed: 0 });
    const docId = outcomeOf(first.summary, original).docId;
    expect(outcomeOf(second.summary, original)).toMatchObject({ outcome: 'unchanged', docId, pages: 3, reason: `already indexed as document ${docId} (${original})` });
    expect(second.stderr).toContain(`unchanged ${original}: already indexed as document ${docId}`);
    // the copy is another path of the same document (file versions), which stays shown under the original
    const copy = `the same content as document ${docId} (${original}); this path is added to it`;
    expect(outcomeOf(second.summary, renamed)).toMatchObject({ outcome: 'unchanged', docId, pages: 3, reason: copy });
    expect(second.stderr).toContain(`unchanged ${renamed}: ${copy}`);
    expect(second.stderr).not.toMatch(/^ingesting /m);

    const docs = documents(db);
    expect(docs).toHaveLength(1);
    expect(docs[0]).toMatchObject({ sha256: sha, path: original, status: 'ready', page_count: 3 });
    expect(storeContent(db)).toEqual(before);
    expect(storeProblems(db)).toEqual([]);
  });

  it('indexes identical files met in one batch once', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'store.db');
    const text = '稟議書の書き方\n\n決裁者の押印欄は右上に置く。\n';
    const a = writeFile(path.join(dir, 'in', 'a.txt'), text);
    const b = writeFile(path.join(dir, 'in', 'sub', 'b.txt'), text);
    const run = await ingestJson(db, [path.join(dir, 'in')]);
    expect(run.code).toBe(0);
    expect(outcomeOf(run.summary, a).outcome).toBe('indexed');
    expect(outcomeOf(run.summary, b)).toMatchObject({ outcome: 'unchanged', docId: outcomeOf(run.summary, a).docId });
    expect(documents(db)).toHaveLength(1);
  });
});
