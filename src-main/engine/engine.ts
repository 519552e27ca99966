/**
 * The one implementation of the API (src-shared/api.ts): it builds the parts and hands each method to one.
 * Adapters (CLI, RPC, serve) only translate to and from it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { DocumentRef, IngestRequest, LlmStatusRequest, ModelStatusRequest } from '#shared/api';
import type { Answer, AnswerEvent, AskRequest, CallContext, DocumentInfo, EngineApi, ExportPdfEvent, FileDownload, IngestEvent, IngestSummary, LibraryStats } from '#shared/api';
import type { LlmImportEvent, LlmStatus, ModelStatus, ModelVariantId, OcrPageOutput, OcrRequest, PageImageRequest, PageInfo, PageRef, ReindexEvent } from '#shared/api';
import type { ReindexSummary, SearchRequest, SearchResult, Settings, SettingsUpdate, StartupReport, StoreStatus, WatchStatus } from '#shared/api';
import type { LibraryExportRequest, LibraryExportSummary, LibraryImportRequest, LibraryImportSummary, LibraryTransferEvent } from '#shared/api';
import { Answerer } from './answer/answerer.js';
import { loadSemantic, type SemanticModels } from './embed/semantic.js';
import { ApiError } from './errors.js';
import { EmbedJobs } from './jobs/embed.js';
import { ingestBatch, type IngestBatchDeps } from './jobs/ingest-batch.js';
import { reindexFile } from './jobs/reindex.js';
import { POISON_DEATHS } from './jobs/ingest.js';
import { ownerAlive } from './jobs/owner.js';
import { forgetPath } from './jobs/versions.js';
import { resolveModelsDir } from './models/manifest.js';
import { ModelRegistry } from './models/registry.js';
import { OcrRuntime, type OcrState } from './ocr-runtime.js';
import { page, pageImage } from './pages.js';
import { hybridSearch } from './search/hybrid.js';
import { SettingsStore } from './settings.js';
import { startUp } from './startup.js';
import { openDb, type Db } from './store/db.js';
import { Repository } from './store/repository.js';
import { libraryStats, storeStatus } from './store/status.js';
import { countPathsUnder, pathsUnder } from './store/watch-paths.js';
import type { ChunkOptions } from './text/chunk.js';
import { removeUploadCopy, uploadPath, uploadsDir } from './uploads.js';
import { Watcher, type WatchEvent } from './watch/watcher.js';

export interface EngineOptions {
  dbPath: string;
  /** overrides the measured default; used by the chunk-size sweep */
  chunking?: ChunkOptions;
  /** the packaged app's models folder (Electron: process.resourcesPath/models); DOCSEARCH_MODELS_DIR wins */
  modelsDir?: string;
  /** the packaged app: a missing model file is fixed by reinstalling */
  packaged?: boolean;
}

export class Engine implements EngineApi {
  private readonly db: Db;
  private readonly repo: Repository;
  private readonly settingsStore: SettingsStore;
  private readonly ocrRuntime: OcrRuntime;
  private readonly embedding: EmbedJobs;
  private readonly answerer: Answerer;
  private registry?: ModelRegistry;
  private semanticState?: { variant: ModelVariantId; models: Promise<SemanticModels> };
  private startState?: Promise<StartupReport>;
  private watcher?: Watcher;

  constructor(private readonly opts: EngineOptions) {
    this.db = openDb(opts.dbPath);
    this.repo = new Repository(this.db);
    this.repo.markInterruptedJobs(ownerAlive);
    this.settingsStore = new SettingsStore(path.dirname(path.resolve(opts.dbPath)));
    this.ocrRuntime = new OcrRuntime({ models: () => this.models, chosen: () => this.settingsStore.get().ocr.strategy, limits: () => this.settingsStore.get().limits });
    this.embedding = new EmbedJobs({ db: this.db, repo: this.repo, semantic: () => this.semantic() });
    this.answerer = new Answerer({
      search: async (query, k, scope) => (await this.search({ query, k, scope: scope ?? undefined })).hits,
      pageLines: (docId, pageNo) => this.repo.pageLines(docId, pageNo),
      settings: () => this.settingsStore.get().llm,
      models: () => {
        try {
          return this.models;
        } catch {
          return undefined;
        }
      },
    });
  }

  /**
   * The models of models/manifest.json, read on first use (so commands that need no model work without
   * it). The hash cache sits beside the store. Throws ModelError when the manifest is missing or invalid.
   */
  get models(): ModelRegistry {
    this.registry ??= new ModelRegistry({
      modelsDir: resolveModelsDir({ packagedDir: this.opts.modelsDir }),
      dataDir: path.dirname(path.resolve(this.opts.dbPath)),
      packaged: this.opts.packaged,
    });
    return this.registry;
  }

