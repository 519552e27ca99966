/** Reads and writes of documents, pages, chunks and jobs. Pages are written whole, a batch per transaction. */
import type { Statement } from 'better-sqlite3';
import { DOCUMENT_KINDS, type Box, type ChunkPlace, type DocumentInfo, type DocumentKind, type DocumentStatus, type LibraryStats, type PageInfo } from '#shared/api';
import type { Chunk, PageLine } from '../text/chunk.js';
import { tokenize } from '../text/tokens.js';
import type { Db } from './db.js';
import { reportFull } from './full.js';

/** The process that owns a running job (jobs/owner.ts). */
export interface JobOwner {
  pid: number;
  /** the process's start time in clock ticks since boot; null where the system does not say (then pid only) */
  started: string | null;
}

/** A job in state 'running', with its owner as recorded (none for jobs of older versions). */
interface RunningJob {
  id: number;
  pid: number | null;
  started: string | null;
}

/** What ingestion knows of a document before its pages are stored. */
export type NewDocument = Pick<DocumentInfo, 'sha256' | 'path' | 'title' | 'kind' | 'bytes' | 'pageCount'> & { file?: FileStamp };

/** A file's size and modification time when it was read. */
export interface FileStamp {
  size: number;
  mtimeMs: number;
}

/** What the store knows of a path: the document it holds, and the file's stamp when last read (null: unknown). */
export interface PathState {
  docId: number;
  size: number | null;
  mtimeMs: number | null;
}

export interface StoredPage {
  pageNo: number;
  source: 'text' | 'ocr' | 'none';
  status: 'indexed' | 'needs_ocr' | 'error';
  text: string;
  lines: PageLine[];
  width?: number;
  height?: number;
  error?: string;
  ocrMs?: number;
}

/** A page as stored, for the viewer. */
export type PageRecord = Pick<PageInfo, 'source' | 'status' | 'text' | 'lines' | 'width' | 'height' | 'error'>;

/** A chunk with where it is, for search hits. */
export interface ChunkRecord extends ChunkPlace {
  start: number;
  end: number;
  text: string;
  boxes: Box[];
}

interface DocRow {
  id: number;
  sha256: string;
  path: string;
  title: string;
  kind: DocumentKind;
  bytes: number;
  page_count: number;
  status: DocumentStatus;
  error: string | null;
  added_at: string;
  version: number;
  version_at: string;
  modified_at: string | null;
  paths: string;
  pages_indexed: number;
  pages_needing_ocr: number;
  pages_ocr: number;
  pages_unreadable: number;
  chunk_count: number;
}

const DOC_SELECT = `
  SELECT d.*,
    (SELECT count(*) FROM pages p WHERE p.doc_id = d.id AND p.status = 'indexed')   AS pages_indexed,
    (SELECT count(*) FROM pages p WHERE p.doc_id = d.id AND p.status = 'needs_ocr') AS pages_needing_ocr,
    (SELECT count(*) FROM pages p WHERE p.doc_id = d.id AND p.status = 'indexed' AND p.source = 'ocr') AS pages_ocr,
    (SELECT count(*) FROM pages p WHERE p.doc_id = d.id AND p.status = 'error')     AS pages_unreadable,
    (SELECT count(*) FROM chunks c WHERE c.doc_id = d.id)                           AS chunk_count,
    (SELECT json_group_array(path) FROM (SELECT path FROM document_paths dp WHERE dp.doc_id = d.id ORDER BY seen_at DESC)) AS paths
  FROM documents d`;

function toInfo(r: DocRow): DocumentInfo {
  return {
    id: r.id,
    sha256: r.sha256,
    path: r.path,
    paths: JSON.parse(r.paths) as string[],
    title: r.title,
    kind: r.kind,
    bytes: r.bytes,
    pageCount: r.page_count,
    pagesIndexed: r.pages_indexed,
    pagesNeedingOcr: r.pages_needing_ocr,
    pagesOcr: r.pages_ocr,
    pagesUnreadable: r.pages_unreadable,
    chunkCount: r.chunk_count,
    status: r.status,
    error: r.error,
    addedAt: r.added_at,
    version: r.version,
    versionAt: r.version_at,
    modifiedAt: r.modified_at,
  };
}

