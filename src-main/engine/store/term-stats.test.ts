import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDb, type Db } from './db.js';
import { Repository } from './repository.js';
import { tempDir } from './test-helpers.js';
import { chunkPage } from '../text/chunk.js';
import { documentFrequencies, refreshTermStats, termStatsStale } from './term-stats.js';

const dir = tempDir('docsearch-term-stats-');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function addDoc(repo: Repository, sha: string, texts: string[]): void {
  const id = repo.createDocument({ sha256: sha, path: `/${sha}.txt`, title: sha, kind: 'text', bytes: 1, pageCount: texts.length });
  repo.addPages(
    id,
    sha,
    texts.map((text, i) => ({ page: { pageNo: i + 1, source: 'text' as const, status: 'indexed' as const, text, lines: [] }, chunks: chunkPage(text, []) })),
  );
}

const df = (db: ReturnType<typeof openDb>, token: string, column: 'grams' | 'chars' = 'grams') =>
  documentFrequencies(db, [{ token, column, weight: 1 }]).get(`${column}:${token}`);

describe('term statistics', () => {
  it('are copied from the index, refreshed only when the corpus moved by more than 5 %, and fall back to live counts', async () => {
    const db = openDb(':memory:');
    const repo = new Repository(db);
    expect(termStatsStale(db)).toBe(false);
    addDoc(repo, 'a', Array.from({ length: 40 }, (_, i) => `東京の話その${i}。`));
    expect(termStatsStale(db)).toBe(true);
    await refreshTermStats(db);
    expect(termStatsStale(db)).toBe(false);
    expect(db.prepare(`SELECT df FROM term_df WHERE col = 'grams' AND term = '東京'`).pluck().get()).toBe(40);

    addDoc(repo, 'b', ['東京と大阪。']);
    expect(termStatsStale(db)).toBe(false); // 1 of 41 chunks: the copy is still good enough
    expect(df(db, '東京')).toBe(40); // from the copy (one behind)
    expect(df(db, '大阪')).toBe(1); // new term: counted live
    expect(df(db, '阪', 'chars')).toBe(1);
    expect(df(db, '存在')).toBe(0);

    addDoc(repo, 'c', Array.from({ length: 5 }, () => '東京。'));
    expect(termStatsStale(db)).toBe(true);
    await refreshTermStats(db);
    expect(df(db, '東京')).toBe(46);
    db.close();
  });
});

/** The copy as a full recompute would make it. */
const fullCount = (db: Db) => db.prepare(`SELECT col, term, doc AS df FROM chunks_vocab ORDER BY col, term`).all();
const copy = (db: Db) => db.prepare(`SELECT col, term, df FROM term_df ORDER BY col, term`).all();

