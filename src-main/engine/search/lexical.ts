/**
 * Lexical search: FTS5 BM25 over the JS-made tokens (text/tokens.ts). A query's bigrams and words are
 * matched in the chunk and title columns; its one-character Japanese terms in the character column.
 */
import type { Db } from '../store/db.js';
import { isJapaneseChar } from '../text/normalize.js';
import { highlightTerms } from '../text/snippet.js';
import { ftsQuote, tokenize } from '../text/tokens.js';

export interface LexicalQuery {
  /** the FTS5 MATCH expression, or null when the query has no indexable characters */
  match: string | null;
  /** strings to highlight in snippets */
  terms: string[];
}

/** BM25 column weights (title, grams, chars); measured on JSQuAD, see README. */
export const BM25_WEIGHTS = { title: 0.5, grams: 1, chars: 1 } as const;

export function lexicalQuery(query: string): LexicalQuery {
  const { grams } = tokenize(query);
  const unique = [...new Set(grams)];
  const singles = unique.filter((t) => t.length === 1 && isJapaneseChar(t));
  const multi = unique.filter((t) => !singles.includes(t));
  const parts: string[] = [];
  if (multi.length) parts.push(`{title grams} : (${multi.map(ftsQuote).join(' OR ')})`);
  if (singles.length) parts.push(`chars : (${singles.map(ftsQuote).join(' OR ')})`);
  return { match: parts.length ? parts.join(' OR ') : null, terms: highlightTerms(query) };
}

export interface LexicalHit {
  chunkId: number;
  /** FTS5 bm25(): lower is better */
  bm25: number;
}

export function lexicalSearch(db: Db, q: LexicalQuery, limit: number): LexicalHit[] {
  if (!q.match) return [];
  const w = BM25_WEIGHTS;
  return db
    .prepare(
      `SELECT rowid AS chunkId, bm25(chunks_fts, ${w.title}, ${w.grams}, ${w.chars}) AS bm25
       FROM chunks_fts WHERE chunks_fts MATCH ? ORDER BY bm25 LIMIT ?`,
    )
    .all(q.match, limit) as LexicalHit[];
}
