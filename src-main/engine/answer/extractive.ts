/**
 * Extractive answer, used when no LLM is reachable (or asked for): the sentences of the top passages
 * that share the most weighted query terms (the weights of lexical search), each followed by the number
 * of its passage. Terms of the passage's document title count for little (`titleWeight`): they chose the
 * document, and every sentence of it is about them; a sentence that only repeats the question is skipped.
 * The top passage's best sentence always comes first, as retrieval ranks it highest; other sentences
 * join when they score at least `minShare` of the best. Measured on 1,000 JSQuAD questions (eval:answers):
 * the title rule lifts "gold answer in the answer text" from 0.856 to 0.861; citation recall 0.957 → 0.958.
 */
import { lexicalQuery } from '../search/lexical.js';
import { termKey } from '../search/weighted-bm25.js';
import { sentenceSpans } from '../text/sentences.js';
import { tokenize } from '../text/tokens.js';

export interface ExtractOptions {
  /** passages (in rank order) whose sentences are considered */
  passages: number;
  sentences: number;
  minShare: number;
  /** sentences longer than this are cut (a run-on OCR line without 。) */
  maxChars: number;
  /** factor on the weight of query terms found in the document's title */
  titleWeight: number;
}

export const EXTRACT_DEFAULTS: ExtractOptions = { passages: 3, sentences: 3, minShare: 0.6, maxChars: 240, titleWeight: 0.2 };

export interface ExtractedSentence {
  /** the passage's number */
  n: number;
  /** offsets in the passage text */
  start: number;
  end: number;
  text: string;
  score: number;
}

function termKeys(text: string): Set<string> {
  const t = tokenize(text);
  return new Set([...t.grams.map((token) => termKey({ token, column: 'grams' })), ...t.chars.map((token) => termKey({ token, column: 'chars' }))]);
}

/** Sum of the weights of the query's terms found in a text; terms in `title` weigh `titleWeight` as much. */
export function termScore(terms: ReturnType<typeof lexicalQuery>['terms'], text: string, title = '', titleWeight = 1): number {
  const have = termKeys(text);
  const inTitle = termKeys(title);
  let score = 0;
  for (const term of terms) if (have.has(termKey(term))) score += term.weight * (inTitle.has(termKey(term)) ? titleWeight : 1);
  return score;
}

/** Characters of a text that are not in the question (letters and digits only). */
function newChars(text: string, question: string): number {
  const q = new Set(question);
  return [...text.replace(/[\s\p{P}\p{S}]/gu, '')].filter((c) => !q.has(c)).length;
}

export function extractSentences(question: string, passages: readonly { n: number; text: string; title?: string }[], opts: ExtractOptions = EXTRACT_DEFAULTS): ExtractedSentence[] {
  const { terms } = lexicalQuery(question);
  const candidates: (ExtractedSentence & { rank: number })[] = [];
  passages.slice(0, opts.passages).forEach((p, rank) => {
    for (const s of sentenceSpans(p.text)) {
      const end = Math.min(s.end, s.start + opts.maxChars);
      const text = p.text.slice(s.start, end).replace(/\s*\n\s*/g, ' ');
      // a sentence of only punctuation or a page number, or only the question's words, says nothing
      if (text.replace(/[\s\p{P}\p{S}\p{N}]/gu, '').length < 4 || newChars(text, question) < 2) continue;
      candidates.push({ n: p.n, start: s.start, end, text, score: termScore(terms, text, p.title, opts.titleWeight), rank });
    }
  });
  if (!candidates.length) return [];
  const byScore = (a: { score: number; rank: number; start: number }, b: { score: number; rank: number; start: number }) => b.score - a.score || a.rank - b.rank || a.start - b.start;
  const first = candidates.filter((c) => c.rank === 0).sort(byScore)[0] ?? [...candidates].sort(byScore)[0]!;
  const best = Math.max(...candidates.map((c) => c.score));
  const rest = candidates.filter((c) => c !== first && c.score > 0 && c.score >= opts.minShare * best).sort(byScore);
  // the same sentence comes back from overlapping chunks and from copies of a text: say it once
  const seen = new Set<string>();
  const picked = [first, ...rest].filter((c) => {
    const key = c.text.replace(/\s+/g, '');
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return picked.slice(0, opts.sentences).map(({ rank: _rank, ...s }) => s);
}

/** The answer text: each sentence followed by its passage's marker. */
export function extractiveText(sentences: readonly ExtractedSentence[]): string {
  return sentences.map((s) => `${s.text}[${s.n}]`).join('\n');
}
