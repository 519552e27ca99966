/**
 * The ingest queue as pure state: one row per file (or, until its files show up, per dropped folder),
 * grouped in batches, one batch per drop or pick (one ingest call). Times come in the actions so the
 * reducer stays pure.
 */
import { uploadIdOf, type FileOutcome, type IngestEvent } from '#shared/api';
import type { IngestTarget } from '../api/transport';

export type Stage = 'waiting' | 'uploading' | 'scanning' | 'reading' | 'render' | 'ocr' | 'indexing' | 'embedding' | 'done';

export interface QueueRow {
  key: string;
  batch: number;
  /** what people see: the path relative to what was dropped or picked */
  name: string;
  /** the engine-side path, when the engine reads the file where it is */
  path: string | null;
  /** the id of the file uploaded to serve (browser), once uploaded; events name it by a path ending in it */
  uploadId: string | null;
  /** a dropped folder (Electron): stands for its files until they appear */
  folder: boolean;
  stage: Stage;
  upload: { loaded: number; total: number } | null;
  /** chunks embedded / to embed, once the pages are in (only with an embedder installed) */
  embed: { done: number; total: number } | null;
  pages: number | null;
  pagesDone: number;
  /** the page being rendered or OCRed */
  page: number | null;
  /** pages done when this run started, when it started, and when its latest page came */
  rate: { base: number; since: number; last: number } | null;
  outcome: FileOutcome | null;
  reason: string | null;
  /** from the engine's result: pages left for OCR (models missing) and pages it could not read */
  pagesNeedingOcr: number;
  pagesUnreadable: number;
}

export interface QueueBatch {
  id: number;
  running: boolean;
  /** files the engine found (folders walked); null until it has looked */
  files: number | null;
}

export interface QueueState {
  rows: QueueRow[];
  batches: QueueBatch[];
}

export type NewRow = Pick<QueueRow, 'key' | 'name' | 'path' | 'folder'> & Partial<Pick<QueueRow, 'outcome' | 'reason'>>;

export type QueueAction =
  | { type: 'add'; batch: number; rows: NewRow[] }
  | { type: 'upload-progress'; key: string; loaded: number; total: number }
  | { type: 'uploaded'; key: string; target: IngestTarget }
  | { type: 'row-ended'; key: string; outcome: FileOutcome; reason: string }
  | { type: 'ingest-started'; batch: number }
  | { type: 'event'; batch: number; event: IngestEvent; at: number }
  | { type: 'batch-ended'; batch: number; outcome: 'cancelled' | 'failed'; reason: string }
  | { type: 'clear-finished' };

export const emptyQueue: QueueState = { rows: [], batches: [] };

const SEP = /[\\/]/;
export const baseName = (p: string) => p.split(SEP).filter(Boolean).pop() ?? p;

export function queueReducer(s: QueueState, a: QueueAction): QueueState {
  switch (a.type) {
    case 'add':
      return {
        batches: [...s.batches, { id: a.batch, running: true, files: null }],
        rows: [...s.rows, ...a.rows.map((r) => newRow(a.batch, r))],
      };
    case 'upload-progress':
      return patchRow(s, a.key, () => ({ stage: 'uploading', upload: { loaded: a.loaded, total: a.total } }));
    case 'uploaded':
      return patchRow(s, a.key, () => ({ ...('path' in a.target ? { path: a.target.path } : { uploadId: a.target.upload }), stage: 'waiting', upload: null }));
    case 'row-ended':
      return patchRow(s, a.key, () => ({ stage: 'done', outcome: a.outcome, reason: a.reason }));
    case 'ingest-started':
      return { ...s, rows: s.rows.map((r) => (r.batch === a.batch && !r.outcome && (r.path || r.uploadId) ? { ...r, stage: 'scanning' } : r)) };
    case 'event':
      return applyEvent(s, a.batch, a.event, a.at);
    case 'batch-ended':
      return endBatch(s, a.batch, a.outcome, a.reason);
    case 'clear-finished': {
      const rows = s.rows.filter((r) => !r.outcome);
      const live = new Set(rows.map((r) => r.batch));
      return { rows, batches: s.batches.filter((b) => b.running || live.has(b.id)) };
    }
  }
}

function newRow(batch: number, r: NewRow): QueueRow {
  return {
    batch,
    stage: r.outcome ? 'done' : 'waiting',
    upload: null,
    uploadId: null,
    embed: null,
    pages: null,
    pagesDone: 0,
    page: null,
    rate: null,
    outcome: null,
    reason: null,
    pagesNeedingOcr: 0,
    pagesUnreadable: 0,
    ...r,
  };
}

function patchRow(s: QueueState, key: string, patch: (r: QueueRow) => Partial<QueueRow>): QueueState {
  return { ...s, rows: s.rows.map((r) => (r.key === key ? { ...r, ...patch(r) } : r)) };
}