  /** The embedder and reranker, loaded on first use, and again when settings choose another variant. */
  private semantic(): Promise<SemanticModels> {
    const variant = this.settingsStore.get().models.variant;
    if (this.semanticState?.variant !== variant) this.semanticState = { variant, models: loadSemantic(() => this.models, variant) };
    return this.semanticState.models;
  }

  /** OCR for pages without a text layer (decided on first use). */
  pageOcr(): Promise<OcrState> {
    return this.ocrRuntime.pageOcr();
  }

  /**
   * Uploads (serve) are named by id and read from this store's uploads folder; a copy that did not become
   * its document's file (it failed, the batch stopped before it, or its content is indexed from elsewhere)
   * is deleted, so the uploads folder holds only documents' files, and no document names a deleted copy.
   */
  async ingest(req: IngestRequest, ctx: CallContext<IngestEvent> = {}): Promise<IngestSummary> {
    const { paths, uploads } = IngestRequest.parse(req);
    const dir = uploadsDir(this.opts.dbPath);
    const copies = uploads.map((id) => ({ sha256: id.split('/')[0]!, file: uploadPath(dir, id) }));
    try {
      return await ingestBatch({ paths: [...paths, ...copies.map((c) => c.file)] }, ctx, this.batchDeps());
    } finally {
      for (const c of copies) {
        // a copy of content known under another path is not one of its paths (ingest noted it as one)
        const doc = this.repo.findBySha(c.sha256);
        if (doc?.paths.some((p) => p !== c.file)) this.repo.dropPath(c.file, true);
        if (this.repo.findBySha(c.sha256)?.path !== c.file) removeUploadCopy(dir, c.file);
      }
    }
  }

  /**
   * Resumes the ingests a dead engine process left unfinished (long-running hosts call it at start; a
   * document whose page killed the engine twice is failed instead, see jobs/ingest.ts).
   */
  resumeInterrupted(): Promise<IngestSummary | null> {
    const paths = this.repo.takeInterrupted(POISON_DEATHS).filter((p) => fs.existsSync(p));
    return paths.length ? this.ingest({ paths }) : Promise.resolve(null);
  }

  search(req: SearchRequest): Promise<SearchResult> {
    return hybridSearch(req, { db: this.db, repo: this.repo, semantic: () => this.semantic() });
  }

  reindex(_params?: void, ctx: CallContext<ReindexEvent> = {}): Promise<ReindexSummary> {
    return this.embedding.reindex(ctx);
  }

  getSettings(): Settings {
    return this.settingsStore.get();
  }

  /**
   * Keeps the settings' watch folders (and `extraFolders`) indexed until stopWatching or close: long-running
   * hosts (serve's engine, the app's) and `docsearch watch` call it, one-shot commands do not.
   */
  async startWatching(opts: { extraFolders?: readonly string[]; emit?: (e: WatchEvent) => void } = {}): Promise<Watcher> {
    if (this.watcher) return this.watcher;
    this.watcher = new Watcher({
      settings: () => this.settingsStore.get().watch,
      ingest: (req, ctx) => this.ingest(req, ctx),
      forgetPath: (p, keep) => this.forgetPath(p, keep),
      isKnown: (p) => this.repo.pathState(p) !== undefined,
      knownUnder: (folder) => pathsUnder(this.db, folder),
      countUnder: (folder) => countPathsUnder(this.db, folder),
      ...opts,
    });
    await this.watcher.start();
    return this.watcher;
  }

  /** Stops the watchers; a running ingest stops after its page (resumed at the next start). */
  async stopWatching(): Promise<void> {
    const w = this.watcher;
    this.watcher = undefined;
    await w?.stop();
  }

  watchStatus(): WatchStatus {
    return this.watcher?.status() ?? { running: false, folders: [] };
  }

  /** Problems with settings.json (used defaults instead), for status views; null when it was fine. */
  get settingsProblem(): string | null {
    return this.settingsStore.problem;
  }

  /** A new OCR strategy applies from the next page (OcrRuntime notices the change). */
  updateSettings(update: SettingsUpdate): Settings {
    return this.settingsStore.update(update);
  }

  llmStatus(req?: LlmStatusRequest, { emit, signal }: CallContext<LlmImportEvent> = {}): Promise<LlmStatus> {
    return this.answerer.status({ ...LlmStatusRequest.parse(req), onImport: emit, signal });
  }

  ask(req: AskRequest, { emit, signal }: CallContext<AnswerEvent> = {}): Promise<Answer> {
    return this.answerer.ask(req, emit, signal);
  }

  listDocuments(): DocumentInfo[] {
    return this.repo.listDocuments();
  }

