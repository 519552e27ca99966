import { useI18n, type Lang, type MessageKey, type Translate } from '../../i18n';
import { formatBytes, formatDuration } from '../../i18n/format';
import { percent, secondsLeft, type QueueRow } from '../../state/ingest-queue';
import { Icon } from '../Icon';
import { ProgressBar } from '../ProgressBar';

const OUTCOME: Record<NonNullable<QueueRow['outcome']>, MessageKey> = {
  indexed: 'outcome.indexed',
  unchanged: 'outcome.unchanged',
  skipped: 'outcome.skipped',
  failed: 'outcome.failed',
  cancelled: 'outcome.cancelled',
};

/** One file of the queue: its stage, pages, time left, and how it ended. */
export function IngestRow({ row, onCancel }: { row: QueueRow; onCancel: (() => void) | null }) {
  const { t, lang } = useI18n();
  const value = percent(row);
  const status = describe(row, t, lang);
  const tone = row.outcome === 'failed' ? 'failed' : row.outcome ? 'done' : 'normal';
  return (
    <li className={`qrow qrow-${row.outcome ?? 'active'}`} data-testid="ingest-row" data-name={row.name} data-stage={row.stage} data-outcome={row.outcome ?? ''}>
      <span className="qrow-icon">
        <Icon name={row.folder ? 'folder' : 'file'} />
      </span>
      <div className="qrow-main">
        <div className="qrow-top">
          <span className="qrow-name" title={row.path ?? row.name}>
            {row.name}
          </span>
          <span className="qrow-status" data-testid="ingest-status">
            {status}
          </span>
        </div>
        <ProgressBar value={value} label={t('ingest.progressLabel', { name: row.name })} text={status} tone={tone} testId="ingest-progress" />
        {row.reason && row.outcome !== 'indexed' && (
          <p className={`qrow-reason${row.outcome === 'failed' ? ' qrow-reason-failed' : ''}`} data-testid="ingest-reason">
            {row.reason}
          </p>
        )}
      </div>
      {onCancel && (
        <button type="button" className="icon-btn" onClick={onCancel} aria-label={t('ingest.cancelLabel', { name: row.name })} title={t('ingest.cancel')} data-testid="ingest-cancel">
          <Icon name="close" />
        </button>
      )}
    </li>
  );
}

function describe(r: QueueRow, t: Translate, lang: Lang): string {
  if (r.outcome) {
    const parts = [t(OUTCOME[r.outcome])];
    if (r.outcome === 'indexed' && r.pages !== null) parts.push(t('ingest.pagesCount', { n: r.pages }));
    if (r.pagesNeedingOcr) parts.push(t('ingest.needsOcr', { n: r.pagesNeedingOcr }));
    if (r.pagesUnreadable) parts.push(t('ingest.unreadable', { n: r.pagesUnreadable }));
    return parts.join(' · ');
  }
  if (r.folder) return t('stage.folder');
  switch (r.stage) {
    case 'uploading':
      return r.upload ? t('stage.uploadingBytes', { loaded: formatBytes(lang, r.upload.loaded), total: formatBytes(lang, r.upload.total) }) : t('stage.uploading');
    case 'render':
    case 'ocr':
    case 'indexing': {
      const parts = [r.stage === 'indexing' ? t('stage.indexing') : t(r.stage === 'render' ? 'stage.render' : 'stage.ocr', { page: r.page ?? r.pagesDone + 1 })];
      if (r.pages) parts.push(t('ingest.pages', { done: r.pagesDone, total: r.pages }));
      const left = secondsLeft(r);
      if (left !== null && r.pagesDone < (r.pages ?? 0)) parts.push(t('ingest.eta', { time: formatDuration(t, left) }));
      return parts.join(' · ');
    }
    case 'embedding':
      return t('stage.embedding', { done: r.embed?.done ?? 0, total: r.embed?.total ?? 0 });
    case 'waiting':
      return t('stage.waiting');
    case 'scanning':
      return t('stage.scanning');
    case 'reading':
    case 'done':
      return t('stage.reading');
  }
}
