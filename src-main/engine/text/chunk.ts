/**
 * Sentence-aware chunking of one page. Chunks never cross pages (and so never documents); each keeps
 * character offsets into its page text and the boxes of the lines it overlaps.
 */
import type { Box, Span } from '#shared/api';
import { sentenceSpans } from './sentences.js';

export interface PageLine extends Span {
  box?: Box;
}

export interface ChunkOptions {
  /** target characters per chunk */
  size: number;
  /** characters of trailing sentences repeated at the start of the next chunk */
  overlap: number;
}

export interface Chunk extends Span {
  text: string;
  boxes: Box[];
}

/** Measured on JSQuAD (scripts/eval-retrieval.ts --sweep-chunks); see README. */
export const DEFAULT_CHUNKING: ChunkOptions = { size: 400, overlap: 80 };

/** Splits spans longer than `max` at the last comma or space before the limit, else hard. */
function limitSpans(text: string, spans: Span[], max: number): Span[] {
  const out: Span[] = [];
  for (const s of spans) {
    let start = s.start;
    while (s.end - start > max) {
      const window = text.slice(start, start + max);
      const cut = Math.max(window.lastIndexOf('、'), window.lastIndexOf(','), window.lastIndexOf(' '));
      let end = cut > max / 2 ? start + cut + 1 : start + max;
      // A hard cut must not split a surrogate pair (𠮷 and other supplementary-plane kanji).
      const code = text.charCodeAt(end - 1);
      if (code >= 0xd800 && code <= 0xdbff && end - 1 > start) end--;
      out.push({ start, end });
      start = end;
    }
    if (s.end > start) out.push({ start, end: s.end });
  }
  return out;
}

export function chunkPage(text: string, lines: readonly PageLine[], opts: ChunkOptions = DEFAULT_CHUNKING): Chunk[] {
  const sentences = limitSpans(text, sentenceSpans(text), opts.size);
  const chunks: Chunk[] = [];
  let i = 0;
  while (i < sentences.length) {
    let j = i;
    while (j + 1 < sentences.length && sentences[j + 1]!.end - sentences[i]!.start <= opts.size) j++;
    const start = sentences[i]!.start;
    const end = sentences[j]!.end;
    chunks.push({ start, end, text: text.slice(start, end), boxes: boxesForSpan(lines, start, end) });
    if (j + 1 >= sentences.length) break;
    // Step back over trailing sentences that fit in the overlap, but always advance, and only as far as
    // the next chunk can still take the next new sentence (else it would repeat a part of this one).
    let next = j + 1;
    const nextEnd = sentences[j + 1]!.end;
    while (next - 1 > i && end - sentences[next - 1]!.start <= opts.overlap && nextEnd - sentences[next - 1]!.start <= opts.size) next--;
    i = next;
  }
  return chunks;
}

/** Boxes of the lines that overlap [start, end) of the page text. */
export function boxesForSpan(lines: readonly PageLine[], start: number, end: number): Box[] {
  const boxes: Box[] = [];
  for (const l of lines) if (l.box && l.start < end && l.end > start) boxes.push(l.box);
  return boxes;
}
