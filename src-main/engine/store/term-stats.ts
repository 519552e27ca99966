/**
 * Document frequencies of index terms. fts5vocab counts a term by walking its whole posting list (≈ 40 ms
 * for one question's terms on 100,000 chunks), so the counts are copied into `term_df` after an ingest that
 * changed the corpus noticeably; a term missing there (new since) is counted live, which is cheap for the
 * rare terms that are new. BM25 IDF hardly moves when a few percent of the corpus changes.
 */
import { termKey, type WeightedTerm } from '../search/weighted-bm25.js';
import type { Db } from './db.js';

/** Rebuild the copy when the chunk count moved by more than this fraction since the last rebuild. */
const STALE_FRACTION = 0.05;

interface Totals {
  chunks: number;
  chars: number;
}

export function corpusTotals(db: Db): Totals {
  return db.prepare(`SELECT chunks, chars FROM corpus_stats WHERE id = 1`).get() as Totals;
}

function countedAt(db: Db): number | undefined {
  const v = db.prepare(`SELECT value FROM meta WHERE key = 'term_df_chunks'`).pluck().get() as string | undefined;
  return v === undefined ? undefined : Number(v);
}

export function termStatsStale(db: Db): boolean {
  const now = corpusTotals(db).chunks;
  const then = countedAt(db);
  if (then === undefined) return now > 0;
  return Math.abs(now - then) > Math.max(1, then) * STALE_FRACTION;
}

export function refreshTermStats(db: Db): void {
  db.transaction(() => {
    db.exec(`DELETE FROM term_df; INSERT INTO term_df (col, term, df) SELECT col, term, doc FROM chunks_vocab`);
    db.prepare(`INSERT INTO meta (key, value) VALUES ('term_df_chunks', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`).run(
      String(corpusTotals(db).chunks),
    );
  })();
}

export function documentFrequencies(db: Db, terms: readonly WeightedTerm[]): Map<string, number> {
  const stored = db.prepare(`SELECT df FROM term_df WHERE col = ? AND term = ?`).pluck();
  const live = db.prepare(`SELECT doc FROM chunks_vocab WHERE col = ? AND term = ?`).pluck();
  const df = new Map<string, number>();
  for (const t of terms) {
    const n = (stored.get(t.column, t.token) ?? live.get(t.column, t.token) ?? 0) as number;
    df.set(termKey(t), n);
  }
  return df;
}
