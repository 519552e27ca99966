import { useState } from 'react';
import { useT } from '../../i18n';
import { Icon } from '../Icon';

/** Previous / next and a page number field (applied on Enter or when leaving it). */
export function PageNav({ pageNo, pageCount, onPage }: { pageNo: number; pageCount: number | null; onPage(n: number): void }) {
  const t = useT();
  const [draft, setDraft] = useState<string | null>(null);
  const last = pageCount ?? pageNo;
  const apply = () => {
    const n = Number(draft);
    setDraft(null);
    if (Number.isInteger(n) && n >= 1 && n <= last && n !== pageNo) onPage(n);
  };
  return (
    <div className="page-nav" role="group" aria-label={t('viewer.pageNav')} data-testid="viewer-page-nav">
      <button type="button" className="icon-btn" onClick={() => onPage(pageNo - 1)} disabled={pageNo <= 1} aria-label={t('viewer.prev')} data-testid="viewer-prev">
        <Icon name="prev" />
      </button>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          apply();
        }}
      >
        <input
          className="input page-input"
          type="number"
          inputMode="numeric"
          min={1}
          max={last}
          value={draft ?? String(pageNo)}
          onChange={(e) => setDraft(e.target.value)}
          onBlur={apply}
          aria-label={t('viewer.pageInput')}
          data-testid="viewer-page-input"
        />
      </form>
      <span className="muted" data-testid="viewer-page-count">
        {t('viewer.pageOf', { n: pageCount ?? '…' })}
      </span>
      <button type="button" className="icon-btn" onClick={() => onPage(pageNo + 1)} disabled={pageNo >= last} aria-label={t('viewer.next')} data-testid="viewer-next">
        <Icon name="next" />
      </button>
    </div>
  );
}
