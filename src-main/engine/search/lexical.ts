/**
 * Lexical search over the JS-made tokens (text/tokens.ts), in two stages:
 * 1. FTS5 finds candidates: any query bigram/word in the title or chunk columns, or a single-kanji word
 *    in the character column, ranked by FTS5's bm25();
 * 2. the candidates are re-scored by weighted BM25 (weighted-bm25.ts).
 */
import type { Db } from '../store/db.js';
import { ftsCandidates } from '../store/fts.js';
import { corpusTotals, documentFrequencies } from '../store/term-stats.js';
import { foldCase, isJapaneseChar, normalizeText } from '../text/normalize.js';
import { highlightTerms } from '../text/snippet.js';
import { ftsQuote, tokenize } from '../text/tokens.js';
import { countTerms, termKey, weightedBm25, type CorpusStats, type WeightedTerm } from './weighted-bm25.js';

/** Term weights by word structure (Intl.Segmenter words), measured on JSQuAD; see README. */
export const TERM_WEIGHTS = { inWord: 1, acrossWords: 0.5, kanaOnly: 0.3, singleKanji: 0.5 } as const;
/** FTS5 candidates re-scored per query. */
export const CANDIDATES = 100;
/**
 * FTS5 has no early termination: an OR query decodes every posting of every term and scores every row it
 * matches. Candidates are therefore found with the rarest terms whose postings add up to this budget (at
 * least one term); re-scoring still uses every term. On a small corpus every term fits, so results are
 * those of the full query; on 100,000 chunks it keeps a question under 30 ms (README, "Figures").
 */
export const CANDIDATE_POSTINGS = 30_000;

export interface LexicalQuery {
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

  return { terms: [...weights.values()], highlights: highlightTerms(query) };
}

/** FTS5 MATCH expression for any of the terms, or null for none. Tokens are quoted, so query syntax is inert. */
export function ftsMatch(terms: readonly WeightedTerm[]): string | null {
  const grams = terms.filter((t) => t.column === 'grams').map((t) => ftsQuote(t.token));
  const chars = terms.filter((t) => t.column === 'chars').map((t) => ftsQuote(t.token));
  const parts: string[] = [];
  if (grams.length) parts.push(`{title grams} : (${grams.join(' OR ')})`);
  if (chars.length) parts.push(`chars : (${chars.join(' OR ')})`);
  return parts.length ? parts.join(' OR ') : null;
}

/** The rarest terms whose postings fit in the budget, always at least the rarest one present. */
export function candidateTerms(terms: readonly WeightedTerm[], df: ReadonlyMap<string, number>, budget = CANDIDATE_POSTINGS): WeightedTerm[] {
  const present = terms.filter((t) => (df.get(termKey(t)) ?? 0) > 0).sort((a, b) => df.get(termKey(a))! - df.get(termKey(b))!);
  const chosen: WeightedTerm[] = [];
  let postings = 0;
  for (const t of present) {
    postings += df.get(termKey(t))!;
    if (chosen.length && postings > budget) break;
    chosen.push(t);
  }
  return chosen;
}

export interface LexicalHit {
  chunkId: number;
  /** weighted BM25: higher is better */
  score: number;
  /** FTS5 bm25() of the first stage: lower is better */
  ftsBm25: number;
}

/**
 * `docs`: candidates only from these documents (a search's scope, store/scope.ts); the corpus statistics
 * (IDF, average length) stay the whole library's, so a chunk scores the same in and out of a scope.
 */
export function lexicalSearch(db: Db, q: LexicalQuery, limit: number, docs: readonly number[] | null = null): LexicalHit[] {
  if (!q.terms.length || docs?.length === 0) return [];
  const df = documentFrequencies(db, q.terms);
  const match = ftsMatch(candidateTerms(q.terms, df));
  if (!match) return [];
  const rows = ftsCandidates(db, match, Math.max(CANDIDATES, limit), docs);
  if (!rows.length) return [];
  const totals = corpusTotals(db);
  const stats: CorpusStats = { n: totals.chunks, avgLength: totals.chunks ? totals.chars / totals.chunks : 1, df };
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
