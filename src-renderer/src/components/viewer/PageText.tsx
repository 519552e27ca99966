import { useEffect, useRef } from 'react';
import { useT } from '../../i18n';
import { HighlightedText } from '../HighlightedText';

/** A text or Markdown page (no image to draw): its text, with the cited or matched span marked. */
export function PageText({ text, span }: { text: string; span: { start: number; end: number } | null }) {
  const t = useT();
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ref.current?.querySelector('mark')?.scrollIntoView({ block: 'center' });
  }, [text, span]);
  if (!text.trim()) return <p className="muted">{t('viewer.emptyPage')}</p>;
  return (
    <div className="page-text" ref={ref} data-testid="viewer-text">
      <HighlightedText text={text} ranges={span ? [span] : []} testId="highlight-text" />
    </div>
  );
}
