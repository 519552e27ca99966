/**
 * Ingestion of one file: read → sha256 → open → pages one at a time → chunk → store.
 * Pages are committed whole, with their chunks and index entries, in transactions of up to COMMIT_PAGES
 * pages or COMMIT_MS of work, so a killed process leaves whole pages only (losing at most the last
 * batch); running the same ingest again finds the document by sha256 and resumes after its last stored
 * page.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { LIMITS_DEFAULTS, type IngestEvent, type IngestFileResult, type LimitsSettings } from '#shared/api';
import { openPdf } from '../documents/pdf.js';
import { openImageFile } from '../documents/image-file.js';
import { readInput, type InputFile } from '../documents/read-input.js';
import { openText } from '../documents/textfile.js';
import { InputError, type SourceDocument, type SourcePage } from '../documents/types.js';
import { ocrPageText } from '../ocr/page-text.js';
import { ownerAlive, thisProcess } from './owner.js';
import { reindexRead } from './reindex.js';
import { replacedDocument } from './versions.js';
import type { RgbImage } from '../images/types.js';
import type { OcrPageResult } from '../ocr/types.js';
import type { Repository, StoredPage } from '../store/repository.js';
import { chunkPage, DEFAULT_CHUNKING, type Chunk, type ChunkOptions } from '../text/chunk.js';

/**
 * A transaction per page made FTS5 flush and merge a one-page index segment at every commit, which cost
 * more than the inserts; batches keep progress events and crash loss small (npm run bench).
 */
const COMMIT_PAGES = 64;
const COMMIT_MS = 250;
/** deaths of the engine at one page after which the document is failed instead of resumed */
export const POISON_DEATHS = 2;

/** OCR of one page image; absent when the OCR models are not installed (pages then stay "needs OCR"). */
export type PageOcr = (image: RgbImage, signal?: AbortSignal) => Promise<OcrPageResult>;

export interface IngestContext {
  repo: Repository;
  emit: (e: IngestEvent) => void;
  signal?: AbortSignal;
  chunking?: ChunkOptions;
  ocr?: () => Promise<PageOcr | undefined>;
  /** the file's job when the batch recorded it already (ingest-batch.ts) */
  jobId?: number;
  /** settings' limits (default LIMITS_DEFAULTS) */
  limits?: LimitsSettings;
}

/**
 * Fills a page that needs OCR from its rendered image; a failure is that page's error, not the file's.
 * OCR gets `timeoutMs` (limits.ocrPageTimeoutMs): it checks the deadline between its stages and lines and
 * stops there, so nothing of an abandoned page goes on running.
 */
async function ocrPage(page: SourcePage, ocr: PageOcr, emit: (stage: 'render' | 'ocr') => void, timeoutMs: number): Promise<StoredPage> {
  const { render: _render, ...base } = page;
  try {
    emit('render');
    const image = await page.render!();
    emit('ocr');
    const deadline = AbortSignal.timeout(timeoutMs);
    const result = await ocr(image, deadline).catch((e: unknown) => {
      if (!deadline.aborted) throw e;
      throw new Error(`it took longer than the limit of ${timeoutMs / 1000} s; raise limits.ocrPageTimeoutMs in settings to read it`);
    });
    const laid = ocrPageText(result.lines, result.width, result.height);
    return { ...base, source: 'ocr', status: 'indexed', text: laid.text, lines: laid.lines, width: base.width ?? result.width, height: base.height ?? result.height, ocrMs: result.ms.total };
  } catch (e) {
    return { ...base, status: 'error', error: `OCR failed on page ${page.pageNo}: ${(e as Error).message ?? String(e)}` };
  }
}

/**
 * A file's bytes and their sha256; an unreadable, empty or oversize file is an InputError. `bytes.length`
 * stays the file's size after openSource gave the data to pdf.js.
 */
export interface Hashed {
  bytes: InputFile;
  sha256: string;
}

export async function readHashed(filePath: string, limits: LimitsSettings = LIMITS_DEFAULTS): Promise<Hashed> {
  const bytes = await readInput(filePath, limits);
  return { bytes, sha256: createHash('sha256').update(bytes.data).digest('hex') };
}

