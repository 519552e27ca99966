/** Japanese-aware sentence spans: a sentence ends at 。！？!? (with any closing brackets) or a line break. */
import type { Span } from '#shared/api';

const TERMINATOR = /[。．！？!?]+[」』）)】〕”’]*|\n+/gu;

export function sentenceSpans(text: string): Span[] {
  const spans: Span[] = [];
  let from = 0;
  const push = (start: number, end: number) => {
    while (start < end && /\s/.test(text[start]!)) start++;
    while (end > start && /\s/.test(text[end - 1]!)) end--;
    if (end > start) spans.push({ start, end });
  };
  for (const m of text.matchAll(TERMINATOR)) {
    const isBreak = m[0].startsWith('\n');
    push(from, isBreak ? m.index : m.index + m[0].length);
    from = m.index + m[0].length;
  }
  push(from, text.length);
  return spans;
}
