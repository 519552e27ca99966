/** The one implementation of the API (src-shared/api.ts). Adapters (CLI, RPC, serve) only translate to and from it. */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import sharp from 'sharp';
import path from 'node:path';
import {
  DocumentRef,
  IngestRequest,
  PageRef,
  type PageInfo,
  OcrRequest,
  type OcrPageOutput,
  ModelStatusRequest,
  SearchRequest,
  type EngineApi,
  type CallContext,
  type LibraryStats,
  LlmStatusRequest,
  PageImageRequest,
  type DocumentInfo,
  type FileOutcome,
  type IngestEvent,
  type IngestFileResult,
  type IngestSummary,
  type ModelStatus,
  type SearchHit,
  type SearchResult,
  type StoreStatus,
  type StartupReport,
  type DamagedModelFile,
  type Answer,
  type AnswerEvent,
  type AskRequest,
  type LlmStatus,
  type Settings,
  type SettingsUpdate,
  type ReindexEvent,
  type ReindexSummary,
} from '#shared/api';
import { Answerer } from './answer/answerer.js';
import { SettingsStore } from './settings.js';
import { expandPaths, fsReason } from './documents/files.js';
import { pageImages } from './documents/page-images.js';
import { ocrPageText, quadToBox } from './ocr/page-text.js';
import { ApiError } from './errors.js';
import { ingestFile, type PageOcr } from './jobs/ingest.js';
import { OcrModels } from './ocr/models.js';
import { ocrImage } from './ocr/pipeline.js';
import { fallbackOrder, OCR_STRATEGIES, type OcrStrategy } from './ocr/strategies.js';
import type { RgbImage } from './images/types.js';
import { resolveModelsDir } from './models/manifest.js';
import { ModelRegistry } from './models/registry.js';
import { CANDIDATES, lexicalQuery, lexicalSearch } from './search/lexical.js';
import { rrf, weighted, type Fused } from './search/fusion.js';
import { Embedder } from './embed/embedder.js';
import { modelOfRole } from './embed/models.js';
import { Reranker } from './embed/reranker.js';
import { openDb, schemaVersion, type Db } from './store/db.js';
import { Repository } from './store/repository.js';
import { refreshTermStats, termStatsStale } from './store/term-stats.js';
import { chunksWithoutVector, ensureVectorTable, nearestChunks, putVectors, vectorCoverage, vectorSpace } from './store/vectors.js';
import type { ChunkOptions } from './text/chunk.js';
import type { LlmImportEvent } from '#shared/api';
import { makeSnippet } from './text/snippet.js';

/** Candidates the cross-encoder re-scores. */
export const RERANK_TOP = 20;
/** Chunks embedded and committed together during ingest and reindex. */
const EMBED_BATCH = 64;

export interface EngineOptions {
  dbPath: string;
  /** overrides the measured default; used by the chunk-size sweep */
  chunking?: ChunkOptions;
  /** the packaged app's models folder (Electron: process.resourcesPath/models); DOCSEARCH_MODELS_DIR wins */
  modelsDir?: string;
  /** the packaged app: a missing model file is fixed by reinstalling */
  packaged?: boolean;
}

/** OCR as decided at first use: the strategy that runs, or why none can. */
interface OcrState {
  run?: PageOcr;
  models?: OcrModels;
  strategy?: OcrStrategy;
  /** no strategy has its models: the problems of the chosen one */
  reason?: string;
  /** the chosen strategy could not run and another did: why */
  fallback?: string;
}

export class Engine implements EngineApi {
  private readonly db: Db;
  private readonly repo: Repository;
  private registry?: ModelRegistry;
  private ocrState?: Promise<OcrState>;
  private startState?: Promise<StartupReport>;
  private semanticState?: Promise<{ embedder?: Embedder; reranker?: Reranker; reason?: string; rerankerReason?: string }>;
  private readonly settingsStore: SettingsStore;
  private readonly answerer: Answerer;