/** Opens the file as its kind; a PDF's data is handed to pdf.js (not copied), the others are read in place. */
export async function openSource(input: InputFile, filePath: string, limits: LimitsSettings = LIMITS_DEFAULTS): Promise<SourceDocument> {
  const { data, kind } = input;
  const name = path.basename(filePath);
  if (kind === 'pdf') return openPdf(data, name, { maxImagePixels: limits.maxPdfImagePixels, maxRenderPixels: limits.maxRenderPixels });
  if (kind === 'text' || kind === 'markdown') return openText(data, name, kind);
  return openImageFile(Buffer.from(data.buffer, data.byteOffset, data.byteLength), name, { maxInputPixels: limits.maxImagePixels });
}

/** Time in the stages measured apart, ms; the rest of a file's time is reading it. */
export interface StageMs {
  ocr: number;
  store: number;
}

export function ingestFile(filePath: string, ctx: IngestContext): Promise<IngestFileResult> {
  return timed((spent) => ingest(filePath, ctx, spent));
}

/** A file's ingest (or re-index) with the time it spent in each stage. */
export async function timed(work: (spent: StageMs) => Promise<IngestFileResult>): Promise<IngestFileResult> {
  const t0 = performance.now();
  const spent: StageMs = { ocr: 0, store: 0 };
  const result = await work(spent);
  const total = performance.now() - t0;
  return { ...result, ms: { read: total - spent.ocr - spent.store, ocr: spent.ocr, store: spent.store, embed: 0, total } };
}

/** The line a failed file reports: an input problem as it is, anything else as an internal error. */
export function failureReason(e: unknown): string {
  return e instanceof InputError ? e.message : `internal error: ${(e as Error).message ?? String(e)}`;
}

/** A file's pages read, OCR'd where needed and chunked, handed over a batch at a time. */
export type PageBatch = { page: StoredPage; chunks: Chunk[] }[];

/**
 * Reads the source's pages from `from` on (skipping those in `skip`), OCRs those that need it and chunks
 * them; `store` takes them in batches (the document's own pages for an ingest, its staging for a re-index),
 * and each stored page is reported. Stops after the current page when cancelled.
 */
export async function readPages(filePath: string, source: SourceDocument, from: number, skip: ReadonlySet<number>, store: (batch: PageBatch) => void, ctx: IngestContext, spent: StageMs, jobId: number): Promise<void> {
  const { pageCount } = source;
  let batch: PageBatch = [];
  let lastCommit = performance.now();
  const commit = () => {
    if (!batch.length) return;
    const t = performance.now();
    store(batch);
    spent.store += performance.now() - t;
    for (const { page } of batch) ctx.emit({ type: 'page', path: filePath, page: page.pageNo, pages: pageCount, status: page.status });
    batch = [];
    lastCommit = performance.now();
  };
  for await (const sourcePage of source.pages(from)) {
    if (skip.has(sourcePage.pageNo)) continue;
    let page: StoredPage = sourcePage;
    if (sourcePage.status === 'needs_ocr' && sourcePage.render) {
      const ocr = await ctx.ocr?.();
      if (ocr) {
        commit(); // OCR takes a while: what is done so far is stored and shown first
        ctx.repo.jobAt(jobId, sourcePage.pageNo);
        const t = performance.now();
        page = await ocrPage(sourcePage, ocr, (stage) => ctx.emit({ type: 'page-stage', path: filePath, page: sourcePage.pageNo, pages: pageCount, stage }), (ctx.limits ?? LIMITS_DEFAULTS).ocrPageTimeoutMs);
        spent.ocr += performance.now() - t;
      }
    }
    const chunks = page.status === 'indexed' ? chunkPage(page.text, page.lines, ctx.chunking ?? DEFAULT_CHUNKING) : [];
    batch.push({ page, chunks });
    if (batch.length >= COMMIT_PAGES || performance.now() - lastCommit >= COMMIT_MS) commit();
    // pdfjs settles its promises in microtasks only, so without a turn of the event loop here signal
    // handlers (the CLI's SIGINT → abort) and timers (progress bars) would wait for the whole file.
    await new Promise((resolve) => setImmediate(resolve));
    if (ctx.signal?.aborted) break;
  }
  commit();
}

/** What an indexed file reports, from its stored document. */
export function indexedResult(filePath: string, repo: Repository, docId: number, from = 1): IngestFileResult {
  const doc = repo.getDocument(docId)!;
  return {
    path: filePath,
    outcome: 'indexed',
    docId,
    pages: doc.pageCount,
    chunks: doc.chunkCount,
    pagesNeedingOcr: doc.pagesNeedingOcr,
    pagesUnreadable: doc.pagesUnreadable,
    ...(from > 1 ? { resumedFromPage: from } : {}),
    ...(doc.version > 1 ? { version: doc.version } : {}),
  };
}

