import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { openDb } from './db.js';
import { MIGRATIONS } from './migrations.js';
import { Repository } from './repository.js';
import { page, sentenceChunks, tempDir } from './test-helpers.js';
import { ftsQuote, tokenize } from '../text/tokens.js';

const dir = tempDir('docsearch-store-');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const tables = (db: Database.Database) =>
  (db.prepare(`SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger') ORDER BY name`).all() as { name: string }[]).map((r) => r.name);

describe('openDb and migrations', () => {
  const file = path.join(dir, 'nested', 'folder', 'store.db');

  it('creates the folder and applies every migration to a fresh store', () => {
    const db = openDb(file);
    try {
      expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
      expect(tables(db)).toEqual(expect.arrayContaining(['documents', 'pages', 'chunks', 'chunks_fts', 'chunks_fts_delete', 'jobs', 'meta']));
      expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      // sqlite-vec is loaded
      expect((db.prepare(`SELECT vec_version() AS v`).get() as { v: string }).v).toMatch(/^v\d/);
    } finally {
      db.close();
    }
  });

  it('reopens an up-to-date store without changing it', () => {
    const db1 = openDb(file);
    const before = tables(db1);
    new Repository(db1).createDocument({ sha256: 'a'.repeat(64), path: '/x.txt', title: 'x', kind: 'text', bytes: 1, pageCount: 1 });
    db1.close();
    const db2 = openDb(file);
    try {
      expect(db2.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
      expect(tables(db2)).toEqual(before);
      expect(new Repository(db2).listDocuments()).toHaveLength(1);
    } finally {
      db2.close();
    }
  });

  it('refuses a store written by a newer version, with a clear message, and leaves it untouched', () => {
    const newer = path.join(dir, 'newer.db');
    const raw = new Database(newer);
    raw.pragma(`user_version = ${MIGRATIONS.length + 1}`);
    raw.close();
    expect(() => openDb(newer)).toThrow(new RegExp(`schema version ${MIGRATIONS.length + 1} is newer than this app understands \\(${MIGRATIONS.length}\\); update the app`));
    if (process.platform === 'linux') {
      // the refused store is not left open by this process
      const open = fs.readdirSync('/proc/self/fd').map((fd) => {
        try {
          return fs.readlinkSync(`/proc/self/fd/${fd}`);
        } catch {
          return '';
        }
      });
      expect(open.filter((f) => f.startsWith(newer))).toEqual([]);
    }
    const check = new Database(newer);
    expect(check.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length + 1);
    expect(tables(check)).toEqual([]);
    check.close();
  });
});

describe('deleting a document', () => {
  it('cascades to its pages, chunks and their contentless FTS5 rows, and detaches its jobs', () => {
    const db = openDb(path.join(dir, 'cascade.db'));
    try {
      const repo = new Repository(db);
      const match = (word: string) =>
        (db.prepare(`SELECT rowid FROM chunks_fts WHERE chunks_fts MATCH ? ORDER BY rowid`).all(`grams : ${tokenize(word).grams.map(ftsQuote).join(' ')}`) as { rowid: number }[]).map((r) => r.rowid);
      const count = (table: string) => (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

      const keep = repo.createDocument({ sha256: '1'.repeat(64), path: '/keep.txt', title: '残す文書', kind: 'text', bytes: 10, pageCount: 1 });
      const text0 = '東京タワーは電波塔です。';
      repo.addPage(keep, '残す文書', page(1, text0), sentenceChunks(text0));

      const gone = repo.createDocument({ sha256: '2'.repeat(64), path: '/gone.txt', title: '消す文書', kind: 'text', bytes: 10, pageCount: 2 });
      const [job] = repo.startJobs(['/gone.txt'], { pid: process.pid, started: null });
      repo.attachJob(job!, gone);
      const text1 = '東京スカイツリーも電波塔です。富士山は山です。';
      const text2 = '京都には寺が多い。';
      const ids = [...repo.addPage(gone, '消す文書', page(1, text1), sentenceChunks(text1), job), ...repo.addPage(gone, '消す文書', page(2, text2), sentenceChunks(text2), job)];
      expect(ids).toHaveLength(3);

      expect(match('電波塔')).toHaveLength(2);
      expect(match('富士山')).toEqual([ids[1]]);
      expect(count('chunks')).toBe(4);

      repo.removeDocument(gone);

      expect(repo.getDocument(gone)).toBeUndefined();
      expect((db.prepare(`SELECT count(*) AS n FROM pages WHERE doc_id = ?`).get(gone) as { n: number }).n).toBe(0);
      expect((db.prepare(`SELECT count(*) AS n FROM chunks WHERE doc_id = ?`).get(gone) as { n: number }).n).toBe(0);
      // the FTS rows went with the chunks (via the trigger): nothing of the removed text matches any more
      expect(match('富士山')).toEqual([]);
      expect(match('京都')).toEqual([]);
      expect(match('電波塔')).toHaveLength(1);
      expect(count('chunks')).toBe(1);
      expect((db.prepare(`SELECT doc_id FROM jobs WHERE id = ?`).get(job) as { doc_id: number | null }).doc_id).toBeNull();
      // the other document is intact
      expect(repo.getDocument(keep)).toMatchObject({ pagesIndexed: 1, chunkCount: 1 });
    } finally {
      db.close();
    }
  });
});