describe('refreshing term statistics in steps', () => {
  it('ends equal to a full recompute, terms gone from the index included', async () => {
    const db = openDb(':memory:');
    const repo = new Repository(db);
    addDoc(repo, 'a', ['東京の話。', '大阪と京都の話。']);
    addDoc(repo, 'b', ['札幌と仙台、Sendai city。', '那覇。']);
    await refreshTermStats(db, 4);
    expect(copy(db)).toEqual(fullCount(db));
    repo.removeDocument(repo.listDocuments().find((d) => d.title === 'b')!.id);
    addDoc(repo, 'c', ['名古屋と東京。']);
    await refreshTermStats(db, 5);
    expect(copy(db)).toEqual(fullCount(db));
    expect(df(db, '札幌')).toBe(0);
    db.close();
  });

  it('on a full disk stops where it got, the copy still stale (redone next time), instead of failing the ingest', async () => {
    const db = openDb(path.join(dir, 'full.db'));
    const repo = new Repository(db);
    addDoc(repo, 'a', Array.from({ length: 300 }, (_, i) => `東京の話その${i}、大阪${i * 7}と京都${i * 13}の話。`));
    db.pragma(`max_page_count = ${db.pragma('page_count', { simple: true }) as number}`);
    await expect(refreshTermStats(db, 50)).resolves.toBeUndefined();
    expect(termStatsStale(db)).toBe(true);
    db.pragma('max_page_count = 1073741823');
    await refreshTermStats(db, 50);
    expect(termStatsStale(db)).toBe(false);
    expect(copy(db)).toEqual(fullCount(db));
    db.close();
  });

  it('lets this process search between its steps, and a second refresh asked meanwhile is the same one', async () => {
    const db = openDb(':memory:');
    const repo = new Repository(db);
    addDoc(repo, 'a', Array.from({ length: 300 }, (_, i) => `東京の話その${i}、大阪${i * 7}と京都${i * 13}の話。`));
    const refresh = refreshTermStats(db, 20);
    expect(refreshTermStats(db)).toBe(refresh);
    let searches = 0;
    const searching = setInterval(() => {
      expect(df(db, '東京')).toBe(300);
      searches++;
    }, 0);
    await refresh;
    clearInterval(searching);
    expect(searches).toBeGreaterThan(0);
    expect(copy(db)).toEqual(fullCount(db));
    db.close();
  });

  it('lets a writer in another process commit all along a long refresh, not only after it', async () => {
    // an index whose vocabulary takes a good while to count: 4,000 rows of 150 index terms each
    const file = path.join(dir, 'big.db');
    const db = openDb(file);
    const put = db.prepare(`INSERT INTO chunks_fts (rowid, title, grams, chars) VALUES (?, '', ?, '')`);
    let seed = 7;
    const rnd = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
    const char = () => String.fromCodePoint(0x4e00 + Math.floor(rnd() ** 2 * 400));
    db.transaction(() => {
      for (let i = 1; i <= 4000; i++) put.run(i, Array.from({ length: 150 }, () => char() + char()).join(' '));
    })();
    const writer = spawn(process.execPath, ['-e', WRITER, file], { stdio: ['pipe', 'pipe', 'inherit'] });
    let out = '';
    writer.stdout.setEncoding('utf8').on('data', (s: string) => (out += s));
    const closed = new Promise((r) => writer.on('close', r));
    await new Promise<void>((r) => writer.stdout.on('data', () => out.includes('ready') && r()));
    const start = Date.now();
    await refreshTermStats(db);
    const end = Date.now();
    await new Promise((r) => setTimeout(r, 100));
    writer.stdin.end();
    await closed;
    const commits = JSON.parse(out.trim().split('\n').at(-1)!) as { at: number; waited: number }[];
    // the middle of the refresh: one transaction for the whole copy let no commit in there
    const margin = (end - start) / 10;
    const during = commits.filter((c) => c.at > start + margin && c.at < end - margin);
    const longest = Math.max(...commits.map((c) => c.waited));
    expect(end - start, 'the refresh is long enough to matter').toBeGreaterThan(200);
    expect(during.length, `${during.length} of ${commits.length} commits during a ${end - start} ms refresh; longest wait ${longest.toFixed(0)} ms`).toBeGreaterThan(3);
    expect(copy(db)).toEqual(fullCount(db));
    db.close();
  }, 60_000);
});

/** A writer in another process: a small write transaction every few ms until its stdin ends, then when each committed and how long it waited. */
const WRITER = `
const db = new (require('better-sqlite3'))(process.argv[1]);
db.pragma('busy_timeout = 60000');
const put = db.prepare("INSERT INTO meta (key, value) VALUES ('writer', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value");
const commits = [];
let stop = false;
process.stdin.on('end', () => (stop = true)).resume();
console.log('ready');
(function loop() {
  if (stop) return console.log(JSON.stringify(commits)), db.close();
  const t = performance.now();
  put.run(String(commits.length));
  commits.push({ at: Date.now(), waited: performance.now() - t });
  setTimeout(loop, 5);
})();`;
