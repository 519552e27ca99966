import { createContext, useCallback, useContext, useMemo, useReducer, useRef, useState, type ChangeEvent, type ReactNode } from 'react';
import { CallError, describeError } from '../api/errors';
import type { IngestSource } from '../api/transport';
import { useT, type Translate } from '../i18n';
import { useClient } from './client';
import { baseName, emptyQueue, queueReducer, type NewRow, type QueueState } from './ingest-queue';

/** The engine's extensions (documents/files.ts): files of other types inside a dropped folder are skipped, not uploaded. */
const SUPPORTED = /\.(pdf|txt|text|md|markdown|png|jpe?g|tiff?)$/i;

interface IngestControl {
  queue: QueueState;
  add(sources: IngestSource[]): void;
  cancel(batch: number): void;
  clearFinished(): void;
  pick(kind: 'files' | 'folder'): void;
  /** bumped whenever documents may have changed (a file indexed, a batch ended) */
  docsVersion: number;
  documentsChanged(): void;
}

const IngestContext = createContext<IngestControl | null>(null);

/**
 * Runs ingests: each drop or pick is one batch (uploads first in the browser, then one ingest call).
 * Batches ingest one after another, so OCR does not run twice at once; uploads of the next can overlap.
 */
export function IngestProvider({ children }: { children: ReactNode }) {
  const client = useClient();
  const t = useT();
  const [queue, dispatch] = useReducer(queueReducer, emptyQueue);
  const [docsVersion, setDocsVersion] = useState(0);
  const aborts = useRef(new Map<number, AbortController>());
  const chain = useRef<Promise<void>>(Promise.resolve());
  const nextBatch = useRef(1);
  const fileInput = useRef<HTMLInputElement>(null);
  const folderInput = useRef<HTMLInputElement>(null);
  const documentsChanged = useCallback(() => setDocsVersion((v) => v + 1), []);

  const add = useCallback(
    (sources: IngestSource[]) => {
      if (!sources.length) return;
      const batch = nextBatch.current++;
      const abort = new AbortController();
      aborts.current.set(batch, abort);
      const rows = sources.map((src, i): NewRow & { src: IngestSource } => {
        const key = `${batch}:#${i}`;
        if (src.kind === 'path') return { key, src, name: baseName(src.path), path: src.path, folder: src.folder };
        const inFolder = src.relativePath.includes('/');
        const skip = inFolder && !SUPPORTED.test(src.relativePath);
        const ext = /\.[^./]+$/.exec(src.relativePath)?.[0] ?? '';
        return { key, src, name: src.relativePath, path: null, folder: false, ...(skip ? { outcome: 'skipped', reason: t('ingest.unsupported', { ext: ext || '—' }) } : {}) };
      });
      dispatch({ type: 'add', batch, rows: rows.map(({ src: _src, ...r }) => r) });

      const run = async () => {
        const paths: string[] = [];
        const uploads: string[] = [];
        for (const r of rows) {
          if (r.outcome) continue;
          if (abort.signal.aborted) break;
          try {
            const target = await client.transport.resolveSource(r.src, (p) => dispatch({ type: 'upload-progress', key: r.key, ...p }), abort.signal);
            dispatch({ type: 'uploaded', key: r.key, target });
            if ('path' in target) paths.push(target.path);
            else uploads.push(target.upload);
          } catch (e) {
            const cancelled = e instanceof CallError && e.code === 'cancelled';
            dispatch({ type: 'row-ended', key: r.key, outcome: cancelled ? 'cancelled' : 'failed', reason: uploadReason(e, t) });
          }
        }
        // wait for the batches before this one to finish ingesting
        const previous = chain.current;
        let release!: () => void;
        chain.current = new Promise((r) => (release = r));
        await previous;
        try {
          if (abort.signal.aborted || !(paths.length + uploads.length)) {
            dispatch({ type: 'batch-ended', batch, outcome: 'cancelled', reason: t('ingest.cancelled') });
            return;
          }
          dispatch({ type: 'ingest-started', batch });
          // only what there is, so a desktop request stays { paths }
          const call = client.ingest({ ...(paths.length ? { paths } : {}), ...(uploads.length ? { uploads } : {}) }, (event) => {
            dispatch({ type: 'event', batch, event, at: performance.now() });
            if (event.type === 'file-end' && event.result.outcome === 'indexed') documentsChanged();
          });
          abort.signal.addEventListener('abort', () => call.cancel(), { once: true });
          try {
            await call.result;
            // every file has had its file-end by now, unless the batch was cancelled before reaching it
            dispatch({ type: 'batch-ended', batch, outcome: 'cancelled', reason: t('ingest.cancelled') });
          } catch (e) {
            dispatch({ type: 'batch-ended', batch, outcome: 'failed', reason: describeError(t, e) });
          }
          documentsChanged();
        } finally {
          aborts.current.delete(batch);
          release();
        }
      };
      void run();
    },
    [client, t, documentsChanged],
  );

  const pick = useCallback(
    (kind: 'files' | 'folder') => {
      const native = client.transport.pickPaths;
      if (native) void native(kind).then((paths) => add(paths.map((path) => ({ kind: 'path', path, folder: kind === 'folder' }))));
      else (kind === 'files' ? fileInput : folderInput).current?.click();
    },
    [client, add],
  );

  const onInput = (e: ChangeEvent<HTMLInputElement>) => {
    const files = [...(e.target.files ?? [])];
    e.target.value = ''; // picking the same files again must fire change again
    add(files.map((file) => ({ kind: 'file', file, relativePath: file.webkitRelativePath || file.name })));
  };

  const value = useMemo<IngestControl>(
    () => ({
      queue,
      add,
      cancel: (batch) => aborts.current.get(batch)?.abort(),
      clearFinished: () => dispatch({ type: 'clear-finished' }),
      pick,
      docsVersion,
      documentsChanged,
    }),
    [queue, add, pick, docsVersion, documentsChanged],
  );
  return (
    <IngestContext.Provider value={value}>
      {children}
      {!client.transport.pickPaths && (
        <>
          <input ref={fileInput} type="file" multiple hidden onChange={onInput} data-testid="file-input" aria-label={t('ingest.pickFiles')} />
          {/* webkitdirectory is not in React's typings; the empty string turns it on */}
          <input ref={folderInput} type="file" multiple hidden onChange={onInput} data-testid="folder-input" aria-label={t('ingest.pickFolder')} {...{ webkitdirectory: '' }} />
        </>
      )}
    </IngestContext.Provider>
  );
}

function uploadReason(e: unknown, t: Translate): string {
  if (e instanceof CallError && e.code === 'cancelled') return t('ingest.cancelled');
  return describeError(t, e);
}

export function useIngest(): IngestControl {
  const v = useContext(IngestContext);
  if (!v) throw new Error('useIngest outside IngestProvider');
  return v;
}