const now = () => new Date().toISOString();
const modifiedAt = (file?: FileStamp) => (file ? new Date(file.mtimeMs).toISOString() : null);

export class Repository {
  private readonly statements = new Map<string, Statement>();

  constructor(readonly db: Db) {}

  /** Prepared once per connection: statements on the per-page ingest path are reused, not re-prepared. */
  private stmt(sql: string): Statement {
    let st = this.statements.get(sql);
    if (!st) this.statements.set(sql, (st = this.db.prepare(sql)));
    return st;
  }

  findBySha(sha256: string): DocumentInfo | undefined {
    const r = this.db.prepare(`${DOC_SELECT} WHERE d.sha256 = ?`).get(sha256) as DocRow | undefined;
    return r && toInfo(r);
  }

  getDocument(id: number): DocumentInfo | undefined {
    const r = this.db.prepare(`${DOC_SELECT} WHERE d.id = ?`).get(id) as DocRow | undefined;
    return r && toInfo(r);
  }

  listDocuments(): DocumentInfo[] {
    return (this.db.prepare(`${DOC_SELECT} ORDER BY d.added_at DESC, d.id DESC`).all() as DocRow[]).map(toInfo);
  }

  /** Resolves a user's reference: numeric id, sha256 (or unique prefix ≥ 8), or stored path. */
  resolve(ref: string): DocumentInfo[] {
    if (/^\d+$/.test(ref)) {
      const d = this.getDocument(Number(ref));
      if (d) return [d];
    }
    if (/^[0-9a-f]{8,64}$/i.test(ref)) {
      const rows = this.db.prepare(`${DOC_SELECT} WHERE d.sha256 LIKE ? || '%'`).all(ref.toLowerCase()) as DocRow[];
      if (rows.length) return rows.map(toInfo);
    }
    return (this.db.prepare(`${DOC_SELECT} WHERE d.id IN (SELECT doc_id FROM document_paths WHERE path = ?) OR d.path = ?`).all(ref, ref) as DocRow[]).map(toInfo);
  }

  /**
   * The document row for new content; when another ingest (of this or another process) created it a moment
   * ago, that row: one file ingested twice at once stays one document (claimDocument decides who writes).
   */
  createDocument(d: NewDocument): number {
    const t = now();
    const insert = this.db.prepare(
      `INSERT INTO documents (sha256, path, title, kind, bytes, page_count, status, added_at, updated_at, version_at, modified_at)
       VALUES (?, ?, ?, ?, ?, ?, 'indexing', ?, ?, ?, ?) ON CONFLICT (sha256) DO NOTHING`,
    );
    return reportFull(() =>
      this.db.transaction(() => {
        insert.run(d.sha256, d.path, d.title, d.kind, d.bytes, d.pageCount, t, t, t, modifiedAt(d.file));
        const id = (this.db.prepare(`SELECT id FROM documents WHERE sha256 = ?`).get(d.sha256) as { id: number }).id;
        this.notePath(id, d.path, d.file);
        return id;
      })(),
    );
  }

  /**
   * Records that `path` holds the document's content now (a path names one document at a time); `primary`:
   * it becomes the document's own path, the one it is shown and re-read from. A document
   * that thereby loses its last path was the path's previous content, now replaced by another document's:
   * it is removed in the same transaction, so search never shows both. Returns the removed document's id.
   */
  notePath(docId: number, path: string, file?: FileStamp, primary = true): number | null {
    const note = this.db.transaction(() => {
      const before = this.pathState(path)?.docId;
      this.stmt(
        `INSERT INTO document_paths (path, doc_id, seen_at, size, mtime_ms) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (path) DO UPDATE SET doc_id = excluded.doc_id, seen_at = excluded.seen_at, size = excluded.size, mtime_ms = excluded.mtime_ms`,
      ).run(path, docId, now(), file?.size ?? null, file?.mtimeMs ?? null);
      if (primary) this.stmt(`UPDATE documents SET path = ? WHERE id = ?`).run(path, docId);
      if (before === undefined || before === docId) return null;
      if (this.forgetIfPathless(before)) return before;
      this.repoint(before);
      return null;
    });
    return reportFull(() => note());
  }

