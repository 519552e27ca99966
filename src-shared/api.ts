/**
 * The API: every method the engine offers and every type that crosses a boundary, declared once. The RPC
 * dispatcher, the method list, the renderer's client, serve's binary routes and Electron's binary protocol
 * are all derived from `API` (the method table at the end); adding a method means an entry there and its
 * implementation in the engine, nothing else.
 * A leaf: it imports only zod (lint rule), so the renderer and the engine both import it, never the reverse.
 * Inputs are zod schemas (the engine validates them); outputs are plain serialisable types.
 */
import { z } from 'zod';

/** A rectangle on a page: fractions of the page size, origin top-left. */
export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** Character offsets [start, end) in a text. */
export interface Span {
  start: number;
  end: number;
}

/** A short passage of a chunk with the query's terms marked. */
export interface Snippet {
  text: string;
  /** ranges within `text` that match query terms */
  highlights: Span[];
  /** offset of `text` within the chunk */
  offset: number;
}

export const ModelRole = z.enum(['ocr-det', 'ocr-rec', 'embedder', 'reranker', 'llm']);
export type ModelRole = z.infer<typeof ModelRole>;

export const ModelEngine = z.enum(['onnx', 'tesseract', 'gguf']);
export type ModelEngine = z.infer<typeof ModelEngine>;

/** A model's weights: as published (fp32), or quantised at build time by `npm run models:prepare` (int8). */
export const MODEL_VARIANTS = ['fp32', 'int8'] as const;
export const ModelVariantId = z.enum(MODEL_VARIANTS);
export type ModelVariantId = z.infer<typeof ModelVariantId>;

/**
 * A file uploaded to `serve`, as the client names it: `<sha256>/<name>` (the server answers an upload with
 * it; no server path crosses). One name segment: no slash, no `.`/`..`, nothing Windows refuses.
 */
