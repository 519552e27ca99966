import type {
  Answer,
  AnswerEvent,
  AskRequest,
  DocumentInfo,
  DocumentRef,
  IngestEvent,
  IngestRequest,
  IngestSummary,
  LlmImportEvent,
  LlmStatus,
  ModelStatus,
  ModelStatusRequest,
  PageInfo,
  PageRef,
  SearchRequest,
  SearchResult,
  Settings,
  SettingsUpdate,
  StartupReport,
  StoreStatus,
} from '../../../src-main/engine/contract';
import type { RpcMethod } from '../../../src-main/engine/rpc';
import type { CallHandle, Transport } from './transport';

/**
 * The engine's API (contract.ts) as the renderer calls it. Short calls return a promise; long ones
 * (ingest, re-index, ask, LLM import) stream events to `onEvent` and return a handle that can cancel them.
 */
export class DocSearchClient {
  constructor(readonly transport: Transport) {}

  ingest(req: IngestRequest, onEvent?: (e: IngestEvent) => void): CallHandle<IngestSummary> {
    return this.long('ingest', req, onEvent);
  }
  reindexDocument(ref: DocumentRef, onEvent?: (e: IngestEvent) => void): CallHandle<IngestSummary> {
    return this.long('reindexDocument', ref, onEvent);
  }
  ask(req: AskRequest, onEvent?: (e: AnswerEvent) => void): CallHandle<Answer> {
    return this.long('ask', req, onEvent);
  }
  /** `ensure`: import the shipped model into Ollama when it is missing (events: upload / create progress). */
  llmStatus(opts: { ensure?: boolean } = {}, onEvent?: (e: LlmImportEvent) => void): CallHandle<LlmStatus> {
    return this.long('llmStatus', opts, onEvent);
  }

  search(req: SearchRequest): Promise<SearchResult> {
    return this.short('search', req);
  }
  listDocuments(): Promise<DocumentInfo[]> {
    return this.short('listDocuments', undefined);
  }
  removeDocument(ref: DocumentRef): Promise<DocumentInfo> {
    return this.short('removeDocument', ref);
  }
  page(ref: PageRef): Promise<PageInfo> {
    return this.short('page', ref);
  }
  status(): Promise<StoreStatus> {
    return this.short('status', undefined);
  }
  modelStatus(req: ModelStatusRequest = {}): Promise<ModelStatus[]> {
    return this.short('modelStatus', req);
  }
  /** What the engine found at launch (models verified, OCR readied); the same report on every call. */
  start(): Promise<StartupReport> {
    return this.short('start', undefined);
  }
  getSettings(): Promise<Settings> {
    return this.short('getSettings', undefined);
  }
  updateSettings(update: SettingsUpdate): Promise<Settings> {
    return this.short('updateSettings', update);
  }

  pageImageUrl(docId: number, pageNo: number): string {
    return this.transport.pageImageUrl(docId, pageNo);
  }

  private long<T, E>(method: RpcMethod, params: unknown, onEvent?: (e: E) => void): CallHandle<T> {
    const h = this.transport.call(method, params, onEvent as ((e: unknown) => void) | undefined);
    return { result: h.result as Promise<T>, cancel: h.cancel };
  }
  private short<T>(method: RpcMethod, params: unknown): Promise<T> {
    return this.transport.call(method, params).result as Promise<T>;
  }
}