  pathState(path: string): PathState | undefined {
    const r = this.stmt(`SELECT doc_id, size, mtime_ms FROM document_paths WHERE path = ?`).get(path) as { doc_id: number; size: number | null; mtime_ms: number | null } | undefined;
    return r && { docId: r.doc_id, size: r.size, mtimeMs: r.mtime_ms };
  }

  /**
   * The path no longer holds its document (the file was deleted or moved): the document's own path becomes
   * its most recently seen other one. With none left, the document is removed unless `keepDocument`.
   * Returns whether it was removed.
   */
  dropPath(path: string, keepDocument: boolean): boolean {
    const drop = this.db.transaction(() => {
      const state = this.pathState(path);
      if (!state) return false;
      this.stmt(`DELETE FROM document_paths WHERE path = ?`).run(path);
      if (!keepDocument && this.forgetIfPathless(state.docId)) return true;
      this.repoint(state.docId);
      return false;
    });
    return drop.immediate();
  }

  /** A document's own path becomes its most recently seen one (kept as it is when none is left). */
  private repoint(docId: number): void {
    this.stmt(`UPDATE documents SET path = coalesce((SELECT path FROM document_paths WHERE doc_id = @docId ORDER BY seen_at DESC LIMIT 1), path) WHERE id = @docId`).run({ docId });
  }

  /** Removes a document that no path holds any more; whether it did. */
  private forgetIfPathless(docId: number): boolean {
    if (this.stmt(`SELECT 1 FROM document_paths WHERE doc_id = ?`).get(docId)) return false;
    return this.db.prepare(`DELETE FROM documents WHERE id = ?`).run(docId).changes > 0;
  }

  /** Page numbers stored for a document (pages are committed whole). */
  storedPages(docId: number): Set<number> {
    return new Set(this.db.prepare(`SELECT page_no FROM pages WHERE doc_id = ?`).pluck().all(docId) as number[]);
  }

  /** A stored page; undefined when it is not (yet) stored. */
  getPage(docId: number, pageNo: number): PageRecord | undefined {
    const row = this.db.prepare('SELECT source, status, text, lines, width, height, error FROM pages WHERE doc_id = ? AND page_no = ?').get(docId, pageNo) as
      | (Omit<PageRecord, 'lines'> & { lines: string })
      | undefined;
    return row && { ...row, lines: JSON.parse(row.lines) as PageLine[] };
  }

  /** A page's lines (offsets and boxes); none when the page is not stored. */
  pageLines(docId: number, pageNo: number): PageLine[] {
    const row = this.db.prepare('SELECT lines FROM pages WHERE doc_id = ? AND page_no = ?').get(docId, pageNo) as { lines: string } | undefined;
    return row ? (JSON.parse(row.lines) as PageLine[]) : [];
  }

  /** Chunks by id with their document's title and path; ids not stored are left out. */
  chunksById(ids: readonly number[]): Map<number, ChunkRecord> {
    if (!ids.length) return new Map();
    const rows = this.db
      .prepare(
        `SELECT c.id, c.doc_id, c.page_no, c.start, c.end, c.text, c.boxes, d.title, d.path
         FROM chunks c JOIN documents d ON d.id = c.doc_id
         WHERE c.id IN (SELECT value FROM json_each(?))`,
      )
      .all(JSON.stringify(ids)) as { id: number; doc_id: number; page_no: number; start: number; end: number; text: string; boxes: string; title: string; path: string }[];
    return new Map(
      rows.map((r) => [r.id, { chunkId: r.id, docId: r.doc_id, title: r.title, path: r.path, pageNo: r.page_no, start: r.start, end: r.end, text: r.text, boxes: JSON.parse(r.boxes) as Box[] }]),
    );
  }

