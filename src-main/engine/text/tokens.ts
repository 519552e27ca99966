/**
 * Tokens for the FTS5 index. SQLite's own tokenizers do not fit Japanese (unicode61 keeps a whole
 * unspaced sentence as one token; trigram cannot match 1–2 character terms), so tokens are made here
 * and stored space-separated in FTS5 columns that use unicode61 only to split on those spaces.
 *
 * Japanese runs become overlapping character bigrams (a one-character run stays a unigram) plus, in a
 * separate column, single characters, so a one-character query (円) still matches. Latin, digits and
 * other scripts become whole lower-cased words. The choice was measured on JSQuAD (README, "Search").
 */
import { foldCase, normalizeText } from './normalize.js';

const JAPANESE_RUN = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}ー〆ヶ]+/gu;
const OTHER_WORD = /(?:(?![\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}ー〆ヶ])[\p{L}\p{N}\p{M}])+/gu;

export interface TextTokens {
  /** bigrams of Japanese runs and whole non-Japanese words */
  grams: string[];
  /** every Japanese character on its own */
  chars: string[];
}

export function tokenize(text: string): TextTokens {
  const s = foldCase(normalizeText(text));
  const grams: string[] = [];
  const chars: string[] = [];
  for (const m of s.matchAll(JAPANESE_RUN)) {
    const run = [...m[0]];
    if (run.length === 1) grams.push(run[0]!);
    for (let i = 0; i + 1 < run.length; i++) grams.push(run[i]! + run[i + 1]!);
    chars.push(...run);
  }
  for (const m of s.matchAll(OTHER_WORD)) grams.push(m[0]);
  return { grams, chars };
}

/** FTS5 string literal: tokens never contain spaces, but may contain quotes. */
export function ftsQuote(token: string): string {
  return `"${token.replaceAll('"', '""')}"`;
}
