import { useCallback } from 'react';
import { DOCUMENT_KINDS } from '#shared/api';
import { describeError } from '../../api/errors';
import { useRemote } from '../../hooks/useRemote';
import { useI18n } from '../../i18n';
import { formatBytes, formatDate, formatDuration, formatNumber } from '../../i18n/format';
import { useClient } from '../../state/client';
import { useIngest } from '../../state/ingest';
import { ErrorNote } from '../ErrorNote';
import { LibraryTransfer } from './LibraryTransfer';
import { Section } from './Section';

/** Where the store is, what the library holds, and moving it to another computer. */
export function DataSection() {
  const { t, lang } = useI18n();
  const client = useClient();
  const { docsVersion } = useIngest();
  const status = useRemote(
    useCallback(() => Promise.all([client.status(), client.libraryStats()]), [client]),
    docsVersion,
  );
  const n = (x: number) => formatNumber(lang, x);
  const [s, stats] = status.data ?? [];
  return (
    <Section id="data" title={t('settings.data')}>
      {status.error && <ErrorNote>{t('data.failed', { message: describeError(t, status.error) })}</ErrorNote>}
      {s && stats && (
        <dl className="facts">
          <dt>{t('data.folder')}</dt>
          <dd className="mono" data-testid="data-folder">
            {s.dbPath}
          </dd>
          <dt>{t('data.contents')}</dt>
          <dd data-testid="data-counts">
            {t('data.counts', { docs: n(s.documents), pages: n(s.pages), chunks: n(s.chunks) })}
            {s.pagesNeedingOcr > 0 && ` · ${t('source.needsOcr', { n: n(s.pagesNeedingOcr) })}`}
          </dd>
          <dt>{t('data.byKind')}</dt>
          <dd data-testid="data-kinds">
            {DOCUMENT_KINDS.filter((k) => stats.byKind[k].documents > 0)
              .map((k) => t('data.kind', { kind: t(`kind.${k}`), docs: n(stats.byKind[k].documents), size: formatBytes(lang, stats.byKind[k].bytes) }))
              .join(' · ') || '—'}
          </dd>
          <dt>{t('data.pages')}</dt>
          <dd data-testid="data-pages">
            {t('data.pageSources', { text: n(stats.pages.text), ocr: n(stats.pages.ocr) })}
            {stats.pages.unreadable > 0 && ` · ${t('data.unreadable', { n: n(stats.pages.unreadable) })}`}
          </dd>
          {stats.ocrSeconds.perPage !== null && (
            <>
              <dt>{t('data.ocrTime')}</dt>
              <dd>{t('data.ocrTimeValue', { total: formatDuration(t, stats.ocrSeconds.total), perPage: stats.ocrSeconds.perPage.toFixed(1) })}</dd>
            </>
          )}
          <dt>{t('data.characters')}</dt>
          <dd>{t('data.charactersValue', { chars: n(stats.characters), embedded: n(stats.embeddedChunks), chunks: n(stats.chunks) })}</dd>
          {stats.firstAdded && stats.lastAdded && (
            <>
              <dt>{t('data.added')}</dt>
              <dd>{t('data.addedRange', { first: formatDate(lang, stats.firstAdded), last: formatDate(lang, stats.lastAdded) })}</dd>
            </>
          )}
          <dt>{t('data.size')}</dt>
          <dd>{formatBytes(lang, s.dbBytes)}</dd>
        </dl>
      )}
      <LibraryTransfer />
    </Section>
  );
}
