/** Requirement 6: removing a document removes its pages, chunks and index entries, and nothing else. */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { documents, fixturesDir, ingestJson, outcomeOf, removeTempDirs, runCli, searchEach, searchPaths, storeProblems, tempDir, withStore, writeFile } from './helpers.js';

afterAll(removeTempDirs);

const rowsOf = (db: string, docId: number) =>
  withStore(db, (d) => ({
    pages: (d.prepare(`SELECT count(*) AS n FROM pages WHERE doc_id = ?`).get(docId) as { n: number }).n,
    chunks: (d.prepare(`SELECT count(*) AS n FROM chunks WHERE doc_id = ?`).get(docId) as { n: number }).n,
  }));

const chunkIds = (db: string, docId: number) =>
  withStore(db, (d) => (d.prepare(`SELECT id FROM chunks WHERE doc_id = ? ORDER BY id`).all(docId) as { id: number }[]).map((r) => r.id));

/** FTS rows (by rowid) among the given ids. */
const ftsRows = (db: string, ids: number[]) =>
  withStore(db, (d) => (d.prepare(`SELECT rowid AS id FROM chunks_fts WHERE rowid IN (SELECT value FROM json_each(?))`).all(JSON.stringify(ids)) as { id: number }[]).map((r) => r.id));

describe('remove', () => {
  it('removes the document with its pages, chunks and FTS entries and leaves the others searchable', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'store.db');
    const pdf = path.join(dir, 'in', 'animals.pdf');
    fs.mkdirSync(path.dirname(pdf), { recursive: true });
    fs.copyFileSync(path.join(fixturesDir, 'plain.pdf'), pdf);
    const kept = writeFile(path.join(dir, 'in', 'kept.txt'), '庶務規程\n\n文房具の発注は毎月五日に締め切る。\n');
    const last = writeFile(path.join(dir, 'in', 'last.txt'), '防火管理\n\n消火器の点検は半年ごとに行う。\n');
    const ingest = await ingestJson(db, [pdf, kept, last]);
    expect(ingest.code).toBe(0);
    const pdfId = outcomeOf(ingest.summary, pdf).docId!;
    const lastId = outcomeOf(ingest.summary, last).docId!;

    const pdfChunks = chunkIds(db, pdfId);
    expect(pdfChunks.length).toBe(3);
    expect(ftsRows(db, pdfChunks)).toEqual(pdfChunks);
    expect((await searchPaths(db, 'quokka'))[0]).toBe(pdf);

    const removed = await runCli(db, ['remove', String(pdfId)]);
    expect(removed.code).toBe(0);
    expect(removed.stdout).toBe(`removed ${pdfId}: animals (${pdf})\n`);

    expect(rowsOf(db, pdfId)).toEqual({ pages: 0, chunks: 0 });
    expect(ftsRows(db, pdfChunks)).toEqual([]);
    expect(documents(db).map((d) => d.path).sort()).toEqual([kept, last].sort());
    expect(storeProblems(db)).toEqual([]);
    const after = await searchEach(db, ['quokka', 'axolotl', 'narwhal', '文房具', '消火器']);
    for (const word of ['quokka', 'axolotl', 'narwhal']) expect(after[word]).not.toContain(pdf);
    expect(after['文房具']?.[0]).toBe(kept);
    expect(after['消火器']?.[0]).toBe(last);

    // Chunk ids of the removed last rows are reused by SQLite: a new document must not inherit old entries.
    const lastChunks = chunkIds(db, lastId);
    const byPrefix = await runCli(db, ['remove', documents(db).find((d) => d.id === lastId)!.sha256.slice(0, 12)]);
    expect(byPrefix.code).toBe(0);
    const fresh = writeFile(path.join(dir, 'in', 'fresh.txt'), '保健だより\n\n健康診断は五月に実施する。\n');
    const again = await ingestJson(db, [fresh]);
    expect(again.code).toBe(0);
    expect(chunkIds(db, outcomeOf(again.summary, fresh).docId!)).toEqual(lastChunks);
    const reused = await searchEach(db, ['消火器', '健康診断']);
    expect(reused['消火器']).not.toContain(fresh);
    expect(reused['消火器']).not.toContain(last);
    expect(reused['健康診断']?.[0]).toBe(fresh);
    expect(storeProblems(db)).toEqual([]);
  });

  it('fails with one line and exit status 2 for a document that does not exist', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'store.db');
    await ingestJson(db, [writeFile(path.join(dir, 'a.txt'), '会議室の予約は前日までに行う。\n')]);
    const r = await runCli(db, ['remove', '999']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('docsearch: no document matches "999" (use an id, a sha256 prefix or the path shown by `docs`)\n');
    expect(documents(db)).toHaveLength(1);
  });
});
