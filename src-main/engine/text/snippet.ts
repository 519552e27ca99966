/** Snippets: the window of a chunk with the most query-term characters, with the matched ranges marked. */
import { foldCase } from './normalize.js';
import type { Snippet, Span } from '#shared/api';

/**
 * Terms worth highlighting for a query: its words (Intl.Segmenter), lower-cased, without particles and
 * other short kana-only words. Marking each query bigram instead would light up fragments (パッ in パッチ).
 */
export function highlightTerms(query: string): string[] {
  const words: string[] = [];
  for (const s of new Intl.Segmenter('ja', { granularity: 'word' }).segment(foldCase(query.normalize('NFKC')))) {
    if (!s.isWordLike) continue;
    if (/^[\p{Script=Hiragana}ー]{1,2}$/u.test(s.segment)) continue;
    words.push(s.segment);
  }
  return [...new Set(words)];
}

/** Marks every occurrence of any term, ignoring Latin case; overlapping occurrences merge into one range. */
export function matchRanges(text: string, terms: readonly string[]): Span[] {
  const hay = foldCase(text);
  const covered = new Uint8Array(hay.length);
  for (const term of new Set(terms.map(foldCase))) {
    if (term === '') continue;
    for (let at = hay.indexOf(term); at !== -1; at = hay.indexOf(term, at + 1)) covered.fill(1, at, at + term.length);
  }
  const ranges: Span[] = [];
  for (let i = 0; i < covered.length; i++) {
    if (!covered[i]) continue;
    const start = i;
    while (i < covered.length && covered[i]) i++;
    ranges.push({ start, end: i });
  }
  return ranges;
}

export function makeSnippet(text: string, terms: readonly string[], width = 120): Snippet {
  const ranges = matchRanges(text, terms);
  if (text.length <= width) return { text, highlights: ranges, offset: 0 };
  // Slide a window over range starts and keep the one covering the most matched characters.
  let bestStart = 0;
  let bestScore = -1;
  for (const r of ranges.length ? ranges : [{ start: 0, end: 0 }]) {
    const start = Math.max(0, Math.min(r.start - 10, text.length - width));
    let score = 0;
    for (const q of ranges) score += Math.max(0, Math.min(q.end, start + width) - Math.max(q.start, start));
    if (score > bestScore) [bestScore, bestStart] = [score, start];
  }
  const end = bestStart + width;
  const highlights = ranges
    .filter((r) => r.end > bestStart && r.start < end)
    .map((r) => ({ start: Math.max(r.start, bestStart) - bestStart, end: Math.min(r.end, end) - bestStart }));
  return { text: text.slice(bestStart, end), highlights, offset: bestStart };
}

/** Renders highlights with the given markers (CLI: ANSI or 【】). */
export function markSnippet(s: Snippet, open: string, close: string): string {
  let out = '';
  let at = 0;
  for (const h of s.highlights) {
    out += s.text.slice(at, h.start) + open + s.text.slice(h.start, h.end) + close;
    at = h.end;
  }
  return out + s.text.slice(at);
}
