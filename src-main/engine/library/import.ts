/**
 * `importLibrary`: an archive of exportLibrary is read into a temporary folder beside the store and every
 * part checked against its manifest before the store is touched (archive.ts). Its snapshot is opened there,
 * which migrates an older one (in that copy), and its documents are merged by content sha256: those this
 * store has are skipped (their other paths noted), new ones are added with their pages as read there (OCR
 * is not redone), their chunks and index entries (Repository.addPages, as ingest stores them), and their
 * vectors when the archive's embedder is this store's; otherwise `reindex` embeds them.
 * Documents are merged in batches, each one transaction: an import stopped midway (cancelled, the process
 * killed) keeps the batches committed, and importing the same archive again skips those documents and goes
 * on with the rest.
 */
import fs from 'node:fs';
import path from 'node:path';
import { LibraryImportRequest, type CallContext, type LibraryImportSummary, type LibraryTransferEvent } from '#shared/api';
import { ApiError } from '../errors.js';
import { openDb, type Db } from '../store/db.js';
import { reportFull } from '../store/full.js';
import { archivedDocuments, archivedPages, documentIdBySha, documentPaths, fileSchemaVersion, insertMergedDocument, notePathsIfNew, storedVectors, type ArchivedDocument } from '../store/library-merge.js';
import { MIGRATIONS } from '../store/migrations.js';
import type { Repository } from '../store/repository.js';
import { refreshTermStats, termStatsStale } from '../store/term-stats.js';
import { ensureVectorTable, putVectors, vectorSpace, type VectorSpace } from '../store/vectors.js';
import { ARCHIVE_FORMAT_VERSION, readArchive, SNAPSHOT_PART, throttled, type Manifest } from './archive.js';

/** Chunks merged per transaction: few FTS5 segments, and another process waits for the store briefly. */
const MERGE_BATCH_CHUNKS = 2000;

export interface ImportDeps {
  db: Db;
  repo: Repository;
  /** the store's folder: the archive is unpacked there, and restored files go to its `imported` folder by default */
  dataDir: string;
}

