import type { ReactNode } from 'react';
import type { AnswerPassage, Citation } from '#shared/api';
import { useT } from '../../i18n';
import { useViewer } from '../../state/viewer';

/** Where a marker [n] points: a verified citation once the answer is done, the passage while streaming. */
export type CitationTarget = Pick<Citation, 'n' | 'docId' | 'title' | 'pageNo' | 'boxes'> & Partial<Pick<Citation, 'start' | 'end'>>;

export function citationTargets(citations: readonly Citation[] | undefined, passages: readonly AnswerPassage[]): Map<number, CitationTarget> {
  return new Map<number, CitationTarget>((citations ?? passages).map((c) => [c.n, c]));
}

/** The answer text with its [n] markers turned into chips that open the cited page. */
export function CitedText({ text, targets }: { text: string; targets: ReadonlyMap<number, CitationTarget> }) {
  const parts: ReactNode[] = [];
  let at = 0;
  for (const m of text.matchAll(/\[(\d+)\]/g)) {
    const target = targets.get(Number(m[1]));
    if (!target) continue;
    parts.push(text.slice(at, m.index), <CitationChip key={m.index} target={target} />);
    at = m.index + m[0].length;
  }
  parts.push(text.slice(at));
  return <>{parts}</>;
}

function CitationChip({ target }: { target: CitationTarget }) {
  const t = useT();
  const viewer = useViewer();
  return (
    <button
      type="button"
      className="chip"
      onClick={() => viewer.open(viewerTarget(target))}
      aria-label={t('answer.citationLabel', { n: target.n, title: target.title, page: target.pageNo })}
      title={`${target.title} — ${t('common.pageShort', { page: target.pageNo })}`}
      data-testid="citation-chip"
      data-n={target.n}
    >
      {target.n}
    </button>
  );
}

export function viewerTarget(c: CitationTarget) {
  return { docId: c.docId, pageNo: c.pageNo, title: c.title, boxes: c.boxes, span: c.start !== undefined && c.end !== undefined ? { start: c.start, end: c.end } : null };
}