  /** Also deletes the document's file when it is an uploaded copy (never a file the user indexed in place). */
  removeDocument(ref: DocumentRef): DocumentInfo {
    const d = this.document(DocumentRef.parse(ref).doc);
    this.repo.removeDocument(d.id);
    for (const p of d.paths) removeUploadCopy(uploadsDir(this.opts.dbPath), p);
    return d;
  }

  /**
   * The file at `filePath` is gone (watch folders): its document forgets the path, and is removed with its
   * last path unless `keepDocument` (jobs/versions.ts). Returns the removed document.
   */
  forgetPath(filePath: string, keepDocument: boolean): DocumentInfo | null {
    return forgetPath(this.repo, filePath, { keepDocument });
  }

  /** The one document a reference names (also the CLI's, for a scope's `--doc`). */
  document(doc: string): DocumentInfo {
    const matches = this.repo.resolve(doc);
    if (matches.length === 0) throw new ApiError('document-not-found', { doc });
    if (matches.length > 1) throw new ApiError('document-ambiguous', { doc, count: matches.length });
    return matches[0]!;
  }

  /**
   * Reads the document's file again, OCR included, beside the stored version and swaps it in at the end
   * (jobs/reindex.ts): the id stays, and a cancel or a failure leaves the stored version as it was.
   */
  async reindexDocument(ref: DocumentRef, ctx: CallContext<IngestEvent> = {}): Promise<IngestSummary> {
    const d = this.document(DocumentRef.parse(ref).doc);
    const file = d.paths.find((p) => fs.existsSync(p));
    if (!file) throw new ApiError('file-unreadable', { title: d.title, path: d.path, reason: 'it is no longer there' });
    return ingestBatch({ paths: [file] }, ctx, { ...this.batchDeps(), ingestFile: (f, fileCtx) => reindexFile(d.id, f, fileCtx) });
  }

  /** What a batch of files is read with: the store, OCR, embedding and the limits in settings now. */
  private batchDeps(): IngestBatchDeps {
    return { db: this.db, repo: this.repo, chunking: this.opts.chunking, ocr: async () => (await this.pageOcr()).run, embedding: this.embedding, limits: this.settingsStore.get().limits };
  }

  page(ref: PageRef): PageInfo {
    return page(this.repo, ref);
  }

  pageImage(req: PageImageRequest): Promise<Uint8Array> {
    return pageImage(this.repo, req, this.settingsStore.get().limits);
  }

  /** The document as a PDF with an invisible text layer from its OCR (export/searchable-pdf.ts). */
  // Loaded when first used, as the library transfer below: pdf-lib and fontkit took 0.7 s of every start.
  async exportSearchablePdf(ref: DocumentRef, ctx: CallContext<ExportPdfEvent> = {}): Promise<FileDownload> {
    const doc = this.document(DocumentRef.parse(ref).doc);
    const { exportSearchablePdf } = await import('./export/export-document.js');
    return exportSearchablePdf(this.db, doc, { emit: ctx.emit, limits: this.settingsStore.get().limits });
  }

  libraryStats(): LibraryStats {
    return libraryStats(this.db, this.repo);
  }

  async exportLibrary(req: LibraryExportRequest, ctx: CallContext<LibraryTransferEvent> = {}): Promise<LibraryExportSummary> {
    const { exportLibrary } = await import('./library/export.js');
    return exportLibrary(req, ctx, { db: this.db, dataDir: this.dataDir });
  }

  async importLibrary(req: LibraryImportRequest, ctx: CallContext<LibraryTransferEvent> = {}): Promise<LibraryImportSummary> {
    const { importLibrary } = await import('./library/import.js');
    return importLibrary(req, ctx, { db: this.db, repo: this.repo, dataDir: this.dataDir });
  }

  /** The store's folder (settings, uploads and library transfer's temporary files live there). */
  private get dataDir(): string {
    return path.dirname(path.resolve(this.opts.dbPath));
  }

  status(): StoreStatus {
    return storeStatus(this.db, this.repo, this.opts.dbPath);
  }

  ocr(req: OcrRequest, ctx: CallContext<OcrPageOutput> = {}): Promise<OcrPageOutput[]> {
    return this.ocrRuntime.ocr(req, ctx);
  }

  start(): Promise<StartupReport> {
    return (this.startState ??= startUp(() => this.models, () => this.pageOcr()));
  }

  async modelStatus(req?: ModelStatusRequest): Promise<ModelStatus[]> {
    const { load } = ModelStatusRequest.parse(req);
    return this.models.status({ load, variant: this.settingsStore.get().models.variant });
  }

  close(): void {
    // a running watch ingest stops after its page; its store calls then fail and are reported, not thrown
    void this.stopWatching();
    if (this.db.open) this.db.close();
    // Loaded sessions are released synchronously; sessions still loading are released when they finish.
    void this.registry?.close();
    this.ocrRuntime.close();
  }
}
