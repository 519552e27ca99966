import { useCallback, useMemo, useState } from 'react';
import type { DocumentInfo } from '#shared/api';
import { describeError } from '../api/errors';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { EmptyState } from '../components/EmptyState';
import { ErrorNote } from '../components/ErrorNote';
import { Icon } from '../components/Icon';
import { LibraryRow } from '../components/library/LibraryRow';
import { useReindex } from '../hooks/useReindex';
import { useRemote } from '../hooks/useRemote';
import { useT } from '../i18n';
import { useClient } from '../state/client';
import { useIngest } from '../state/ingest';
import { useNavigation } from '../state/navigation';
import { useScopeToDocument } from '../state/scope';
import { useViewer } from '../state/viewer';

const fold = (s: string) => s.normalize('NFKC').toLowerCase();

export function LibraryView() {
  const t = useT();
  const client = useClient();
  const { docsVersion, documentsChanged } = useIngest();
  const { go } = useNavigation();
  const viewer = useViewer();
  const scopeTo = useScopeToDocument();
  const reindex = useReindex();
  const load = useCallback(() => client.listDocuments(), [client]);
  const docs = useRemote(load, docsVersion); // reloads after ingests and re-indexes
  const [filter, setFilter] = useState('');
  const [removing, setRemoving] = useState<DocumentInfo | null>(null);
  const [removeError, setRemoveError] = useState<string | null>(null);

  const shown = useMemo(() => {
    const f = fold(filter.trim());
    return (docs.data ?? []).filter((d) => !f || fold(d.title).includes(f) || fold(d.path).includes(f));
  }, [docs.data, filter]);

  const remove = (doc: DocumentInfo) => {
    setRemoving(null);
    setRemoveError(null);
    client
      .removeDocument({ doc: String(doc.id) })
      .catch((e: unknown) => setRemoveError(t('library.removeFailed', { title: doc.title, message: describeError(t, e) })))
      .finally(documentsChanged);
  };

  const total = docs.data?.length ?? 0;
  return (
    <section className="view" aria-labelledby="library-heading">
      <header className="view-header">
        <h1 id="library-heading">{t('library.title')}</h1>
        <div className="toolbar">
          <input
            type="search"
            className="input"
            value={filter}
            onChange={(e) => setFilter(e.target.value)}
            placeholder={t('library.filterPlaceholder')}
            aria-label={t('library.filter')}
            data-testid="library-filter"
          />
          <button type="button" className="btn" onClick={docs.reload} data-testid="library-refresh">
            <Icon name="refresh" />
            {t('library.refresh')}
          </button>
        </div>
      </header>
      {docs.error && (
        <ErrorNote
          testId="library-error"
          action={
            <button type="button" className="btn" onClick={docs.reload}>
              {t('common.retry')}
            </button>
          }
        >
          {t('library.loadFailed', { message: describeError(t, docs.error) })}
        </ErrorNote>
      )}
      {removeError && <ErrorNote testId="library-remove-error">{removeError}</ErrorNote>}
      {docs.data === undefined ? (
        !docs.error && <p className="muted" role="status">{t('common.loading')}</p>
      ) : total === 0 ? (
        <EmptyState icon="library" title={t('library.empty')} hint={t('library.emptyHint')} testId="library-empty">
          <button type="button" className="btn btn-primary" onClick={() => go('ingest')}>
            {t('library.goIngest')}
          </button>
        </EmptyState>
      ) : (
        <>
          <p className="muted" role="status" data-testid="library-count">
            {filter.trim() ? t('library.countFiltered', { n: shown.length, total }) : t('library.count', { n: total })}
          </p>
          {shown.length === 0 ? (
            <EmptyState icon="search" title={t('library.noMatch')} testId="library-no-match" />
          ) : (
            <div className="table-wrap">
              <table className="table" data-testid="library-table">
                <caption className="sr-only">{t('library.title')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('library.col.title')}</th>
                    <th scope="col" className="num">
                      {t('library.col.pages')}
                    </th>
                    <th scope="col">{t('library.col.source')}</th>
                    <th scope="col">{t('library.col.status')}</th>
                    <th scope="col" className="num">
                      {t('library.col.size')}
                    </th>
                    <th scope="col">{t('library.col.added')}</th>
                    <th scope="col">
                      <span className="sr-only">{t('library.col.actions')}</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {shown.map((d) => (
                    <LibraryRow
                      key={d.id}
                      doc={d}
                      reindex={reindex.states.get(d.path)}
                      onOpen={() => viewer.open({ docId: d.id, pageNo: 1, title: d.title, boxes: [], span: null })}
                      onScopeTo={(view) => scopeTo(view, d)}
                      onRemove={() => setRemoving(d)}
                      onReindex={() => reindex.start(d)}
                      onCancelReindex={() => reindex.cancel(d.path)}
                    />
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
      {removing && (
        <ConfirmDialog
          title={t('library.confirmRemoveTitle')}
          message={t('library.confirmRemove', { title: removing.title })}
          confirmLabel={t('library.remove')}
          onConfirm={() => remove(removing)}
          onCancel={() => setRemoving(null)}
        />
      )}
    </section>
  );
}
