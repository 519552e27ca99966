import { DropZone } from '../components/ingest/DropZone';
import { IngestRow } from '../components/ingest/IngestRow';
import { EmptyState } from '../components/EmptyState';
import { Icon } from '../components/Icon';
import { useT } from '../i18n';
import { useIngest } from '../state/ingest';

export function IngestView() {
  const t = useT();
  const { queue, cancel, clearFinished } = useIngest();
  const running = new Set(queue.batches.filter((b) => b.running).map((b) => b.id));
  const files = queue.rows.filter((r) => !r.folder);
  const done = files.filter((r) => r.outcome).length;
  const total = queue.batches.reduce((n, b) => n + Math.max(b.files ?? 0, files.filter((r) => r.batch === b.id).length), 0);
  const failed = files.filter((r) => r.outcome === 'failed').length;
  return (
    <section className="view" aria-labelledby="ingest-heading">
      <header className="view-header">
        <h1 id="ingest-heading">{t('ingest.title')}</h1>
      </header>
      <DropZone />
      <section className="panel" aria-labelledby="queue-heading">
        <div className="panel-header">
          <h2 id="queue-heading">{t('ingest.queue')}</h2>
          <p className="muted" role="status" data-testid="ingest-summary">
            {files.length > 0 && t(failed ? 'ingest.summaryFailed' : 'ingest.summary', { done, total, failed })}
          </p>
          {done > 0 && (
            <button type="button" className="btn btn-quiet" onClick={clearFinished} data-testid="ingest-clear">
              <Icon name="trash" />
              {t('ingest.clearFinished')}
            </button>
          )}
        </div>
        {queue.rows.length ? (
          <ul className="queue" aria-labelledby="queue-heading">
            {queue.rows.map((r) => (
              <IngestRow key={r.key} row={r} onCancel={!r.outcome && running.has(r.batch) ? () => cancel(r.batch) : null} />
            ))}
          </ul>
        ) : (
          <EmptyState icon="file" title={t('ingest.empty')} hint={t('ingest.emptyHint')} testId="ingest-empty" />
        )}
      </section>
    </section>
  );
}
