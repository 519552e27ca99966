/**
 * Lexical search over the JS-made tokens (text/tokens.ts), in two stages:
 * 1. FTS5 finds candidates: any query bigram/word in the title or chunk columns, or a single-kanji word
 *    in the character column, ranked by FTS5's bm25();
 * 2. the candidates are re-scored by weighted BM25 (weighted-bm25.ts).
 */
import type { Db } from '../store/db.js';
import { foldCase, isJapaneseChar, normalizeText } from '../text/normalize.js';
import { highlightTerms } from '../text/snippet.js';
import { ftsQuote, tokenize } from '../text/tokens.js';
import { countTerms, termKey, weightedBm25, type CorpusStats, type WeightedTerm } from './weighted-bm25.js';

/** Term weights by word structure (Intl.Segmenter words), measured on JSQuAD; see README. */
export const TERM_WEIGHTS = { inWord: 1, acrossWords: 0.5, kanaOnly: 0.3, singleKanji: 0.5 } as const;
/** FTS5 candidates re-scored per query. */
export const CANDIDATES = 100;

export interface LexicalQuery {
  /** the FTS5 MATCH expression, or null when the query has no indexable characters */
  match: string | null;
  terms: WeightedTerm[];
  /** strings to highlight in snippets */
  highlights: string[];
}

const segmenter = new Intl.Segmenter('ja', { granularity: 'word' });
const KANA_ONLY = /^[\p{Script=Hiragana}ー]+$/u;
const SINGLE_KANJI = /^\p{Script=Han}$/u;

export function lexicalQuery(query: string): LexicalQuery {
  const text = foldCase(normalizeText(query));
  const weights = new Map<string, WeightedTerm>();
  const add = (token: string, column: WeightedTerm['column'], weight: number) => {
    const key = termKey({ token, column });
    weights.set(key, { token, column, weight: Math.max(weight, weights.get(key)?.weight ?? 0) });
  };
  const column = (token: string): WeightedTerm['column'] => (token.length === 1 && isJapaneseChar(token) ? 'chars' : 'grams');
  for (const s of segmenter.segment(text)) {
    if (!s.isWordLike) continue;
    for (const g of tokenize(s.segment).grams) add(g, column(g), KANA_ONLY.test(g) ? TERM_WEIGHTS.kanaOnly : TERM_WEIGHTS.inWord);
    if (SINGLE_KANJI.test(s.segment)) add(s.segment, 'chars', TERM_WEIGHTS.singleKanji);
  }
  // Bigrams that straddle two words only matter when the words are not found separately.
  for (const g of tokenize(text).grams) if (!weights.has(termKey({ token: g, column: column(g) }))) add(g, column(g), TERM_WEIGHTS.acrossWords);

  const terms = [...weights.values()];
  const grams = terms.filter((t) => t.column === 'grams').map((t) => ftsQuote(t.token));
  const chars = terms.filter((t) => t.column === 'chars').map((t) => ftsQuote(t.token));
  const parts: string[] = [];
  if (grams.length) parts.push(`{title grams} : (${grams.join(' OR ')})`);
  if (chars.length) parts.push(`chars : (${chars.join(' OR ')})`);
  return { match: parts.length ? parts.join(' OR ') : null, terms, highlights: highlightTerms(query) };
}

export interface LexicalHit {
  chunkId: number;
  /** weighted BM25: higher is better */
  score: number;
  /** FTS5 bm25() of the first stage: lower is better */
  ftsBm25: number;
}

interface CandidateRow {
  id: number;
  fts: number;
  text: string;
  title: string;
}

export function lexicalSearch(db: Db, q: LexicalQuery, limit: number): LexicalHit[] {
  if (!q.match) return [];
  const rows = db
    .prepare(
      `SELECT f.rowid AS id, f.fts, c.text, d.title
       FROM (SELECT rowid, bm25(chunks_fts, 0.5, 1, 1) AS fts FROM chunks_fts WHERE chunks_fts MATCH ? ORDER BY fts LIMIT ?) f
       JOIN chunks c ON c.id = f.rowid JOIN documents d ON d.id = c.doc_id`,
    )
    .all(q.match, Math.max(CANDIDATES, limit)) as CandidateRow[];
  if (!rows.length) return [];
  const stats = corpusStats(db, q.terms);
  const gramTerms = q.terms.filter((t) => t.column === 'grams');
  const titles = new Map<string, Set<string>>();
  const hits = rows.map((r) => {
    let inTitle = titles.get(r.title);
    if (!inTitle) titles.set(r.title, (inTitle = new Set(countTerms(foldCase(r.title), gramTerms).keys())));
    const tf = countTerms(foldCase(r.text), q.terms);
    return { chunkId: r.id, ftsBm25: r.fts, score: weightedBm25(q.terms, stats, { tf, inTitle, length: r.text.length }) };
  });
  return hits.sort((a, b) => b.score - a.score || a.ftsBm25 - b.ftsBm25).slice(0, limit);
}

function corpusStats(db: Db, terms: readonly WeightedTerm[]): CorpusStats {
  const totals = db.prepare(`SELECT chunks, chars FROM corpus_stats WHERE id = 1`).get() as { chunks: number; chars: number };
  const dfStmt = db.prepare(`SELECT doc FROM chunks_vocab WHERE col = ? AND term = ?`).pluck();
  const df = new Map<string, number>();
  for (const t of terms) df.set(termKey(t), (dfStmt.get(t.column, t.token) as number | undefined) ?? 0);
  return { n: totals.chunks, avgLength: totals.chunks ? totals.chars / totals.chunks : 1, df };
}
