import { useCallback } from 'react';
import { useRemote } from '../../hooks/useRemote';
import { useI18n } from '../../i18n';
import { formatBytes, formatNumber } from '../../i18n/format';
import { useClient } from '../../state/client';
import { useIngest } from '../../state/ingest';
import { ErrorNote } from '../ErrorNote';
import { Section } from './Section';

/** Where the store is and what it holds. */
export function DataSection() {
  const { t, lang } = useI18n();
  const client = useClient();
  const { docsVersion } = useIngest();
  const status = useRemote(
    useCallback(() => client.status(), [client]),
    docsVersion,
  );
  const s = status.data;
  return (
    <Section id="data" title={t('settings.data')}>
      {status.error && <ErrorNote>{t('data.failed', { message: status.error.message })}</ErrorNote>}
      {s && (
        <dl className="facts">
          <dt>{t('data.folder')}</dt>
          <dd className="mono" data-testid="data-folder">
            {s.dbPath}
          </dd>
          <dt>{t('data.contents')}</dt>
          <dd data-testid="data-counts">
            {t('data.counts', { docs: formatNumber(lang, s.documents), pages: formatNumber(lang, s.pages), chunks: formatNumber(lang, s.chunks) })}
            {s.pagesNeedingOcr > 0 && ` · ${t('source.needsOcr', { n: formatNumber(lang, s.pagesNeedingOcr) })}`}
          </dd>
          <dt>{t('data.size')}</dt>
          <dd>{formatBytes(lang, s.dbBytes)}</dd>
        </dl>
      )}
    </Section>
  );
}