export async function importLibrary(req: LibraryImportRequest, { emit = () => {}, signal }: CallContext<LibraryTransferEvent>, deps: ImportDeps): Promise<LibraryImportSummary> {
  const t0 = performance.now();
  const { file, withFiles, filesTo } = LibraryImportRequest.parse(req);
  const archive = path.resolve(file);
  const work = fs.mkdtempSync(path.join(deps.dataDir, 'library-import-'));
  try {
    const manifest = await readArchive(archive, work, throttled((done, total) => emit({ phase: 'verify', done, total })), signal);
    if (manifest.formatVersion > ARCHIVE_FORMAT_VERSION) {
      throw new ApiError('archive-invalid', { file: archive, reason: `it was made by a newer docsearch (archive format ${manifest.formatVersion}; this one reads ${ARCHIVE_FORMAT_VERSION}): update first` });
    }
    const snapshot = path.join(work, SNAPSHOT_PART);
    const schema = Math.max(manifest.schemaVersion, fileSchemaVersion(snapshot));
    if (schema > MIGRATIONS.length) throw new ApiError('archive-newer', { file: archive, schema, supported: MIGRATIONS.length });
    // an older snapshot is migrated here, in the temporary copy
    const src = openDb(snapshot);
    try {
      const folder = withFiles || filesTo ? path.resolve(filesTo ?? path.join(deps.dataDir, 'imported')) : null;
      const merged = await merge(src, { manifest, work, folder }, deps, emit, signal);
      return { file: archive, ...merged, ms: performance.now() - t0 };
    } finally {
      src.close();
    }
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

async function merge(
  src: Db,
  { manifest, work, folder }: { manifest: Manifest; work: string; folder: string | null },
  { db, repo }: ImportDeps,
  emit: (e: LibraryTransferEvent) => void,
  signal: AbortSignal | undefined,
): Promise<Omit<LibraryImportSummary, 'file' | 'ms'>> {
  const space = vectorSpace(src);
  const here = vectorSpace(db);
  // a store without vectors yet takes the archive's embedder (a later `reindex` can still switch it)
  const taken: VectorSpace | undefined = space && (here === undefined || (here.model === space.model && here.dims === space.dims)) ? space : undefined;
  const vectorNote = space && !taken ? `the archive's vectors come from embedder ${space.model}, this store's from ${here!.model}: not taken` : null;
  const originals = new Map(manifest.files.map((f) => [f.sha256, f]));
  const s = { imported: 0, present: 0, notReady: 0, pages: 0, chunks: 0, vectors: 0, restored: 0, missing: 0 };
  const docs = archivedDocuments(src);
  let done = 0;
  let cancelled = false;
  emit({ phase: 'merge', done, total: docs.length });
  // a batch's chunks as [id in the archive, id here], whose vectors are copied together at the batch's end
  const idPairs: [number, number][] = [];

  const mergeDocument = (d: ArchivedDocument, restored: string | undefined) => {
    const paths = documentPaths(src, d.id);
    const existing = documentIdBySha(db, d.sha256);
    if (existing !== undefined) {
      notePathsIfNew(db, existing, paths);
      s.present++;
      return;
    }
    if (d.status !== 'ready') {
      s.notReady++;
      return;
    }
    const id = insertMergedDocument(db, d, restored ?? d.path);
    const pages = archivedPages(src, d.id);
    const newIds = repo.addPages(id, d.title, pages).flat();
    notePathsIfNew(db, id, [restored ?? d.path, ...paths]);
    pages.flatMap((p) => p.chunks).forEach((c, i) => idPairs.push([c.id, newIds[i]!]));
    s.imported++;
    s.pages += pages.length;
    s.chunks += newIds.length;
    if (restored) s.restored++;
    else if (folder) s.missing++;
  };

  const copyVectors = (sp: VectorSpace) => {
    const vectors = storedVectors(src, idPairs.map(([old]) => old));
    const items = idPairs.flatMap(([old, chunkId]) => {
      const vector = vectors.get(old);
      return vector ? [{ chunkId, vector }] : [];
    });
    if (items.length) {
      ensureVectorTable(db, sp);
      putVectors(db, sp, items);
    }
    s.vectors += items.length;
  };
  const mergeBatch = db.transaction((batch: readonly ArchivedDocument[], placed: ReadonlyMap<string, string>) => {
    idPairs.length = 0;
    for (const d of batch) mergeDocument(d, placed.get(d.sha256));
    if (taken) copyVectors(taken);
  });

  for (const batch of batches(docs)) {
    if (signal?.aborted) {
      cancelled = true;
      break;
    }
    // the batch's new documents' files are put in place first, and removed again if the batch fails
    const placed = new Map<string, string>();
    if (folder) {
      for (const d of batch) {
        const f = originals.get(d.sha256);
        if (f && d.status === 'ready' && documentIdBySha(db, d.sha256) === undefined) placed.set(d.sha256, restoreFile(path.join(work, f.part), folder, d.sha256, f.name));
      }
    }
    try {
      reportFull(() => mergeBatch.immediate(batch, placed));
    } catch (e) {
      for (const p of placed.values()) fs.rmSync(path.dirname(p), { recursive: true, force: true });
      throw e;
    }
    done += batch.length;
    emit({ phase: 'merge', done, total: docs.length });
    // the event loop turns between batches (a cancel arrives, others' calls are answered)
    await new Promise((resolve) => setImmediate(resolve));
  }
  if (termStatsStale(db)) await refreshTermStats(db);
  return {
    documents: { imported: s.imported, present: s.present, notReady: s.notReady },
    pages: s.pages,
    chunks: s.chunks,
    vectors: s.vectors,
    queuedForEmbedding: s.chunks - s.vectors,
    vectorNote,
    files: { restored: s.restored, folder, missing: s.missing },
    cancelled,
  };
}

/** Documents in runs of about MERGE_BATCH_CHUNKS chunks (a larger document is a batch of its own). */
function* batches(docs: readonly ArchivedDocument[]): Generator<ArchivedDocument[]> {
  let batch: ArchivedDocument[] = [];
  let chunks = 0;
  for (const d of docs) {
    batch.push(d);
    chunks += d.chunks;
    if (chunks >= MERGE_BATCH_CHUNKS) {
      yield batch;
      batch = [];
      chunks = 0;
    }
  }
  if (batch.length) yield batch;
}

/** Moves an unpacked original to <folder>/<sha256>/<name>; the name as the other machine had it, made safe here. */
function restoreFile(from: string, folder: string, sha256: string, name: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are what is replaced
  const safe = (name.split(/[\\/]/).pop() ?? '').replace(/[<>:"|?*\u0000-\u001f]/g, '_');
  const to = path.join(folder, sha256, safe === '' || safe === '.' || safe === '..' ? 'file' : safe);
  fs.mkdirSync(path.dirname(to), { recursive: true });
  try {
    fs.renameSync(from, to);
  } catch (e) {
    // another disk than the store's
    if ((e as NodeJS.ErrnoException).code !== 'EXDEV') throw e;
    fs.copyFileSync(from, to);
  }
  return to;
}