  constructor(private readonly opts: EngineOptions) {
    this.db = openDb(opts.dbPath);
    this.repo = new Repository(this.db);
    this.repo.markInterruptedJobs();
    this.settingsStore = new SettingsStore(path.dirname(path.resolve(opts.dbPath)));
    this.answerer = new Answerer({
      search: async (query, k) => (await this.search({ query, k })).hits,
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

  async ingest(req: IngestRequest, { emit: onEvent = () => {}, signal }: CallContext<IngestEvent> = {}): Promise<IngestSummary> {
    const { paths } = IngestRequest.parse(req);
    const t0 = performance.now();
    const found = await expandPaths(paths);
    onEvent({ type: 'scan', files: found.length });
    const files: IngestFileResult[] = [];
    for (const [index, f] of found.entries()) {
      let result: IngestFileResult;
      if (signal?.aborted) result = { path: f.path, outcome: 'cancelled', reason: 'cancelled before it started' };
      else if (f.error) result = { path: f.path, outcome: 'failed', reason: f.error };
      else if (f.skipReason) result = { path: f.path, outcome: 'skipped', reason: f.skipReason };
      else {
        onEvent({ type: 'file-start', path: f.path, index, total: found.length });
        result = await ingestFile(f.path, { repo: this.repo, emit: onEvent, signal, chunking: this.opts.chunking, ocr: async () => (await this.pageOcr()).run });
        if (result.outcome === 'indexed' && result.docId !== undefined) {
          const problem = await this.embedDocument(f.path, result.docId, onEvent, signal);
          if (problem) result = { ...result, reason: `indexed for lexical search; vectors not computed (\`docsearch reindex\` retries): ${problem}` };
        }
      }
      files.push(result);
      onEvent({ type: 'file-end', result });
    }
    if (termStatsStale(this.db)) refreshTermStats(this.db);
    const counts = { indexed: 0, unchanged: 0, skipped: 0, failed: 0, cancelled: 0 } satisfies Record<FileOutcome, number>;
    for (const f of files) counts[f.outcome]++;
    return { files, counts, ms: performance.now() - t0 };
  }

  async search(req: SearchRequest): Promise<SearchResult> {
    const { query, k, mode, fusion, rerank, binary } = SearchRequest.parse(req);
    const t0 = performance.now();
    const q = lexicalQuery(query);
    const stages: string[] = [];
    const notes: string[] = [];
    const sem = mode === 'lexical' ? undefined : await this.semantic();
    const vectors = sem?.embedder && vectorSpace(this.db)?.model === sem.embedder.id;
    if (mode !== 'lexical' && !sem?.embedder) notes.push(`dense search off: ${sem?.reason ?? 'no embedder'}`);
    else if (mode !== 'lexical' && !vectors) notes.push('dense search off: the store has no vectors from the installed embedder yet (`docsearch reindex`)');
    const useDense = Boolean(vectors) && mode !== 'lexical';
    const useLexical = mode !== 'dense' || !useDense;
    const pool = Math.max(k, CANDIDATES);

    const lexical = useLexical ? lexicalSearch(this.db, q, pool).map((h) => ({ chunkId: h.chunkId, score: h.score })) : [];
    if (useLexical) stages.push('lexical');
    let dense: { chunkId: number; score: number }[] = [];
    if (useDense) {
      const [qv] = await sem!.embedder!.embedQueries([query]);
      // cosine similarity of unit vectors from the L2 distance: 1 − d²/2
      dense = nearestChunks(this.db, qv!, pool, { binary }).map((h) => ({ chunkId: h.chunkId, score: 1 - (h.distance * h.distance) / 2 }));
      stages.push(`dense${binary ? '-binary' : ''}:${sem!.embedder!.id}`);
    }
    let ranked: Fused[];
    if (useLexical && useDense) {
      ranked = fusion === 'rrf' ? rrf(lexical, dense) : weighted(lexical, dense);
      stages.push(`fusion:${fusion}`);
    } else {
      ranked = (useDense ? dense : lexical).map((h) => ({ chunkId: h.chunkId, score: h.score, lexical: useDense ? null : h.score, dense: useDense ? h.score : null }));
    }
    const fusedScore = new Map(ranked.map((r) => [r.chunkId, useLexical && useDense ? r.score : null]));
    let top = ranked.slice(0, Math.max(k, rerank && sem?.reranker ? RERANK_TOP : 0));
    const rows = this.repo.chunksById(top.map((h) => h.chunkId));
    const rerankScore = new Map<number, number>();
    if (rerank && sem?.reranker && top.length) {
      const head = top.slice(0, RERANK_TOP).filter((h) => rows.has(h.chunkId));
      const scores = await sem.reranker.score(query, head.map((h) => rows.get(h.chunkId)!.text));
      head.forEach((h, i) => rerankScore.set(h.chunkId, scores[i]!));
      top = [...head.map((h) => ({ ...h, score: rerankScore.get(h.chunkId)! })).sort((a, b) => b.score - a.score), ...top.slice(RERANK_TOP)];
      stages.push(`rerank:${sem.reranker.id}`);
    } else if (rerank && mode !== 'lexical' && sem && !sem.reranker) notes.push(`rerank off: ${sem.rerankerReason ?? 'no reranker'}`);
    const hits: SearchHit[] = top.slice(0, k).flatMap((h, i) => {
      const r = rows.get(h.chunkId);
      if (!r) return [];
      return [{
        rank: i + 1,
        chunkId: r.chunkId,
        docId: r.docId,
        title: r.title,
        path: r.path,
        pageNo: r.pageNo,
        start: r.start,
        end: r.end,
        score: h.score,
        scores: { lexical: h.lexical, dense: h.dense, fused: fusedScore.get(h.chunkId) ?? null, rerank: rerankScore.get(h.chunkId) ?? null },
        text: r.text,
        snippet: makeSnippet(r.text, q.highlights),
        boxes: r.boxes,
      }];
    });
    return { query, stages, notes, hits, tookMs: performance.now() - t0 };
  }

  /**
   * The embedder and reranker of the manifest, decided once: each on when its files are present and
   * intact, else off with the reason (search degrades: lexical only, no rerank).
   */
  semantic(): Promise<{ embedder?: Embedder; reranker?: Reranker; reason?: string; rerankerReason?: string }> {
    this.semanticState ??= (async () => {
      let registry: ModelRegistry;
      try {
        registry = this.models;
      } catch (e) {
        return { reason: (e as Error).message, rerankerReason: (e as Error).message };
      }
      const load = async <T>(role: 'embedder' | 'reranker', make: () => Promise<T>): Promise<{ model?: T; reason?: string }> => {
        const m = modelOfRole(registry, role);
        if (!m) return { reason: `no ${role} installed (models/manifest.json has no model with role ${role})` };
        try {
          return { model: await make() };
        } catch (e) {
          return { reason: (e as Error).message };
        }
      };
      const [e, r] = await Promise.all([load('embedder', () => Embedder.fromRegistry(registry)), load('reranker', () => Reranker.fromRegistry(registry))]);
      return { embedder: e.model, reranker: r.model, reason: e.reason, rerankerReason: r.reason };
    })();
    return this.semanticState;
  }

  async reindex(_params?: void, { emit: onEvent = () => {}, signal }: CallContext<ReindexEvent> = {}): Promise<ReindexSummary> {
    const t0 = performance.now();
    const { embedder, reason } = await this.semantic();
    if (!embedder) return { model: null, embedded: 0, ...vectorCoverage(this.db), cancelled: false, reason: reason ?? 'no embedder', ms: performance.now() - t0 };
    const embedded = await this.embedMissing(embedder, undefined, onEvent, signal);
    return { model: embedder.id, embedded, ...vectorCoverage(this.db), cancelled: Boolean(signal?.aborted), reason: null, ms: performance.now() - t0 };
  }

  /** A newly indexed document's vectors, when an embedder is installed; a failure there is reported, not fatal. */
  private async embedDocument(file: string, docId: number, onEvent: (e: IngestEvent) => void, signal?: AbortSignal): Promise<string | null> {
    const { embedder } = await this.semantic();
    if (!embedder) return null;
    try {
      await this.embedMissing(embedder, docId, (e) => onEvent({ type: 'embed', path: file, done: e.done, total: e.total }), signal);
      return null;
    } catch (e) {
      return (e as Error).message;
    }
  }

  /** Embeds chunks without a vector (one document's, or all), in committed batches, so a stop loses nothing. */
  private async embedMissing(embedder: Embedder, docId: number | undefined, onEvent: (e: ReindexEvent) => void, signal?: AbortSignal): Promise<number> {
    ensureVectorTable(this.db, { model: embedder.id, dims: embedder.dims });
    // a document's count uses its index; the store-wide coverage (a full pass) only for reindex
    let total: number;
    if (docId === undefined) {
      const c = vectorCoverage(this.db);
      total = c.chunks - c.withVector;
    } else total = this.repo.chunkCount(docId);
    let done = 0;
    for (;;) {
      if (signal?.aborted) break;
      const batch = chunksWithoutVector(this.db, EMBED_BATCH, docId);
      if (!batch.length) break;
      const vectors = await embedder.embedPassages(batch.map((c) => c.text));
      putVectors(this.db, batch.map((c, i) => ({ chunkId: c.id, vector: vectors[i]! })));
      done += batch.length;
      onEvent({ type: 'embed', done, total });
    }
    return done;
  }

  getSettings(): Settings {
    return this.settingsStore.get();
  }

  /** Problems with settings.json (used defaults instead), for status views; null when it was fine. */
  get settingsProblem(): string | null {
    return this.settingsStore.problem;
  }

  updateSettings(update: SettingsUpdate): Settings {
    const before = this.settingsStore.get().ocr.strategy;
    const next = this.settingsStore.update(update);
    if (next.ocr.strategy !== before) {
      // the next page is read with the new strategy; the old one's tesseract workers end
      const old = this.ocrState;
      this.ocrState = undefined;
      void old?.then((o) => o.models?.close());
    }
    return next;
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

  removeDocument(ref: DocumentRef): DocumentInfo {
    const d = this.document(DocumentRef.parse(ref).doc);
    this.repo.removeDocument(d.id);
    return d;
  }

  /** The one document a reference names. */
  private document(doc: string): DocumentInfo {
    const matches = this.repo.resolve(doc);
    if (matches.length === 0) throw new ApiError('document-not-found', { doc });
    if (matches.length > 1) throw new ApiError('document-ambiguous', { doc, count: matches.length });
    return matches[0]!;
  }

  async reindexDocument(ref: DocumentRef, ctx: CallContext<IngestEvent> = {}): Promise<IngestSummary> {
    const d = this.document(DocumentRef.parse(ref).doc);
    if (!fs.existsSync(d.path)) throw new ApiError('file-unreadable', { title: d.title, path: d.path, reason: 'it is no longer there' });
    this.repo.removeDocument(d.id);
    return this.ingest({ paths: [d.path] }, ctx);
  }

  page(ref: PageRef): PageInfo {
    const { docId, pageNo } = PageRef.parse(ref);
    const d = this.repo.getDocument(docId);
    if (!d) throw new ApiError('document-not-found', { doc: String(docId) });
    const row = this.repo.getPage(docId, pageNo);
    if (!row) throw new ApiError('page-not-found', { title: d.title, pageNo, pageCount: d.pageCount, indexing: d.status === 'indexing' ? 1 : 0 });
    return {
      docId,
      pageNo,
      pageCount: d.pageCount,
      title: d.title,
      path: d.path,
      kind: d.kind,
      width: row.width,
      height: row.height,
      source: row.source,
      status: row.status,
      error: row.error,
      text: row.text,
      lines: row.lines,
      renderable: d.kind === 'pdf' || d.kind === 'image',
    };
  }

  async pageImage(req: PageImageRequest): Promise<Uint8Array> {
    const { maxSide, ...ref } = PageImageRequest.parse(req);
    const info = this.page(ref);
    if (!info.renderable) throw new ApiError('page-not-renderable', { title: info.title, kind: info.kind });
    let bytes: Buffer;
    try {
      bytes = await fs.promises.readFile(info.path);
    } catch (e) {
      throw new ApiError('file-unreadable', { title: info.title, path: info.path, reason: fsReason(e) });
    }
    // the highlights are offsets into the indexed version: a changed file would put them in the wrong place
    const d = this.repo.getDocument(info.docId)!;
    if (createHash('sha256').update(bytes).digest('hex') !== d.sha256) throw new ApiError('file-changed', { title: info.title, path: info.path });
    for await (const { image } of pageImages(bytes, info.path, info.pageNo)) {
      return sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } })
        .resize({ width: maxSide, height: maxSide, fit: 'inside', withoutEnlargement: true })
        .png({ compressionLevel: 6 })
        .toBuffer();
    }
    throw new ApiError('page-not-found', { title: info.title, pageNo: info.pageNo, pageCount: info.pageCount, indexing: 0 });
  }

  libraryStats(): LibraryStats {
    return { ...this.repo.libraryStats(), embeddedChunks: vectorCoverage(this.db).withVector };
  }

  status(): StoreStatus {
    const file = this.opts.dbPath;
    const size = (f: string) => (fs.existsSync(f) ? fs.statSync(f).size : 0);
    return {
      dbPath: file,
      schemaVersion: schemaVersion(this.db),
      ...this.repo.counts(),
      dbBytes: size(file) + size(`${file}-wal`),
      vectorSpace: vectorSpace(this.db) ?? null,
    };
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

  /**
   * OCR for pages without a text layer, decided once: the strategy in settings when its model files are
   * present and intact, else the next one that has them (the reason kept), else off with the reason
   * (those pages are stored as "needs OCR" and can be OCRed later).
   */
  pageOcr(): Promise<OcrState> {
    this.ocrState ??= (async (): Promise<OcrState> => {
      let models: OcrModels;
      try {
        models = new OcrModels(this.models);
      } catch (e) {
        return { reason: (e as Error).message };
      }
      const chosen = this.settingsStore.get().ocr.strategy;
      let first: string[] | undefined;
      for (const strategy of fallbackOrder(chosen)) {
        const problems = await models.problems(strategy).catch((e: unknown) => [(e as Error).message]);
        first ??= problems;
        if (problems.length) continue;
        const fallback = strategy.id === chosen ? undefined : `OCR strategy ${chosen} cannot run (${first.join('; ')}); using ${strategy.id}`;
        return { models, strategy, fallback, run: (image: RgbImage) => ocrImage(image, { models, strategy }) };
      }
      await models.close();
      return { reason: first!.join('; ') };
    })();
    return this.ocrState;
  }

  async ocr(req: OcrRequest, { emit: onPage = () => {} }: CallContext<OcrPageOutput> = {}): Promise<OcrPageOutput[]> {
    const { path: file, strategy: chosen } = OcrRequest.parse(req);
    const state = await this.pageOcr();
    const models = state.models;
    if (!models || !state.strategy) throw new ApiError('ocr-unavailable', { reason: state.reason ?? '' });
    const strategy = chosen ? OCR_STRATEGIES[chosen] : state.strategy;
    if (chosen) {
      const problems = await models.problems(strategy);
      if (problems.length) throw new ApiError('ocr-unavailable', { reason: `strategy ${chosen} cannot run: ${problems.join('; ')}` });
    }
    let bytes: Buffer;
    try {
      bytes = await fs.promises.readFile(file);
    } catch (e) {
      throw new ApiError('file-unreadable', { title: path.basename(file), path: file, reason: fsReason(e) });
    }
    const out: OcrPageOutput[] = [];
    for await (const { pageNo, pages, image } of pageImages(bytes, file)) {
      const r = await ocrImage(image, { models, strategy });
      const laid = ocrPageText(r.lines, r.width, r.height);
      const page: OcrPageOutput = {
        pageNo,
        pages,
        width: r.width,
        height: r.height,
        strategy: strategy.id,
        text: laid.text,
        lines: r.lines.map((l) => ({ text: l.text, confidence: l.confidence, vertical: l.vertical, recogniser: l.recogniser, box: quadToBox(l.quad, r.width, r.height), quad: l.quad })),
        ms: r.ms,
      };
      onPage(page);
      out.push(page);
    }
    return out;
  }

  start(): Promise<StartupReport> {
    this.startState ??= (async () => {
      const t0 = performance.now();
      let problems: string[];
      let damaged: DamagedModelFile[] = [];
      try {
        const checks = await this.models.verify();
        problems = checks.flatMap((c) => c.problems);
        damaged = checks.flatMap((c) => c.files.flatMap((f) => (f.status === 'present' || !f.restore ? [] : [{ model: c.id, path: f.path, status: f.status, restore: f.restore }])));
      } catch (e) {
        problems = [(e as Error).message];
      }
      const t1 = performance.now();
      const { models, strategy, reason, fallback } = await this.pageOcr();
      let ocrReason = reason ?? null;
      if (models && strategy) await models.warm(strategy).catch((e: unknown) => (ocrReason = `the OCR models could not be loaded: ${(e as Error).message}`));
      const t2 = performance.now();
      const ocr = { ready: ocrReason === null, reason: ocrReason, strategy: strategy?.id ?? null, fallback: fallback ?? null };
      return { problems, damaged, ocr, ms: { verify: t1 - t0, ocr: t2 - t1, total: t2 - t0 } };
    })();
    return this.startState;
  }

  async modelStatus(req?: ModelStatusRequest): Promise<ModelStatus[]> {
    const { load } = ModelStatusRequest.parse(req);
    return this.models.status({ load });
  }

  close(): void {
    if (this.db.open) this.db.close();
    // Loaded sessions are released synchronously; sessions still loading are released when they finish.
    void this.registry?.close();
    void this.ocrState?.then((o) => o.models?.close());
  }
}
