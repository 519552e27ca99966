/**
 * The SQL of library transfer (engine/library): what a store snapshot holds, read document by document,
 * and the rows a merged document needs besides what Repository.addPages writes (its pages, chunks and their
 * index entries, the same code as ingest).
 */
import Database from 'better-sqlite3';
import type { DocumentKind, DocumentStatus, LibraryCounts } from '#shared/api';
import type { Chunk, PageLine } from '../text/chunk.js';
import type { Db } from './db.js';
import type { StoredPage } from './repository.js';
import { vectorSpace } from './vectors.js';

/** A document row as a snapshot holds it. */
export interface ArchivedDocument {
  id: number;
  sha256: string;
  path: string;
  title: string;
  kind: DocumentKind;
  bytes: number;
  page_count: number;
  status: DocumentStatus;
  error: string | null;
  version: number;
  version_at: string;
  modified_at: string | null;
  chunks: number;
}

/** A page with its chunks, each chunk with its id in the store it was read from. */
export interface ArchivedPage {
  page: StoredPage;
  chunks: (Chunk & { id: number })[];
}

/** The schema version of a store file, read without migrating it (an archive's snapshot before it is trusted). */
export function fileSchemaVersion(file: string): number {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return db.pragma('user_version', { simple: true }) as number;
  } finally {
    db.close();
  }
}

export function libraryCounts(db: Db): LibraryCounts {
  const c = db.prepare(`SELECT (SELECT count(*) FROM documents) AS documents, (SELECT count(*) FROM pages) AS pages, (SELECT count(*) FROM chunks) AS chunks`).get() as Omit<LibraryCounts, 'vectors'>;
  const vectors = vectorSpace(db) ? (db.prepare(`SELECT count(*) FROM chunk_vectors`).pluck().get() as number) : 0;
  return { ...c, vectors };
}

/** Every document, oldest first, with its chunk count (merges are batched by chunks). */
export function archivedDocuments(db: Db): ArchivedDocument[] {
  return db
    .prepare(
      `SELECT id, sha256, path, title, kind, bytes, page_count, status, error, version, version_at, modified_at,
              (SELECT count(*) FROM chunks c WHERE c.doc_id = d.id) AS chunks
       FROM documents d ORDER BY id`,
    )
    .all() as ArchivedDocument[];
}

/** Every path known to hold the document. */
export function documentPaths(db: Db, docId: number): string[] {
  return db.prepare(`SELECT path FROM document_paths WHERE doc_id = ? ORDER BY seen_at`).pluck().all(docId) as string[];
}

/** A document's pages in page order, each with its chunks in the order ingest stored them. */
export function archivedPages(db: Db, docId: number): ArchivedPage[] {
  const pages = db.prepare(`SELECT page_no, source, status, text, lines, width, height, error, ocr_ms FROM pages WHERE doc_id = ? ORDER BY page_no`).all(docId) as {
    page_no: number;
    source: StoredPage['source'];
    status: StoredPage['status'];
    text: string;
    lines: string;
    width: number | null;
    height: number | null;
    error: string | null;
    ocr_ms: number | null;
  }[];
  const chunks = db.prepare(`SELECT id, page_no, start, "end", text, boxes FROM chunks WHERE doc_id = ? ORDER BY page_no, id`).all(docId) as {
    id: number;
    page_no: number;
    start: number;
    end: number;
    text: string;
    boxes: string;
  }[];
  const byPage = new Map<number, ArchivedPage['chunks']>();
  for (const c of chunks) {
    let list = byPage.get(c.page_no);
    if (!list) byPage.set(c.page_no, (list = []));
    list.push({ id: c.id, start: c.start, end: c.end, text: c.text, boxes: JSON.parse(c.boxes) as Chunk['boxes'] });
  }
  return pages.map((p) => ({
    page: {
      pageNo: p.page_no,
      source: p.source,
      status: p.status,
      text: p.text,
      lines: JSON.parse(p.lines) as PageLine[],
      ...(p.width !== null && { width: p.width }),
      ...(p.height !== null && { height: p.height }),
      ...(p.error !== null && { error: p.error }),
      ...(p.ocr_ms !== null && { ocrMs: p.ocr_ms }),
    },
    chunks: byPage.get(p.page_no) ?? [],
  }));
}

/** The stored vectors of these chunks (those that have one), read from vec0 by rowid. */
export function storedVectors(db: Db, chunkIds: readonly number[]): Map<number, Float32Array> {
  const out = new Map<number, Float32Array>();
  if (!vectorSpace(db)) return out;
  const get = db.prepare(`SELECT embedding FROM chunk_vectors WHERE rowid = ?`).pluck();
  for (const id of chunkIds) {
    const blob = get.get(BigInt(id)) as Buffer | undefined;
    // copied: a Buffer from SQLite may sit at an offset a Float32Array cannot start at
    if (blob) out.set(id, new Float32Array(new Uint8Array(blob).buffer));
  }
  return out;
}

/** The id of the document with this content, if the store has it. */
export function documentIdBySha(db: Db, sha256: string): number | undefined {
  return db.prepare(`SELECT id FROM documents WHERE sha256 = ?`).pluck().get(sha256) as number | undefined;
}

/**
 * A document row for merged content, ready (its pages are added by Repository.addPages in the same
 * transaction). Its versions and dates come with it; it is added to this library now.
 */
export function insertMergedDocument(db: Db, d: ArchivedDocument, path: string): number {
  const now = new Date().toISOString();
  return Number(
    db
      .prepare(
        `INSERT INTO documents (sha256, path, title, kind, bytes, page_count, status, error, added_at, updated_at, version, version_at, modified_at)
         VALUES (?, ?, ?, ?, ?, ?, 'ready', NULL, ?, ?, ?, ?, ?)`,
      )
      .run(d.sha256, path, d.title, d.kind, d.bytes, d.page_count, now, now, d.version, d.version_at, d.modified_at).lastInsertRowid,
  );
}

/**
 * Records paths known to hold the document, except those that already name a document here: a path names
 * one document at a time, and another machine's path must not take one from this store's documents.
 */
export function notePathsIfNew(db: Db, docId: number, paths: readonly string[]): void {
  const note = db.prepare(`INSERT INTO document_paths (path, doc_id, seen_at) VALUES (?, ?, ?) ON CONFLICT (path) DO NOTHING`);
  const now = new Date().toISOString();
  for (const p of paths) note.run(p, docId, now);
}
