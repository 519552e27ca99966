import { useState } from 'react';
import { CallError, describeError } from '../api/errors';
import { responseError } from '../api/upload';
import { useT } from '../i18n';
import { useClient } from '../state/client';
import { Icon } from './Icon';

/**
 * Saves a document read by OCR as a searchable PDF. The export is fetched first (it takes a moment per
 * page) and then handed to the browser or Electron as a download under the name the host sent
 * (Content-Disposition), so a failure (file moved or changed) is shown here instead of saved as a file.
 */
export function ExportPdfButton({ docId, title, testId }: { docId: number; title: string; testId: string }) {
  const t = useT();
  const client = useClient();
  const [state, setState] = useState<'idle' | 'busy' | { error: string }>('idle');
  const save = async () => {
    setState('busy');
    try {
      const r = await fetch(client.exportSearchablePdf({ doc: String(docId) }));
      if (!r.ok) throw new CallError(responseError(r.status, await r.text()));
      const link = document.createElement('a');
      link.href = URL.createObjectURL(await r.blob());
      link.download = attachmentName(r.headers.get('content-disposition')) ?? `${title}-searchable.pdf`;
      link.click();
      // the download has its own reference by now
      setTimeout(() => URL.revokeObjectURL(link.href), 60_000);
      setState('idle');
    } catch (e) {
      setState({ error: describeError(t, e) });
    }
  };
  return (
    <>
      <button
        type="button"
        className="icon-btn"
        onClick={() => void save()}
        disabled={state === 'busy'}
        aria-busy={state === 'busy'}
        aria-label={t('export.pdfLabel', { title })}
        title={t('export.pdf')}
        data-testid={testId}
      >
        <Icon name="download" />
      </button>
      {typeof state === 'object' && (
        <span className="cell-error" role="alert">
          {t('export.failed', { message: state.error })}
        </span>
      )}
    </>
  );
}

/** The file name of an attachment: RFC 6266's UTF-8 `filename*` when given, else `filename`. */
export function attachmentName(header: string | null): string | undefined {
  const utf8 = /filename\*=UTF-8''([^;]+)/i.exec(header ?? '')?.[1];
  if (utf8) return decodeURIComponent(utf8);
  return /filename="([^"]*)"/i.exec(header ?? '')?.[1];
}
