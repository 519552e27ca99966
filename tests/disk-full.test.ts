/**
 * A full disk during an ingest (issue 14). The store's own limit stands in for the disk: SQLite's
 * `max_page_count` makes it answer SQLITE_FULL exactly as a full disk does, on a real store.
 */
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadSemantic } from '../src-main/engine/embed/semantic.js';
import { Engine } from '../src-main/engine/engine.js';
import { errorBody } from '../src-main/engine/errors.js';
import { EmbedJobs } from '../src-main/engine/jobs/embed.js';
import { ingestBatch } from '../src-main/engine/jobs/ingest-batch.js';
import { reindexFile } from '../src-main/engine/jobs/reindex.js';
import { hybridSearch } from '../src-main/engine/search/hybrid.js';
import { openDb } from '../src-main/engine/store/db.js';
import { Repository } from '../src-main/engine/store/repository.js';
import { removeTempDirs, storeProblems, tempDir, writeFile } from './helpers.js';

afterAll(removeTempDirs);

/** A text file of `lines` distinct lines, its words its own (名前 + a number), so each is findable. */
function textFile(dir: string, name: string, lines: number): string {
  const body = Array.from({ length: lines }, (_, i) => `${name}の${i}行目には、東京と大阪の間の鉄道について書かれた文章${i * 7}が入っています。`).join('\n');
  return writeFile(path.join(dir, `${name}.txt`), body);
}

describe('a full disk during an ingest', () => {
  it('fails the files with a clear reason, leaves the store consistent and searchable, and the same ingest (or re-index) goes through once there is room', async () => {
    const dir = tempDir();
    const dbPath = path.join(dir, 'docsearch.db');
    const db = openDb(dbPath);
    const repo = new Repository(db);
    // the engine's own parts, on this connection (whose limit stands in for the disk)
    const noModels = () => {
      throw new Error('no models in this test');
    };
    const deps = { db, repo, ocr: async () => undefined, embedding: new EmbedJobs({ db, repo, semantic: () => loadSemantic(noModels) }) };
    const hits = async (query: string) => (await hybridSearch({ query, mode: 'lexical' }, { db, repo, semantic: () => loadSemantic(noModels) })).hits;
    const search = async (query: string) => (await hits(query)).map((h) => path.basename(h.path, '.txt'));
    const stored = async (line: string) => (await hits(line)).some((h) => h.text.includes(line));

    const before = await ingestBatch({ paths: [textFile(dir, 'はじめ', 20)] }, {}, deps);
    expect(before.counts.indexed).toBe(1);

    // room for a few more pages only
    const pages = db.pragma('page_count', { simple: true }) as number;
    db.pragma(`max_page_count = ${pages + 30}`);
    // a small file that fits, then big ones that do not
    const batch = [textFile(dir, '小', 30), ...['北', '南', '東', '西'].map((n) => textFile(dir, n, 3000))];
    const full = await ingestBatch({ paths: batch }, {}, deps);
    expect(full.files.map((f) => f.outcome)).toEqual(['indexed', 'failed', 'failed', 'failed', 'failed']);
    for (const f of full.files.filter((x) => x.outcome === 'failed')) expect(f.reason).toMatch(/^the disk or the store is full/);
    expect(full.files.some((f) => /internal error/.test(f.reason ?? ''))).toBe(false);

    // consistent, and what was there is still found
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect((await search('はじめの3行目'))[0]).toBe('はじめ');

    // room again: the same ingest goes on where it stopped
    db.pragma('max_page_count = 1073741823');
    const again = await ingestBatch({ paths: batch }, {}, deps);
    expect(again.files.map((f) => f.outcome)).toEqual(['unchanged', 'indexed', 'indexed', 'indexed', 'indexed']);
    for (const n of ['北', '南', '東', '西']) expect((await search(`${n}の2999行目`))[0]).toBe(n);

    // a re-index that meets a full disk keeps the stored version, and goes through once there is room
    const north = repo.listDocuments().find((d) => d.path === batch[1])!;
    textFile(dir, '北', 6000);
    const reindex = () => ingestBatch({ paths: [north.path] }, {}, { ...deps, ingestFile: (file, ctx) => reindexFile(north.id, file, ctx) });
    db.pragma(`max_page_count = ${(db.pragma('page_count', { simple: true }) as number) + 30}`);
    const refused = await reindex();
    expect(refused.files[0]).toMatchObject({ outcome: 'failed', reason: expect.stringMatching(/^the disk or the store is full.*; the stored version is kept$/) as unknown });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect((await search('北の2999行目'))[0]).toBe('北');
    expect(await stored('北の5999行目')).toBe(false);
    db.pragma('max_page_count = 1073741823');
    expect((await reindex()).files[0]).toMatchObject({ outcome: 'indexed', docId: north.id });
    expect(await stored('北の5999行目')).toBe(true);

    // a disk already full when a batch starts: even recording its files' jobs fails, and the call says why
    const many = Array.from({ length: 300 }, (_, i) => writeFile(path.join(dir, 'many', `${i}.txt`), `京都${i}の話。`));
    db.exec('VACUUM'); // no free pages left inside the file either
    db.pragma(`max_page_count = ${db.pragma('page_count', { simple: true }) as number}`);
    const thrown: unknown = await ingestBatch({ paths: many }, {}, deps).catch((e: unknown) => e);
    expect(errorBody(thrown)).toMatchObject({ code: 'bad-file', message: expect.stringMatching(/^the disk or the store is full/) as unknown });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.pragma('max_page_count = 1073741823');
    db.close();
    expect(storeProblems(dbPath)).toEqual([]);

    // and another process opening the store sees all six documents ready
    const e = new Engine({ dbPath });
    try {
      expect(e.listDocuments().map((d) => [path.basename(d.path, '.txt'), d.status]).sort()).toEqual([['はじめ', 'ready'], ['小', 'ready'], ['北', 'ready'], ['南', 'ready'], ['東', 'ready'], ['西', 'ready']].sort());
    } finally {
      e.close();
    }
  }, 60_000);
});