async function ingest(filePath: string, ctx: IngestContext, spent: StageMs): Promise<IngestFileResult> {
  const { repo } = ctx;
  const jobId = ctx.jobId ?? repo.startJobs([filePath], thisProcess())[0]!;
  let source: SourceDocument | undefined;
  try {
    // Opening a file (before it has a document) can kill or stall the engine too: page 0 is "opening".
    if (repo.deathsOpening(filePath) >= POISON_DEATHS) throw new InputError(`opening this file stopped the engine ${POISON_DEATHS} times (it crashed, ran out of memory or stopped responding); not retried`);
    repo.jobAt(jobId, 0);
    const read = await readHashed(filePath, ctx.limits);
    const { bytes, sha256 } = read;
    const file = { size: bytes.length, mtimeMs: bytes.mtimeMs };
    const existing = repo.findBySha(sha256);
    // The file at a known path changed: its document takes the new content in place (a new version).
    const previous = existing ? undefined : replacedDocument(repo, filePath);
    if (previous !== undefined) return await reindexRead(previous, filePath, { ...ctx, jobId }, spent, read);
    // A document indexed while OCR was unavailable has pages left "needs OCR": read them now if OCR is there.
    const ocrNow = existing?.status === 'ready' && existing.pagesNeedingOcr > 0 && (await ctx.ocr?.()) !== undefined;
    if (existing?.status === 'ready' && !ocrNow) {
      // the same content under another path stays one document, which knows both paths
      const known = existing.paths.includes(filePath);
      // the copy becomes the document's own path only when that one is gone
      repo.notePath(existing.id, filePath, file, !fs.existsSync(existing.path));
      repo.attachJob(jobId, existing.id);
      repo.endJob(jobId, 'done');
      const reason = known ? `already indexed as document ${existing.id} (${existing.path})` : `the same content as document ${existing.id} (${existing.path}); this path is added to it`;
      return { path: filePath, outcome: 'unchanged', docId: existing.id, pages: existing.pageCount, reason };
    }
    source = await openSource(bytes, filePath, ctx.limits);
    const docId = existing?.id ?? repo.createDocument({ sha256, path: filePath, title: source.title, kind: source.kind, bytes: bytes.length, pageCount: source.pageCount, file });
    if (existing) repo.notePath(existing.id, filePath, file);
    const holder = repo.claimDocument(jobId, docId, ownerAlive);
    if (holder !== null) {
      repo.endJob(jobId, 'done');
      return { path: filePath, outcome: 'skipped', docId, reason: `already being indexed by another ingest (job ${holder}); it shows in the library when done` };
    }
    if (existing && ocrNow) repo.dropPagesNeedingOcr(existing.id);

    // Pages are stored whole: resume at the first missing one and skip those already there.
    const stored = repo.storedPages(docId);
    let from = 1;
    while (stored.has(from)) from++;
    // A page during which the engine died twice (a crash in native code, out of memory) is not tried a third time.
    if (repo.deathsAtPage(docId, from) >= POISON_DEATHS) {
      const reason = `page ${from} stopped the engine ${POISON_DEATHS} times (it crashed, ran out of memory or stopped responding while reading it); not retried: re-index the document to try again`;
      repo.updateDocument(docId, { status: 'error', error: reason });
      repo.endJob(jobId, 'failed', reason);
      return { path: filePath, outcome: 'failed', docId, reason };
    }
    repo.jobAt(jobId, from);
    if (existing) repo.updateDocument(docId, { status: 'indexing', error: null, pageCount: source.pageCount });
    ctx.emit({ type: 'file-pages', path: filePath, pages: source.pageCount, resumeFrom: from });
    const { title } = source;
    await readPages(filePath, source, from, stored, (batch) => repo.addPages(docId, title, batch, jobId), ctx, spent, jobId);
    if (repo.storedPages(docId).size < source.pageCount) {
      repo.endJob(jobId, 'cancelled');
      return { path: filePath, outcome: 'cancelled', docId, reason: 'cancelled; ingest the file again to resume' };
    }
    repo.updateDocument(docId, { status: 'ready' });
    repo.endJob(jobId, 'done');
    return indexedResult(filePath, repo, docId, from);
  } catch (e) {
    const reason = failureReason(e);
    repo.endJob(jobId, 'failed', reason);
    return { path: filePath, outcome: 'failed', reason };
  } finally {
    await source?.close().catch(() => {});
  }
}