  /** A document's chunks, through the doc_id index. */
  chunkCount(docId: number): number {
    return (this.db.prepare('SELECT count(*) AS n FROM chunks WHERE doc_id = ?').get(docId) as { n: number }).n;
  }

  /** Forgets the pages that still need OCR (with nothing indexed from them), so they are read again. */
  dropPagesNeedingOcr(docId: number): number {
    return this.db.prepare(`DELETE FROM pages WHERE doc_id = ? AND status = 'needs_ocr'`).run(docId).changes;
  }

  updateDocument(id: number, fields: { path?: string; title?: string; pageCount?: number; status?: DocumentStatus; error?: string | null }): void {
    const cur = this.db.prepare(`SELECT path, title, page_count, status, error FROM documents WHERE id = ?`).get(id) as
      | { path: string; title: string; page_count: number; status: DocumentStatus; error: string | null }
      | undefined;
    if (!cur) throw new Error(`document ${id} not found`);
    this.db
      .prepare(`UPDATE documents SET path = ?, title = ?, page_count = ?, status = ?, error = ?, updated_at = ? WHERE id = ?`)
      .run(
        fields.path ?? cur.path,
        fields.title ?? cur.title,
        fields.pageCount ?? cur.page_count,
        fields.status ?? cur.status,
        fields.error === undefined ? cur.error : fields.error,
        now(),
        id,
      );
  }

  /** Stores one page with its chunks and their index entries, and advances the job, atomically. */
  addPage(docId: number, title: string, page: StoredPage, chunks: readonly Chunk[], jobId?: number): number[] {
    return this.addPages(docId, title, [{ page, chunks }], jobId)[0]!;
  }

