/**
 * Re-indexing a stored document. Its file is read again from the first page, OCR included (a re-index
 * usually follows a change of OCR strategy, so ingest's "unchanged" shortcut is not taken), into staging
 * beside the stored version, which is swapped in at the end in one transaction (Repository.swapStaged)
 * under the same document id. Until then search, the library and the viewer see the stored version; a
 * cancel or a failure discards the staging and leaves it as it was. Staging that a process which died left
 * behind is discarded by the document's next re-index, not resumed: its pages may come from another OCR.
 */
import type { IngestFileResult } from '#shared/api';
import { InputError, type SourceDocument } from '../documents/types.js';
import { failureReason, indexedResult, openSource, readHashed, readPages, timed, type Hashed, type IngestContext, type PageBatch, type StageMs } from './ingest.js';
import { ownerAlive, thisProcess } from './owner.js';

const KEPT = 'the stored version is kept';

export function reindexFile(docId: number, filePath: string, ctx: IngestContext): Promise<IngestFileResult> {
  return timed((spent) => reindexRead(docId, filePath, ctx, spent));
}

/**
 * The re-index of a document from its file; `read`: the file already read and hashed (an ingest that found
 * the file at the document's path changed: the new content becomes the document's next version).
 */
export async function reindexRead(docId: number, filePath: string, ctx: IngestContext, spent: StageMs, read?: Hashed): Promise<IngestFileResult> {
  const { repo } = ctx;
  const jobId = ctx.jobId ?? repo.startJobs([filePath], thisProcess())[0]!;
  // Claimed before the first await: a job without a document would be resumed as an ingest of the file
  // after a crash (takeInterrupted), which for a changed file would add a second document.
  const holder = repo.claimDocument(jobId, docId, ownerAlive);
  if (holder !== null) {
    repo.endJob(jobId, 'done');
    return { path: filePath, outcome: 'skipped', docId, reason: `already being indexed (job ${holder}); ${KEPT}` };
  }
  let source: SourceDocument | undefined;
  try {
    repo.discardStaged(docId);
    repo.forgiveDeaths(docId);
    const { bytes, sha256 } = read ?? (await readHashed(filePath, ctx.limits));
    const twin = repo.findBySha(sha256);
    if (twin && twin.id !== docId) throw new InputError(`the file now holds the same content as document ${twin.id} (${twin.path})`);
    source = await openSource(bytes, filePath, ctx.limits);
    const ocr = await ctx.ocr?.();
    const stage = (batch: PageBatch) => {
      // without OCR a scanned page would come back empty, and the stored one may hold its OCR text
      const unread = ocr ? undefined : batch.find((p) => p.page.status === 'needs_ocr');
      if (unread) throw new InputError(`page ${unread.page.pageNo} needs OCR, which is not available now`);
      repo.stagePages(docId, batch);
    };
    ctx.emit({ type: 'file-pages', path: filePath, pages: source.pageCount, resumeFrom: 1 });
    await readPages(filePath, source, 1, new Set(), stage, ctx, spent, jobId);
    const t = performance.now();
    const file = { size: bytes.length, mtimeMs: bytes.mtimeMs };
    const swapped = repo.swapStaged(docId, { sha256, path: filePath, bytes: bytes.length, title: source.title, kind: source.kind, pageCount: source.pageCount, file });
    spent.store += performance.now() - t;
    if (!swapped) {
      repo.discardStaged(docId);
      const [outcome, reason] = ctx.signal?.aborted ? (['cancelled', `cancelled; ${KEPT}`] as const) : (['failed', 'the document was removed while it was re-indexed'] as const);
      repo.endJob(jobId, outcome, reason);
      return { path: filePath, outcome, docId, reason };
    }
    repo.endJob(jobId, 'done');
    return indexedResult(filePath, repo, docId);
  } catch (e) {
    repo.discardStaged(docId);
    const reason = `${failureReason(e)}; ${KEPT}`;
    repo.endJob(jobId, 'failed', reason);
    return { path: filePath, outcome: 'failed', docId, reason };
  } finally {
    await source?.close().catch(() => {});
  }
}
