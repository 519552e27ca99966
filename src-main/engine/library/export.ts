/**
 * `exportLibrary`: a consistent snapshot of the store by SQLite's online backup (other processes may go on
 * writing meanwhile), optionally the documents' original files, into one archive (archive.ts). The archive
 * is written beside its target and renamed at the end, so an interrupted export leaves no half file there.
 */
import fs from 'node:fs';
import path from 'node:path';
import { LibraryExportRequest, type CallContext, type LibraryExportSummary, type LibraryTransferEvent } from '#shared/api';
import { fsReason } from '../documents/files.js';
import { ApiError } from '../errors.js';
import { repoRoot } from '../models/manifest.js';
import { openDb, schemaVersion, type Db } from '../store/db.js';
import { archivedDocuments, libraryCounts, type ArchivedDocument } from '../store/library-merge.js';
import { vectorSpace } from '../store/vectors.js';
import { ARCHIVE_FORMAT, ARCHIVE_FORMAT_VERSION, filePart, SNAPSHOT_PART, throttled, writeArchive, type Manifest } from './archive.js';

/** Database pages copied per backup step (4 MiB of 4 KiB pages): the event loop turns between steps. */
const BACKUP_STEP_PAGES = 1024;

export interface ExportDeps {
  db: Db;
  /** the store's folder: the snapshot is made there (the store's disk has room for a copy of it) */
  dataDir: string;
}

export async function exportLibrary(req: LibraryExportRequest, { emit = () => {}, signal }: CallContext<LibraryTransferEvent>, deps: ExportDeps): Promise<LibraryExportSummary> {
  const t0 = performance.now();
  const { file, withFiles } = LibraryExportRequest.parse(req);
  const out = path.resolve(file);
  const partial = `${out}.partial`;
  const work = fs.mkdtempSync(path.join(deps.dataDir, 'library-export-'));
  try {
    const snapshot = path.join(work, SNAPSHOT_PART);
    const { totalPages } = await deps.db.backup(snapshot, {
      progress: ({ totalPages: total, remainingPages }) => {
        emit({ phase: 'snapshot', done: total - remainingPages, total });
        return signal?.aborted ? 0 : BACKUP_STEP_PAGES;
      },
    });
    // the last step is not reported by the callback
    emit({ phase: 'snapshot', done: totalPages, total: totalPages });
    if (signal?.aborted) throw new ApiError('cancelled');
    const snap = openDb(snapshot);
    let facts: Pick<Manifest, 'schemaVersion' | 'vectorSpace' | 'counts'>;
    let documents: ArchivedDocument[];
    try {
      facts = { schemaVersion: schemaVersion(snap), vectorSpace: vectorSpace(snap) ?? null, counts: libraryCounts(snap) };
      documents = archivedDocuments(snap).filter((d) => d.status === 'ready');
    } finally {
      snap.close();
    }
    const { parts, missing } = withFiles ? originals(documents) : { parts: [], missing: [] };
    const progress = throttled((done, total) => emit({ phase: 'write', done, total }));
    const written = await writeArchive(
      partial,
      [{ name: SNAPSHOT_PART, file: snapshot }, ...parts.map((p) => ({ name: filePart(p.doc.sha256), file: p.file }))],
      (digests) => {
        // a file whose bytes are not the indexed content (changed during the export) is not the original
        const same = parts.filter((p) => digests.get(filePart(p.doc.sha256))!.sha256 === p.doc.sha256);
        const changed = parts.filter((p) => !same.includes(p)).map((p) => ({ sha256: p.doc.sha256, path: p.file, reason: 'it changed while it was being exported' }));
        return {
          format: ARCHIVE_FORMAT,
          formatVersion: ARCHIVE_FORMAT_VERSION,
          appVersion: appVersion(),
          createdAt: new Date().toISOString(),
          ...facts,
          parts: [...digests].map(([name, d]) => ({ name, ...d })),
          files: same.map((p) => ({ sha256: p.doc.sha256, part: filePart(p.doc.sha256), name: path.basename(p.file) })),
          missingFiles: [...missing, ...changed],
        };
      },
      progress,
      signal,
    );
    fs.renameSync(partial, out);
    return {
      file: out,
      bytes: written.bytes,
      counts: facts.counts,
      vectorSpace: facts.vectorSpace,
      files: { included: written.manifest.files.length, missing: written.manifest.missingFiles.map(({ path: p, reason }) => ({ path: p, reason })) },
      ms: performance.now() - t0,
    };
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
    fs.rmSync(partial, { force: true });
  }
}

/** The documents' files that still hold what was indexed (by size here; by sha256 as they are written). */
function originals(documents: readonly ArchivedDocument[]): { parts: { doc: ArchivedDocument; file: string }[]; missing: Manifest['missingFiles'] } {
  const parts: { doc: ArchivedDocument; file: string }[] = [];
  const missing: Manifest['missingFiles'] = [];
  for (const doc of documents) {
    let size: number;
    try {
      size = fs.statSync(doc.path).size;
    } catch (e) {
      missing.push({ sha256: doc.sha256, path: doc.path, reason: fsReason(e) });
      continue;
    }
    if (size !== doc.bytes) missing.push({ sha256: doc.sha256, path: doc.path, reason: 'it changed since it was indexed' });
    else parts.push({ doc, file: doc.path });
  }
  return { parts, missing };
}

/** This app's version, from its package.json (the repository's, or the packaged app's). */
function appVersion(): string {
  try {
    return (JSON.parse(fs.readFileSync(path.join(repoRoot(), 'package.json'), 'utf8')) as { version?: string }).version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}
