/**
 * Whether a store is consistent, read straight from its SQLite file: used by the tests after interrupted
 * ingests and by the fuzz run after every input.
 */
import Database from 'better-sqlite3';
import * as sqliteVec from 'sqlite-vec';
import { tokenize } from '../../src-main/engine/text/tokens.js';

/** Opens the store read-only (no migrations, nothing written). Close it when done. */
/** Read-only, with sqlite-vec loaded so the vector tables can be read too. */
export function openStore(db: string): Database.Database {
  const d = new Database(db, { readonly: true, fileMustExist: true });
  sqliteVec.load(d);
  return d;
}

export function withStore<T>(db: string, f: (d: Database.Database) => T): T {
  const d = openStore(db);
  try {
    return f(d);
  } finally {
    d.close();
  }
}

/**
 * Checks a store for the damage an interrupted ingest could leave and returns what is wrong (empty
 * when consistent): SQLite integrity and foreign keys, the FTS5 index's own integrity, FTS rows ⇔ chunk
 * rows one to one and each chunk findable by its own tokens, pages stored whole (an indexed page with
 * text has chunks), no page beyond the document's page count, and ready documents complete.
 */
export function storeProblems(db: string): string[] {
  const problems: string[] = [];
  withStore(db, (d) => {
    const integrity = d.pragma('integrity_check', { simple: true });
    if (integrity !== 'ok') problems.push(`integrity_check: ${String(integrity)}`);
    const fk = d.pragma('foreign_key_check') as unknown[];
    if (fk.length) problems.push(`foreign_key_check: ${JSON.stringify(fk.slice(0, 5))}`);

    const n = (sql: string) => (d.prepare(sql).get() as { n: number }).n;
    const chunks = n(`SELECT count(*) AS n FROM chunks`);
    const fts = n(`SELECT count(*) AS n FROM chunks_fts`);
    if (chunks !== fts) problems.push(`${chunks} chunks but ${fts} FTS rows`);
    const unindexed = n(`SELECT count(*) AS n FROM chunks c WHERE NOT EXISTS (SELECT 1 FROM chunks_fts f WHERE f.rowid = c.id)`);
    if (unindexed) problems.push(`${unindexed} chunks have no FTS row`);
    const orphans = n(`SELECT count(*) AS n FROM chunks_fts f WHERE NOT EXISTS (SELECT 1 FROM chunks c WHERE c.id = f.rowid)`);
    if (orphans) problems.push(`${orphans} FTS rows have no chunk`);

    // Every chunk is found through the index by one of its own tokens (its rarest-looking: the longest).
    const find = d.prepare(`SELECT count(*) AS n FROM chunks_fts WHERE chunks_fts MATCH ? AND rowid = ?`);
    let unfindable = 0;
    for (const c of d.prepare(`SELECT id, text FROM chunks`).iterate() as Iterable<{ id: number; text: string }>) {
      const grams = tokenize(c.text).grams;
      if (!grams.length) continue;
      const token = grams.reduce((a, b) => (b.length > a.length ? b : a));
      // BigInt: FTS5 ignores a rowid constraint bound as REAL, which is how better-sqlite3 binds a JS number.
      if ((find.get(`grams : "${token.replaceAll('"', '""')}"`, BigInt(c.id)) as { n: number }).n !== 1) unfindable++;
    }
    if (unfindable) problems.push(`${unfindable} chunks are not found by their own tokens`);

    // Corpus statistics kept by triggers for search, when the schema has them.
    if (d.prepare(`SELECT 1 FROM sqlite_master WHERE name = 'corpus_stats'`).get()) {
      const stats = d.prepare(`SELECT chunks, chars FROM corpus_stats WHERE id = 1`).get() as { chunks: number; chars: number } | undefined;
      const actual = d.prepare(`SELECT count(*) AS chunks, coalesce(sum(length(text)), 0) AS chars FROM chunks`).get() as { chunks: number; chars: number };
      if (stats?.chunks !== actual.chunks || stats.chars !== actual.chars) problems.push(`corpus_stats ${JSON.stringify(stats)} but chunks hold ${JSON.stringify(actual)}`);
    }

    const partial = n(`SELECT count(*) AS n FROM pages p WHERE p.status = 'indexed' AND trim(p.text) <> ''
                         AND NOT EXISTS (SELECT 1 FROM chunks c WHERE c.doc_id = p.doc_id AND c.page_no = p.page_no)`);
    if (partial) problems.push(`${partial} indexed pages with text have no chunks`);
    const beyond = n(`SELECT count(*) AS n FROM pages p JOIN documents d ON d.id = p.doc_id WHERE p.page_no > d.page_count OR p.page_no < 1`);
    if (beyond) problems.push(`${beyond} pages outside their document's page range`);
    const gaps = n(`SELECT count(*) AS n FROM documents d WHERE (SELECT count(*) FROM pages p WHERE p.doc_id = d.id)
                      <> coalesce((SELECT max(page_no) FROM pages p WHERE p.doc_id = d.id), 0)`);
    if (gaps) problems.push(`${gaps} documents have gaps in their page numbers`);
    const incomplete = n(`SELECT count(*) AS n FROM documents d WHERE d.status = 'ready'
                            AND (SELECT count(*) FROM pages p WHERE p.doc_id = d.id) <> d.page_count`);
    if (incomplete) problems.push(`${incomplete} ready documents do not have all their pages`);
  });
  // FTS5's own structural check is a write statement in form, so it needs a writable connection.
  const rw = new Database(db, { fileMustExist: true });
  try {
    rw.prepare(`INSERT INTO chunks_fts (chunks_fts, rank) VALUES ('integrity-check', 0)`).run();
  } catch (e) {
    problems.push(`fts5 integrity-check: ${(e as Error).message}`);
  } finally {
    rw.close();
  }
  return problems;
}
