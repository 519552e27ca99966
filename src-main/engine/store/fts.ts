/** The first stage of lexical search (search/lexical.ts): FTS5 candidates with their text and title. */
import type { Db } from './db.js';
import { docsParam, inScope } from './scope.js';

export interface FtsCandidate {
  id: number;
  /** FTS5 bm25() with the title weighted 0.5: lower is better */
  fts: number;
  text: string;
  title: string;
}

/**
 * The `limit` best chunks for an FTS5 MATCH expression, by bm25(); `docs`: only those documents' chunks,
 * kept to before the limit (so the limit is filled from within them).
 */
export function ftsCandidates(db: Db, match: string, limit: number, docs: readonly number[] | null = null): FtsCandidate[] {
  // +rowid: a filter on the matches, never a plan of one MATCH lookup per chunk id in scope
  const scoped = docs ? `AND ${inScope('+rowid')}` : '';
  return db
    .prepare(
      `SELECT f.rowid AS id, f.fts, c.text, d.title
       FROM (SELECT rowid, bm25(chunks_fts, 0.5, 1, 1) AS fts FROM chunks_fts WHERE chunks_fts MATCH ? ${scoped} ORDER BY fts LIMIT ?) f
       JOIN chunks c ON c.id = f.rowid JOIN documents d ON d.id = c.doc_id`,
    )
    .all(...(docs ? [match, docsParam(docs), limit] : [match, limit])) as FtsCandidate[];
}
