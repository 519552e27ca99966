import { describe, expect, it } from 'vitest';
import { openDb } from './db.js';
import { Repository } from './repository.js';
import { chunkPage } from '../text/chunk.js';
import { documentFrequencies, refreshTermStats, termStatsStale } from './term-stats.js';

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
  it('are copied from the index, refreshed only when the corpus moved by more than 5 %, and fall back to live counts', () => {
    const db = openDb(':memory:');
    const repo = new Repository(db);
    expect(termStatsStale(db)).toBe(false);
    addDoc(repo, 'a', Array.from({ length: 40 }, (_, i) => `東京の話その${i}。`));
    expect(termStatsStale(db)).toBe(true);
    refreshTermStats(db);
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
    refreshTermStats(db);
    expect(df(db, '東京')).toBe(46);
    db.close();
  });
});
