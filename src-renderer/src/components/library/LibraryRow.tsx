import type { DocumentInfo } from '#shared/api';
import type { ReindexState } from '../../hooks/useReindex';
import { useI18n, type Translate } from '../../i18n';
import { formatBytes, formatDate, shownPath } from '../../i18n/format';
import { ExportPdfButton } from '../ExportPdfButton';
import { Icon } from '../Icon';
import { ProgressBar } from '../ProgressBar';

interface Props {
  doc: DocumentInfo;
  reindex: ReindexState | undefined;
  onOpen(): void;
  /** search in, or ask, this document alone */
  onScopeTo(view: 'search' | 'chat'): void;
  onRemove(): void;
  onReindex(): void;
  onCancelReindex(): void;
}

export function LibraryRow({ doc, reindex, onOpen, onScopeTo, onRemove, onReindex, onCancelReindex }: Props) {
  const { t, lang } = useI18n();
  const busy = reindex?.running ?? false;
  const reindexText = reindex?.pages ? t('ingest.pages', { done: reindex.pagesDone, total: reindex.pages }) : t('stage.reading');
  return (
    <tr data-testid="library-row" data-doc-id={doc.id} data-status={doc.status}>
      <td className="lib-title">
        <button type="button" className="link" onClick={onOpen} aria-label={t('library.openLabel', { title: doc.title })} data-testid="library-open">
          {doc.title}
        </button>
        <span className="lib-path" title={(doc.paths.length ? doc.paths : [doc.path]).map((p) => shownPath(t, p)).join('\n')}>
          {shownPath(t, doc.path)}
          {doc.paths.length > 1 && <span className="lib-more-paths">{t('library.otherPaths', { n: doc.paths.length - 1 })}</span>}
        </span>
      </td>
      <td className="num">{doc.pageCount}</td>
      <td>
        <span className="tag" data-testid="library-source">
          {sourceLabel(t, doc)}
        </span>
        {doc.pagesNeedingOcr > 0 && <span className="tag tag-warn">{t('source.needsOcr', { n: doc.pagesNeedingOcr })}</span>}
        {doc.pagesUnreadable > 0 && <span className="tag tag-error">{t('source.unreadable', { n: doc.pagesUnreadable })}</span>}
      </td>
      <td data-testid="library-status">
        {busy ? (
          <>
            <div className="lib-reindex">
              <ProgressBar
                value={reindex?.pages ? Math.round((reindex.pagesDone / reindex.pages) * 100) : null}
                label={t('library.reindexing', { title: doc.title })}
                text={reindexText}
                testId="library-progress"
              />
              <button type="button" className="icon-btn" onClick={onCancelReindex} aria-label={t('library.cancelReindexLabel', { title: doc.title })} data-testid="library-reindex-cancel">
                <Icon name="close" />
              </button>
            </div>
            <span className="lib-reindex-text">{reindexText}</span>
          </>
        ) : (
          <Status doc={doc} />
        )}
        {reindex?.error && !busy && <p className="cell-error">{reindex.error}</p>}
      </td>
      <td className="num">{formatBytes(lang, doc.bytes)}</td>
      <td className="nowrap">
        {formatDate(lang, doc.addedAt)}
        {doc.version > 1 && (
          <span className="lib-version" data-testid="library-version" title={doc.modifiedAt ? t('library.modifiedAt', { date: formatDate(lang, doc.modifiedAt) }) : undefined}>
            {t('library.version', { n: doc.version, date: formatDate(lang, doc.versionAt) })}
          </span>
        )}
      </td>
      <td className="lib-actions">
        <button type="button" className="icon-btn" onClick={() => onScopeTo('search')} aria-label={t('library.searchInLabel', { title: doc.title })} title={t('library.searchIn')} data-testid="library-search-in">
          <Icon name="search" />
        </button>
        <button type="button" className="icon-btn" onClick={() => onScopeTo('chat')} aria-label={t('library.askInLabel', { title: doc.title })} title={t('library.askIn')} data-testid="library-ask-in">
          <Icon name="chat" />
        </button>
        {doc.pagesOcr > 0 && <ExportPdfButton docId={doc.id} title={doc.title} testId="library-export-pdf" />}
        <button type="button" className="icon-btn" onClick={onReindex} disabled={busy} aria-label={t('library.reindexLabel', { title: doc.title })} title={t('library.reindex')} data-testid="library-reindex">
          <Icon name="refresh" />
        </button>
        <button type="button" className="icon-btn icon-btn-danger" onClick={onRemove} disabled={busy} aria-label={t('library.removeLabel', { title: doc.title })} title={t('library.remove')} data-testid="library-remove">
          <Icon name="trash" />
        </button>
      </td>
    </tr>
  );
}

function Status({ doc }: { doc: DocumentInfo }) {
  const { t } = useI18n();
  if (doc.status === 'ready') return <span className="status status-ok">{t('status.ready')}</span>;
  if (doc.status === 'indexing') return <span className="status status-busy">{t('status.indexing', { done: doc.pagesIndexed, total: doc.pageCount })}</span>;
  return (
    <>
      <span className="status status-error">{t('status.error')}</span>
      {doc.error && <p className="cell-error">{doc.error}</p>}
    </>
  );
}

/** Where the pages' text came from, over all pages: "OCR 12/40" when any page was read by OCR. */
function sourceLabel(t: Translate, doc: DocumentInfo): string {
  if (doc.pagesOcr > 0) return t('source.ocrCount', { n: doc.pagesOcr, total: doc.pageCount });
  if (doc.pagesIndexed > 0) return t(doc.kind === 'pdf' ? 'source.textLayer' : 'source.text');
  return '—';
}
