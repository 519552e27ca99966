import { useCallback, useRef, useState } from 'react';
import type { DocumentInfo } from '#shared/api';
import { describeError } from '../api/errors';
import { useT } from '../i18n';
import { useClient } from '../state/client';
import { useIngest } from '../state/ingest';

export interface ReindexState {
  pagesDone: number;
  pages: number | null;
  error: string | null;
  running: boolean;
}

/**
 * Re-indexing of library documents, with page progress per document. Keyed by path, which the list keeps
 * when it reloads in the middle (a re-index keeps the document's id too, and its old version until done).
 */
export function useReindex() {
  const client = useClient();
  const t = useT();
  const { documentsChanged } = useIngest();
  const [states, setStates] = useState<ReadonlyMap<string, ReindexState>>(new Map());
  const cancels = useRef(new Map<string, () => void>());

  const set = useCallback((path: string, patch: (s: ReindexState) => ReindexState) => {
    setStates((m) => new Map(m).set(path, patch(m.get(path) ?? { pagesDone: 0, pages: null, error: null, running: true })));
  }, []);

  const start = useCallback(
    (doc: DocumentInfo) => {
      set(doc.path, () => ({ pagesDone: 0, pages: null, error: null, running: true }));
      const call = client.reindexDocument({ doc: String(doc.id) }, (e) => {
        if (e.type === 'file-pages') set(doc.path, (s) => ({ ...s, pages: e.pages, pagesDone: e.resumeFrom - 1 }));
        if (e.type === 'page') set(doc.path, (s) => ({ ...s, pages: e.pages, pagesDone: Math.max(s.pagesDone, e.page) }));
      });
      cancels.current.set(doc.path, call.cancel);
      call.result
        .then((summary) => {
          const failed = summary.files.find((f) => f.outcome === 'failed' || f.outcome === 'cancelled');
          set(doc.path, (s) => ({ ...s, running: false, error: failed?.reason ?? null }));
        })
        .catch((e: unknown) => set(doc.path, (s) => ({ ...s, running: false, error: describeError(t, e) })))
        .finally(() => {
          cancels.current.delete(doc.path);
          documentsChanged();
        });
    },
    [client, set, documentsChanged, t],
  );

  const cancel = useCallback((path: string) => cancels.current.get(path)?.(), []);
  return { states, start, cancel };
}
