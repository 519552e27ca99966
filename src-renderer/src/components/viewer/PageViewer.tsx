import { useCallback, useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useRemote } from '../../hooks/useRemote';
import { useT } from '../../i18n';
import { shownPath } from '../../i18n/format';
import { useClient } from '../../state/client';
import { useViewer, type ViewerTarget } from '../../state/viewer';
import { ErrorNote } from '../ErrorNote';
import { ExportPdfButton } from '../ExportPdfButton';
import { Icon } from '../Icon';
import { PageImage } from './PageImage';
import { PageNav } from './PageNav';
import { PageText } from './PageText';

const ZOOMS = [0.5, 0.75, 1, 1.25, 1.5, 2, 3];

/** The page viewer: a modal drawer over the current view, opened on a search hit, citation or document. */
export function PageViewer() {
  const { target, close } = useViewer();
  // a new target starts afresh (page, zoom, highlights)
  return target ? <ViewerDialog key={JSON.stringify(target)} target={target} onClose={close} /> : null;
}

function ViewerDialog({ target, onClose }: { target: ViewerTarget; onClose(): void }) {
  const t = useT();
  const client = useClient();
  const dialog = useRef<HTMLDialogElement>(null);
  const [pageNo, setPageNo] = useState(target.pageNo);
  const [zoom, setZoom] = useState(1);
  const load = useCallback(() => client.page({ docId: target.docId, pageNo }), [client, target.docId, pageNo]);
  const page = useRemote(load);
  const info = page.data;
  const pageCount = info?.pageCount ?? null;
  // highlights belong to the page they were found on
  const here = pageNo === target.pageNo;

  useEffect(() => {
    const d = dialog.current;
    const before = document.activeElement as HTMLElement | null;
    d?.showModal();
    return () => {
      d?.close();
      before?.focus();
    };
  }, []);

  const go = (n: number) => setPageNo(Math.min(Math.max(1, n), pageCount ?? n));
  const zoomBy = (dir: 1 | -1) => setZoom((z) => ZOOMS[Math.min(ZOOMS.length - 1, Math.max(0, ZOOMS.indexOf(z) + dir))]!);
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.target instanceof HTMLInputElement) return;
    if (e.key === 'ArrowRight' || e.key === 'PageDown') go(pageNo + 1);
    else if (e.key === 'ArrowLeft' || e.key === 'PageUp') go(pageNo - 1);
    else return;
    e.preventDefault();
  };

  return (
    <dialog
      ref={dialog}
      className="viewer"
      aria-labelledby="viewer-title"
      data-testid="viewer"
      onKeyDown={onKeyDown}
      onCancel={(e) => {
        e.preventDefault(); // Esc: closing is the state's job
        onClose();
      }}
      onClick={(e) => {
        if (e.target === dialog.current) onClose(); // a click on the backdrop
      }}
    >
      <header className="viewer-header">
        <div className="viewer-heading">
          <h2 id="viewer-title">{info?.title ?? target.title}</h2>
          {info && <p className="viewer-path">{shownPath(t, info.path)}</p>}
        </div>
        {info && info.pagesOcr > 0 && <ExportPdfButton docId={info.docId} title={info.title} testId="viewer-export-pdf" />}
        <button type="button" className="icon-btn" onClick={onClose} aria-label={t('viewer.close')} title={t('viewer.close')} data-testid="viewer-close" autoFocus>
          <Icon name="close" />
        </button>
      </header>
      <div className="viewer-toolbar">
        <PageNav pageNo={pageNo} pageCount={pageCount} onPage={go} />
        {info?.renderable && (
          <div className="zoom" role="group" aria-label={t('viewer.zoom')}>
            <button type="button" className="icon-btn" onClick={() => zoomBy(-1)} disabled={zoom === ZOOMS[0]} aria-label={t('viewer.zoomOut')} data-testid="viewer-zoom-out">
              <Icon name="minus" />
            </button>
            <span className="zoom-value" aria-live="polite" data-testid="viewer-zoom">
              {Math.round(zoom * 100)}%
            </span>
            <button type="button" className="icon-btn" onClick={() => zoomBy(1)} disabled={zoom === ZOOMS.at(-1)} aria-label={t('viewer.zoomIn')} data-testid="viewer-zoom-in">
              <Icon name="plus" />
            </button>
            <button type="button" className="btn btn-quiet" onClick={() => setZoom(1)} aria-pressed={zoom === 1} data-testid="viewer-fit">
              <Icon name="fit" />
              {t('viewer.fit')}
            </button>
          </div>
        )}
      </div>
      <div className="viewer-body" data-testid="viewer-body" aria-busy={page.loading}>
        {page.error ? (
          <ErrorNote testId="viewer-error">{t('viewer.pageFailed', { message: page.error.message })}</ErrorNote>
        ) : !info || page.loading ? (
          <p className="muted" role="status">
            {t('common.loading')}
          </p>
        ) : (
          <>
            {info.status === 'needs_ocr' && <p className="notice">{t('viewer.needsOcr')}</p>}
            {info.status === 'error' && <ErrorNote>{t('viewer.pageError', { message: info.error ?? '' })}</ErrorNote>}
            {info.renderable ? (
              <PageImage
                key={`${info.docId}:${info.pageNo}`}
                url={client.pageImage({ docId: info.docId, pageNo: info.pageNo })}
                boxes={here ? target.boxes : []}
                zoom={zoom}
                alt={t('viewer.imageAlt', { title: info.title, page: info.pageNo })}
                fallback={<PageText text={info.text} span={here ? target.span : null} />}
              />
            ) : (
              <PageText text={info.text} span={here ? target.span : null} />
            )}
          </>
        )}
      </div>
    </dialog>
  );
}
