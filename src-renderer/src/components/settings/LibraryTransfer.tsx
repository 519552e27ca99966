import { useRef, useState } from 'react';
import type { LibraryExportSummary, LibraryImportSummary, LibraryTransferEvent } from '#shared/api';
import { describeError } from '../../api/errors';
import { useI18n } from '../../i18n';
import { formatBytes, formatNumber } from '../../i18n/format';
import { useClient } from '../../state/client';
import { useIngest } from '../../state/ingest';
import { ErrorNote } from '../ErrorNote';
import { ProgressBar } from '../ProgressBar';

type Outcome = { kind: 'export'; summary: LibraryExportSummary } | { kind: 'import'; summary: LibraryImportSummary } | { kind: 'error'; message: string };

/**
 * Library transfer in Settings › Data: export to an archive and import one, one at a time, with the
 * phase's progress and what came of it. Paths are typed: no file dialog reaches the renderer through
 * the contract (the hint says so).
 */
export function LibraryTransfer() {
  const { t, lang } = useI18n();
  const client = useClient();
  const { documentsChanged } = useIngest();
  const [exportPath, setExportPath] = useState('');
  const [exportFiles, setExportFiles] = useState(false);
  const [importPath, setImportPath] = useState('');
  const [importFiles, setImportFiles] = useState(false);
  const [progress, setProgress] = useState<LibraryTransferEvent | null>(null);
  const [running, setRunning] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const cancel = useRef<(() => void) | null>(null);
  const n = (x: number) => formatNumber(lang, x);

  const run = <R,>(start: (onEvent: (e: LibraryTransferEvent) => void) => { result: Promise<R>; cancel: () => void }, done: (r: R) => Outcome) => {
    setRunning(true);
    setOutcome(null);
    setProgress(null);
    const call = start(setProgress);
    cancel.current = call.cancel;
    call.result
      .then((r) => setOutcome(done(r)))
      .catch((e: unknown) => setOutcome({ kind: 'error', message: describeError(t, e) }))
      .finally(() => {
        cancel.current = null;
        setRunning(false);
        documentsChanged();
      });
  };
  const startExport = () => run((onEvent) => client.exportLibrary({ file: exportPath.trim(), withFiles: exportFiles }, onEvent), (summary) => ({ kind: 'export', summary }));
  const startImport = () => run((onEvent) => client.importLibrary({ file: importPath.trim(), withFiles: importFiles }, onEvent), (summary) => ({ kind: 'import', summary }));
  const percent = progress && progress.total > 0 ? Math.round((progress.done / progress.total) * 100) : null;

  return (
    <div className="library-transfer" data-testid="library-transfer">
      <h3>{t('transfer.title')}</h3>
      <p className="muted">{t('transfer.hint')}</p>
      <ArchiveForm
        kind="export"
        path={exportPath}
        onPath={setExportPath}
        files={exportFiles}
        onFiles={setExportFiles}
        disabled={running}
        onSubmit={startExport}
      />
      <ArchiveForm
        kind="import"
        path={importPath}
        onPath={setImportPath}
        files={importFiles}
        onFiles={setImportFiles}
        disabled={running}
        onSubmit={startImport}
      />
      <p className="muted">{t('transfer.pathHint')}</p>
      {running && (
        <div className="transfer-progress" data-testid="transfer-progress">
          <ProgressBar value={percent} label={t('transfer.progressLabel')} text={progress ? t('transfer.progress', { phase: t(`transfer.phase.${progress.phase}`), percent: percent ?? 0 }) : undefined} />
          <span className="muted">{progress && t('transfer.progress', { phase: t(`transfer.phase.${progress.phase}`), percent: percent ?? 0 })}</span>
          <button type="button" className="btn" onClick={() => cancel.current?.()}>
            {t('common.cancel')}
          </button>
        </div>
      )}
      {outcome?.kind === 'error' && <ErrorNote testId="transfer-error">{t('transfer.failed', { message: outcome.message })}</ErrorNote>}
      {outcome?.kind === 'export' && (
        <p role="status" data-testid="transfer-result">
          {t('transfer.exported', {
            docs: n(outcome.summary.counts.documents),
            chunks: n(outcome.summary.counts.chunks),
            files: n(outcome.summary.files.included),
            file: outcome.summary.file,
            size: formatBytes(lang, outcome.summary.bytes),
          })}
          {outcome.summary.files.missing.length > 0 && <span className="block muted">{t('transfer.missingFiles', { n: n(outcome.summary.files.missing.length) })}</span>}
        </p>
      )}
      {outcome?.kind === 'import' && <ImportResult summary={outcome.summary} n={n} />}
    </div>
  );
}

interface ArchiveFormProps {
  kind: 'export' | 'import';
  path: string;
  onPath(path: string): void;
  /** with the original files */
  files: boolean;
  onFiles(files: boolean): void;
  disabled: boolean;
  onSubmit(): void;
}

/** The archive's typed path, whether the original files go along, and the button: one each way. */
function ArchiveForm({ kind, path, onPath, files, onFiles, disabled, onSubmit }: ArchiveFormProps) {
  const { t } = useI18n();
  return (
    <form
      className="form"
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit();
      }}
    >
      <label className="field">
        <span>{t(`transfer.${kind}Path`)}</span>
        <input className="input mono" value={path} onChange={(e) => onPath(e.target.value)} spellCheck={false} data-testid={`transfer-${kind}-path`} />
      </label>
      <label className="check">
        <input type="checkbox" checked={files} onChange={(e) => onFiles(e.target.checked)} data-testid={`transfer-${kind}-files`} />
        <span>{t(`transfer.${kind}Files`)}</span>
      </label>
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={disabled || !path.trim()} data-testid={`transfer-${kind}`}>
          {t(`transfer.${kind}`)}
        </button>
      </div>
    </form>
  );
}

function ImportResult({ summary: s, n }: { summary: LibraryImportSummary; n: (x: number) => string }) {
  const { t } = useI18n();
  return (
    <p role="status" data-testid="transfer-result">
      {t('transfer.imported', { docs: n(s.documents.imported), chunks: n(s.chunks), present: n(s.documents.present) })}
      {s.vectors > 0 && <span className="block">{t('transfer.vectorsTaken', { n: n(s.vectors) })}</span>}
      {s.queuedForEmbedding > 0 && <span className="block">{t('transfer.queued', { n: n(s.queuedForEmbedding) })}</span>}
      {s.files.folder && s.files.restored > 0 && <span className="block">{t('transfer.restored', { n: n(s.files.restored), folder: s.files.folder })}</span>}
      {s.cancelled && <span className="block muted">{t('transfer.cancelled')}</span>}
    </p>
  );
}