// eslint-disable-next-line no-control-regex -- control characters are what is refused
export const UploadId = z.string().regex(/^[0-9a-f]{64}\/(?!\.{1,2}$)[^/\\<>:"|?*\u0000-\u001f]{1,255}$/, 'not an upload id');

/**
 * The upload id in a path the engine reports (…/<sha256>/<name>, its uploads folder): how a client knows its
 * upload in ingest events without being told server paths. Null for any other path.
 */
export function uploadIdOf(path: string): string | null {
  const m = /[\\/]([0-9a-f]{64})[\\/]([^\\/]+)$/.exec(path);
  return m ? `${m[1]}/${m[2]}` : null;
}

export const IngestRequest = z
  .object({
    /** files or folders the engine reads where they are */
    paths: z.array(z.string().min(1)).default([]),
    /** files uploaded to `serve`, by their id */
    uploads: z.array(UploadId).default([]),
  })
  .refine((r) => r.paths.length + r.uploads.length > 0, 'nothing to ingest: give paths or uploads');
export type IngestRequest = z.input<typeof IngestRequest>;

export const DOCUMENT_KINDS = ['pdf', 'text', 'markdown', 'image'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

/** An ISO 8601 date (`2026-11-28`, the whole day in UTC) or date and time (`2026-11-28T09:00:00+09:00`). */
const IsoDate = z.string().refine((s) => /^\d{4}-\d{2}-\d{2}(T.+)?$/.test(s) && !Number.isNaN(Date.parse(s)), 'not an ISO date');

/**
 * Which documents a search or a question looks in. Each filter given narrows it (all must hold); a list
 * matches a document that is any of its items. Absent or empty: every document.
 */
export const Scope = z.object({
  /** document ids */
  documents: z.array(z.number().int().positive()).max(10_000).optional(),
  /** folders: a document is in when any of its paths lies under any of them (whole path segments, / or \\) */
  under: z.array(z.string().trim().min(1)).max(100).optional(),
  kinds: z.array(z.enum(DOCUMENT_KINDS)).optional(),
  /** when it was added, both ends included */
  added: z.object({ from: IsoDate.optional(), to: IsoDate.optional() }).optional(),
  /** needs-ocr: has pages waiting for OCR; ocr: has pages read by OCR; text: every page from a text layer or text file */
  ocr: z.enum(['needs-ocr', 'ocr', 'text']).optional(),
});
export type Scope = z.infer<typeof Scope>;

export const SearchRequest = z.object({
  query: z.string().trim().min(1, 'query is empty').max(4000),
  /** only these documents; absent: all */
  scope: Scope.optional(),
  k: z.number().int().min(1).max(500).default(10),
  /** auto: hybrid when an embedder is installed and the store has vectors, else lexical */
  mode: z.enum(['auto', 'lexical', 'dense', 'hybrid']).default('auto'),
  fusion: z.enum(['rrf', 'weighted']).default('rrf'),
  /** re-score the top candidates with the cross-encoder when one is installed */
  rerank: z.boolean().default(true),
  /** dense candidates from the binary-quantised vectors, rescored with the float ones (large stores) */
  binary: z.boolean().default(false),
});
export type SearchRequest = z.input<typeof SearchRequest>;

/** A document is named by id, by full sha256 or a unique prefix of it (≥ 8 hex), or by its path. */
export const DocumentRef = z.object({ doc: z.string().trim().min(1) });
export type DocumentRef = z.infer<typeof DocumentRef>;

export type DocumentStatus = 'indexing' | 'ready' | 'error';

export interface DocumentInfo {
  id: number;
  sha256: string;
  /** the path it was last read from */
  path: string;
  /** every path known to hold this content (the same file copied elsewhere stays one document) */
  paths: string[];
  title: string;
  kind: DocumentKind;
  bytes: number;
  pageCount: number;
  pagesIndexed: number;
  pagesNeedingOcr: number;
  /** pages whose text was read by OCR (the rest came from a text layer) */
  pagesOcr: number;
  /** pages whose content could not be read (stored with status 'error' and the reason) */
  pagesUnreadable: number;
  chunkCount: number;
  status: DocumentStatus;
  error: string | null;
  addedAt: string;
  /** 1, then one more each time the file at its path changed and replaced the content */
  version: number;
  /** when this version was indexed */
  versionAt: string;
  /** the file's modification time when this version was read; null for documents indexed before versions */
  modifiedAt: string | null;
}

/** Where a chunk is: the common part of search hits, answer passages and citations. */
export interface ChunkPlace {
  chunkId: number;
  docId: number;
  title: string;
  path: string;
  pageNo: number;
}

export interface SearchHit extends ChunkPlace {
  rank: number;
  /** character offsets of the chunk in its page text */
  start: number;
  end: number;
  /** higher is better: the score of the last stage that ran (see `scores`) */
  score: number;
  /** each stage's score for this chunk; null where the stage did not run or did not find it */
  scores: { lexical: number | null; dense: number | null; fused: number | null; rerank: number | null };
  text: string;
  snippet: Snippet;
  boxes: Box[];
}

/**
 * Why a search ran with less than it was asked for, as a code the UI words in its language; `message` is the
 * English line (the CLI's), `reason` the engine's own words for a model problem (paths, the fix).
 * - scope-empty: no document is in the scope;
 * - dense-no-embedder: no embedder can run (`reason`);
 * - dense-other-space: the store's vectors come from `storeModel`, not the installed `model` (reindex switches);
 * - dense-no-vectors: the store has no vectors from the installed embedder yet (reindex);
 * - rerank-off: no reranker can run (`reason`);
 * - variant-fallback: a model runs fp32 because the chosen variant is missing or damaged (`reason`).
 */
export type SearchNoteCode = 'scope-empty' | 'dense-no-embedder' | 'dense-other-space' | 'dense-no-vectors' | 'rerank-off' | 'variant-fallback';
export interface SearchNote {
  code: SearchNoteCode;
  params: { reason?: string; model?: string; storeModel?: string };
  message: string;
}

export interface SearchResult {
  query: string;
  /** what ran, in order: lexical, dense (model id), fusion (rrf|weighted), rerank (model id) */
  stages: string[];
  /** why a stage did not run or ran with other weights than chosen (no embedder installed, store not embedded yet…) */
  notes: SearchNote[];
  hits: SearchHit[];
  tookMs: number;
}

export type FileOutcome = 'indexed' | 'unchanged' | 'skipped' | 'failed' | 'cancelled';

export interface IngestFileResult {
  path: string;
  outcome: FileOutcome;
  docId?: number;
  pages?: number;
  chunks?: number;
  pagesNeedingOcr?: number;
  pagesUnreadable?: number;
  /** first page processed in this run when an interrupted ingest was resumed */
  resumedFromPage?: number;
  /** the document's version when the file has replaced earlier content at its path (2 and up) */
  version?: number;
  /** why it failed or was skipped: one line for people */
  reason?: string;
  /**
   * where the file's time went, ms (files the engine opened): OCR (rendering included) of pages without a
   * text layer, store writes (pages, chunks, index entries), embedding, and read: the rest (file, sha256,
   * text and layout, chunking)
   */
  ms?: { read: number; ocr: number; store: number; embed: number; total: number };
}

export interface IngestSummary {
  files: IngestFileResult[];
  counts: Record<FileOutcome, number>;
  ms: number;
}

export type IngestEvent =
  | { type: 'scan'; files: number }
  | { type: 'file-start'; path: string; index: number; total: number }
  | { type: 'file-pages'; path: string; pages: number; resumeFrom: number }
  | { type: 'page-stage'; path: string; page: number; pages: number; stage: 'render' | 'ocr' }
  | { type: 'page'; path: string; page: number; pages: number; status: 'indexed' | 'needs_ocr' | 'error' }
  /** chunks of the file embedded so far (only when an embedder is installed) */
  | { type: 'embed'; path: string; done: number; total: number }
  | { type: 'file-end'; result: IngestFileResult };

export type ReindexEvent = { type: 'embed'; done: number; total: number };

export interface ReindexSummary {
  model: string | null;
  embedded: number;
  /** chunks with a vector of the current embedder, after the run */
  withVector: number;
  chunks: number;
  cancelled: boolean;
  /** why nothing was embedded (no embedder installed) */
  reason: string | null;
  ms: number;
}

export interface StoreStatus {
  dbPath: string;
  schemaVersion: number;
  documents: number;
  documentsIndexing: number;
  pages: number;
  pagesNeedingOcr: number;
  chunks: number;
  dbBytes: number;
  vectorSpace: { model: string; dims: number } | null;
  /** the sqlite-vec library this process searches with: its AVX build, or the portable one and why */
  vectorLibrary: { build: 'avx' | 'portable'; reason: string | null };
}

/** How a missing or altered model file comes back: the installer, a fetch script, or its manifest origin. */
export type ModelRestore = 'reinstall' | 'models:ocr' | 'models:fetch' | 'models:prepare' | 'manifest';

export interface DamagedModelFile {
  model: string;
  /** absolute path */
  path: string;
  status: Exclude<ModelFileState, 'present'>;
  restore: ModelRestore;
}

/**
 * What the engine found when it started (`start()`, run once per launch): every model file checked against
 * its sha256, then the OCR models made ready. Problems never stop the engine: search, answers and text-layer
 * ingestion keep working, and the UI shows them.
 */
export interface StartupReport {
  /** one line per missing or altered model file, naming the model, the path and how to restore it */
  problems: string[];
  /** the same files, structured (the UI words them in its language); empty when the manifest itself failed */
  damaged: DamagedModelFile[];
  /**
   * whether scanned pages can be OCRed, otherwise why not (such pages wait as "needs OCR"); the strategy that
   * reads them, and why it is not the chosen one when the chosen one's models are missing or altered
   */
  ocr: { ready: boolean; reason: string | null; strategy: OcrStrategyId | null; fallback: string | null };
  /** verify: hashing (or the hash cache); ocr: sessions and workers created; total: both */
  ms: { verify: number; ocr: number; total: number };
}

/** `load`: also create the ONNX sessions, so the execution provider and load time are known. */
export const ModelStatusRequest = z.object({ load: z.boolean().default(false) }).default({ load: false });
export type ModelStatusRequest = z.input<typeof ModelStatusRequest>;

export type ModelFileState = 'present' | 'missing' | 'altered';

export interface ModelFileStatus {
  /** absolute path */
  path: string;
  status: ModelFileState;
  expectedBytes: number;
  /** size on disk; null when missing */
  bytes: number | null;
}

/** One model of models/manifest.json: its files checked against their sha256, and its session once loaded. */
export interface ModelStatus {
  id: string;
  role: ModelRole;
  engine: ModelEngine;
  description: string | null;
  licence: string;
  /** missing if any file is missing, else altered if any differs from the manifest, else present */
  status: ModelFileState;
  files: ModelFileStatus[];
  /** one line each for people, naming the path and the fix; empty when all is well */
  problems: string[];
  /** an inference session exists (ONNX models only) */
  loaded: boolean;
  provider: 'cuda' | 'cpu' | null;
  /** why CUDA is not used, when it is not */
  fallbackReason: string | null;
  loadMs: number | null;
  /** the model's prepared variants besides fp32 (models:prepare), each with the state of its file */
  variants: { id: ModelVariantId; status: ModelFileState; path: string; tool: string }[];
  /** the variant the engine runs for this model (embedder, reranker): settings' models.variant when it is there, else fp32 */
  activeVariant: ModelVariantId | null;
  /** why the chosen variant is not the active one */
  variantNote: string | null;
}

/** OCR strategies (ocr/strategies.ts), best measured first: the default, then the order of fallbacks. */
export const OCR_STRATEGY_IDS = ['ppocr-v6', 'ppocr-v5', 'legacy', 'tesseract-page'] as const;
export const OcrStrategyId = z.enum(OCR_STRATEGY_IDS);
export type OcrStrategyId = z.infer<typeof OcrStrategyId>;

export const OcrRequest = z.object({
  path: z.string().min(1),
  /** default: the strategy in settings (ocr.strategy) */
  strategy: OcrStrategyId.optional(),
});
export type OcrRequest = z.infer<typeof OcrRequest>;

export interface OcrPageOutput {
  pageNo: number;
  pages: number;
  width: number;
  height: number;
  /** the strategy that read the page */
  strategy: OcrStrategyId;
  text: string;
  lines: { text: string; confidence: number; vertical: boolean; recogniser: string; box: Box; quad: { x: number; y: number }[] }[];
  ms: { detect: number; recognise: number; total: number };
}

/** LLM settings (settings.json in the data folder); see answer/host-policy.ts for the air-gapped rule. */
export const LlmSettings = z.object({
  /** Ollama server; only loopback hosts unless allowRemoteHost */
  host: z.string().url(),
  model: z.string().min(1),
  /** the user's explicit consent to send passages to a non-loopback host */
  allowRemoteHost: z.boolean(),
  /** context window asked of Ollama (num_ctx); passages are chosen to fit it */
  contextTokens: z.number().int().min(1024).max(131072),
  /** tokens kept free for the answer */
  answerTokens: z.number().int().min(128).max(8192),
  /** until the first token (model loading included) */
  firstTokenTimeoutMs: z.number().int().min(1000),
  /** longest silence between two tokens */
  idleTimeoutMs: z.number().int().min(1000),
});
export type LlmSettings = z.infer<typeof LlmSettings>;

export const LLM_DEFAULTS: LlmSettings = {
  host: 'http://127.0.0.1:11434',
  model: 'qwen2.5:7b-instruct',
  allowRemoteHost: false,
  contextTokens: 8192,
  answerTokens: 1024,
  firstTokenTimeoutMs: 120_000,
  idleTimeoutMs: 30_000,
};

/** OCR settings: the strategy that reads scanned pages (ocr/strategies.ts; the first is the measured best). */
export const OcrSettings = z.object({ strategy: OcrStrategyId });
export type OcrSettings = z.infer<typeof OcrSettings>;
export const OCR_DEFAULTS: OcrSettings = { strategy: OCR_STRATEGY_IDS[0] };

/**
 * What one input file may cost, so a crafted or accidental giant fails with a message naming the setting
 * instead of exhausting memory or time during ingestion.
 */
export const LimitsSettings = z.object({
  /** largest PDF read, in bytes (pdf.js holds the whole file in memory) */
  maxPdfBytes: z.number().int().min(1),
  /** largest image file read (PNG, JPEG, TIFF), in bytes */
  maxImageBytes: z.number().int().min(1),
  /** largest text or Markdown file read, in bytes */
  maxTextBytes: z.number().int().min(1),
  /** largest image file decoded, in pixels (width × height) */
  maxImagePixels: z.number().int().min(1),
  /** largest image inside a PDF decoded, in pixels (pdf.js maxImageSize) */
  maxPdfImagePixels: z.number().int().min(1),
  /** largest raster a PDF page is rendered to for OCR, in pixels; bigger pages are rendered at a lower scale */
  maxRenderPixels: z.number().int().min(1),
  /** time OCR may spend on one page; a page over it is stored as an error page (retryable) */
  ocrPageTimeoutMs: z.number().int().min(1),
  /** largest file `serve` accepts as an upload, in bytes (checked per upload, so a change applies at once) */
  uploadMaxBytes: z.number().int().min(1),
  /** disk space an upload must leave free, in bytes (the store and the system need room too) */
  uploadMinFreeBytes: z.number().int().min(0),
});
export type LimitsSettings = z.infer<typeof LimitsSettings>;

export const LIMITS_DEFAULTS: LimitsSettings = {
  maxPdfBytes: 1024 * 1024 * 1024,
  maxImageBytes: 256 * 1024 * 1024,
  maxTextBytes: 128 * 1024 * 1024,
  maxImagePixels: 16383 * 16383,
  // A4 at 600 dpi is 35 M pixels; ingesting a PDF page of a 49 M-pixel RGB scan peaked at 1 GB RSS, at 100 M at 2.1 GB
  maxPdfImagePixels: 50_000_000,
  maxRenderPixels: 25_000_000,
  ocrPageTimeoutMs: 120_000,
  // the largest file type the engine reads (maxPdfBytes) fits
  uploadMaxBytes: 1024 * 1024 * 1024,
  uploadMinFreeBytes: 1024 * 1024 * 1024,
};

/**
 * The embedder's and reranker's weights. The default is the variant that met the agreement bar against fp32
 * (README, Semantic figures); vectors of another variant are another vector space (`reindex` switches).
 */
export const ModelsSettings = z.object({ variant: ModelVariantId });
export type ModelsSettings = z.infer<typeof ModelsSettings>;
export const MODELS_DEFAULTS: ModelsSettings = { variant: 'fp32' };

/** An absolute folder path (POSIX, a Windows drive or a UNC share): a watcher has no working folder to resolve against. */
const AbsoluteFolder = z.string().regex(/^(\/|[A-Za-z]:[\\/]|\\\\)/, 'must be an absolute path');

/** Watch folders (engine/watch): folders kept indexed as files appear, change and go. */
export const WatchSettings = z.object({
  folders: z.array(AbsoluteFolder),
  /** a deleted file's document is removed (true) or kept in the library (false) */
  removeDeleted: z.boolean(),
  /** how long a file's size and modification time must stay the same before it is read (its write finished) */
  debounceMs: z.number().int().min(0).max(600_000),
});
export type WatchSettings = z.infer<typeof WatchSettings>;
export const WATCH_DEFAULTS: WatchSettings = { folders: [], removeDeleted: true, debounceMs: 1000 };

/** Stored settings: keys left out take their defaults (so older files stay valid). */
export const Settings = z.object({
  llm: z.preprocess((v) => ({ ...LLM_DEFAULTS, ...(v ?? {}) }), LlmSettings),
  ocr: z.preprocess((v) => ({ ...OCR_DEFAULTS, ...(v ?? {}) }), OcrSettings),
  limits: z.preprocess((v) => ({ ...LIMITS_DEFAULTS, ...(v ?? {}) }), LimitsSettings),
  watch: z.preprocess((v) => ({ ...WATCH_DEFAULTS, ...(v ?? {}) }), WatchSettings),
  models: z.preprocess((v) => ({ ...MODELS_DEFAULTS, ...(v ?? {}) }), ModelsSettings),
});
export type Settings = z.infer<typeof Settings>;
/** A partial update: only the given keys change. */
export const SettingsUpdate = z.object({
  llm: LlmSettings.partial().optional(),
  ocr: OcrSettings.partial().optional(),
  limits: LimitsSettings.partial().optional(),
  watch: WatchSettings.partial().optional(),
  models: ModelsSettings.partial().optional(),
});
export type SettingsUpdate = z.infer<typeof SettingsUpdate>;

export type LlmState = 'ready' | 'server-down' | 'model-missing' | 'importing' | 'host-not-allowed' | 'error';

export interface LlmStatus {
  host: string;
  model: string;
  state: LlmState;
  /** one line for people: what is wrong and what to do */
  detail: string;
  /** server version when it answered */
  serverVersion: string | null;
  /** a GGUF in models/llm that can be imported when the model is missing */
  importable: { id: string; path: string } | null;
}

export type LlmImportEvent =
  | { type: 'upload'; bytesDone: number; bytesTotal: number }
  | { type: 'create'; status: string };

export const AskRequest = z.object({
  question: z.string().trim().min(1, 'question is empty').max(4000),
  /** continue a conversation (its recent turns shape retrieval and the prompt); omitted: a new one */
  conversationId: z.string().min(1).max(100).optional(),
  /** the documents to answer from; absent: a follow-up keeps its conversation's scope, a new one looks in all */
  scope: Scope.optional(),
  /** false: extractive answer without asking the LLM */
  llm: z.boolean().default(true),
  /** passages retrieved before the token budget is applied */
  k: z.number().int().min(1).max(50).default(8),
});
export type AskRequest = z.input<typeof AskRequest>;

/** A passage given to the answerer, numbered from 1 as in the prompt. */
export interface AnswerPassage extends ChunkPlace {
  n: number;
  text: string;
  boxes: Box[];
}

/** A citation marker [n] kept in the answer, resolved to where it points. */
export interface Citation extends ChunkPlace {
  n: number;
  /** the cited text's character offsets in its page text */
  start: number;
  end: number;
  /** the cited lines (extractive: the sentence's lines; LLM: the passage's lines) */
  boxes: Box[];
}

export interface Answer {
  conversationId: string;
  question: string;
  /** the query used for retrieval (the question, with the previous one for a follow-up) */
  retrievalQuery: string;
  /** the documents it was answered from (asked for, or kept from the conversation); null: all */
  scope: Scope | null;
  mode: 'llm' | 'extractive';
  /** why the answer is extractive (asked for, or the LLM's state) */
  extractiveReason: string | null;
  model: string | null;
  /** the answer with its markers [n] (unknown markers removed) */
  text: string;
  citations: Citation[];
  /** every passage given, in prompt order */
  passages: AnswerPassage[];
  /** markers the model wrote that named no passage (removed from text) */
  droppedMarkers: number[];
  /** the user stopped it: text is what had arrived */
  cancelled: boolean;
  /** the LLM failed after it had begun: text is what had arrived */
  error: string | null;
  ms: { retrieval: number; firstToken: number | null; total: number };
}

export type AnswerEvent =
  | { type: 'retrieved'; passages: AnswerPassage[]; retrievalQuery: string; scope: Scope | null }
  | { type: 'mode'; mode: 'llm' | 'extractive'; reason: string | null; model: string | null }
  | { type: 'token'; text: string }
  | { type: 'done'; answer: Answer };

/** One page of an indexed document. */
export const PageRef = z.object({ docId: z.number().int().positive(), pageNo: z.number().int().positive() });
export type PageRef = z.infer<typeof PageRef>;

/** A page as stored: its text and lines (offsets into the text, and boxes where known) for the viewer. */
export interface PageInfo {
  docId: number;
  pageNo: number;
  pageCount: number;
  title: string;
  path: string;
  kind: DocumentKind;
  /** points (PDF) or pixels (images); null when unknown */
  width: number | null;
  height: number | null;
  source: 'text' | 'ocr' | 'none';
  status: 'indexed' | 'needs_ocr' | 'error';
  error: string | null;
  text: string;
  lines: { start: number; end: number; box?: Box }[];
  /** whether pageImage can draw it (PDF and image files) */
  renderable: boolean;
  /** pages of the document read by OCR (the viewer offers the searchable-PDF export when any) */
  pagesOcr: number;
}

/** The page drawn as PNG for the viewer, its longest side at most maxSide px. */
export const PageImageRequest = PageRef.extend({ maxSide: z.number().int().min(64).max(8000).default(2000) });
export type PageImageRequest = z.input<typeof PageImageRequest>;

/** A binary method's answer that is a file to save: hosts send it as an attachment under `fileName`. */
export interface FileDownload {
  fileName: string;
  bytes: Uint8Array;
}

/** The searchable-PDF export's progress: a page written. */
export interface ExportPdfEvent {
  type: 'page';
  page: number;
  pages: number;
}

/** `ensure`: import the shipped GGUF into Ollama when the model is missing (events: its progress). */
export const LlmStatusRequest = z.object({ ensure: z.boolean().default(false) }).default({ ensure: false });
export type LlmStatusRequest = z.input<typeof LlmStatusRequest>;

/** What the library holds, for Settings › Data. */
export interface LibraryStats {
  documents: number;
  /** documents by kind, and their files' total size */
  byKind: Record<DocumentKind, { documents: number; bytes: number }>;
  pages: {
    total: number;
    /** read from a text layer or text file */
    text: number;
    ocr: number;
    needsOcr: number;
    unreadable: number;
  };
  chunks: number;
  /** characters of indexed text */
  characters: number;
  /** OCR time of the pages read by OCR: total and per page (null when none was) */
  ocrSeconds: { total: number; perPage: number | null };
  /** chunks with a vector of the current embedder */
  embeddedChunks: number;
  /** when the first and the latest documents were added (null: empty library) */
  firstAdded: string | null;
  lastAdded: string | null;
}

/** What a watched folder is doing: its catch-up scan, waiting for changes, reading some, or failing. */
export type WatchState = 'scanning' | 'watching' | 'ingesting' | 'error';

export interface WatchFolderStatus {
  path: string;
  state: WatchState;
  /** changed files waiting (for their write to finish, or for the running ingest) */
  queued: number;
  /** the last file handled */
  lastEvent: { at: string; path: string; action: 'indexed' | 'unchanged' | 'removed' | 'kept' | 'skipped' | 'failed' } | null;
  /** the folder's last problem (missing, unreadable, a file that failed); null once it watches again */
  lastError: string | null;
  /** files under the folder that the library knows */
  filesKnown: number;
}

/** `running`: false in a process that does not watch (the folders are then not followed by it). */
export interface WatchStatus {
  running: boolean;
  folders: WatchFolderStatus[];
}

/**
 * Library transfer (engine/library): one archive file holding a snapshot of the store (pages with their OCR,
 * chunks, vectors) and optionally the documents' original files, merged into another machine's store.
 */
export const LibraryExportRequest = z.object({
  /** the archive to write; an existing file there is replaced once the new one is complete */
  file: z.string().trim().min(1),
  /** also put the documents' original files in the archive */
  withFiles: z.boolean().default(false),
});
export type LibraryExportRequest = z.input<typeof LibraryExportRequest>;

export const LibraryImportRequest = z.object({
  file: z.string().trim().min(1),
  /** restore the original files the archive holds; the documents then point at them */
  withFiles: z.boolean().default(false),
  /** where restored files go, each as <folder>/<sha256>/<name>; default <data folder>/imported */
  filesTo: z.string().trim().min(1).optional(),
});
export type LibraryImportRequest = z.input<typeof LibraryImportRequest>;

/** snapshot: database pages copied; write, verify: archive bytes; merge: documents */
export type LibraryTransferPhase = 'snapshot' | 'write' | 'verify' | 'merge';
export interface LibraryTransferEvent {
  phase: LibraryTransferPhase;
  done: number;
  total: number;
}

export interface LibraryCounts {
  documents: number;
  pages: number;
  chunks: number;
  vectors: number;
}

export interface LibraryExportSummary {
  file: string;
  bytes: number;
  counts: LibraryCounts;
  vectorSpace: { model: string; dims: number } | null;
  /** original files in the archive, and those left out (gone, or changed since they were indexed) */
  files: { included: number; missing: { path: string; reason: string }[] };
  ms: number;
}

export interface LibraryImportSummary {
  file: string;
  /** added; already here (same content sha256: skipped); not finished in the archive (indexing or failed there: skipped) */
  documents: { imported: number; present: number; notReady: number };
  pages: number;
  chunks: number;
  /** vectors taken from the archive (its embedder is this store's) */
  vectors: number;
  /** imported chunks without a vector, which `reindex` embeds */
  queuedForEmbedding: number;
  /** why the archive's vectors were not taken, when they were not */
  vectorNote: string | null;
  /** original files restored (and where), and imported documents whose file the archive did not hold */
  files: { restored: number; folder: string | null; missing: number };
  /** stopped between two batches: what is reported was committed, and importing again goes on from there */
  cancelled: boolean;
  ms: number;
}

const NoParams = z.void();

/** A type carried by the method table for the compiler only (results and events are not validated). */
export interface Returns<T> {
  readonly type?: T;
}
const returns = <T>(): Returns<T> => ({});

/**
 * Every method of the API. `call`: a request and one result. `stream`: events before the result, and
 * cancellable (ingest stops after its page, ask keeps the answer so far). `binary`: bytes (a page image),
 * fetched by URL rather than over the message protocol. `cliOnly`: the UI does not use it, so the clients'
 * transports (serve's WebSocket, Electron's port) refuse it and the renderer's client does not offer it.
 */
export const API = {
  ingest: { kind: 'stream', input: IngestRequest, result: returns<IngestSummary>(), event: returns<IngestEvent>() },
  search: { kind: 'call', input: SearchRequest, result: returns<SearchResult>() },
  /** Embeds the chunks that have no vector from the installed embedder (resumable: progress is kept). */
  reindex: { kind: 'stream', input: NoParams, result: returns<ReindexSummary>(), event: returns<ReindexEvent>() },
  listDocuments: { kind: 'call', input: NoParams, result: returns<DocumentInfo[]>() },
  removeDocument: { kind: 'call', input: DocumentRef, result: returns<DocumentInfo>() },
  /** Indexes a document's file again from scratch (after it changed, or to re-run OCR). */
  reindexDocument: { kind: 'stream', input: DocumentRef, result: returns<IngestSummary>(), event: returns<IngestEvent>() },
  page: { kind: 'call', input: PageRef, result: returns<PageInfo>() },
  pageImage: { kind: 'binary', input: PageImageRequest, mime: 'image/png' },
  /** The document's pages with an invisible text layer from OCR, as a PDF to save (its OCR pages only add text). */
  exportSearchablePdf: { kind: 'binary', input: DocumentRef, mime: 'application/pdf', download: true, event: returns<ExportPdfEvent>() },
  status: { kind: 'call', input: NoParams, result: returns<StoreStatus>() },
  libraryStats: { kind: 'call', input: NoParams, result: returns<LibraryStats>() },
  modelStatus: { kind: 'call', input: ModelStatusRequest, result: returns<ModelStatus[]>() },
  /** Verifies the models and readies OCR, once; later calls return the same report. Never rejects. */
  start: { kind: 'call', input: NoParams, result: returns<StartupReport>() },
  /** OCR of every page of a PDF or image file, without indexing it; each page as it is read. */
  ocr: { kind: 'stream', input: OcrRequest, result: returns<OcrPageOutput[]>(), event: returns<OcrPageOutput>(), cliOnly: true },
  getSettings: { kind: 'call', input: NoParams, result: returns<Settings>() },
  /** What each watched folder (settings' watch.folders) is doing; the UI polls it. */
  watchStatus: { kind: 'call', input: NoParams, result: returns<WatchStatus>() },
  updateSettings: { kind: 'call', input: SettingsUpdate, result: returns<Settings>() },
  /** Whether Ollama answers and has the model; `ensure` imports the shipped GGUF when it is missing. */
  llmStatus: { kind: 'stream', input: LlmStatusRequest, result: returns<LlmStatus>(), event: returns<LlmImportEvent>() },
  /** Answers from the indexed documents, streaming tokens. */
  ask: { kind: 'stream', input: AskRequest, result: returns<Answer>(), event: returns<AnswerEvent>() },
  /** Writes the library (a snapshot of the store, optionally the original files) to one archive file. */
  exportLibrary: { kind: 'stream', input: LibraryExportRequest, result: returns<LibraryExportSummary>(), event: returns<LibraryTransferEvent>() },
  /** Verifies an archive of exportLibrary, then merges its documents into this store (matched by content sha256). */
  importLibrary: { kind: 'stream', input: LibraryImportRequest, result: returns<LibraryImportSummary>(), event: returns<LibraryTransferEvent>() },
} as const satisfies Record<string, MethodSpec>;

export type MethodSpec = (
  | { kind: 'call'; input: z.ZodType; result: Returns<unknown> }
  | { kind: 'stream'; input: z.ZodType; result: Returns<unknown>; event: Returns<unknown> }
  /** `download`: the method returns a FileDownload, sent as an attachment; `event`: progress, for in-process callers (the CLI) */
  | { kind: 'binary'; input: z.ZodType; mime: string; download?: true; event?: Returns<unknown> }
) & { cliOnly?: true };

type Table = typeof API;
export type Method = keyof Table;
export const METHODS = Object.keys(API) as Method[];
export type MethodOfKind<K extends MethodSpec['kind']> = { [M in Method]: Table[M]['kind'] extends K ? M : never }[Method];
/** The methods a UI client may call (all but the `cliOnly` ones). */
export type ClientMethod = { [M in Method]: Table[M] extends { cliOnly: true } ? never : M }[Method];
export const CLIENT_METHODS = METHODS.filter((m): m is ClientMethod => !(API[m] as MethodSpec).cliOnly);

/** What a caller passes (defaults may be left out). */
export type Params<M extends Method> = z.input<Table[M]['input']>;
export type Result<M extends Method> = Table[M] extends { result: Returns<infer R> } ? R : Table[M] extends { download: true } ? FileDownload : Uint8Array;
export type Event<M extends Method> = Table[M] extends { event: Returns<infer E> } ? E : never;

/** The second argument of every method: where its events go, and the signal that stops it. */
export interface CallContext<E = never> {
  emit?: (event: E) => void;
  signal?: AbortSignal;
}

/** The API as the engine implements it: every method `(params, { emit, signal })`. */
export type EngineApi = {
  [M in Method]: (params: Params<M>, ctx?: CallContext<Event<M>>) => Result<M> | Promise<Result<M>>;
};
