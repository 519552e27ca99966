import type { ReactNode } from 'react';
import type { Span } from '#shared/api';

/** Text with ranges marked (search-term matches, a cited span). */
export function HighlightedText({ text, ranges, testId }: { text: string; ranges: readonly Span[]; testId?: string }) {
  const parts: ReactNode[] = [];
  let at = 0;
  for (const [i, r] of [...ranges].sort((a, b) => a.start - b.start).entries()) {
    const start = Math.max(at, r.start);
    if (r.end <= start) continue;
    if (start > at) parts.push(text.slice(at, start));
    parts.push(
      <mark key={i} data-testid={testId}>
        {text.slice(start, r.end)}
      </mark>,
    );
    at = r.end;
  }
  parts.push(text.slice(at));
  return <>{parts}</>;
}
