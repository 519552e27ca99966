/**
 * The engine's API: the single source of truth for the CLI, IPC, `serve` and the renderer's client.
 * Inputs are zod schemas (validated at every boundary); outputs are plain serialisable types.
 */
import { z } from 'zod';
import type { ModelEngine, ModelRole } from './models/manifest.js';
import type { Box } from './text/chunk.js';
import type { Snippet } from './text/snippet.js';

export const IngestRequest = z.object({
  paths: z.array(z.string().min(1)).min(1),
});
export type IngestRequest = z.infer<typeof IngestRequest>;

export const SearchRequest = z.object({
  query: z.string().trim().min(1, 'query is empty').max(4000),
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

export type DocumentKind = 'pdf' | 'text' | 'markdown' | 'image';
export type DocumentStatus = 'indexing' | 'ready' | 'error';

export interface DocumentInfo {
  id: number;
  sha256: string;
  path: string;
  title: string;
  kind: DocumentKind;
  bytes: number;
  pageCount: number;
  pagesIndexed: number;
  pagesNeedingOcr: number;
  /** pages whose content could not be read (stored with status 'error' and the reason) */
  pagesUnreadable: number;
  chunkCount: number;
  status: DocumentStatus;
  error: string | null;
  addedAt: string;
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

export interface SearchResult {
  query: string;
  /** what ran, in order: lexical, dense (model id), fusion (rrf|weighted), rerank (model id) */
  stages: string[];
  /** why a stage did not run (no embedder installed, store not embedded yet…) */
  notes: string[];
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
  /** why it failed or was skipped: one line for people */
  reason?: string;
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
}

/**
 * What the engine found when it started (`start()`, run once per launch): every model file checked against
 * its sha256, then the OCR models made ready. Problems never stop the engine: search, answers and text-layer
 * ingestion keep working, and the UI shows them.
 */
/** How a missing or altered model file comes back: the installer, a fetch script, or its manifest origin. */
export type ModelRestore = 'reinstall' | 'models:ocr' | 'models:fetch' | 'manifest';

export interface DamagedModelFile {
  model: string;
  /** absolute path */
  path: string;
  status: Exclude<ModelFileState, 'present'>;
  restore: ModelRestore;
}

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
export const ModelStatusRequest = z.object({ load: z.boolean().default(false) });
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
}

/** OCR strategies (ocr/strategies.ts), best measured first: the default, then the order of fallbacks. */
export const OCR_STRATEGY_IDS = ['ppocr-v6', 'ppocr-v5', 'legacy', 'tesseract-page'] as const;
export const OcrStrategyId = z.enum(OCR_STRATEGY_IDS);
export type OcrStrategyId = z.infer<typeof OcrStrategyId>;

export const OcrRequest = z.object({
  path: z.string().min(1),
  /** default: the strategy in settings (ocr.strategy) */
  engine: OcrStrategyId.optional(),
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

/** Stored settings: keys left out take their defaults (so older files stay valid). */
export const Settings = z.object({
  llm: z.preprocess((v) => ({ ...LLM_DEFAULTS, ...(v ?? {}) }), LlmSettings),
  ocr: z.preprocess((v) => ({ ...OCR_DEFAULTS, ...(v ?? {}) }), OcrSettings),
});
export type Settings = z.infer<typeof Settings>;
/** A partial update: only the given keys change. */
export const SettingsUpdate = z.object({ llm: LlmSettings.partial().optional(), ocr: OcrSettings.partial().optional() });
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
  | { type: 'retrieved'; passages: AnswerPassage[]; retrievalQuery: string }
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
}

export interface DocSearchApi {
  ingest(req: IngestRequest, onEvent?: (e: IngestEvent) => void, signal?: AbortSignal): Promise<IngestSummary>;
  search(req: SearchRequest): Promise<SearchResult>;
  /** Embeds the chunks that have no vector from the installed embedder (resumable: progress is kept). */
  reindex(onEvent?: (e: ReindexEvent) => void, signal?: AbortSignal): Promise<ReindexSummary>;
  listDocuments(): DocumentInfo[];
  removeDocument(ref: DocumentRef): DocumentInfo;
  /** Indexes a document's file again from scratch (after it changed, or to re-run OCR). */
  reindexDocument(ref: DocumentRef, onEvent?: (e: IngestEvent) => void, signal?: AbortSignal): Promise<IngestSummary>;
  page(ref: PageRef): PageInfo;
  /** The page drawn as PNG (longest side ≤ maxSide px), for the viewer; binary, so not over RPC. */
  pageImage(ref: PageRef, maxSide?: number): Promise<Uint8Array>;
  status(): StoreStatus;
  modelStatus(req?: ModelStatusRequest): Promise<ModelStatus[]>;
  /** Verifies the models and readies OCR, once; later calls return the same report. Never rejects. */
  start(): Promise<StartupReport>;
  /** OCR of every page of a PDF or image file, without indexing it (for evaluation and users). */
  ocr(req: OcrRequest, onPage?: (p: OcrPageOutput) => void): Promise<OcrPageOutput[]>;
  getSettings(): Settings;
  updateSettings(update: SettingsUpdate): Settings;
  /** Whether Ollama answers and has the model; `ensure`: import the shipped GGUF when the model is missing. */
  llmStatus(opts?: { ensure?: boolean; onImport?: (e: LlmImportEvent) => void; signal?: AbortSignal }): Promise<LlmStatus>;
  /** Answers from the indexed documents, streaming tokens; the signal stops it (the answer so far is kept). */
  ask(req: AskRequest, onEvent?: (e: AnswerEvent) => void, signal?: AbortSignal): Promise<Answer>;
  close(): void;
}