  /**
   * Stores pages (in page order) with their chunks and index entries, and advances the job, in one
   * transaction; returns the chunk ids of each page. One transaction for many pages matters: FTS5 flushes
   * its pending terms into a new index segment at every commit or savepoint, so committing page by page
   * spent most of the ingest time flushing and merging tiny segments.
   */
  addPages(docId: number, title: string, pages: readonly { page: StoredPage; chunks: readonly Chunk[] }[], jobId?: number): number[][] {
    const titleTokens = tokenize(title).grams.join(' ');
    const insertPage = this.stmt(
      `INSERT INTO pages (doc_id, page_no, source, status, text, lines, width, height, error, ocr_ms)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const insertChunk = this.stmt(`INSERT INTO chunks (doc_id, page_no, start, end, text, boxes) VALUES (?, ?, ?, ?, ?, ?)`);
    const insertFts = this.stmt(`INSERT INTO chunks_fts (rowid, title, grams, chars) VALUES (?, ?, ?, ?)`);
    const advanceJob = this.stmt(`UPDATE jobs SET next_page = ?, updated_at = ? WHERE id = ?`);
    const store = this.db.transaction(() => {
      const out: number[][] = [];
      const indexed: { id: number; text: string }[] = [];
      for (const { page, chunks } of pages) {
        insertPage.run(
          docId,
          page.pageNo,
          page.source,
          page.status,
          page.text,
          JSON.stringify(page.lines),
          page.width ?? null,
          page.height ?? null,
          page.error ?? null,
          page.ocrMs ?? null,
        );
        const ids: number[] = [];
        for (const c of chunks) {
          const id = Number(insertChunk.run(docId, page.pageNo, c.start, c.end, c.text, JSON.stringify(c.boxes)).lastInsertRowid);
          indexed.push({ id, text: c.text });
          ids.push(id);
        }
        out.push(ids);
      }
      const last = pages.at(-1);
      if (jobId !== undefined && last) advanceJob.run(last.page.pageNo + 1, now(), jobId);
      // Index entries last: a statement that may need rolling back on its own (the chunk inserts, with
      // their foreign key and trigger) opens a savepoint, and FTS5 flushes at every savepoint.
      for (const { id, text } of indexed) {
        const t = tokenize(text);
        insertFts.run(BigInt(id), titleTokens, t.grams.join(' '), t.chars.join(' '));
      }
      return out;
    });
    return reportFull(store);
  }

  /** Keeps a re-index's pages, with their chunks, in staging: search, the library and the viewer never see them. */
  stagePages(docId: number, pages: readonly { page: StoredPage; chunks: readonly Chunk[] }[]): void {
    const insert = this.stmt(`INSERT INTO staged_pages (doc_id, page_no, page, chunks) VALUES (?, ?, ?, ?)`);
    const stage = this.db.transaction(() => {
      for (const { page, chunks } of pages) insert.run(docId, page.pageNo, JSON.stringify(page), JSON.stringify(chunks));
    });
    reportFull(stage);
  }

  /** Forgets a document's staged pages (a re-index cancelled, failed, or left by a process that died). */
  discardStaged(docId: number): void {
    this.db.prepare(`DELETE FROM staged_pages WHERE doc_id = ?`).run(docId);
  }

  /**
   * Puts a document's staged pages in place of its stored ones, in one transaction: the old pages go with
   * their chunks, index entries and vectors (cascade and triggers), the staged pages are stored as addPages
   * stores pages, and the document row takes the new file's facts; its id stays. Returns false, changing
   * nothing, when staging does not hold all `pageCount` pages (a re-index that stopped midway).
   */
  swapStaged(docId: number, doc: NewDocument): boolean {
    const swap = this.db.transaction(() => {
      const rows = this.db.prepare(`SELECT page, chunks FROM staged_pages WHERE doc_id = ? ORDER BY page_no`).all(docId) as { page: string; chunks: string }[];
      if (rows.length !== doc.pageCount) return false;
      this.db.prepare(`DELETE FROM pages WHERE doc_id = ?`).run(docId);
      this.addPages(docId, doc.title, rows.map((r) => ({ page: JSON.parse(r.page) as StoredPage, chunks: JSON.parse(r.chunks) as Chunk[] })));
      // new content is a new version; the same content read again (another OCR) is not
      const t = now();
      this.db
        .prepare(
          `UPDATE documents SET version = version + (sha256 <> @sha256), version_at = CASE WHEN sha256 <> @sha256 THEN @t ELSE version_at END,
             modified_at = coalesce(@modified, modified_at), sha256 = @sha256, title = @title, kind = @kind, bytes = @bytes,
             page_count = @pageCount, status = 'ready', error = NULL, updated_at = @t WHERE id = @docId`,
        )
        .run({ sha256: doc.sha256, t, modified: modifiedAt(doc.file), title: doc.title, kind: doc.kind, bytes: doc.bytes, pageCount: doc.pageCount, docId });
      this.notePath(docId, doc.path, doc.file);
      this.discardStaged(docId);
      return true;
    });
    return reportFull(() => swap.immediate());
  }

  removeDocument(id: number): void {
    this.db.prepare(`DELETE FROM documents WHERE id = ?`).run(id);
  }

  /**
   * Running jobs owned by this process (jobs/owner.ts), one per file, all recorded before the first starts:
   * when the process dies, the files it had not reached are resumed too (takeInterrupted).
   */
  startJobs(paths: readonly string[], owner: JobOwner): number[] {
    const t = now();
    const insert = this.stmt(`INSERT INTO jobs (path, state, started_at, updated_at, owner_pid, owner_started) VALUES (?, 'running', ?, ?, ?, ?)`);
    return this.db.transaction(() => paths.map((p) => Number(insert.run(p, t, t, owner.pid, owner.started).lastInsertRowid)))();
  }

  /** Ends the jobs that are still running (a batch that stopped before reaching them). */
  endRunningJobs(ids: readonly number[], state: 'cancelled' | 'failed', error: string): void {
    const end = this.stmt(`UPDATE jobs SET state = ?, error = ?, updated_at = ? WHERE id = ? AND state = 'running'`);
    this.db.transaction(() => ids.forEach((id) => end.run(state, error, now(), id)))();
  }

  endJob(id: number, state: 'done' | 'failed' | 'cancelled', error?: string): void {
    this.db.prepare(`UPDATE jobs SET state = ?, error = ?, updated_at = ? WHERE id = ?`).run(state, error ?? null, now(), id);
  }

  attachJob(id: number, docId: number): void {
    this.db.prepare(`UPDATE jobs SET doc_id = ?, updated_at = ? WHERE id = ?`).run(docId, now(), id);
  }

  /**
   * Makes the job the one that writes the document's pages, unless a live job of any process already
   * does (two drops of one file, or the CLI and the app at once): then returns that job's id. Checked and
   * taken in one immediate transaction, so two processes cannot both win.
   */
  claimDocument(jobId: number, docId: number, alive: (o: JobOwner) => boolean): number | null {
    return this.db.transaction(() => {
      // only this document's jobs: a batch's own thousands of running jobs are not checked per file
      const others = this.db
        .prepare(`SELECT id, owner_pid AS pid, owner_started AS started FROM jobs WHERE doc_id = ? AND state = 'running' AND id != ?`)
        .all(docId, jobId) as RunningJob[];
      const live = this.interruptDead(others, alive);
      if (live.length) return live[0]!.id;
      this.db.prepare(`UPDATE jobs SET doc_id = ?, updated_at = ? WHERE id = ?`).run(docId, now(), jobId);
      return null;
    }).immediate();
  }

  /** Records the page a job works on now, before the work that may kill the process (render, OCR). */
  jobAt(id: number, pageNo: number): void {
    this.db.prepare(`UPDATE jobs SET next_page = ?, updated_at = ? WHERE id = ?`).run(pageNo, now(), id);
  }

  /** How many jobs died (interrupted) while opening this file, before it had a document (jobAt page 0). */
  deathsOpening(path: string): number {
    return (this.db.prepare(`SELECT count(*) AS n FROM jobs WHERE path = ? AND doc_id IS NULL AND state = 'interrupted' AND next_page = 0`).get(path) as { n: number }).n;
  }

  /** How many jobs on the document died (interrupted) while at this page. */
  deathsAtPage(docId: number, pageNo: number): number {
    return (this.db.prepare(`SELECT count(*) AS n FROM jobs WHERE doc_id = ? AND state = 'interrupted' AND next_page = ?`).get(docId, pageNo) as { n: number }).n;
  }

  /** Forgets the deaths recorded on a document, so that an explicit re-index tries its pages again. */
  forgiveDeaths(docId: number): void {
    this.db.prepare(`UPDATE jobs SET state = 'failed', updated_at = ? WHERE doc_id = ? AND state = 'interrupted'`).run(now(), docId);
  }

  /** Jobs left 'running' by a process that is gone (killed, crashed) are marked interrupted. */
  markInterruptedJobs(alive: (o: JobOwner) => boolean): number {
    const running = this.db.prepare(`SELECT id, owner_pid AS pid, owner_started AS started FROM jobs WHERE state = 'running'`).all() as RunningJob[];
    return running.length - this.interruptDead(running, alive).length;
  }

  /** Marks the jobs whose owner is gone interrupted; returns the others (their owners live). */
  private interruptDead(jobs: readonly RunningJob[], alive: (o: JobOwner) => boolean): RunningJob[] {
    const mark = this.stmt(`UPDATE jobs SET state = 'interrupted', updated_at = ? WHERE id = ?`);
    return jobs.filter((j) => {
      const live = j.pid !== null && alive({ pid: j.pid, started: j.started });
      if (!live) mark.run(now(), j.id);
      return live;
    });
  }

  /**
   * The files a dead process left unfinished (documents still indexing, and files it had not reached),
   * in the order they were asked for. The jobs of files not reached are settled: the resume makes new ones.
   * Jobs of documents stay interrupted: they count the engine's deaths at a page (deathsAtPage).
   */
  takeInterrupted(maxDeaths: number): string[] {
    return this.db.transaction(() => {
      const rows = this.db
        .prepare(
          `SELECT j.path AS path FROM jobs j LEFT JOIN documents d ON d.id = j.doc_id
           WHERE j.state = 'interrupted' AND (d.status = 'indexing' OR (j.doc_id IS NULL AND
             (SELECT count(*) FROM jobs o WHERE o.path = j.path AND o.state = 'interrupted' AND o.doc_id IS NULL AND o.next_page = 0) < ?))
           ORDER BY j.id`,
        )
        .all(maxDeaths) as { path: string }[];
      // files never started are settled (the resume makes new jobs); deaths while opening one stay counted
      this.db
        .prepare(`UPDATE jobs SET state = 'cancelled', error = 'resumed after the engine stopped', updated_at = ? WHERE state = 'interrupted' AND doc_id IS NULL AND next_page != 0`)
        .run(now());
      return [...new Set(rows.map((r) => r.path))];
    }).immediate();
  }


  counts() {
    return this.db
      .prepare(
        `SELECT (SELECT count(*) FROM documents) AS documents,
                (SELECT count(*) FROM documents WHERE status = 'indexing') AS documentsIndexing,
                (SELECT count(*) FROM pages) AS pages,
                (SELECT count(*) FROM pages WHERE status = 'needs_ocr') AS pagesNeedingOcr,
                (SELECT count(*) FROM chunks) AS chunks`,
      )
      .get() as { documents: number; documentsIndexing: number; pages: number; pagesNeedingOcr: number; chunks: number };
  }

  /** What the library holds (documents by kind, pages by how they were read, OCR time); vectors are counted by store/vectors.ts. */
  libraryStats(): Omit<LibraryStats, 'embeddedChunks'> {
    const byKind = Object.fromEntries(DOCUMENT_KINDS.map((k) => [k, { documents: 0, bytes: 0 }])) as LibraryStats['byKind'];
    for (const r of this.db.prepare('SELECT kind, count(*) AS documents, sum(bytes) AS bytes FROM documents GROUP BY kind').all() as { kind: DocumentKind; documents: number; bytes: number }[]) {
      byKind[r.kind] = { documents: r.documents, bytes: r.bytes };
    }
    const p = this.db
      .prepare(
        `SELECT count(*) AS total,
                count(*) FILTER (WHERE status = 'indexed' AND source = 'text') AS text,
                count(*) FILTER (WHERE status = 'indexed' AND source = 'ocr') AS ocr,
                count(*) FILTER (WHERE status = 'needs_ocr') AS needsOcr,
                count(*) FILTER (WHERE status = 'error') AS unreadable,
                coalesce(sum(ocr_ms) FILTER (WHERE source = 'ocr'), 0) AS ocrMs
         FROM pages`,
      )
      .get() as LibraryStats['pages'] & { ocrMs: number };
    const d = this.db.prepare('SELECT count(*) AS n, min(added_at) AS first, max(added_at) AS last FROM documents').get() as { n: number; first: string | null; last: string | null };
    const c = this.db.prepare('SELECT chunks, chars FROM corpus_stats').get() as { chunks: number; chars: number };
    const { ocrMs, ...pages } = p;
    return {
      documents: d.n,
      byKind,
      pages,
      chunks: c.chunks,
      characters: c.chars,
      ocrSeconds: { total: ocrMs / 1000, perPage: pages.ocr ? ocrMs / 1000 / pages.ocr : null },
      firstAdded: d.first,
      lastAdded: d.last,
    };
  }
}
