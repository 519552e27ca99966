/**
 * Plain text and Markdown. Decoded as UTF-8 (BOM honoured), UTF-16 with a BOM, or, when not valid
 * UTF-8, Shift_JIS / EUC-JP, which Japanese files still often use. Form feeds separate pages.
 */
import type { DocumentKind } from '#shared/api';
import type { StoredPage } from '../store/repository.js';
import { lineJoint, normalizeText } from '../text/normalize.js';
import { InputError, type SourceDocument } from './types.js';

export function decodeText(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes);
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes);
  if (bytes.includes(0)) throw new InputError('not a text file (it contains binary data)');
  const strict = (enc: string) => {
    try {
      return new TextDecoder(enc, { fatal: true }).decode(bytes);
    } catch {
      return undefined;
    }
  };
  const utf8 = strict('utf-8');
  if (utf8 !== undefined) return utf8;
  // Short EUC-JP text often also decodes as Shift_JIS (into half-width kana and rare kanji): keep the
  // reading with more of the characters Japanese prose is made of.
  const readings = ['shift_jis', 'euc-jp'].map(strict).filter((t): t is string => t !== undefined);
  if (readings.length) return readings.reduce((best, t) => (plausibility(t) > plausibility(best) ? t : best));
  throw new InputError('text encoding not recognised (expected UTF-8, UTF-16, Shift_JIS or EUC-JP)');
}

/** Share of hiragana, common katakana, kanji, ASCII and Japanese punctuation: high for real Japanese text. */
function plausibility(text: string): number {
  const common = text.match(/[\p{Script=Hiragana}\u30A0-\u30FF\u4E00-\u9FFF\x20-\x7E\s\u3000-\u303F\uFF01-\uFF5E]/gu)?.length ?? 0;
  return common / Math.max(1, [...text].length);
}

/** Markdown: first heading; text: the first line when it is short and more follows; else the file name. */
function titleOf(text: string, kind: DocumentKind, fileName: string): string {
  const lines = text.split('\n').map((l) => l.trim()).filter(Boolean);
  if (kind === 'markdown') {
    const h = lines.find((l) => /^#{1,6}\s/.test(l));
    if (h) return h.replace(/^#+\s*/, '');
  }
  const first = lines[0];
  if (first && lines.length > 1 && [...first].length <= 60) return first;
  return fileName.replace(/\.(txt|md|markdown|text)$/i, '');
}

const LIST_OR_HEADING = /^(\s*[-*+•・●]\s|\s*\d+[.)]\s|#{1,6}\s|>|```|\|)/u;

/**
 * Rejoins hard-wrapped lines: within a block, a line joins the next when it is nearly as long as the
 * block's longest line and does not end a sentence (so "東\n京" still yields the bigram 東京). Lists,
 * headings, tables and short lines keep their line breaks.
 */
export function unwrapLines(block: string): string {
  const lines = block.split('\n');
  // a loop, not Math.max(...): a log or CSV export is one block of 100,000s of lines (spread overflows the stack)
  let longest = 0;
  for (const l of lines) longest = Math.max(longest, [...l.trim()].length);
  if (longest < 20) return block;
  // pieces joined once at the end, and only their last 400 characters shown to lineJoint: re-reading the
  // whole output at every line made a 250,000-line file quadratic
  const parts = [lines[0]!];
  for (let i = 1; i < lines.length; i++) {
    const prev = lines[i - 1]!.trim();
    const line = lines[i]!;
    const wrapped = [...prev].length >= longest * 0.8 && !/[。．！？!?:：」』）)]$/.test(prev) && !LIST_OR_HEADING.test(line) && !LIST_OR_HEADING.test(prev);
    if (!wrapped) {
      parts.push('\n', line);
      continue;
    }
    trimEnd(parts);
    const { separator, dropHyphen } = lineJoint(tail(parts), line);
    if (dropHyphen) parts[parts.length - 1] = parts.at(-1)!.slice(0, -1);
    parts.push(separator, line.trimStart());
  }
  return parts.join('');
}

/** Trailing whitespace removed from the end of the pieces. */
function trimEnd(parts: string[]): void {
  while (parts.length && parts.at(-1)!.trimEnd() === '') parts.pop();
  if (parts.length) parts[parts.length - 1] = parts.at(-1)!.trimEnd();
}

/** The last ≤ 400 characters of the pieces (all lineJoint looks at). */
function tail(parts: readonly string[]): string {
  let t = '';
  for (let k = parts.length - 1; k >= 0 && t.length < 400; k--) t = parts[k] + t;
  return t.slice(-400);
}

export function openText(bytes: Uint8Array, fileName: string, kind: 'text' | 'markdown'): SourceDocument {
  const raw = decodeText(bytes).trim();
  const text = normalizeText(raw).trim();
  if (text === '') throw new InputError('the file has no text');
  // Split before normalising: normalizeText folds form feeds (whitespace) into spaces.
  const pages = raw.split('\f').map((p) =>
    normalizeText(p)
      .split(/\n\s*\n/)
      .map((block) => unwrapLines(block.trim()))
      .filter(Boolean)
      .join('\n\n'),
  );
  return {
    kind,
    title: titleOf(text, kind, fileName),
    pageCount: pages.length,
    async *pages(from: number): AsyncIterable<StoredPage> {
      for (let n = from; n <= pages.length; n++) {
        const body = pages[n - 1]!;
        yield { pageNo: n, source: 'text', status: 'indexed', text: body, lines: [] };
      }
    },
    close: async () => {},
  };
}
