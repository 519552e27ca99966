/**
 * Document frequencies of index terms. fts5vocab counts a term by walking its whole posting list (≈ 40 ms
 * for one question's terms on 100,000 chunks), so the counts are copied into `term_df` after an ingest that
 * changed the corpus noticeably; a term missing there (new since) is counted live, which is cheap for the
 * rare terms that are new. BM25 IDF hardly moves when a few percent of the corpus changes.
 *
 * The copy is refreshed a range of terms at a time: the slow part, reading the vocabulary, is a plain read
 * (WAL: it takes no lock another process waits for), and each range is then swapped in its own short write
 * transaction. Another process (the CLI beside `serve`) therefore never waits for the write lock longer
 * than one range's swap, whatever the store's size. While a refresh runs, every term has either its old
 * count or its new one, never none: both are counts the copy is allowed to be (at most ~5 % behind).
 * Between ranges the event loop turns, so this process's own searches are answered during a refresh too.
 */
import { termKey, type WeightedTerm } from '../search/weighted-bm25.js';
import type { Db } from './db.js';
import { isStoreFull } from './full.js';

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

/** Vocabulary rows (a term in one column) read and swapped in per write transaction: a few milliseconds. */
const REFRESH_ROWS = 2000;

/** The refresh running on a connection: a second caller waits for it (they would share its temporary table). */
const running = new WeakMap<Db, Promise<void>>();

/** `rowsPerStep` must exceed the index's column count, so that a step always holds a whole term. */
export function refreshTermStats(db: Db, rowsPerStep = REFRESH_ROWS): Promise<void> {
  let refresh = running.get(db);
  if (!refresh) {
    refresh = refreshInSteps(db, rowsPerStep).finally(() => running.delete(db));
    running.set(db, refresh);
  }
  return refresh;
}

async function refreshInSteps(db: Db, rowsPerStep: number): Promise<void> {
  // the count the copy is for: chunks another process adds meanwhile make it stale sooner, never later
  const chunks = corpusTotals(db).chunks;
  // a step's counts are gathered in a temporary table (this connection's own: writing it locks nothing
  // another process waits for); fts5vocab seeks to a term and gives rows in term order
  db.exec(`CREATE TEMP TABLE IF NOT EXISTS term_df_step (col TEXT NOT NULL, term TEXT NOT NULL, df INTEGER NOT NULL, PRIMARY KEY (col, term)) WITHOUT ROWID`);
  const gather = db.prepare(`INSERT INTO temp.term_df_step SELECT col, term, doc FROM chunks_vocab WHERE term > ? ORDER BY term LIMIT ?`);
  const lastTerm = db.prepare(`SELECT max(term) FROM temp.term_df_step`).pluck();
  const dropTerm = db.prepare(`DELETE FROM temp.term_df_step WHERE term = ?`);
  // a range is cleared column by column, so that each delete is a range of term_df's key (col, term)
  const columns = db.prepare(`SELECT name FROM pragma_table_info('chunks_fts')`).pluck().all() as string[];
  const gone = `NOT EXISTS (SELECT 1 FROM temp.term_df_step s WHERE s.col = term_df.col AND s.term = term_df.term)`;
  const vanished = db.prepare(`DELETE FROM term_df WHERE col = ? AND term > ? AND term <= ? AND ${gone}`);
  const vanishedPast = db.prepare(`DELETE FROM term_df WHERE col = ? AND term > ? AND ${gone}`);
  const changed = db.prepare(`INSERT OR REPLACE INTO term_df (col, term, df) SELECT s.col, s.term, s.df FROM temp.term_df_step s
                              WHERE NOT EXISTS (SELECT 1 FROM term_df t WHERE t.col = s.col AND t.term = s.term AND t.df = s.df)`);
  // upTo null: the last step, which also clears every term past the index's last one
  const swap = db.transaction((after: string, upTo: string | null) => {
    for (const col of columns) {
      if (upTo === null) vanishedPast.run(col, after);
      else vanished.run(col, after, upTo);
    }
    changed.run();
  });
  try {
    let after = '';
    for (;;) {
      db.exec(`DELETE FROM temp.term_df_step`);
      const full = gather.run(after, rowsPerStep).changes === rowsPerStep;
      let upTo = lastTerm.get() as string | null;
      // a full step may end inside a term's columns: that term is left for the next step
      if (full) {
        dropTerm.run(upTo);
        upTo = lastTerm.get() as string;
      }
      swap.immediate(after, full ? upTo : null);
      if (!full) break;
      after = upTo!;
      await new Promise((resolve) => setImmediate(resolve));
    }
    db.prepare(`INSERT INTO meta (key, value) VALUES ('term_df_chunks', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`).run(String(chunks));
  } catch (e) {
    // a full disk: the copy is only an aid, so it stays as far as it got (still stale: redone next time)
    if (!isStoreFull(e)) throw e;
  } finally {
    db.exec(`DROP TABLE IF EXISTS temp.term_df_step`);
  }
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