/** The row of a path the engine reports, created when it is a file found inside a dropped folder. */
function rowFor(s: QueueState, batch: number, path: string): [QueueState, string] {
  const upload = uploadIdOf(path);
  const found = s.rows.find((r) => r.batch === batch && !r.folder && (r.path === path || (upload !== null && r.uploadId === upload)));
  if (found) return [s, found.key];
  const folder = s.rows.find((r) => r.batch === batch && r.folder && r.path && isInside(path, r.path));
  const name = folder ? baseName(folder.path!) + path.slice(folder.path!.length).replace(/\\/g, '/') : baseName(path);
  const row = newRow(batch, { key: `${batch}:${path}`, name, path, folder: false });
  // a folder's files go above it: the folder row stays last, as the "still scanning" line
  const at = folder ? s.rows.indexOf(folder) : s.rows.length;
  return [{ ...s, rows: [...s.rows.slice(0, at), row, ...s.rows.slice(at)] }, row.key];
}

const isInside = (path: string, folder: string) => path.length > folder.length && path.startsWith(folder) && SEP.test(path[folder.length]!);

function applyEvent(s: QueueState, batch: number, e: IngestEvent, at: number): QueueState {
  if (e.type === 'scan')
    return {
      // the engine has looked at every path: files now wait their turn
      rows: s.rows.map((r) => (r.batch === batch && r.stage === 'scanning' && !r.folder ? { ...r, stage: 'waiting' } : r)),
      batches: s.batches.map((b) => (b.id === batch ? { ...b, files: e.files } : b)),
    };
  const [s2, key] = rowFor(s, batch, e.type === 'file-end' ? e.result.path : e.path);
  switch (e.type) {
    case 'file-start':
      return patchRow(s2, key, () => ({ stage: 'reading' }));
    case 'file-pages':
      return patchRow(s2, key, () => ({ stage: 'indexing', pages: e.pages, pagesDone: e.resumeFrom - 1, rate: { base: e.resumeFrom - 1, since: at, last: at } }));
    case 'page-stage':
      return patchRow(s2, key, () => ({ stage: e.stage, page: e.page, pages: e.pages }));
    case 'page':
      return patchRow(s2, key, (r) => ({
        stage: 'indexing',
        page: null,
        pages: e.pages,
        pagesDone: Math.max(r.pagesDone, e.page),
        rate: r.rate ? { ...r.rate, last: at } : { base: r.pagesDone, since: at, last: at },
      }));
    case 'embed':
      return patchRow(s2, key, () => ({ stage: 'embedding', page: null, embed: { done: e.done, total: e.total } }));
    case 'file-end':
      return patchRow(s2, key, (r) => ({
        stage: 'done',
        page: null,
        outcome: e.result.outcome,
        reason: e.result.reason ?? null,
        pages: e.result.pages ?? r.pages,
        pagesDone: e.result.outcome === 'indexed' ? (e.result.pages ?? r.pagesDone) : r.pagesDone,
        pagesNeedingOcr: e.result.pagesNeedingOcr ?? 0,
        pagesUnreadable: e.result.pagesUnreadable ?? 0,
      }));
  }
}

function endBatch(s: QueueState, batch: number, outcome: 'cancelled' | 'failed', reason: string): QueueState {
  const hasChildren = (f: QueueRow) => s.rows.some((r) => r.batch === batch && !r.folder && r.path && f.path && isInside(r.path, f.path));
  const rows = s.rows
    .filter((r) => !(r.batch === batch && r.folder && hasChildren(r)))
    .map((r) => (r.batch === batch && !r.outcome ? { ...r, stage: 'done' as const, outcome, reason } : r));
  return { rows, batches: s.batches.map((b) => (b.id === batch ? { ...b, running: false } : b)) };
}

/** Seconds left for a file from the page rate of this run; null until a page is done. */
export function secondsLeft(r: QueueRow): number | null {
  if (!r.rate || r.pages === null) return null;
  const done = r.pagesDone - r.rate.base;
  if (done < 1 || r.rate.last <= r.rate.since) return null;
  return ((r.rate.last - r.rate.since) / 1000 / done) * (r.pages - r.pagesDone);
}

/** 0–100 when the work is measurable (upload bytes, pages), else null (an indeterminate bar). A failed file shows a full red bar. */
export function percent(r: QueueRow): number | null {
  if (r.outcome) return r.outcome === 'skipped' || r.outcome === 'cancelled' ? (r.pages ? Math.round((r.pagesDone / r.pages) * 100) : 0) : 100;
  if (r.stage === 'uploading' && r.upload) return r.upload.total ? Math.round((r.upload.loaded / r.upload.total) * 100) : 0;
  if (r.pages) return Math.round((r.pagesDone / r.pages) * 100);
  return null;
}
